// SPDX-License-Identifier: GPL-2.0
/*
 * Where the probes sit in each hook, and which stage a verdict reached
 * between two of them belongs to. A table of its own so that the KUnit
 * suite checks the very tables the probes are registered from.
 */
#include <linux/netfilter_ipv4.h>

#include "nfprobe.h"

/*
 * Each probe sits strictly between two standard priorities, because a hook
 * registered later at an equal priority is run before the earlier one.
 */
const int nfp_probe_priority[NFP_PROBES_PER_HOOK] = {
	NF_IP_PRI_FIRST,
	NF_IP_PRI_CONNTRACK_DEFRAG + 50,	/* -350 */
	NF_IP_PRI_RAW + 50,			/* -250 */
	NF_IP_PRI_CONNTRACK + 25,		/* -175 */
	NF_IP_PRI_MANGLE + 25,			/* -125 */
	NF_IP_PRI_NAT_DST + 50,			/*  -50 */
	NF_IP_PRI_FILTER + 25,			/*   25 */
	NF_IP_PRI_SECURITY + 25,		/*   75 */
	NF_IP_PRI_NAT_SRC + 100,		/*  200 */
	NF_IP_PRI_CONNTRACK_CONFIRM - 1,
};

/* The stage a verdict reached after probe k belongs to. */
const u8 nfp_probe_stage[NFP_PROBES_PER_HOOK] = {
	NFPROBE_STAGE_DEFRAG,
	NFPROBE_STAGE_RAW,
	NFPROBE_STAGE_CONNTRACK,
	NFPROBE_STAGE_MANGLE,
	NFPROBE_STAGE_NAT_DST,
	NFPROBE_STAGE_FILTER,
	NFPROBE_STAGE_SECURITY,
	NFPROBE_STAGE_NAT_SRC,
	NFPROBE_STAGE_HELPER,
	NFPROBE_STAGE_CONFIRM,
};

/* The probe point (and so the stage) a hook function at @priority follows. */
unsigned int nfp_point_of_priority(int priority)
{
	unsigned int k;

	/* A stage begins at its probe's priority (nfprobe.h's ranges). */
	for (k = NFP_PROBE_LAST; k > NFP_PROBE_FIRST; k--)
		if (nfp_probe_priority[k] <= priority)
			break;
	return k;
}

/*
 * The probe points a hook needs, given the points whose stage holds
 * someone else's hook functions (@stages, bit k for the stage after probe
 * k): the first and the last always, and one at the start of each such
 * stage but the lowest, to separate it from the ones before. Any drop then
 * happens in the lowest occupied stage after the last probe it passed.
 */
u16 nfp_points_needed(u16 stages)
{
	u16 mids = GENMASK(NFP_PROBE_LAST - 1, NFP_PROBE_FIRST + 1);

	return BIT(NFP_PROBE_FIRST) | BIT(NFP_PROBE_LAST) |
	       (stages & (stages - 1) & mids);
}

/* The stage of a verdict reached after probe @point, given @stages. */
u8 nfp_stage_after(u16 stages, unsigned int point)
{
	u16 after = stages & GENMASK(NFP_PROBES_PER_HOOK - 1, point);

	/* None: the hook changed since; the probe's own stage is the guess. */
	return nfp_probe_stage[after ? __ffs(after) : point];
}
