// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe watch: packets dropped, rejected or failed by conntrack, live,
 * from the module's "events" multicast group ("events-all" with --netns
 * all), until interrupted or --count events were shown.
 *
 * Human output, one line per packet (stable):
 *
 *   DATE TIME.USEC  VERDICT[ REJECT-TYPE]  HOOK/STAGE  FLOW  ct STATE  DIR  [in IF]  [out IF]  LENB  [TCP-FLAGS]  netns INUM
 *
 * where FLOW is "SRC:SPORT -> DST:DPORT PROTO" as in show (ICMP: "SRC ->
 * DST icmp type T code C id I"). When the module held events back (its
 * rate limit, see `nfprobe config event-rate`, or a burst faster than it
 * could send), a line "-- N events suppressed --" says so before the next.
 *
 * --json prints one JSON document per line:
 *   {"version":1,"netns":N,"family":..,"proto":..,"src":..,"dst":..,
 *    "sport":N,"dport":N (or "icmp_type","icmp_code","icmp_id"),
 *    "nat":{..}|null,"event":{as an event of show --json},"suppressed":N}
 * with "suppressed" the events held back since the previous line.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nfprobe.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "addr.h"
#include "filter.h"
#include "flows.h"
#include "json.h"
#include "names.h"
#include "netlink.h"
#include "nfprobe.h"

struct watch_opts {
	struct nfp_filter_opts	filter;
	unsigned long		count;		/* 0: until interrupted */
	bool			json;
};

struct watch_state {
	const struct watch_opts	*opts;
	unsigned long		shown;
	/* The module's suppressed-events counter when last heard. */
	uint64_t		suppressed;
	int			err;
};

static const char watch_usage[] =
	NFP_FILTER_USAGE " [--count N] [-n] [--json]";

static const char watch_help[] =
	"Show dropped, rejected and conntrack-failed packets as they happen.\n"
	"\n"
	"Until interrupted (Ctrl-C), or until --count packets were shown. Events\n"
	"reach the tool within about 0.1 s, at most event-rate per second (see\n"
	"'nfprobe config'); those held back are counted and reported.\n"
	"\n"
	NFP_FILTER_HELP
	"  --count N         exit after N events\n"
	"  -n                numeric output (names are never looked up)\n"
	"  --json            one JSON document per line (schema in nfprobe(8))";

const struct nfp_command nfp_cmd_watch = {
	.name = "watch",
	.fn = cmd_watch,
	.usage = watch_usage,
	.help = watch_help,
};

static int take_opt(int c, const char *arg, void *ctx)
{
	struct watch_opts *o = ctx;

	switch (c) {
	case 'c':
		if (!nfp_count_parse(arg, 0, &o->count))
			return nfp_usage_error("watch",
				"invalid count '%s' for --count", arg);
		return 0;
	case 'j':
		o->json = true;
		return 0;
	}
	return -1;
}

static int parse_opts(int argc, char **argv, struct watch_opts *o)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{}
	};
	int err;

	memset(o, 0, sizeof(*o));
	err = nfp_filter_args(argc, argv, &nfp_cmd_watch, &o->filter, longopts,
			      take_opt, o);
	if (err)
		return err;
	if (o->filter.since)
		return nfp_usage_error("watch", "--since makes no sense for live events");
	return nfp_filter_finish(&o->filter, "watch");
}

#define NAME_OR_NUM(fn, v) nfp_name_or_num(fn(v), (v), num, sizeof(num))

static void print_event(const struct nfp_flow *f)
{
	const struct nfp_flow_key *k = &f->key;
	const struct nfp_event *e = &f->events[0];
	char when[64], verdict[48], flags[40], ifbuf[IF_NAMESIZE], num[16];
	char stage[16];
	const char *name;

	nfp_verdict_str(e, verdict, sizeof(verdict));
	nfp_time_str(e->time_ns, when, sizeof(when));
	printf("%s  %-20s  %s/%s  ", when, verdict,
	       NAME_OR_NUM(nfp_hook_name, e->hook),
	       nfp_name_or_num(nfp_stage_name(e->stage), e->stage, stage,
			       sizeof(stage)));
	nfp_flow_print_tuple(k);
	printf("  ct %s  %s", NAME_OR_NUM(nfp_ct_name, e->ct),
	       NAME_OR_NUM(nfp_dir_name, e->dir));
	name = nfp_ifname(e->iif, k->netns, ifbuf);
	if (name)
		printf("  in %s", name);
	name = nfp_ifname(e->oif, k->netns, ifbuf);
	if (name)
		printf("  out %s", name);
	printf("  %uB", e->len);
	nfp_tcp_flags_str(e->tcp_flags, flags, sizeof(flags));
	if (flags[0])
		printf("  %s", flags);
	printf("  netns %u\n", k->netns);
}

