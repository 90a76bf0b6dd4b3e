// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the probe points and the stage each verdict is attributed to
 * (kmod/stage.c), for the standard priorities and for chains at custom
 * priorities such as nftables users create.
 */
#include <kunit/test.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>

#include "../nfprobe.h"

/* The stage of a verdict reached by a hook function at @priority. */
static u8 stage_at(int priority)
{
	int k;

	for (k = NFP_PROBES_PER_HOOK - 1; k > 0; k--)
		if (nfp_probe_priority[k] < priority)
			break;
	return nfp_probe_stage[k];
}

static const int nfp_standard_priorities[] = {
	NF_IP_PRI_RAW_BEFORE_DEFRAG, NF_IP_PRI_CONNTRACK_DEFRAG, NF_IP_PRI_RAW,
	NF_IP_PRI_SELINUX_FIRST, NF_IP_PRI_CONNTRACK, NF_IP_PRI_MANGLE,
	NF_IP_PRI_NAT_DST, NF_IP_PRI_FILTER, NF_IP_PRI_SECURITY,
	NF_IP_PRI_NAT_SRC, NF_IP_PRI_SELINUX_LAST, NF_IP_PRI_CONNTRACK_HELPER,
	NF_IP_PRI_CONNTRACK_CONFIRM,
};

/*
 * Probes run in priority order, and none shares a priority with a
 * standard hook function, whose order against it would then depend on
 * who registered first.
 */
static void nfp_probe_points_ordered(struct kunit *test)
{
	unsigned int k, i;

	KUNIT_EXPECT_EQ(test, nfp_probe_priority[NFP_PROBE_FIRST],
			NF_IP_PRI_FIRST);
	KUNIT_EXPECT_LT(test, nfp_probe_priority[NFP_PROBE_LAST],
			NF_IP_PRI_CONNTRACK_CONFIRM);
	for (k = 1; k < NFP_PROBES_PER_HOOK; k++)
		KUNIT_EXPECT_LT_MSG(test, nfp_probe_priority[k - 1],
				    nfp_probe_priority[k], "probe %u", k);
	for (k = 0; k < NFP_PROBES_PER_HOOK; k++)
		for (i = 0; i < ARRAY_SIZE(nfp_standard_priorities); i++)
			KUNIT_EXPECT_NE_MSG(test, nfp_probe_priority[k],
					    nfp_standard_priorities[i],
					    "probe %u", k);
}

/* Each standard table or hook function lands in its own stage. */
static void nfp_standard_stages(struct kunit *test)
{
	static const struct {
		int priority;
		u8 stage;
	} cases[] = {
		{ NF_IP_PRI_CONNTRACK_DEFRAG,	NFPROBE_STAGE_DEFRAG },
		{ NF_IP_PRI_RAW,		NFPROBE_STAGE_RAW },
		{ NF_IP_PRI_CONNTRACK,		NFPROBE_STAGE_CONNTRACK },
		{ NF_IP_PRI_MANGLE,		NFPROBE_STAGE_MANGLE },
		{ NF_IP_PRI_NAT_DST,		NFPROBE_STAGE_NAT_DST },
		{ NF_IP_PRI_FILTER,		NFPROBE_STAGE_FILTER },
		{ NF_IP_PRI_SECURITY,		NFPROBE_STAGE_SECURITY },
		{ NF_IP_PRI_NAT_SRC,		NFPROBE_STAGE_NAT_SRC },
		{ NF_IP_PRI_CONNTRACK_HELPER,	NFPROBE_STAGE_HELPER },
		{ NF_IP_PRI_CONNTRACK_CONFIRM,	NFPROBE_STAGE_CONFIRM },
		/* IPv6 shares the probes: its priorities must match. */
		{ NF_IP6_PRI_RAW,		NFPROBE_STAGE_RAW },
		{ NF_IP6_PRI_CONNTRACK,		NFPROBE_STAGE_CONNTRACK },
		{ NF_IP6_PRI_MANGLE,		NFPROBE_STAGE_MANGLE },
		{ NF_IP6_PRI_NAT_DST,		NFPROBE_STAGE_NAT_DST },
		{ NF_IP6_PRI_FILTER,		NFPROBE_STAGE_FILTER },
		{ NF_IP6_PRI_SECURITY,		NFPROBE_STAGE_SECURITY },
		{ NF_IP6_PRI_NAT_SRC,		NFPROBE_STAGE_NAT_SRC },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, stage_at(cases[i].priority),
				    cases[i].stage, "priority %d",
				    cases[i].priority);
}

/*
 * nftables base chains at custom priorities: a chain named "filter" at
 * priority filter - 10 or + 10 is still filtering; one right after the
 * security table's slot is security, one between conntrack and mangle is
 * mangle.
 */
static void nfp_custom_priority_stages(struct kunit *test)
{
	static const struct {
		int priority;
		u8 stage;
	} cases[] = {
		{ -10,	NFPROBE_STAGE_FILTER },
		{ 10,	NFPROBE_STAGE_FILTER },
		{ 30,	NFPROBE_STAGE_SECURITY },
		{ -150,	NFPROBE_STAGE_MANGLE },
		{ -160,	NFPROBE_STAGE_MANGLE },
		{ -190,	NFPROBE_STAGE_CONNTRACK },
		{ -290,	NFPROBE_STAGE_RAW },
		{ 110,	NFPROBE_STAGE_NAT_SRC },
		{ 250,	NFPROBE_STAGE_HELPER },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, stage_at(cases[i].priority),
				    cases[i].stage, "priority %d",
				    cases[i].priority);
}

static struct kunit_case nfp_stage_cases[] = {
	KUNIT_CASE(nfp_probe_points_ordered),
	KUNIT_CASE(nfp_standard_stages),
	KUNIT_CASE(nfp_custom_priority_stages),
	{}
};

static struct kunit_suite nfp_stage_suite = {
	.name = "nfprobe_stage",
	.test_cases = nfp_stage_cases,
};

kunit_test_suite(nfp_stage_suite);
