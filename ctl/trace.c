// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe trace: which rule decided the fate of a flow's packets, with no
 * change to the ruleset.
 *
 * The module marks the next packets of the matching flows with
 * skb->nf_trace (NFPROBE_CMD_TRACE_START), so nf_tables reports each rule
 * they meet to the NFNLGRP_NFTRACE group, as for `nft monitor trace`; and
 * it sends this tool each hook traversal of those packets with nfprobe's
 * own verdict (NFPROBE_CMD_TRACE_EVENT, about 0.1 s later). This tool
 * joins the two: nf_tables events are grouped per packet and hook (a new
 * base chain evaluation starts with the packet's headers), and each group
 * goes to the first nfprobe event of the same flow, hook and TCP flags.
 * Rules are shown as `nft -a list table` lists them, or as iptables-save
 * writes them when iptables-nft manages the table. The rule that dropped
 * or rejected a packet is recorded in the flow's history
 * (NFPROBE_CMD_SET_FLOW_RULE), for `show` and `explain`.
 *
 * Output, one block per hook traversal (stable):
 *
 *   TIME  HOOK  FLOW  [TCP-FLAGS]  LENB
 *       STAGE  FAMILY TABLE CHAIN  rule N (handle H)  VERDICT[ TARGET]  RULE-TEXT
 *       STAGE  FAMILY TABLE CHAIN  policy  VERDICT
 *       nfprobe  ACCEPT, or VERDICT[ REJECT-TYPE] in STAGE
 *       rule     VERDICT by rule N of FAMILY TABLE CHAIN: RULE-TEXT
 *                (or "by the policy of FAMILY TABLE CHAIN"; drops only)
 *
 * iptables-legacy rules produce no nf_tables events: a drop with none is
 * reported by stage, with the legacy rules whose packet counters moved
 * meanwhile, and recorded when exactly one DROP or REJECT rule did.
 */
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/nfprobe.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "explain.h"
#include "filter.h"
#include "flows.h"
#include "names.h"
#include "netlink.h"
#include "nfprobe.h"
#include "ruleset.h"

#define MAX_CHAINS	512
#define MAX_TABLES	32
/* nf_tables events wait this long for their nfprobe event. */
#define GROUP_TTL_NS	3000000000ull
/* After the timeout, nfprobe's events of the last packets still come. */
#define GRACE_NS	300000000ull

struct trace_opts {
	struct nfp_filter_opts	filter;
	unsigned long		count;
	uint64_t		timeout_ns;
};

/* A packet as the headers in nf_tables trace events show it. */
struct trace_pkt {
	int		family;
	uint8_t		proto;
	unsigned char	src[16];
	unsigned char	dst[16];
	uint16_t	sport;
	uint16_t	dport;
	uint8_t		tcp_flags;
	uint32_t	len;
};

/* One nf_tables trace event. */
struct trace_ev {
	int			type;		/* NFT_TRACETYPE_* */
	int			verdict;	/* NF_* or NFT_* */
	int			policy;
	bool			has_verdict;
	unsigned long long	handle;
	uint8_t			table_family;
	int			stage;
	char			table[NFP_RULE_NAME];
	char			chain[NFP_RULE_NAME];
	char			target[NFP_RULE_NAME];
	/* First event of a base chain's evaluation: it carried the headers. */
	bool			starts_chain;
};

/* The nf_tables events of one packet at one hook. */
struct trace_group {
	uint32_t		id;
	int			hook;
	int			stage;		/* of the chain being evaluated */
	struct trace_pkt	pkt;
	uint64_t		born_ns;
	struct trace_ev		*ev;
	size_t			n;
};

struct table_rules {
	uint8_t			family;
	char			table[NFP_RULE_NAME];
	bool			xt;
	struct nfp_rule_list	nft;
	struct nfp_rule_list	xtl;
};

struct trace_state {
	const struct trace_opts	*o;
	struct nfp_nl		*ctl;
	uint32_t		session;
	struct trace_group	*groups;
	size_t			ngroups;
	struct nfp_chain	chains[MAX_CHAINS];
	int			nchains;
	struct table_rules	tables[MAX_TABLES];
	size_t			ntables;
	/* iptables-legacy rule counters when last read, per family. */
	bool			legacy[2];
	struct nfp_rule_list	legacy_counters[2];
	unsigned long		done;
	unsigned long		shown;
	unsigned long		unmatched;
	struct nl_sock		*nft;
};

static const char trace_usage[] =
	NFP_FILTER_USAGE "\n"
	"                    [--count N] [--timeout DURATION]";

static const char trace_help[] =
	"Trace the next packets of the matching flows through every rule they meet.\n"
	"\n"
	"The module marks up to --count packets of the matching flows (both\n"
	"directions) for netfilter's own tracing, for --timeout at most, without\n"
	"touching the ruleset; other packets are left alone. Each hook a packet\n"
	"passes is shown with the nf_tables rules that matched it (as 'nft -a list\n"
	"ruleset' shows them, or as iptables-save for iptables-nft rules) and\n"
	"nfprobe's verdict. The rule that dropped or rejected a flow is recorded\n"
	"in its history for 'nfprobe show' and 'nfprobe explain'. The session ends\n"
	"when this tool exits, however it exits.\n"
	"\n"
	NFP_FILTER_HELP
	"                    (--verdict, --hook, --stage and --since do not apply)\n"
	"  --count N         packets to trace, 1 to 100000 (default 10)\n"
	"  --timeout DUR     end after DUR at most (default 10s, at most 1h)";

const struct nfp_command nfp_cmd_trace = {
	.name = "trace",
	.fn = cmd_trace,
	.usage = trace_usage,
	.help = trace_help,
};

static int take_opt(int c, const char *arg, void *ctx)
{
	struct trace_opts *o = ctx;

	switch (c) {
	case 'c':
		if (!nfp_count_parse(arg, NFPROBE_TRACE_COUNT_MAX, &o->count))
			return nfp_usage_error("trace",
				"invalid count '%s' for --count (1 to %d)",
				arg, NFPROBE_TRACE_COUNT_MAX);
		return 0;
	case 't':
		if (nfp_duration_parse(arg, &o->timeout_ns) ||
		    o->timeout_ns < 1000000 ||
		    o->timeout_ns > NFPROBE_TRACE_TIMEOUT_MAX * 1000000ull)
			return nfp_usage_error("trace",
				"invalid duration '%s' for --timeout (1ms to 1h)",
				arg);
		return 0;
	}
	return -1;
}

static int parse_opts(int argc, char **argv, struct trace_opts *o)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{}
	};
	int err;

	memset(o, 0, sizeof(*o));
	o->count = 10;
	o->timeout_ns = 10000000000ull;
	err = nfp_filter_args(argc, argv, &nfp_cmd_trace, &o->filter, longopts,
			      take_opt, o);
	if (err)
		return err;
	if (o->filter.verdicts || o->filter.hooks || o->filter.stages ||
	    o->filter.since)
		return nfp_usage_error("trace",
			"--verdict, --hook, --stage and --since do not apply to packets yet to come");
	if (o->filter.all_netns)
		return nfp_usage_error("trace",
			"a trace covers one namespace: --netns NAME or PID");
	return nfp_filter_finish(&o->filter, "trace");
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int hook_index(const char *name)
{
	static const char *const hooks[] = {
		"prerouting", "input", "forward", "output", "postrouting",
	};
	int i;

	for (i = 0; i < 5; i++)
		if (!strcmp(name, hooks[i]))
			return i;
	return -1;
}