static void print_json(const struct nfp_flow *f, uint64_t suppressed)
{
	struct json j;

	json_init(&j, stdout);
	json_object_start(&j, NULL);
	json_u64(&j, "version", 1);
	nfp_json_flow_key(&j, f);
	nfp_json_flow_nat(&j, f);
	nfp_json_event(&j, "event", &f->events[0], f->key.netns);
	json_u64(&j, "suppressed", suppressed);
	json_object_end(&j);
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct nlattr *tb[NFPROBE_A_MAX + 1];
	struct watch_state *st = arg;
	uint64_t suppressed = 0, total;
	struct nfp_flow flow;

	if (gnlh->cmd != NFPROBE_CMD_EVENT ||
	    genlmsg_parse(nlh, 0, tb, NFPROBE_A_MAX, NULL))
		return NL_SKIP;
	if (nfp_flow_parse(nlh, &flow) || flow.nevents != 1) {
		nfp_flow_free(&flow);
		return NL_SKIP;
	}
	/* last_seen is what --since and the filter look at. */
	flow.last_seen = flow.events[0].time_ns;

	if (tb[NFPROBE_A_EVENTS_SUPPRESSED]) {
		total = nla_get_u64(tb[NFPROBE_A_EVENTS_SUPPRESSED]);
		if (total > st->suppressed)
			suppressed = total - st->suppressed;
		st->suppressed = total;
	}
	if (!nfp_filter_match(&st->opts->filter, &flow)) {
		nfp_flow_free(&flow);
		return NL_SKIP;
	}

	if (st->opts->json) {
		print_json(&flow, suppressed);
	} else {
		if (suppressed)
			printf("-- %" PRIu64 " events suppressed --\n", suppressed);
		print_event(&flow);
	}
	nfp_flow_free(&flow);
	fflush(stdout);

	if (st->opts->count && ++st->shown >= st->opts->count)
		return NL_STOP;
	return NL_OK;
}

static int info_suppressed(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[NFPROBE_A_MAX + 1];
	struct nlattr *info[NFPROBE_INFO_A_MAX + 1];
	uint64_t *suppressed = arg;

	if (genlmsg_parse(nlh, 0, tb, NFPROBE_A_MAX, NULL) ||
	    !tb[NFPROBE_A_INFO] ||
	    nla_parse_nested(info, NFPROBE_INFO_A_MAX, tb[NFPROBE_A_INFO], NULL))
		return -EINVAL;
	if (info[NFPROBE_INFO_A_EVENTS_SUPPRESSED])
		*suppressed = nla_get_u64(info[NFPROBE_INFO_A_EVENTS_SUPPRESSED]);
	return 0;
}

static int all_netns_allowed(struct nfp_nl *nl)
{
	struct nl_msg *msg = nfp_nl_msg(nl, NFPROBE_CMD_GET_CT_SOURCES,
					NLM_F_DUMP);
	struct nlattr *nest;

	nest = msg ? nla_nest_start(msg, NFPROBE_A_FILTER | NLA_F_NESTED) : NULL;
	if (!nest || nla_put_flag(msg, NFPROBE_FILTER_A_ALL_NETNS)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nla_nest_end(msg, nest);
	return nfp_nl_transact(nl, msg, NULL, NULL);
}

int cmd_watch(int argc, char **argv)
{
	struct watch_opts o;
	struct watch_state st = { .opts = &o };
	struct nl_msg *msg;
	struct nfp_nl nl;
	int err;

	err = parse_opts(argc, argv, &o);
	if (err)
		return err;
	err = nfp_nl_open_or_report(&nl);
	if (err)
		return err;

	/*
	 * Joining "events-all" outside the initial namespace is allowed but
	 * receives nothing: let the kernel say whether this caller may see
	 * every namespace, with a dump that asks for it.
	 */
	err = o.filter.all_netns ? all_netns_allowed(&nl) : 0;
	if (!err)
		err = nfp_nl_subscribe(&nl, o.filter.all_netns ?
				       NFPROBE_MCGRP_EVENTS_ALL :
				       NFPROBE_MCGRP_EVENTS);
	/* Where the count stands now, so that only later losses are told. */
	msg = err ? NULL : nfp_nl_msg(&nl, NFPROBE_CMD_GET_INFO, 0);
	if (!err)
		err = msg ? nfp_nl_transact(&nl, msg, info_suppressed,
					    &st.suppressed) : -ENOMEM;
	if (err) {
		nfp_nl_close(&nl);
		return nfp_nl_report(err);
	}

	/* Events are not answers to a request. */
	nl_socket_disable_seq_check(nl.sk);
	nl_socket_modify_cb(nl.sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, &st);
	/* Room for a burst; the kernel paces events anyway. */
	nl_socket_set_buffer_size(nl.sk, 1 << 20, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);

	while (!o.count || st.shown < o.count) {
		err = nl_recvmsgs_default(nl.sk);
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the socket overflowed; keep going. */
			fprintf(stderr, "nfprobe: events lost: this tool read them too slowly\n");
			continue;
		}
		if (err < 0) {
			fprintf(stderr, "nfprobe: receiving events: %s\n",
				nl_geterror(err));
			nfp_nl_close(&nl);
			return NFP_EXIT_ERROR;
		}
	}
	nfp_nl_close(&nl);
	return NFP_EXIT_OK;
}
