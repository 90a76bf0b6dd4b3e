// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe reset: forget the recorded flows of this network namespace that
 * match the filter (all without one), to watch a problem afresh. Prints
 * "N flows forgotten, M conntrack failure sources forgotten".
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <linux/nfprobe.h>

#include "filter.h"
#include "netlink.h"
#include "nfprobe.h"

static const char reset_usage[] = NFP_FILTER_USAGE;

static const char reset_help[] =
	"Forget the recorded flows of this network namespace that match.\n"
	"\n"
	"Without options, all of them; with --src (and -4/-6) alone, also the\n"
	"conntrack failures counted for those sources (nfprobe ct). The packet\n"
	"counters of nfprobe stats are kept.\n"
	"\n"
	NFP_FILTER_HELP;

const struct nfp_command nfp_cmd_reset = {
	.name = "reset",
	.fn = cmd_reset,
	.usage = reset_usage,
	.help = reset_help,
};

struct reset_result {
	uint64_t	flows;
	uint64_t	sources;
	bool		seen;
};

static int collect_reset(struct nlmsghdr *nlh, void *arg)
{
	static struct nla_policy policy[NFPROBE_RESET_A_MAX + 1] = {
		[NFPROBE_RESET_A_FLOWS]		= { .type = NLA_U64 },
		[NFPROBE_RESET_A_SOURCES]	= { .type = NLA_U64 },
	};
	struct nlattr *top[NFPROBE_A_MAX + 1];
	struct nlattr *tb[NFPROBE_RESET_A_MAX + 1];
	struct reset_result *r = arg;

	if (genlmsg_parse(nlh, 0, top, NFPROBE_A_MAX, NULL) ||
	    !top[NFPROBE_A_RESET] ||
	    nla_parse_nested(tb, NFPROBE_RESET_A_MAX, top[NFPROBE_A_RESET],
			     policy) ||
	    !tb[NFPROBE_RESET_A_FLOWS] || !tb[NFPROBE_RESET_A_SOURCES])
		return -EINVAL;
	r->flows = nla_get_u64(tb[NFPROBE_RESET_A_FLOWS]);
	r->sources = nla_get_u64(tb[NFPROBE_RESET_A_SOURCES]);
	r->seen = true;
	return 0;
}

int cmd_reset(int argc, char **argv)
{
	struct reset_result r = {};
	struct nfp_filter_opts o;
	struct nl_msg *msg;
	struct nfp_nl nl;
	int err;

	err = nfp_filter_args(argc, argv, &nfp_cmd_reset, &o, NULL, NULL, NULL);
	if (err)
		return err;
	err = nfp_filter_finish(&o, "reset");
	if (err)
		return err;

	err = nfp_nl_open_or_report(&nl);
	if (err)
		return err;
	msg = nfp_nl_msg(&nl, NFPROBE_CMD_RESET, 0);
	if (msg && nfp_filter_put(msg, &o)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	err = msg ? nfp_nl_transact(&nl, msg, collect_reset, &r) : -ENOMEM;
	nfp_nl_close(&nl);
	if (!err && !r.seen)
		err = -EINVAL;
	if (err)
		return nfp_nl_report(err);
	printf("%" PRIu64 " flow entries forgotten, %" PRIu64
	       " conntrack failure sources forgotten\n", r.flows, r.sources);
	return NFP_EXIT_OK;
}
