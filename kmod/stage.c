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