/* The base chains of the ruleset, read once. */
static void chains_load(struct trace_state *st)
{
	char *argv[] = { "nft", "list", "chains", NULL };
	char *out;
	FILE *f;

	if (st->nchains)
		return;
	st->nchains = -1;
	if (nfp_run_capture(argv, &out)) {
		free(out);
		return;
	}
	f = fmemopen(out, strlen(out), "r");
	if (f) {
		st->nchains = nfp_chains_parse(f, st->chains, MAX_CHAINS);
		fclose(f);
	}
	free(out);
}

static const struct nfp_chain *base_chain(struct trace_state *st,
					  uint8_t family, const char *table,
					  const char *chain)
{
	const char *fam = nfp_table_family_name(family);
	int i;

	chains_load(st);
	for (i = 0; i < st->nchains; i++)
		if (!strcmp(st->chains[i].family, fam) &&
		    !strcmp(st->chains[i].table, table) &&
		    !strcmp(st->chains[i].chain, chain))
			return &st->chains[i];
	return NULL;
}

/* The table's rules as nft lists them, and as iptables-nft saves them. */
static struct table_rules *table_rules(struct trace_state *st, uint8_t family,
				       const char *table)
{
	char *nft_argv[] = { "nft", "-a", "list", "table",
			     (char *)nfp_table_family_name(family), (char *)table,
			     NULL };
	char *xt_argv[] = { family == NFPROTO_IPV6 ? "ip6tables-nft-save" :
			    "iptables-nft-save", "-t", (char *)table, NULL };
	struct table_rules *t;
	char *out;
	size_t i;

	for (i = 0; i < st->ntables; i++)
		if (st->tables[i].family == family &&
		    !strcmp(st->tables[i].table, table))
			return &st->tables[i];
	if (st->ntables == MAX_TABLES)
		return NULL;
	t = &st->tables[st->ntables++];
	memset(t, 0, sizeof(*t));
	t->family = family;
	snprintf(t->table, sizeof(t->table), "%s", table);

	if (!nfp_run_capture(nft_argv, &out))
		nfp_nft_rules_parse(out, &t->nft);
	free(out);
	/* iptables-nft keeps its rules in ip and ip6 tables of its names. */
	if (family == NFPROTO_IPV4 || family == NFPROTO_IPV6) {
		if (!nfp_run_capture(xt_argv, &out) && strstr(out, "\n*"))
			t->xt = !nfp_xt_rules_parse(out, &t->xtl) && t->xtl.n;
		free(out);
	}
	return t;
}

