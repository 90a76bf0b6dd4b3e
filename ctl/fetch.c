// SPDX-License-Identifier: GPL-2.0
/*
 * Fetching the flows a filter names: one GET_FLOWS dump, retried when the
 * tables change under it (NLM_F_DUMP_INTR), merged over CPUs and sorted.
 */
#include <errno.h>
#include <stdlib.h>
#include <linux/nfprobe.h>

#include "filter.h"
#include "flows.h"
#include "netlink.h"

/* Dumps restarted at most this often when the tables change under them. */
#define DUMP_RETRIES 5

static struct nl_msg *build_request(struct nfp_nl *nl,
				    const struct nfp_filter_opts *f)
{
	struct nl_msg *msg = nfp_nl_msg(nl, NFPROBE_CMD_GET_FLOWS, NLM_F_DUMP);

	if (msg && nfp_filter_put(msg, f)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int collect_flow(struct nlmsghdr *nlh, void *arg)
{
	struct nfp_flow_list *list = arg;
	struct nfp_flow flow;
	int err;

	err = nfp_flow_parse(nlh, &flow);
	if (err)
		return err;
	err = nfp_flow_list_add(list, &flow);
	nfp_flow_free(&flow);
	return err;
}

int nfp_flows_fetch(struct nfp_nl *nl, const struct nfp_filter_opts *f,
		    struct nfp_flow_list *list)
{
	struct nl_msg *msg;
	int err, tries;

	for (tries = 0; tries < DUMP_RETRIES; tries++) {
		msg = build_request(nl, f);
		if (!msg)
			return -ENOMEM;
		err = nfp_nl_transact(nl, msg, collect_flow, list);
		if (err != -EINTR)
			break;
		nfp_flow_list_free(list);
	}
	if (!err)
		err = nfp_flow_list_merge(list);
	if (!err)
		nfp_flow_list_sort(list);
	return err;
}
