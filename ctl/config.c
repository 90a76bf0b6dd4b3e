// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe config: show or change the module's settings.
 *
 *   nfprobe config [--json]
 *   nfprobe config [enabled on|off] [event-rate N] [track all | track FILTER...]
 *
 * Human output (stable), after a change too:
 *
 *   enabled     yes|no
 *   event-rate  N
 *   track       all | [-4|-6] [--src P] [--dst P] [--proto P] [--sport N] [--dport N]  (netns N | all namespaces)
 *
 * --json: {"version":1,"enabled":true,"event_rate":N,"track":null|{
 *   "netns":N|null (null: every namespace),"family":"ipv4"|"ipv6"|null,
 *   "src":"ADDR/LEN"|null,"dst":"ADDR/LEN"|null,"proto":"tcp"|null,
 *   "sport":N|null,"dport":N|null}}
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nfprobe.h>
#include <netlink/attr.h>

#include "addr.h"
#include "filter.h"
#include "json.h"
#include "names.h"
#include "netlink.h"
#include "nfprobe.h"

static const char config_usage[] =
	"[--json] | [enabled on|off] [event-rate N] [track all | track FILTER...]";

static const char config_help[] =
	"Show or change the module's settings (the host's: changing them needs\n"
	"CAP_NET_ADMIN in the initial user namespace).\n"
	"\n"
	"  enabled on|off    off: the probes record nothing; flows, counters and\n"
	"                    events stand still (the hooks stay, at no cost)\n"
	"  event-rate N      at most N events a second for 'nfprobe watch', over\n"
	"                    all namespaces (0: none; default 1000)\n"
	"  track all         keep a history of every flow (the default)\n"
	"  track FILTER      only of flows matching, the others are only counted:\n"
	"                    [-4|-6] [--src ADDR[/LEN]] [--dst ADDR[/LEN]]\n"
	"                    [--proto PROTO] [--sport PORT] [--dport PORT]\n"
	"                    [--netns NAME|PID|all]; this namespace's flows, or\n"
	"                    every namespace's with --netns all. Last argument.\n"
	"  --json            machine-readable output (schema in nfprobe(8))";

const struct nfp_command nfp_cmd_config = {
	.name = "config",
	.fn = cmd_config,
	.usage = config_usage,
	.help = config_help,
};

struct config_req {
	bool			json;
	bool			set_enabled;
	bool			enabled;
	bool			set_rate;
	unsigned long		rate;
	bool			set_track;
	bool			track_all;	/* "track all": every flow */
	struct nfp_filter_opts	track;
};

static int parse_track(int argc, char **argv, struct config_req *r)
{
	static const struct option longopts[] = {
		NFP_FILTER_LONGOPTS,
		{}
	};
	int c, err;

	nfp_filter_init(&r->track);
	r->set_track = true;
	if (argc >= 2 && !strcmp(argv[1], "all")) {
		if (argc > 2)
			return nfp_usage_error("config", "unexpected argument '%s'",
					       argv[2]);
		r->track_all = true;
		return 0;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":46n", longopts, NULL)) != -1) {
		if (c == 'V' || c == 'H' || c == 'T' || c == 'N')
			return nfp_usage_error("config",
				"track selects flows by address, protocol and port only, not by '%s'",
				argv[optind - 1]);
		err = nfp_filter_opt(&r->track, c, optarg, "config");
		if (err > 0)
			return err;
		if (!err)
			continue;
		if (c == ':')
			return nfp_usage_error("config", "option '%s' needs a value",
					       argv[optind - 1]);
		return nfp_usage_error("config", "unknown option '%s' for track",
				       argv[optind - 1]);
	}
	if (optind < argc)
		return nfp_usage_error("config", "unexpected argument '%s'",
				       argv[optind]);
	if (optind == 1)
		return nfp_usage_error("config",
			"track needs 'all' or filter options (see 'nfprobe help config')");
	return nfp_filter_finish(&r->track, "config");
}

static int parse_args(int argc, char **argv, struct config_req *r)
{
	char *end;
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 1; i < argc; i++) {
		const char *key = argv[i], *val = argv[i + 1];

		if (!strcmp(key, "--json") || !strcmp(key, "-j")) {
			r->json = true;
			continue;
		}
		if (!strcmp(key, "-n") || !strcmp(key, "--numeric"))
			continue;
		if (!strcmp(key, "--help") || !strcmp(key, "-h")) {
			printf("Usage: nfprobe config %s\n\n%s\n", config_usage,
			       config_help);
			exit(NFP_EXIT_OK);
		}
		if (!strcmp(key, "track"))
			return parse_track(argc - i, argv + i, r);
		if (strcmp(key, "enabled") && strcmp(key, "event-rate"))
			return nfp_usage_error("config", "unknown setting '%s'", key);
		if (!val)
			return nfp_usage_error("config", "setting '%s' needs a value",
					       key);
		i++;
		if (!strcmp(key, "enabled")) {
			if (!strcmp(val, "on") || !strcmp(val, "yes") ||
			    !strcmp(val, "1"))
				r->enabled = true;
			else if (strcmp(val, "off") && strcmp(val, "no") &&
				 strcmp(val, "0"))
				return nfp_usage_error("config",
					"invalid value '%s' for enabled (on or off)", val);
			r->set_enabled = true;
		} else {
			errno = 0;
			r->rate = strtoul(val, &end, 10);
			if (*val < '0' || *val > '9' || *end || errno ||
			    r->rate > NFPROBE_EVENT_RATE_MAX)
				return nfp_usage_error("config",
					"invalid value '%s' for event-rate (0 to %d)",
					val, NFPROBE_EVENT_RATE_MAX);
			r->set_rate = true;
		}
	}
	return 0;
}