/* The rule's position and text as its tool shows it; false if unknown. */
static bool rule_lookup(struct trace_state *st, const struct trace_ev *e,
			unsigned int *position, const char **text)
{
	struct table_rules *t = table_rules(st, e->table_family, e->table);
	const struct nfp_listed_rule *r, *x;

	if (!t)
		return false;
	r = nfp_rule_by_handle(&t->nft, e->chain, e->handle);
	if (!r)
		return false;
	*position = r->position;
	*text = r->text;
	if (t->xt) {
		x = nfp_rule_by_position(&t->xtl, e->chain, r->position);
		if (x)
			*text = x->text;
	}
	return true;
}

static const char *verdict_name(int v, char *buf, size_t len)
{
	switch (v) {
	case NF_DROP: return "drop";
	case NF_ACCEPT: return "accept";
	case NF_STOLEN: return "stolen";
	case NFT_CONTINUE: return "continue";
	case NFT_BREAK: return "break";
	case NFT_JUMP: return "jump";
	case NFT_GOTO: return "goto";
	case NFT_RETURN: return "return";
	}
	if ((v & NF_VERDICT_MASK) == NF_QUEUE)
		return "queue";
	snprintf(buf, len, "verdict %d", v);
	return buf;
}

/* Reads the addresses, ports and flags of a trace event's headers. */
static void pkt_from_headers(struct nlattr *net, struct nlattr *trans,
			     struct trace_pkt *p)
{
	const unsigned char *h = nla_data(net);
	int len = nla_len(net);

	memset(p, 0, sizeof(*p));
	if (len >= 20 && (h[0] >> 4) == 4) {
		p->family = AF_INET;
		p->proto = h[9];
		p->len = h[2] << 8 | h[3];
		memcpy(p->src, h + 12, 4);
		memcpy(p->dst, h + 16, 4);
	} else if (len >= 40 && (h[0] >> 4) == 6) {
		p->family = AF_INET6;
		p->proto = h[6];
		p->len = (h[4] << 8 | h[5]) + 40;
		memcpy(p->src, h + 8, 16);
		memcpy(p->dst, h + 24, 16);
	} else {
		return;
	}
	if (!trans)
		return;
	h = nla_data(trans);
	len = nla_len(trans);
	if ((p->proto == IPPROTO_TCP || p->proto == IPPROTO_UDP ||
	     p->proto == IPPROTO_SCTP || p->proto == IPPROTO_UDPLITE) &&
	    len >= 4) {
		p->sport = h[0] << 8 | h[1];
		p->dport = h[2] << 8 | h[3];
	}
	if (p->proto == IPPROTO_TCP && len >= 14)
		p->tcp_flags = h[13];
}

static struct trace_group *group_last_of(struct trace_state *st, uint32_t id)
{
	size_t i;

	for (i = st->ngroups; i-- > 0;)
		if (st->groups[i].id == id)
			return &st->groups[i];
	return NULL;
}

static struct trace_group *group_new(struct trace_state *st, uint32_t id,
				     int hook, const struct trace_pkt *pkt)
{
	struct trace_group *g;

	g = realloc(st->groups, (st->ngroups + 1) * sizeof(*g));
	if (!g)
		return NULL;
	st->groups = g;
	g = &st->groups[st->ngroups++];
	memset(g, 0, sizeof(*g));
	g->id = id;
	g->hook = hook;
	g->stage = NFPROBE_STAGE_UNKNOWN;
	g->pkt = *pkt;
	g->born_ns = now_ns();
	return g;
}

static void group_drop(struct trace_state *st, struct trace_group *g)
{
	size_t i = g - st->groups;

	free(g->ev);
	memmove(g, g + 1, (st->ngroups - i - 1) * sizeof(*g));
	st->ngroups--;
}

static bool group_has_chain(const struct trace_group *g,
			    const struct trace_ev *e)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->ev[i].starts_chain &&
		    g->ev[i].table_family == e->table_family &&
		    !strcmp(g->ev[i].table, e->table) &&
		    !strcmp(g->ev[i].chain, e->chain))
			return true;
	return false;
}

