// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the probe points and the stage each verdict is attributed to
 * (kmod/stage.c), for the standard priorities and for chains at custom
 * priorities such as nftables users create; which probe points a hook
 * needs, and the stage of a drop when only those are there.
 */
#include <kunit/test.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>

#include "../nfprobe.h"

/* The stage of a verdict reached by a hook function at @priority. */
static u8 stage_at(int priority)
{
	return nfp_probe_stage[nfp_point_of_priority(priority)];
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
		/* A stage's range begins at its probe's priority. */
		{ 24,	NFPROBE_STAGE_FILTER },
		{ 25,	NFPROBE_STAGE_SECURITY },
		{ -50,	NFPROBE_STAGE_FILTER },
		{ -51,	NFPROBE_STAGE_NAT_DST },
		{ NF_IP_PRI_CONNTRACK_CONFIRM - 1, NFPROBE_STAGE_CONFIRM },
		{ NF_IP_PRI_CONNTRACK_CONFIRM - 2, NFPROBE_STAGE_HELPER },
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

/* Bit k: the stage after probe k holds a hook function. */
static u16 stages_of(const int *priorities, unsigned int n)
{
	u16 stages = 0;

	while (n--)
		stages |= BIT(nfp_point_of_priority(priorities[n]));
	return stages;
}

#define POINT(k)	BIT(k)
#define FIRST_LAST	(POINT(NFP_PROBE_FIRST) | POINT(NFP_PROBE_LAST))

/*
 * A hook needs its first and last probe, and one more per occupied stage
 * after the lowest: the probes separate what they must, no more.
 */
static void nfp_points_needed_cases(struct kunit *test)
{
	static const int forwarded[] = {	/* PREROUTING, conntrack + DNAT */
		NF_IP_PRI_CONNTRACK_DEFRAG, NF_IP_PRI_CONNTRACK,
		NF_IP_PRI_NAT_DST,
	};
	static const int filter_only[] = { NF_IP_PRI_FILTER };
	static const int postrouting[] = {	/* SNAT, helpers, confirm */
		NF_IP_PRI_NAT_SRC, NF_IP_PRI_CONNTRACK_HELPER,
		NF_IP_PRI_CONNTRACK_CONFIRM,
	};
	static const int nft_input[] = { -150, -10, 10, 30 };

	/* Nobody else in the hook: first and last. */
	KUNIT_EXPECT_EQ(test, nfp_points_needed(0), FIRST_LAST);
	KUNIT_EXPECT_EQ(test,
			nfp_points_needed(stages_of(forwarded,
						    ARRAY_SIZE(forwarded))),
			FIRST_LAST | POINT(2) | POINT(4));
	/* One stage: the first probe is enough to place a drop. */
	KUNIT_EXPECT_EQ(test,
			nfp_points_needed(stages_of(filter_only,
						    ARRAY_SIZE(filter_only))),
			FIRST_LAST);
	/* Confirm runs after the last probe, which is always there. */
	KUNIT_EXPECT_EQ(test,
			nfp_points_needed(stages_of(postrouting,
						    ARRAY_SIZE(postrouting))),
			FIRST_LAST | POINT(8));
	/* nftables chains at -150, -10, +10, +30: mangle, filter, security. */
	KUNIT_EXPECT_EQ(test,
			nfp_points_needed(stages_of(nft_input,
						    ARRAY_SIZE(nft_input))),
			FIRST_LAST | POINT(5) | POINT(6));
}

/*
 * With only the probes a hook needs, a drop after a probe is attributed to
 * the first occupied stage after it: the one whose function dropped.
 */
static void nfp_stage_after_cases(struct kunit *test)
{
	static const int forwarded[] = {
		NF_IP_PRI_CONNTRACK_DEFRAG, NF_IP_PRI_CONNTRACK,
		NF_IP_PRI_NAT_DST,
	};
	static const int nft_input[] = { -150, -10, 10, 30 };
	u16 fwd = stages_of(forwarded, ARRAY_SIZE(forwarded));
	u16 in = stages_of(nft_input, ARRAY_SIZE(nft_input));
	u16 filter = BIT(nfp_point_of_priority(NF_IP_PRI_FILTER));

	KUNIT_EXPECT_EQ(test, nfp_stage_after(fwd, NFP_PROBE_FIRST),
			NFPROBE_STAGE_DEFRAG);
	KUNIT_EXPECT_EQ(test, nfp_stage_after(fwd, 2), NFPROBE_STAGE_CONNTRACK);
	KUNIT_EXPECT_EQ(test, nfp_stage_after(fwd, 4), NFPROBE_STAGE_NAT_DST);
	/* A filter-only hook: past the first probe is the filter. */
	KUNIT_EXPECT_EQ(test, nfp_stage_after(filter, NFP_PROBE_FIRST),
			NFPROBE_STAGE_FILTER);
	KUNIT_EXPECT_EQ(test, nfp_stage_after(in, NFP_PROBE_FIRST),
			NFPROBE_STAGE_MANGLE);
	KUNIT_EXPECT_EQ(test, nfp_stage_after(in, 5), NFPROBE_STAGE_FILTER);
	KUNIT_EXPECT_EQ(test, nfp_stage_after(in, 6), NFPROBE_STAGE_SECURITY);
	/* Nothing occupied after the probe (the hook changed): its own. */
	KUNIT_EXPECT_EQ(test, nfp_stage_after(0, 6), NFPROBE_STAGE_SECURITY);
	KUNIT_EXPECT_EQ(test, nfp_stage_after(filter, NFP_PROBE_LAST),
			NFPROBE_STAGE_CONFIRM);
}

static struct kunit_case nfp_stage_cases[] = {
	KUNIT_CASE(nfp_probe_points_ordered),
	KUNIT_CASE(nfp_standard_stages),
	KUNIT_CASE(nfp_custom_priority_stages),
	KUNIT_CASE(nfp_points_needed_cases),
	KUNIT_CASE(nfp_stage_after_cases),
	{}
};

static struct kunit_suite nfp_stage_suite = {
	.name = "nfprobe_stage",
	.test_cases = nfp_stage_cases,
};

kunit_test_suite(nfp_stage_suite);