static int put_track(struct nl_msg *msg, const struct config_req *r)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, NFPROBE_CONFIG_A_TRACK | NLA_F_NESTED);
	if (!nest || (!r->track_all && nfp_filter_put_attrs(msg, &r->track)))
		return -ENOMEM;
	/* An empty TRACK means every flow: it must reach the kernel. */
	return nla_nest_end_keep_empty(msg, nest) ? -ENOMEM : 0;
}

static struct nl_msg *set_msg(struct nfp_nl *nl, const struct config_req *r)
{
	struct nl_msg *msg = nfp_nl_msg(nl, NFPROBE_CMD_SET_CONFIG, 0);
	struct nlattr *nest;

	nest = msg ? nla_nest_start(msg, NFPROBE_A_CONFIG | NLA_F_NESTED) : NULL;
	if (!nest ||
	    (r->set_enabled &&
	     nla_put_u8(msg, NFPROBE_CONFIG_A_ENABLED, r->enabled)) ||
	    (r->set_rate &&
	     nla_put_u32(msg, NFPROBE_CONFIG_A_EVENT_RATE, r->rate)) ||
	    (r->set_track && put_track(msg, r))) {
		nlmsg_free(msg);
		return NULL;
	}
	nla_nest_end(msg, nest);
	return msg;
}

/* The settings as the kernel reported them. */
struct config_view {
	bool		enabled;
	uint32_t	event_rate;
	bool		has_track;
	uint32_t	track_netns;	/* 0: every namespace */
	int		family;
	int		proto;		/* -1: any */
	int		sport, dport;	/* -1: any */
	bool		has_src, has_dst;
	struct nfp_prefix src, dst;
};

static void prefix_get(struct nlattr **tb, int addr_type, int len_type,
		       struct nfp_prefix *p, bool *has)
{
	struct nlattr *a = tb[addr_type];

	if (!a || (nla_len(a) != 4 && nla_len(a) != 16))
		return;
	p->family = nla_len(a) == 4 ? AF_INET : AF_INET6;
	memcpy(p->addr, nla_data(a), nla_len(a));
	p->len = tb[len_type] ? nla_get_u8(tb[len_type]) : nla_len(a) * 8;
	*has = true;
}

static int config_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *top[NFPROBE_A_MAX + 1];
	struct nlattr *tb[NFPROBE_CONFIG_A_MAX + 1];
	struct nlattr *ft[NFPROBE_FILTER_A_MAX + 1];
	struct config_view *v = arg;

	memset(v, 0, sizeof(*v));
	v->proto = v->sport = v->dport = -1;
	if (genlmsg_parse(nlh, 0, top, NFPROBE_A_MAX, NULL) ||
	    !top[NFPROBE_A_CONFIG] ||
	    nla_parse_nested(tb, NFPROBE_CONFIG_A_MAX, top[NFPROBE_A_CONFIG],
			     NULL) ||
	    !tb[NFPROBE_CONFIG_A_ENABLED] || !tb[NFPROBE_CONFIG_A_EVENT_RATE])
		return -EINVAL;
	v->enabled = nla_get_u8(tb[NFPROBE_CONFIG_A_ENABLED]);
	v->event_rate = nla_get_u32(tb[NFPROBE_CONFIG_A_EVENT_RATE]);
	if (!tb[NFPROBE_CONFIG_A_TRACK] || !nla_len(tb[NFPROBE_CONFIG_A_TRACK]))
		return 0;
	if (nla_parse_nested(ft, NFPROBE_FILTER_A_MAX, tb[NFPROBE_CONFIG_A_TRACK],
			     NULL))
		return -EINVAL;
	v->has_track = true;
	if (tb[NFPROBE_CONFIG_A_TRACK_NETNS])
		v->track_netns = nla_get_u32(tb[NFPROBE_CONFIG_A_TRACK_NETNS]);
	if (ft[NFPROBE_FILTER_A_FAMILY])
		v->family = nla_get_u8(ft[NFPROBE_FILTER_A_FAMILY]);
	if (ft[NFPROBE_FILTER_A_PROTO])
		v->proto = nla_get_u8(ft[NFPROBE_FILTER_A_PROTO]);
	if (ft[NFPROBE_FILTER_A_SPORT])
		v->sport = ntohs(nla_get_u16(ft[NFPROBE_FILTER_A_SPORT]));
	if (ft[NFPROBE_FILTER_A_DPORT])
		v->dport = ntohs(nla_get_u16(ft[NFPROBE_FILTER_A_DPORT]));
	prefix_get(ft, NFPROBE_FILTER_A_SRC, NFPROBE_FILTER_A_SRC_PLEN, &v->src,
		   &v->has_src);
	prefix_get(ft, NFPROBE_FILTER_A_DST, NFPROBE_FILTER_A_DST_PLEN, &v->dst,
		   &v->has_dst);
	return 0;
}