static int on_nft(struct nl_msg *msg, void *arg)
{
	static struct nla_policy policy[NFTA_TRACE_MAX + 1] = {
		[NFTA_TRACE_TABLE]	= { .type = NLA_STRING },
		[NFTA_TRACE_CHAIN]	= { .type = NLA_STRING },
		[NFTA_TRACE_RULE_HANDLE] = { .type = NLA_U64 },
		[NFTA_TRACE_TYPE]	= { .type = NLA_U32 },
		[NFTA_TRACE_VERDICT]	= { .type = NLA_NESTED },
		[NFTA_TRACE_ID]		= { .type = NLA_U32 },
		[NFTA_TRACE_POLICY]	= { .type = NLA_U32 },
	};
	struct nlattr *tb[NFTA_TRACE_MAX + 1], *vtb[NFTA_VERDICT_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nfgenmsg *nfg = nlmsg_data(nlh);
	struct trace_state *st = arg;
	const struct nfp_chain *bc;
	struct trace_group *g;
	struct trace_ev e = { .stage = NFPROBE_STAGE_UNKNOWN };
	struct trace_pkt pkt;
	struct trace_ev *grown;
	uint32_t id;
	int hook = -1;

	if (NFNL_SUBSYS_ID(nlh->nlmsg_type) != NFNL_SUBSYS_NFTABLES ||
	    NFNL_MSG_TYPE(nlh->nlmsg_type) != NFT_MSG_TRACE ||
	    nlmsg_parse(nlh, sizeof(*nfg), tb, NFTA_TRACE_MAX, policy) ||
	    !tb[NFTA_TRACE_ID] || !tb[NFTA_TRACE_TABLE] ||
	    !tb[NFTA_TRACE_CHAIN] || !tb[NFTA_TRACE_TYPE])
		return NL_SKIP;

	id = nla_get_u32(tb[NFTA_TRACE_ID]);
	e.type = ntohl(nla_get_u32(tb[NFTA_TRACE_TYPE]));
	e.table_family = nfg->nfgen_family;
	nla_strlcpy(e.table, tb[NFTA_TRACE_TABLE], sizeof(e.table));
	nla_strlcpy(e.chain, tb[NFTA_TRACE_CHAIN], sizeof(e.chain));
	if (tb[NFTA_TRACE_RULE_HANDLE])
		e.handle = be64toh(nla_get_u64(tb[NFTA_TRACE_RULE_HANDLE]));
	if (tb[NFTA_TRACE_POLICY])
		e.policy = ntohl(nla_get_u32(tb[NFTA_TRACE_POLICY]));
	if (tb[NFTA_TRACE_VERDICT] &&
	    !nla_parse_nested(vtb, NFTA_VERDICT_MAX, tb[NFTA_TRACE_VERDICT],
			      NULL) && vtb[NFTA_VERDICT_CODE]) {
		e.verdict = (int)ntohl(nla_get_u32(vtb[NFTA_VERDICT_CODE]));
		e.has_verdict = true;
		if (vtb[NFTA_VERDICT_CHAIN])
			nla_strlcpy(e.target, vtb[NFTA_VERDICT_CHAIN],
				    sizeof(e.target));
	}

	bc = base_chain(st, e.table_family, e.table, e.chain);
	if (bc) {
		hook = hook_index(bc->hook);
		e.stage = nfp_stage_of_priority(bc->priority);
	}

	g = group_last_of(st, id);
	if (tb[NFTA_TRACE_NETWORK_HEADER]) {
		/* A base chain's evaluation starts: maybe a new traversal. */
		e.starts_chain = true;
		pkt_from_headers(tb[NFTA_TRACE_NETWORK_HEADER],
				 tb[NFTA_TRACE_TRANSPORT_HEADER], &pkt);
		if (hook < 0 && g)
			hook = g->hook;
		if (!g || g->hook != hook || memcmp(&g->pkt, &pkt, sizeof(pkt)) ||
		    group_has_chain(g, &e))
			g = group_new(st, id, hook, &pkt);
	}
	if (!g)
		return NL_SKIP;
	if (bc)
		g->stage = e.stage;
	else
		e.stage = g->stage;

	grown = realloc(g->ev, (g->n + 1) * sizeof(*g->ev));
	if (!grown)
		return NL_SKIP;
	g->ev = grown;
	g->ev[g->n++] = e;
	return NL_OK;
}

static void drain_nft(struct trace_state *st)
{
	while (nl_recvmsgs_default(st->nft) >= 0)
		;
}

static bool tuple_is(const struct trace_pkt *p, const unsigned char *src,
		     const unsigned char *dst, uint16_t sport, uint16_t dport,
		     bool ports, size_t alen)
{
	if (!memcmp(p->src, src, alen) && !memcmp(p->dst, dst, alen) &&
	    (!ports || (p->sport == sport && p->dport == dport)))
		return true;
	return !memcmp(p->src, dst, alen) && !memcmp(p->dst, src, alen) &&
	       (!ports || (p->sport == dport && p->dport == sport));
}

/* Whether the packet belongs to the flow, in either direction, NAT or not. */
static bool pkt_in_flow(const struct trace_pkt *p, const struct nfp_flow *f)
{
	const struct nfp_flow_key *k = &f->key;
	size_t alen = k->family == AF_INET6 ? 16 : 4;
	bool ports = k->has_ports;

	if (p->family != k->family || p->proto != k->proto)
		return false;
	if (tuple_is(p, k->src, k->dst, k->sport, k->dport, ports, alen))
		return true;
	return f->has_nat &&
	       tuple_is(p, f->nat_src, f->nat_dst, f->nat_sport, f->nat_dport,
			ports && (f->nat_sport || f->nat_dport), alen);
}

static struct trace_group *group_for(struct trace_state *st,
				     const struct nfp_flow *f,
				     const struct nfp_event *ev)
{
	size_t i;

	for (i = 0; i < st->ngroups; i++) {
		struct trace_group *g = &st->groups[i];

		if (g->hook == ev->hook && pkt_in_flow(&g->pkt, f) &&
		    (f->key.proto != IPPROTO_TCP ||
		     g->pkt.tcp_flags == ev->tcp_flags))
			return g;
	}
	return NULL;
}

/* The event that decided a drop: the last DROP rule, or a DROP policy. */
static const struct trace_ev *deciding_event(const struct trace_group *g)
{
	size_t i;

	for (i = g ? g->n : 0; i-- > 0;) {
		const struct trace_ev *e = &g->ev[i];

		if (e->type == NFT_TRACETYPE_POLICY && e->policy == NF_DROP)
			return e;
		if (e->type == NFT_TRACETYPE_RULE && e->has_verdict &&
		    e->verdict == NF_DROP)
			return e;
	}
	return NULL;
}

static void print_ev(struct trace_state *st, const struct trace_ev *e)
{
	char where[3 * NFP_RULE_NAME + 16], stage[16], vbuf[32], rule[48];
	const char *text = "", *v;
	unsigned int position;

	/* A chain's end: its policy, or its caller, says what follows. */
	if (e->type != NFT_TRACETYPE_POLICY && !e->handle)
		return;
	snprintf(where, sizeof(where), "%s %s %s",
		 nfp_table_family_name(e->table_family), e->table, e->chain);
	if (e->type == NFT_TRACETYPE_POLICY) {
		snprintf(rule, sizeof(rule), "policy");
		v = verdict_name(e->policy, vbuf, sizeof(vbuf));
	} else {
		if (rule_lookup(st, e, &position, &text))
			snprintf(rule, sizeof(rule), "rule %u (handle %llu)",
				 position, e->handle);
		else
			snprintf(rule, sizeof(rule), "handle %llu", e->handle);
		v = e->has_verdict ? verdict_name(e->verdict, vbuf, sizeof(vbuf)) :
		    "continue";
	}
	printf("    %-9s %-28s %-22s %s%s%s  %s\n",
	       nfp_name_or_num(nfp_stage_name(e->stage), e->stage, stage,
			       sizeof(stage)),
	       where, rule, v, e->target[0] ? " " : "", e->target, text);
}

/* Names @rule as the flow entry's deciding rule in the module. */
static void record_rule(struct trace_state *st, const struct nfp_flow *f,
			const struct nfp_rule *r)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int err;

	if (!f->has_id)
		return;
	msg = nfp_nl_msg(st->ctl, NFPROBE_CMD_SET_FLOW_RULE, 0);
	if (!msg)
		return;
	nest = nla_nest_start(msg, NFPROBE_A_FLOW | NLA_F_NESTED);
	if (!nest || nla_put_u64(msg, NFPROBE_FLOW_A_ID, f->id) ||
	    nla_put_u32(msg, NFPROBE_FLOW_A_GEN, f->gen))
		goto err_free;
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, NFPROBE_A_RULE | NLA_F_NESTED);
	if (!nest ||
	    nla_put_u8(msg, NFPROBE_RULE_A_SOURCE, r->source) ||
	    nla_put_u8(msg, NFPROBE_RULE_A_TABLE_FAMILY, r->table_family) ||
	    nla_put_string(msg, NFPROBE_RULE_A_TABLE, r->table) ||
	    nla_put_string(msg, NFPROBE_RULE_A_CHAIN, r->chain) ||
	    (r->handle && nla_put_u64(msg, NFPROBE_RULE_A_HANDLE, r->handle)) ||
	    nla_put_u32(msg, NFPROBE_RULE_A_POSITION, r->position) ||
	    (r->text[0] && nla_put_string(msg, NFPROBE_RULE_A_TEXT, r->text)) ||
	    nla_put_u8(msg, NFPROBE_RULE_A_HOOK, r->hook) ||
	    nla_put_u8(msg, NFPROBE_RULE_A_VERDICT, r->verdict))
		goto err_free;
	nla_nest_end(msg, nest);
	err = nfp_nl_transact(st->ctl, msg, NULL, NULL);
	if (err && err != -ENOENT)
		fprintf(stderr, "nfprobe: recording the rule: %s\n",
			strerror(-err));
	return;

