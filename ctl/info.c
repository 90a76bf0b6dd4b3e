// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe info: the module's version, table geometry and counters.
 *
 * Output: one "name  value" pair per line, names as below (stable).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/nfprobe.h>
#include <netlink/attr.h>

#include "names.h"
#include "netlink.h"
#include "nfprobe.h"

static const char info_help[] =
	"Show the module's version, table sizes and counters.\n"
	"\n"
	"Flows in use, entries recycled (evictions), events recorded, hook\n"
	"traversals whose tracking was lost, events sent to 'nfprobe watch'\n"
	"or held back by its rate limit, and the netfilter hook functions the\n"
	"module has registered in all namespaces (probes).";

const struct nfp_command nfp_cmd_info = {
	.name = "info",
	.fn = cmd_info,
	.usage = "",
	.help = info_help,
};

static int print_info(struct nlmsghdr *nlh, void *arg)
{
	static const struct {
		int attr;
		const char *name;
	} fields[] = {
		{ NFPROBE_INFO_A_FLOWS_PER_CPU, "flows_per_cpu" },
		{ NFPROBE_INFO_A_EVENTS_PER_FLOW, "events_per_flow" },
		{ NFPROBE_INFO_A_CPUS, "cpus" },
		{ NFPROBE_INFO_A_FLOWS_IN_USE, "flows_in_use" },
		{ NFPROBE_INFO_A_EVICTIONS, "evictions" },
		{ NFPROBE_INFO_A_EVENTS, "events" },
		{ NFPROBE_INFO_A_INFLIGHT_LOST, "inflight_lost" },
		{ NFPROBE_INFO_A_EVENTS_SENT, "events_sent" },
		{ NFPROBE_INFO_A_EVENTS_SUPPRESSED, "events_suppressed" },
		{ NFPROBE_INFO_A_PROBES, "probes" },
	};
	struct nlattr *tb[NFPROBE_A_MAX + 1];
	struct nlattr *info[NFPROBE_INFO_A_MAX + 1];
	size_t i;

	(void)arg;
	if (genlmsg_parse(nlh, 0, tb, NFPROBE_A_MAX, NULL) ||
	    !tb[NFPROBE_A_INFO] ||
	    nla_parse_nested(info, NFPROBE_INFO_A_MAX, tb[NFPROBE_A_INFO], NULL))
		return -EINVAL;

	if (info[NFPROBE_INFO_A_VERSION])
		printf("%-16s %s\n", "version",
		       nla_get_string(info[NFPROBE_INFO_A_VERSION]));
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct nlattr *a = info[fields[i].attr];

		if (!a)
			continue;
		printf("%-16s %" PRIu64 "\n", fields[i].name,
		       nla_len(a) == 8 ? nla_get_u64(a) : nla_get_u32(a));
	}
	if (info[NFPROBE_INFO_A_FEATURES]) {
		uint32_t features = nla_get_u32(info[NFPROBE_INFO_A_FEATURES]);

		/* What the kernel gives the module, then what it lacks. */
		for (int have = 1; have >= 0; have--) {
			const char *sep = "";

			printf("%-16s", have ? "features" : "features_missing");
			for (i = 0; i <= NFPROBE_FEATURE_MAX; i++) {
				if (!!(features & (1u << i)) != have)
					continue;
				printf("%s %s", sep, nfp_feature_name(i));
				sep = ",";
			}
			printf("%s\n", *sep ? "" : " none");
		}
	}
	return 0;
}

int cmd_info(int argc, char **argv)
{
	struct nl_msg *msg;
	struct nfp_nl nl;
	int err;

	if (argc > 1)
		return nfp_usage_error("info", "unexpected argument '%s'", argv[1]);

	err = nfp_nl_open_or_report(&nl);
	if (err)
		return err;
	msg = nfp_nl_msg(&nl, NFPROBE_CMD_GET_INFO, 0);
	err = msg ? nfp_nl_transact(&nl, msg, print_info, NULL) : -ENOMEM;
	nfp_nl_close(&nl);
	return nfp_nl_report(err);
}