static void prefix_str(const struct nfp_prefix *p, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];

	nfp_addr_str(p->family, p->addr, false, addr, sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, p->len);
}

static void print_text(const struct config_view *v)
{
	char buf[INET6_ADDRSTRLEN + 8], num[16];

	printf("%-11s %s\n", "enabled", v->enabled ? "yes" : "no");
	printf("%-11s %u\n", "event-rate", v->event_rate);
	printf("%-11s", "track");
	if (!v->has_track) {
		printf(" all\n");
		return;
	}
	if (v->family)
		printf(" -%c", v->family == AF_INET ? '4' : '6');
	if (v->has_src) {
		prefix_str(&v->src, buf, sizeof(buf));
		printf(" --src %s", buf);
	}
	if (v->has_dst) {
		prefix_str(&v->dst, buf, sizeof(buf));
		printf(" --dst %s", buf);
	}
	if (v->proto >= 0)
		printf(" --proto %s", nfp_name_or_num(nfp_proto_name(v->proto),
						      v->proto, num, sizeof(num)));
	if (v->sport >= 0)
		printf(" --sport %d", v->sport);
	if (v->dport >= 0)
		printf(" --dport %d", v->dport);
	if (v->track_netns)
		printf("  (netns %u)\n", v->track_netns);
	else
		printf("  (all namespaces)\n");
}

static void print_json(const struct config_view *v)
{
	char buf[INET6_ADDRSTRLEN + 8], num[16];
	struct json j;

	json_init(&j, stdout);
	json_object_start(&j, NULL);
	json_u64(&j, "version", 1);
	json_bool(&j, "enabled", v->enabled);
	json_u64(&j, "event_rate", v->event_rate);
	if (!v->has_track) {
		json_null(&j, "track");
	} else {
		json_object_start(&j, "track");
		v->track_netns ? json_u64(&j, "netns", v->track_netns) :
				 json_null(&j, "netns");
		v->family ? json_string(&j, "family", nfp_family_name(v->family)) :
			    json_null(&j, "family");
		if (v->has_src) {
			prefix_str(&v->src, buf, sizeof(buf));
			json_string(&j, "src", buf);
		} else {
			json_null(&j, "src");
		}
		if (v->has_dst) {
			prefix_str(&v->dst, buf, sizeof(buf));
			json_string(&j, "dst", buf);
		} else {
			json_null(&j, "dst");
		}
		v->proto >= 0 ?
			json_string(&j, "proto",
				    nfp_name_or_num(nfp_proto_name(v->proto),
						    v->proto, num, sizeof(num))) :
			json_null(&j, "proto");
		v->sport >= 0 ? json_u64(&j, "sport", v->sport) :
				json_null(&j, "sport");
		v->dport >= 0 ? json_u64(&j, "dport", v->dport) :
				json_null(&j, "dport");
		json_object_end(&j);
	}
	json_object_end(&j);
}

int cmd_config(int argc, char **argv)
{
	struct config_view view;
	struct config_req r;
	struct nl_msg *msg;
	struct nfp_nl nl;
	int err;

	err = parse_args(argc, argv, &r);
	if (err)
		return err;
	err = nfp_nl_open_or_report(&nl);
	if (err)
		return err;

	if (r.set_enabled || r.set_rate || r.set_track)
		msg = set_msg(&nl, &r);
	else
		msg = nfp_nl_msg(&nl, NFPROBE_CMD_GET_CONFIG, 0);
	err = msg ? nfp_nl_transact(&nl, msg, config_parse, &view) : -ENOMEM;
	nfp_nl_close(&nl);
	if (err == -EPERM && (r.set_enabled || r.set_rate || r.set_track)) {
		fprintf(stderr, "nfprobe: not permitted: changing the settings needs CAP_NET_ADMIN in the initial user namespace\n");
		return NFP_EXIT_ERROR;
	}
	if (err)
		return nfp_nl_report(err);
	if (r.json)
		print_json(&view);
	else
		print_text(&view);
	return NFP_EXIT_OK;
}