err_free:
	nlmsg_free(msg);
}

static void rule_from_event(struct trace_state *st, const struct trace_ev *e,
			    const struct nfp_event *ev, struct nfp_rule *r)
{
	unsigned int position = 0;
	const char *text = "";

	memset(r, 0, sizeof(*r));
	r->source = NFPROBE_RULE_SOURCE_NFT_TRACE;
	r->table_family = e->table_family;
	r->hook = ev->hook;
	r->verdict = ev->verdict;
	snprintf(r->table, sizeof(r->table), "%s", e->table);
	snprintf(r->chain, sizeof(r->chain), "%s", e->chain);
	if (e->type != NFT_TRACETYPE_POLICY) {
		r->handle = e->handle;
		if (rule_lookup(st, e, &position, &text))
			r->position = position;
		snprintf(r->text, sizeof(r->text), "%s", text);
	}
}

static const char *legacy_save_tool(int family)
{
	return family == AF_INET6 ? "ip6tables-legacy-save" :
	       "iptables-legacy-save";
}

/* Whether the namespace has iptables-legacy tables of @family. */
static bool legacy_tables(int family)
{
	FILE *f = fopen(family == AF_INET6 ? "/proc/net/ip6_tables_names" :
			"/proc/net/ip_tables_names", "r");
	int c;

	if (!f)
		return false;
	c = fgetc(f);
	fclose(f);
	return c != EOF;
}

static int legacy_read(int family, struct nfp_rule_list *l)
{
	char *argv[] = { (char *)legacy_save_tool(family), "-c", NULL };
	char *out;
	int err;

	memset(l, 0, sizeof(*l));
	err = nfp_run_capture(argv, &out);
	if (!err)
		err = nfp_xt_counters_parse(out, l);
	free(out);
	return err;
}

/*
 * No nf_tables rule decided this drop. Where iptables-legacy tables
 * exist, show their rules whose packet counters moved since last read;
 * name the one DROP or REJECT rule among them, if there is exactly one.
 */
static void explain_legacy(struct trace_state *st, const struct nfp_flow *f,
			   const struct nfp_event *ev)
{
	int fi = f->key.family == AF_INET6;
	struct nfp_rule_list now, *before = &st->legacy_counters[fi];
	const struct nfp_listed_rule *term = NULL;
	unsigned int terminal = 0;
	struct nfp_rule rule;
	size_t i;

	if (!st->legacy[fi] && !legacy_tables(f->key.family)) {
		printf("    no nf_tables rule dropped it: a hook function outside nf_tables did\n");
		return;
	}
	printf("    no nf_tables rule dropped it: iptables-legacy (xtables) rules are not\n"
	       "    traced through nf_tables events; by stage: %s table, %s chain\n",
	       nfp_stage_name(ev->stage) ?: "?", nfp_hook_name(ev->hook) ?: "?");
	if (legacy_read(f->key.family, &now)) {
		printf("    (%s failed: no rule counters)\n",
		       legacy_save_tool(f->key.family));
		return;
	}
	for (i = 0; i < now.n; i++) {
		const struct nfp_listed_rule *r = &now.rules[i], *old;
		unsigned long long was;

		old = nfp_rule_by_position(before, r->chain, r->position);
		was = old && !strcmp(old->text, r->text) ? old->packets : 0;
		if (r->packets <= was)
			continue;
		printf("    counters moved (+%llu): %s\n", r->packets - was,
		       r->text);
		if (strstr(r->text, " -j DROP") || strstr(r->text, " -j REJECT")) {
			terminal++;
			term = r;
		}
	}
	if (terminal == 1) {
		memset(&rule, 0, sizeof(rule));
		rule.source = NFPROBE_RULE_SOURCE_COUNTERS;
		rule.table_family = fi ? NFPROTO_IPV6 : NFPROTO_IPV4;
		rule.hook = ev->hook;
		rule.verdict = ev->verdict;
		snprintf(rule.table, sizeof(rule.table), "%s", term->table);
		snprintf(rule.chain, sizeof(rule.chain), "%s", term->chain);
		rule.position = term->position;
		snprintf(rule.text, sizeof(rule.text), "%s", term->text);
		record_rule(st, f, &rule);
	}
	nfp_rule_list_free(before);
	*before = now;
	st->legacy[fi] = true;
}

static bool is_final(const struct nfp_event *ev)
{
	return ev->verdict != NFPROBE_VERDICT_ACCEPT ||
	       ev->hook == NFPROBE_HOOK_INPUT ||
	       ev->hook == NFPROBE_HOOK_POSTROUTING;
}

static int on_nfprobe(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	char when[64], verdict[48], flags[40], stage[16], num[16];
	struct trace_state *st = arg;
	const struct trace_ev *decider;
	const struct nfp_event *ev;
	struct trace_group *g;
	struct nfp_rule rule;
	struct nfp_flow flow;
	size_t i;

	if (gnlh->cmd != NFPROBE_CMD_TRACE_EVENT ||
	    nfp_flow_parse(nlh, &flow))
		return NL_SKIP;
	if (flow.nevents != 1) {
		nfp_flow_free(&flow);
		return NL_SKIP;
	}
	ev = &flow.events[0];
	drain_nft(st);
	g = group_for(st, &flow, ev);

	nfp_time_str(ev->time_ns, when, sizeof(when));
	printf("%s  %s  ", when,
	       nfp_name_or_num(nfp_hook_name(ev->hook), ev->hook, num,
			       sizeof(num)));
	nfp_flow_print_tuple(&flow.key);
	nfp_tcp_flags_str(ev->tcp_flags, flags, sizeof(flags));
	if (flags[0])
		printf("  %s", flags);
	printf("  %uB\n", ev->len);
	for (i = 0; g && i < g->n; i++)
		print_ev(st, &g->ev[i]);

	nfp_verdict_str(ev, verdict, sizeof(verdict));
	printf("    nfprobe   %s", verdict);
	if (ev->verdict != NFPROBE_VERDICT_ACCEPT)
		printf(" in %s", nfp_name_or_num(nfp_stage_name(ev->stage),
						 ev->stage, stage, sizeof(stage)));
	decider = ev->verdict == NFPROBE_VERDICT_DROP ||
		  ev->verdict == NFPROBE_VERDICT_REJECT ? deciding_event(g) : NULL;
	if (decider) {
		char what[NFP_RULE_TEXT + 3 * NFP_RULE_NAME + 64];

		rule_from_event(st, decider, ev, &rule);
		nfp_rule_describe(&rule, what, sizeof(what));
		printf("\n    rule      %s\n", what);
		record_rule(st, &flow, &rule);
	} else {
		printf("\n");
		if (ev->verdict == NFPROBE_VERDICT_DROP ||
		    ev->verdict == NFPROBE_VERDICT_REJECT)
			explain_legacy(st, &flow, ev);
	}
	fflush(stdout);

	if (g)
		group_drop(st, g);
	st->shown++;
	if (is_final(ev))
		st->done++;
	nfp_flow_free(&flow);
	return NL_OK;
}

/* nf_tables events no nfprobe event claimed in time: other packets'. */
static void groups_expire(struct trace_state *st)
{
	uint64_t now = now_ns();
	size_t i = 0;

	while (i < st->ngroups) {
		if (now - st->groups[i].born_ns > GROUP_TTL_NS) {
			st->unmatched++;
			group_drop(st, &st->groups[i]);
		} else {
			i++;
		}
	}
}

static int id_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[NFPROBE_A_MAX + 1], *t[NFPROBE_TRACE_A_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, NFPROBE_A_MAX, NULL) ||
	    !tb[NFPROBE_A_TRACE] ||
	    nla_parse_nested(t, NFPROBE_TRACE_A_MAX, tb[NFPROBE_A_TRACE], NULL) ||
	    !t[NFPROBE_TRACE_A_ID])
		return -EINVAL;
	*(uint32_t *)arg = nla_get_u32(t[NFPROBE_TRACE_A_ID]);
	return 0;
}

static int trace_start(struct nfp_nl *nl, const struct trace_opts *o,
		       uint32_t *id)
{
	struct nl_msg *msg = nfp_nl_msg(nl, NFPROBE_CMD_TRACE_START, 0);
	struct nlattr *nest;

	if (!msg || nfp_filter_put(msg, &o->filter))
		goto err_nomem;
	nest = nla_nest_start(msg, NFPROBE_A_TRACE | NLA_F_NESTED);
	if (!nest ||
	    nla_put_u32(msg, NFPROBE_TRACE_A_COUNT, o->count) ||
	    nla_put_u32(msg, NFPROBE_TRACE_A_TIMEOUT,
			(o->timeout_ns + 999999) / 1000000))
		goto err_nomem;
	nla_nest_end(msg, nest);
	return nfp_nl_transact(nl, msg, id_reply, id);

err_nomem:
	nlmsg_free(msg);
	return -ENOMEM;
}

static void trace_stop(struct nfp_nl *nl, uint32_t id)
{
	struct nl_msg *msg = nfp_nl_msg(nl, NFPROBE_CMD_TRACE_STOP, 0);
	struct nlattr *nest;

	nest = msg ? nla_nest_start(msg, NFPROBE_A_TRACE | NLA_F_NESTED) : NULL;
	if (!nest || nla_put_u32(msg, NFPROBE_TRACE_A_ID, id)) {
		nlmsg_free(msg);
		return;
	}
	nla_nest_end(msg, nest);
	/* Already over by its timeout: nothing to say. */
	nfp_nl_transact(nl, msg, NULL, NULL);
}

static struct nl_sock *nft_trace_socket(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return NULL;
	if (nl_connect(sk, NETLINK_NETFILTER) ||
	    nl_socket_add_membership(sk, NFNLGRP_NFTRACE)) {
		nl_socket_free(sk);
		return NULL;
	}
	nl_socket_disable_seq_check(sk);
	nl_socket_set_nonblocking(sk);
	nl_socket_set_buffer_size(sk, 4 << 20, 0);
	return sk;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_state st = {};
	struct nfp_nl events, ctl;
	struct pollfd pfd[2];
	struct trace_opts o;
	uint64_t deadline;
	size_t i;
	int err;

	err = parse_opts(argc, argv, &o);
	if (err)
		return err;
	st.o = &o;
	st.ctl = &ctl;

	err = nfp_nl_open_or_report(&events);
	if (err)
		return err;
	err = nfp_nl_open_or_report(&ctl);
	if (err) {
		nfp_nl_close(&events);
		return err;
	}
	/* Listening first: the first packets' events must not be missed. */
	st.nft = nft_trace_socket();
	if (!st.nft) {
		fprintf(stderr, "nfprobe: cannot listen to nf_tables trace events (needs CAP_NET_ADMIN and nf_tables); rules will not be named\n");
	} else {
		nl_socket_modify_cb(st.nft, NL_CB_VALID, NL_CB_CUSTOM, on_nft,
				    &st);
	}
	for (i = 0; i < 2; i++)
		st.legacy[i] = legacy_tables(i ? AF_INET6 : AF_INET) &&
			       !legacy_read(i ? AF_INET6 : AF_INET,
					    &st.legacy_counters[i]);

	err = trace_start(&events, &o, &st.session);
	if (err) {
		err = nfp_nl_report(err);
		goto out;
	}
	nl_socket_disable_seq_check(events.sk);
	nl_socket_modify_cb(events.sk, NL_CB_VALID, NL_CB_CUSTOM, on_nfprobe,
			    &st);
	nl_socket_set_nonblocking(events.sk);
	nl_socket_set_buffer_size(events.sk, 4 << 20, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	fprintf(stderr, "nfprobe: tracing up to %lu packets for %.3gs (session %u)\n",
		o.count, o.timeout_ns / 1e9, st.session);

	deadline = now_ns() + o.timeout_ns + GRACE_NS;
	pfd[0].fd = nl_socket_get_fd(events.sk);
	pfd[0].events = POLLIN;
	pfd[1].fd = st.nft ? nl_socket_get_fd(st.nft) : -1;
	pfd[1].events = POLLIN;
	while (st.done < o.count) {
		uint64_t now = now_ns();
		int wait;

		if (now >= deadline)
			break;
		wait = (deadline - now) / 1000000 + 1;
		if (poll(pfd, 2, wait > 200 ? 200 : wait) < 0 && errno != EINTR) {
			err = NFP_EXIT_ERROR;
			break;
		}
		if (pfd[1].revents & POLLIN)
			drain_nft(&st);
		if (pfd[0].revents & POLLIN)
			while (nl_recvmsgs_default(events.sk) >= 0 &&
			       st.done < o.count)
				;
		groups_expire(&st);
	}
	trace_stop(&ctl, st.session);
	if (!st.shown)
		fprintf(stderr, "nfprobe: no packet of the matching flows passed netfilter\n");
	else if (st.done < o.count)
		fprintf(stderr, "nfprobe: %lu of %lu packets traced before the timeout\n",
			st.done, o.count);

out:
	if (st.nft)
		nl_socket_free(st.nft);
	for (i = 0; i < st.ngroups; i++)
		free(st.groups[i].ev);
	free(st.groups);
	for (i = 0; i < st.ntables; i++) {
		nfp_rule_list_free(&st.tables[i].nft);
		nfp_rule_list_free(&st.tables[i].xtl);
	}
	nfp_rule_list_free(&st.legacy_counters[0]);
	nfp_rule_list_free(&st.legacy_counters[1]);
	nfp_nl_close(&ctl);
	nfp_nl_close(&events);
	return err;
}
