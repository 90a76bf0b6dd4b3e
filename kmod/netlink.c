// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "nfprobe" (include/uapi/linux/nfprobe.h).
 *
 * Dumps walk the per-CPU tables by slot index and keep their position in
 * cb->ctx, so a dump resumes exactly where the previous message ended and
 * holds no lock between messages; each entry is copied under its seqcount.
 */
#include <linux/genetlink.h>
#include <linux/netfilter.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "compat.h"
#include "flowtable.h"

static struct genl_family nfp_genl_family;

static struct netlink_range_validation nfp_event_rate_range __ro_after_init = {
	.max = NFPROBE_EVENT_RATE_MAX,
};

static struct netlink_range_validation nfp_trace_count_range __ro_after_init = {
	.min = 1,
	.max = NFPROBE_TRACE_COUNT_MAX,
};

static struct netlink_range_validation nfp_trace_timeout_range __ro_after_init = {
	.min = 1,
	.max = NFPROBE_TRACE_TIMEOUT_MAX,
};

/* Bumped when entries are removed in bulk; lets dumps detect it. */
static atomic_t nfp_dump_gen = ATOMIC_INIT(1);

static const struct nla_policy nfp_filter_policy[NFPROBE_FILTER_A_MAX + 1] = {
	[NFPROBE_FILTER_A_FAMILY]	= { .type = NLA_U8 },
	[NFPROBE_FILTER_A_SRC]		= NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[NFPROBE_FILTER_A_SRC_PLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[NFPROBE_FILTER_A_DST]		= NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[NFPROBE_FILTER_A_DST_PLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[NFPROBE_FILTER_A_PROTO]	= { .type = NLA_U8 },
	[NFPROBE_FILTER_A_SPORT]	= { .type = NLA_BE16 },
	[NFPROBE_FILTER_A_DPORT]	= { .type = NLA_BE16 },
	[NFPROBE_FILTER_A_VERDICTS]	=
		NLA_POLICY_MASK(NLA_U32, GENMASK(NFPROBE_VERDICT_MAX, 0)),
	[NFPROBE_FILTER_A_HOOKS]	=
		NLA_POLICY_MASK(NLA_U32, GENMASK(NFPROBE_HOOK_MAX, 0)),
	[NFPROBE_FILTER_A_STAGES]	=
		NLA_POLICY_MASK(NLA_U32, GENMASK(NFPROBE_STAGE_MAX, 0)),
	[NFPROBE_FILTER_A_SINCE]	= { .type = NLA_U64 },
	[NFPROBE_FILTER_A_ALL_NETNS]	= { .type = NLA_FLAG },
};

static const struct nla_policy nfp_dump_policy[NFPROBE_A_MAX + 1] = {
	[NFPROBE_A_FILTER] = NLA_POLICY_NESTED(nfp_filter_policy),
};

static const struct nla_policy nfp_config_policy[NFPROBE_CONFIG_A_MAX + 1] = {
	[NFPROBE_CONFIG_A_ENABLED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NFPROBE_CONFIG_A_EVENT_RATE]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &nfp_event_rate_range),
	[NFPROBE_CONFIG_A_TRACK]	= NLA_POLICY_NESTED(nfp_filter_policy),
};

static const struct nla_policy nfp_set_config_policy[NFPROBE_A_MAX + 1] = {
	[NFPROBE_A_CONFIG] = NLA_POLICY_NESTED(nfp_config_policy),
};

static const struct nla_policy nfp_trace_policy[NFPROBE_TRACE_A_MAX + 1] = {
	[NFPROBE_TRACE_A_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[NFPROBE_TRACE_A_COUNT]		=
		NLA_POLICY_FULL_RANGE(NLA_U32, &nfp_trace_count_range),
	[NFPROBE_TRACE_A_TIMEOUT]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &nfp_trace_timeout_range),
};

static const struct nla_policy nfp_trace_start_policy[NFPROBE_A_MAX + 1] = {
	[NFPROBE_A_FILTER] = NLA_POLICY_NESTED(nfp_filter_policy),
	[NFPROBE_A_TRACE] = NLA_POLICY_NESTED(nfp_trace_policy),
};

/* The flow entry a rule is named for: the ids a trace event gave. */
static const struct nla_policy nfp_rule_flow_policy[NFPROBE_FLOW_A_MAX + 1] = {
	[NFPROBE_FLOW_A_ID]	= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_GEN]	= NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy nfp_rule_policy[NFPROBE_RULE_A_MAX + 1] = {
	[NFPROBE_RULE_A_SOURCE]		=
		NLA_POLICY_MAX(NLA_U8, NFPROBE_RULE_SOURCE_MAX),
	[NFPROBE_RULE_A_TABLE_FAMILY]	= NLA_POLICY_MAX(NLA_U8, NFPROTO_NUMPROTO - 1),
	[NFPROBE_RULE_A_TABLE]		= { .type = NLA_NUL_STRING,
					    .len = NFPROBE_RULE_NAME_MAX - 1 },
	[NFPROBE_RULE_A_CHAIN]		= { .type = NLA_NUL_STRING,
					    .len = NFPROBE_RULE_NAME_MAX - 1 },
	[NFPROBE_RULE_A_HANDLE]		= { .type = NLA_U64 },
	[NFPROBE_RULE_A_POSITION]	= { .type = NLA_U32 },
	[NFPROBE_RULE_A_TEXT]		= { .type = NLA_NUL_STRING,
					    .len = NFPROBE_RULE_TEXT_MAX - 1 },
	[NFPROBE_RULE_A_HOOK]		= NLA_POLICY_MAX(NLA_U8, NFPROBE_HOOK_MAX),
	[NFPROBE_RULE_A_VERDICT]	=
		NLA_POLICY_MAX(NLA_U8, NFPROBE_VERDICT_MAX),
};

static const struct nla_policy nfp_set_rule_policy[NFPROBE_A_MAX + 1] = {
	[NFPROBE_A_FLOW] = NLA_POLICY_NESTED(nfp_rule_flow_policy),
	[NFPROBE_A_RULE] = NLA_POLICY_NESTED(nfp_rule_policy),
};

/*
 * Commands that take no attributes refuse any. Since 6.1 genetlink does
 * so for a command without a policy; before, only a policy could.
 */
static const struct nla_policy nfp_no_attrs_policy[NFPROBE_A_MAX + 1] = {
	[NFPROBE_A_UNSPEC + 1 ... NFPROBE_A_MAX] = { .type = NLA_REJECT },
};

enum nfp_mcgrp {
	NFP_MCGRP_EVENTS,
	NFP_MCGRP_EVENTS_ALL,
};

static const struct genl_multicast_group nfp_mcgrps[] = {
	[NFP_MCGRP_EVENTS] = {
		.name	= NFPROBE_MCGRP_EVENTS,
		.flags	= NFP_MCGRP_NET_ADMIN,
	},
	/* Bound in the initial namespace: its admins only. */
	[NFP_MCGRP_EVENTS_ALL] = {
		.name	= NFPROBE_MCGRP_EVENTS_ALL,
		.flags	= NFP_MCGRP_NET_ADMIN,
	},
};

static int nfp_family_addr_len(u8 family)
{
	switch (family) {
	case NFPROTO_IPV4:
		return sizeof(struct in_addr);
	case NFPROTO_IPV6:
		return sizeof(struct in6_addr);
	}
	return 0;
}

static int nfp_prefix_parse(struct nlattr **tb, int addr_type, int len_type,
			    struct nfp_prefix *p, struct netlink_ext_ack *extack)
{
	struct nlattr *addr = tb[addr_type];
	int alen = nla_len(addr);

	if (alen == sizeof(struct in_addr)) {
		p->family = NFPROTO_IPV4;
	} else if (alen == sizeof(struct in6_addr)) {
		p->family = NFPROTO_IPV6;
	} else {
		NL_SET_ERR_MSG_ATTR(extack, addr,
				    "address must be 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	memset(&p->addr, 0, sizeof(p->addr));
	nla_memcpy(&p->addr, addr, alen);

	p->len = alen * BITS_PER_BYTE;
	if (tb[len_type]) {
		p->len = nla_get_u8(tb[len_type]);
		if (p->len > alen * BITS_PER_BYTE) {
			NL_SET_ERR_MSG_ATTR(extack, tb[len_type],
					    "prefix length exceeds the address length");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Only the host's administrator, asking from the initial namespace, sees
 * past its own namespace.
 */
static bool nfp_may_see_all_netns(const struct sk_buff *skb)
{
	return net_eq(sock_net(skb->sk), &init_net) &&
	       netlink_capable(skb, CAP_NET_ADMIN);
}

/*
 * Parses a filter into @f, whose netns holds the caller's namespace, or 0
 * when the filter asks for every namespace and @skb's sender may see them.
 */
static int nfp_filter_parse(const struct sk_buff *skb,
			    const struct nlattr *nest, struct nfp_filter *f,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NFPROBE_FILTER_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, NFPROBE_FILTER_A_MAX, nest,
			       nfp_filter_policy, extack);
	if (err)
		return err;

	if (tb[NFPROBE_FILTER_A_ALL_NETNS]) {
		if (!nfp_may_see_all_netns(skb)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NFPROBE_FILTER_A_ALL_NETNS],
					    "every namespace's flows need CAP_NET_ADMIN in the initial namespaces");
			return -EPERM;
		}
		f->netns = 0;
	}

	if (tb[NFPROBE_FILTER_A_FAMILY]) {
		f->family = nla_get_u8(tb[NFPROBE_FILTER_A_FAMILY]);
		if (!nfp_family_addr_len(f->family)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NFPROBE_FILTER_A_FAMILY],
					    "family must be NFPROTO_IPV4 or NFPROTO_IPV6");
			return -EINVAL;
		}
	}
	if (tb[NFPROBE_FILTER_A_PROTO]) {
		f->proto = nla_get_u8(tb[NFPROBE_FILTER_A_PROTO]);
		f->has_proto = true;
	}

	if (tb[NFPROBE_FILTER_A_SPORT]) {
		f->sport = nla_get_be16(tb[NFPROBE_FILTER_A_SPORT]);
		f->has_sport = true;
	}
	if (tb[NFPROBE_FILTER_A_DPORT]) {
		f->dport = nla_get_be16(tb[NFPROBE_FILTER_A_DPORT]);
		f->has_dport = true;
	}
	if (tb[NFPROBE_FILTER_A_VERDICTS])
		f->verdicts = nla_get_u32(tb[NFPROBE_FILTER_A_VERDICTS]);
	if (tb[NFPROBE_FILTER_A_HOOKS])
		f->hooks = nla_get_u32(tb[NFPROBE_FILTER_A_HOOKS]);
	if (tb[NFPROBE_FILTER_A_STAGES])
		f->stages = nla_get_u32(tb[NFPROBE_FILTER_A_STAGES]);
	if (tb[NFPROBE_FILTER_A_SINCE])
		f->since = nla_get_u64(tb[NFPROBE_FILTER_A_SINCE]);

	if (tb[NFPROBE_FILTER_A_SRC_PLEN] && !tb[NFPROBE_FILTER_A_SRC]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFPROBE_FILTER_A_SRC_PLEN],
				    "source prefix length without a source address");
		return -EINVAL;
	}
	if (tb[NFPROBE_FILTER_A_DST_PLEN] && !tb[NFPROBE_FILTER_A_DST]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFPROBE_FILTER_A_DST_PLEN],
				    "destination prefix length without a destination address");
		return -EINVAL;
	}

	if (tb[NFPROBE_FILTER_A_SRC]) {
		err = nfp_prefix_parse(tb, NFPROBE_FILTER_A_SRC,
				       NFPROBE_FILTER_A_SRC_PLEN, &f->src, extack);
		if (err)
			return err;
		f->has_src = true;
	}
	if (tb[NFPROBE_FILTER_A_DST]) {
		err = nfp_prefix_parse(tb, NFPROBE_FILTER_A_DST,
				       NFPROBE_FILTER_A_DST_PLEN, &f->dst, extack);
		if (err)
			return err;
		f->has_dst = true;
	}

	if ((f->has_src && f->has_dst && f->src.family != f->dst.family) ||
	    (f->family && ((f->has_src && f->src.family != f->family) ||
			   (f->has_dst && f->dst.family != f->family)))) {
		NL_SET_ERR_MSG(extack, "filter mixes IPv4 and IPv6");
		return -EINVAL;
	}
	return 0;
}

/*
 * A dump walks one per-CPU table of @slots entries after another, copying
 * each entry under its seqcount into the dump's scratch buffer.
 */
struct nfp_dump_table {
	unsigned int	(*slots)(void);
	size_t		(*entry_size)(void);
	/* Copies the entry; false if it is free or does not match. */
	bool		(*read)(unsigned int cpu, unsigned int slot, void *copy,
				const struct nfp_filter *filter);
	int		(*fill)(struct sk_buff *skb, struct netlink_callback *cb,
				unsigned int cpu, unsigned int slot,
				const void *copy);
};

struct nfp_dump_state {
	struct nfp_filter		filter;
	const struct nfp_dump_table	*table;
	/* Scratch copy of the entry being sent. */
	u64				copy[];
};

/* Dump position and state, kept in cb->ctx between messages. */
struct nfp_dump_ctx {
	struct nfp_dump_state	*state;
	u32			cpu;
	u32			slot;
};

static struct nfp_dump_ctx *nfp_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct nfp_dump_ctx) > sizeof(cb->ctx));
	return (struct nfp_dump_ctx *)cb->ctx;
}

static int nfp_dump_start(struct netlink_callback *cb,
			  const struct nfp_dump_table *table)
{
	struct nfp_dump_ctx *ctx = nfp_dump_ctx(cb);
	struct nlattr **attrs = nfp_dump_attrs(cb);
	struct nfp_dump_state *st;
	int err;

	st = kzalloc(sizeof(*st) + table->entry_size(), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	st->table = table;
	st->filter.netns = sock_net(cb->skb->sk)->ns.inum;
	if (attrs && attrs[NFPROBE_A_FILTER]) {
		err = nfp_filter_parse(cb->skb, attrs[NFPROBE_A_FILTER],
				       &st->filter, cb->extack);
		if (err) {
			kfree(st);
			return err;
		}
	}

	ctx->state = st;
	ctx->cpu = 0;
	ctx->slot = 0;
	return 0;
}

static int nfp_dump_done(struct netlink_callback *cb)
{
	kfree(nfp_dump_ctx(cb)->state);
	return 0;
}

static int nfp_dump_walk(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nfp_dump_ctx *ctx = nfp_dump_ctx(cb);
	struct nfp_dump_state *st = ctx->state;
	const struct nfp_dump_table *table = st->table;
	unsigned int cpu, slot, slots = table->slots();
	int err;

	cb->seq = atomic_read(&nfp_dump_gen);

	for (cpu = ctx->cpu; cpu < nr_cpu_ids; cpu++, ctx->slot = 0) {
		if (!cpu_possible(cpu))
			continue;
		for (slot = ctx->slot; slot < slots; slot++) {
			if (!(slot % 1024))
				cond_resched();
			if (!table->read(cpu, slot, st->copy, &st->filter))
				continue;
			err = table->fill(skb, cb, cpu, slot, st->copy);
			if (err) {
				ctx->cpu = cpu;
				ctx->slot = slot;
				/* Not even one entry fits a message. */
				return skb->len ?: err;
			}
		}
	}
	ctx->cpu = nr_cpu_ids;
	return skb->len;
}

static int nfp_put_addr(struct sk_buff *skb, int type, u8 family,
			const union nfp_addr *addr)
{
	return nla_put(skb, type, nfp_family_addr_len(family), addr);
}

static int nfp_event_fill(struct sk_buff *skb, const struct nfp_event *ev)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, NFPROBE_FLOW_A_EVENT);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u64_64bit(skb, NFPROBE_EVENT_A_TIME, ev->tstamp,
			      NFPROBE_EVENT_A_PAD) ||
	    nla_put_u8(skb, NFPROBE_EVENT_A_HOOK, ev->hook) ||
	    nla_put_u8(skb, NFPROBE_EVENT_A_STAGE, ev->stage) ||
	    nla_put_u8(skb, NFPROBE_EVENT_A_VERDICT, ev->verdict) ||
	    (ev->reject &&
	     nla_put_u8(skb, NFPROBE_EVENT_A_REJECT, ev->reject)) ||
	    nla_put_u8(skb, NFPROBE_EVENT_A_CT_STATE, ev->ct_state) ||
	    nla_put_u8(skb, NFPROBE_EVENT_A_DIR, ev->dir) ||
	    (ev->iif && nla_put_u32(skb, NFPROBE_EVENT_A_IIF, ev->iif)) ||
	    (ev->oif && nla_put_u32(skb, NFPROBE_EVENT_A_OIF, ev->oif)) ||
	    nla_put_u32(skb, NFPROBE_EVENT_A_LEN, ev->len) ||
	    (ev->tcp_flags &&
	     nla_put_u8(skb, NFPROBE_EVENT_A_TCP_FLAGS, ev->tcp_flags)) ||
	    (ev->ct_fail &&
	     nla_put_u8(skb, NFPROBE_EVENT_A_CT_FAIL, ev->ct_fail))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int nfp_flow_key_fill(struct sk_buff *skb, const struct nfp_flow_key *k)
{
	bool icmp = k->proto == IPPROTO_ICMP || k->proto == IPPROTO_ICMPV6;

	if (nla_put_u32(skb, NFPROBE_FLOW_A_NETNS, k->netns) ||
	    nla_put_u8(skb, NFPROBE_FLOW_A_FAMILY, k->family) ||
	    nla_put_u8(skb, NFPROBE_FLOW_A_PROTO, k->proto) ||
	    nfp_put_addr(skb, NFPROBE_FLOW_A_SRC, k->family, &k->src) ||
	    nfp_put_addr(skb, NFPROBE_FLOW_A_DST, k->family, &k->dst))
		return -EMSGSIZE;

	if (icmp)
		return nla_put_be16(skb, NFPROBE_FLOW_A_ICMP_ID, k->sport) ||
		       nla_put_u8(skb, NFPROBE_FLOW_A_ICMP_TYPE,
				  ntohs(k->dport) >> 8) ||
		       nla_put_u8(skb, NFPROBE_FLOW_A_ICMP_CODE,
				  ntohs(k->dport) & 0xff) ? -EMSGSIZE : 0;
	if (k->sport || k->dport)
		return nla_put_be16(skb, NFPROBE_FLOW_A_SPORT, k->sport) ||
		       nla_put_be16(skb, NFPROBE_FLOW_A_DPORT, k->dport) ?
		       -EMSGSIZE : 0;
	return 0;
}

static int nfp_flow_nat_fill(struct sk_buff *skb, u8 family,
			     const struct nfp_nat *nat)
{
	if (nfp_put_addr(skb, NFPROBE_FLOW_A_NAT_SRC, family, &nat->src) ||
	    nfp_put_addr(skb, NFPROBE_FLOW_A_NAT_DST, family, &nat->dst))
		return -EMSGSIZE;
	if (!nat->sport && !nat->dport)
		return 0;
	return nla_put_be16(skb, NFPROBE_FLOW_A_NAT_SPORT, nat->sport) ||
	       nla_put_be16(skb, NFPROBE_FLOW_A_NAT_DPORT, nat->dport) ?
	       -EMSGSIZE : 0;
}

static int nfp_rule_note_fill(struct sk_buff *skb,
			      const struct nfp_rule_note *n)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, NFPROBE_FLOW_A_RULE);
	if (!nest ||
	    nla_put_u8(skb, NFPROBE_RULE_A_SOURCE, n->source) ||
	    nla_put_u8(skb, NFPROBE_RULE_A_TABLE_FAMILY, n->table_family) ||
	    nla_put_string(skb, NFPROBE_RULE_A_TABLE, n->table) ||
	    nla_put_string(skb, NFPROBE_RULE_A_CHAIN, n->chain) ||
	    nla_put_u64_64bit(skb, NFPROBE_RULE_A_HANDLE, n->handle,
			      NFPROBE_RULE_A_PAD) ||
	    nla_put_u32(skb, NFPROBE_RULE_A_POSITION, n->position) ||
	    (n->text[0] && nla_put_string(skb, NFPROBE_RULE_A_TEXT, n->text)) ||
	    nla_put_u8(skb, NFPROBE_RULE_A_HOOK, n->hook) ||
	    nla_put_u8(skb, NFPROBE_RULE_A_VERDICT, n->verdict) ||
	    nla_put_u64_64bit(skb, NFPROBE_RULE_A_TIME, n->tstamp,
			      NFPROBE_RULE_A_PAD)) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The rule named for flow entry @flow_id at generation @gen, if any. */
static int nfp_flow_rule_fill(struct sk_buff *skb, u64 flow_id, u32 gen)
{
	const struct nfp_rule_note *n;
	int err = 0;

	if (!nfp_rule_notes_any())
		return 0;
	nfp_rule_notes_lock();
	n = nfp_rule_note_find(flow_id, gen);
	if (n)
		err = nfp_rule_note_fill(skb, n);
	nfp_rule_notes_unlock();
	return err;
}

/*
 * A counter of trouble (drops, rejects, steals, conntrack failures) is
 * zero for most flows and then left out, as the UAPI allows: a full table
 * is hundreds of thousands of flows, and each left out is 12 bytes fewer
 * to build and copy.
 */
static int nfp_put_trouble_count(struct sk_buff *skb, int type, u64 count)
{
	return count ? nla_put_u64_64bit(skb, type, count, NFPROBE_FLOW_A_PAD) :
		       0;
}

/* One flow as an NFPROBE_A_FLOW nest, its events oldest first. */
static int nfp_flow_put(struct sk_buff *skb, unsigned int cpu,
			unsigned int slot, const struct nfp_flow *f)
{
	struct nlattr *flow, *events;
	unsigned int i, n, first;

	flow = nla_nest_start(skb, NFPROBE_A_FLOW);
	if (!flow)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, NFPROBE_FLOW_A_ID, (u64)cpu << 32 | slot,
			      NFPROBE_FLOW_A_PAD) ||
	    nla_put_u32(skb, NFPROBE_FLOW_A_CPU, cpu) ||
	    nfp_flow_key_fill(skb, &f->key) ||
	    nla_put_u64_64bit(skb, NFPROBE_FLOW_A_FIRST_SEEN, f->first_seen,
			      NFPROBE_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, NFPROBE_FLOW_A_LAST_SEEN, f->last_seen,
			      NFPROBE_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, NFPROBE_FLOW_A_PACKETS, f->packets,
			      NFPROBE_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, NFPROBE_FLOW_A_ACCEPTED, f->accepted,
			      NFPROBE_FLOW_A_PAD) ||
	    nfp_put_trouble_count(skb, NFPROBE_FLOW_A_DROPPED, f->dropped) ||
	    nfp_put_trouble_count(skb, NFPROBE_FLOW_A_REJECTED, f->rejected) ||
	    nfp_put_trouble_count(skb, NFPROBE_FLOW_A_STOLEN, f->stolen) ||
	    nla_put_u64_64bit(skb, NFPROBE_FLOW_A_EVENTS_TOTAL,
			      f->events_total, NFPROBE_FLOW_A_PAD) ||
	    nfp_put_trouble_count(skb, NFPROBE_FLOW_A_CT_ALLOC_FAILED,
				  f->ct_alloc_failed) ||
	    nfp_put_trouble_count(skb, NFPROBE_FLOW_A_CT_INSERT_FAILED,
				  f->ct_insert_failed) ||
	    nla_put_u32(skb, NFPROBE_FLOW_A_GEN, f->gen) ||
	    (f->has_nat && nfp_flow_nat_fill(skb, f->key.family, &f->nat)) ||
	    nfp_flow_rule_fill(skb, (u64)cpu << 32 | slot, f->gen))
		goto err_cancel;

	events = nla_nest_start(skb, NFPROBE_FLOW_A_EVENTS);
	if (!events)
		goto err_cancel;
	/* Once the ring wrapped, the oldest event is at ev_next. */
	n = min_t(u64, f->events_total, nfp_events_per_flow);
	first = f->events_total > nfp_events_per_flow ? f->ev_next : 0;
	for (i = 0; i < n; i++) {
		if (nfp_event_fill(skb, &f->events[(first + i) %
						   nfp_events_per_flow]))
			goto err_cancel;
	}
	nla_nest_end(skb, events);
	nla_nest_end(skb, flow);
	return 0;

err_cancel:
	nla_nest_cancel(skb, flow);
	return -EMSGSIZE;
}

static int nfp_flow_fill(struct sk_buff *skb, struct netlink_callback *cb,
			 unsigned int cpu, unsigned int slot,
			 const struct nfp_flow *f)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nfp_genl_family, NLM_F_MULTI, NFPROBE_CMD_GET_FLOWS);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);

	if (nfp_flow_put(skb, cpu, slot, f)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static unsigned int nfp_flows_slots(void)
{
	return nfp_flows_per_cpu;
}

static bool nfp_flows_read(unsigned int cpu, unsigned int slot, void *copy,
			   const struct nfp_filter *filter)
{
	return nfp_flow_read(nfp_flow_slot(cpu, slot), copy) &&
	       nfp_filter_match(filter, copy);
}

static int nfp_flows_fill(struct sk_buff *skb, struct netlink_callback *cb,
			  unsigned int cpu, unsigned int slot, const void *copy)
{
	return nfp_flow_fill(skb, cb, cpu, slot, copy);
}

static const struct nfp_dump_table nfp_flows_table = {
	.slots		= nfp_flows_slots,
	.entry_size	= nfp_flow_size,
	.read		= nfp_flows_read,
	.fill		= nfp_flows_fill,
};

static int nfp_flows_start(struct netlink_callback *cb)
{
	return nfp_dump_start(cb, &nfp_flows_table);
}

static unsigned int nfp_sources_slots(void)
{
	return NFP_CT_SOURCES_PER_CPU;
}

static size_t nfp_sources_entry_size(void)
{
	return sizeof(struct nfp_ct_source);
}

static bool nfp_sources_read(unsigned int cpu, unsigned int slot, void *copy,
			     const struct nfp_filter *filter)
{
	const struct nfp_ct_source *src = copy;

	if (!nfp_ct_source_read(nfp_ct_source_slot(cpu, slot), copy))
		return false;
	if ((filter->netns && src->netns != filter->netns) ||
	    (filter->family && src->family != filter->family))
		return false;
	return !filter->has_src ||
	       nfp_prefix_match(&filter->src, src->family, &src->addr);
}

static int nfp_sources_fill(struct sk_buff *skb, struct netlink_callback *cb,
			    unsigned int cpu, unsigned int slot,
			    const void *copy)
{
	const struct nfp_ct_source *src = copy;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nfp_genl_family, NLM_F_MULTI,
			  NFPROBE_CMD_GET_CT_SOURCES);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);

	nest = nla_nest_start(skb, NFPROBE_A_CT_SOURCE);
	if (!nest ||
	    nla_put_u32(skb, NFPROBE_CT_SOURCE_A_CPU, cpu) ||
	    nla_put_u32(skb, NFPROBE_CT_SOURCE_A_NETNS, src->netns) ||
	    nla_put_u8(skb, NFPROBE_CT_SOURCE_A_FAMILY, src->family) ||
	    nfp_put_addr(skb, NFPROBE_CT_SOURCE_A_ADDR, src->family,
			 &src->addr) ||
	    nla_put_u64_64bit(skb, NFPROBE_CT_SOURCE_A_ALLOC_FAILED,
			      src->alloc_failed, NFPROBE_CT_SOURCE_A_PAD) ||
	    nla_put_u64_64bit(skb, NFPROBE_CT_SOURCE_A_INSERT_FAILED,
			      src->insert_failed, NFPROBE_CT_SOURCE_A_PAD) ||
	    nla_put_u64_64bit(skb, NFPROBE_CT_SOURCE_A_LAST_SEEN,
			      src->last_seen, NFPROBE_CT_SOURCE_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static const struct nfp_dump_table nfp_sources_table = {
	.slots		= nfp_sources_slots,
	.entry_size	= nfp_sources_entry_size,
	.read		= nfp_sources_read,
	.fill		= nfp_sources_fill,
};

static int nfp_sources_start(struct netlink_callback *cb)
{
	return nfp_dump_start(cb, &nfp_sources_table);
}

static int nfp_info_fill(struct sk_buff *msg)
{
	struct nfp_watch_stats watch;
	struct nfp_stats stats;
	struct nlattr *nest;

	nfp_stats_read(&stats);
	nfp_watch_stats_read(&watch);

	nest = nla_nest_start(msg, NFPROBE_A_INFO);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(msg, NFPROBE_INFO_A_VERSION, NFP_VERSION) ||
	    nla_put_u32(msg, NFPROBE_INFO_A_FLOWS_PER_CPU, nfp_flows_per_cpu) ||
	    nla_put_u32(msg, NFPROBE_INFO_A_EVENTS_PER_FLOW,
			nfp_events_per_flow) ||
	    nla_put_u32(msg, NFPROBE_INFO_A_CPUS, num_possible_cpus()) ||
	    nla_put_u64_64bit(msg, NFPROBE_INFO_A_FLOWS_IN_USE,
			      stats.flows_in_use, NFPROBE_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFPROBE_INFO_A_EVICTIONS, stats.evictions,
			      NFPROBE_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFPROBE_INFO_A_EVENTS, stats.events,
			      NFPROBE_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFPROBE_INFO_A_INFLIGHT_LOST,
			      stats.inflight_lost, NFPROBE_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFPROBE_INFO_A_EVENTS_SENT, watch.sent,
			      NFPROBE_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFPROBE_INFO_A_EVENTS_SUPPRESSED,
			      watch.suppressed, NFPROBE_INFO_A_PAD) ||
	    nla_put_u32(msg, NFPROBE_INFO_A_FEATURES, NFP_FEATURES) ||
	    nla_put_u32(msg, NFPROBE_INFO_A_PROBES, nfp_probes_registered()))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfp_info_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &nfp_genl_family, 0,
				NFPROBE_CMD_GET_INFO);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	err = nfp_info_fill(msg);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/* Only the source address and family tell which sources a filter names. */
static bool nfp_filter_names_sources(const struct nfp_filter *f)
{
	return !f->has_proto && !f->has_dst && !f->has_sport &&
	       !f->has_dport && !f->verdicts && !f->hooks && !f->stages &&
	       !f->since;
}

/* Forgets the matching entries of every CPU's tables; returns how many. */
static u64 nfp_reset_flows(const struct nfp_filter *filter,
			   struct nfp_flow *copy)
{
	unsigned int cpu, slot;
	u64 n = 0;

	for_each_possible_cpu(cpu) {
		for (slot = 0; slot < nfp_flows_per_cpu; slot++) {
			struct nfp_flow *f = nfp_flow_slot(cpu, slot);

			if (!(slot % 1024))
				cond_resched();
			if (!nfp_flow_read(f, copy) ||
			    !nfp_filter_match(filter, copy))
				continue;
			nfp_flow_forget(f, copy->gen);
			n++;
		}
	}
	return n;
}

static u64 nfp_reset_sources(const struct nfp_filter *filter)
{
	struct nfp_ct_source copy;
	unsigned int cpu, slot;
	u64 n = 0;

	for_each_possible_cpu(cpu) {
		for (slot = 0; slot < NFP_CT_SOURCES_PER_CPU; slot++) {
			struct nfp_ct_source *src = nfp_ct_source_slot(cpu, slot);

			if (!nfp_sources_read(cpu, slot, &copy, filter))
				continue;
			nfp_ct_source_forget(src, copy.gen);
			n++;
		}
		cond_resched();
	}
	return n;
}

static int nfp_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nfp_filter filter = {
		.netns = genl_info_net(info)->ns.inum,
	};
	u64 flows, sources = 0;
	struct nfp_flow *copy;
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[NFPROBE_A_FILTER]) {
		err = nfp_filter_parse(skb, info->attrs[NFPROBE_A_FILTER],
				       &filter, info->extack);
		if (err)
			return err;
	}
	copy = kmalloc(nfp_flow_size(), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto err_free_copy;
	}

	flows = nfp_reset_flows(&filter, copy);
	if (nfp_filter_names_sources(&filter))
		sources = nfp_reset_sources(&filter);
	/* Dumps in progress may have shown some of them: tell them. */
	atomic_inc(&nfp_dump_gen);

	hdr = genlmsg_put_reply(msg, info, &nfp_genl_family, 0,
				NFPROBE_CMD_RESET);
	if (!hdr)
		goto err_msgsize;
	nest = nla_nest_start(msg, NFPROBE_A_RESET);
	if (!nest ||
	    nla_put_u64_64bit(msg, NFPROBE_RESET_A_FLOWS, flows,
			      NFPROBE_RESET_A_PAD) ||
	    nla_put_u64_64bit(msg, NFPROBE_RESET_A_SOURCES, sources,
			      NFPROBE_RESET_A_PAD))
		goto err_msgsize;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	kfree(copy);
	return genlmsg_reply(msg, info);

err_msgsize:
	err = -EMSGSIZE;
	nlmsg_free(msg);
err_free_copy:
	kfree(copy);
	return err;
}

/* Dump state of GET_STATS: the next counter index to look at. */
struct nfp_stats_ctx {
	unsigned int	next;
};

static int nfp_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nfp_stats_ctx *ctx = (struct nfp_stats_ctx *)cb->ctx;
	unsigned int i, family, hook, stage, verdict;
	struct nlattr *nest;
	void *hdr;
	u64 packets;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	for (i = ctx->next; i < NFP_COUNTERS; i++) {
		packets = nfp_counter_read(i);
		if (!packets)
			continue;

		verdict = i % __NFPROBE_VERDICT_MAX;
		stage = i / __NFPROBE_VERDICT_MAX % __NFPROBE_STAGE_MAX;
		hook = i / (__NFPROBE_VERDICT_MAX * __NFPROBE_STAGE_MAX) %
		       __NFPROBE_HOOK_MAX;
		family = i / (__NFPROBE_VERDICT_MAX * __NFPROBE_STAGE_MAX *
			      __NFPROBE_HOOK_MAX) ? NFPROTO_IPV6 : NFPROTO_IPV4;

		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &nfp_genl_family,
				  NLM_F_MULTI, NFPROBE_CMD_GET_STATS);
		if (!hdr)
			break;
		nest = nla_nest_start(skb, NFPROBE_A_COUNTER);
		if (!nest ||
		    nla_put_u8(skb, NFPROBE_COUNTER_A_FAMILY, family) ||
		    nla_put_u8(skb, NFPROBE_COUNTER_A_HOOK, hook) ||
		    nla_put_u8(skb, NFPROBE_COUNTER_A_STAGE, stage) ||
		    nla_put_u8(skb, NFPROBE_COUNTER_A_VERDICT, verdict) ||
		    nla_put_u64_64bit(skb, NFPROBE_COUNTER_A_PACKETS, packets,
				      NFPROBE_COUNTER_A_PAD)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		nla_nest_end(skb, nest);
		genlmsg_end(skb, hdr);
	}
	ctx->next = i;
	return skb->len;
}

static int nfp_prefix_fill(struct sk_buff *msg, int addr_type, int len_type,
			   const struct nfp_prefix *p)
{
	return nfp_put_addr(msg, addr_type, p->family, &p->addr) ||
	       nla_put_u8(msg, len_type, p->len) ? -EMSGSIZE : 0;
}

/* The key-level part of a filter, as the request that made it. */
static int nfp_filter_fill(struct sk_buff *msg, const struct nfp_filter *f)
{
	if ((!f->netns && nla_put_flag(msg, NFPROBE_FILTER_A_ALL_NETNS)) ||
	    (f->family && nla_put_u8(msg, NFPROBE_FILTER_A_FAMILY, f->family)) ||
	    (f->has_src && nfp_prefix_fill(msg, NFPROBE_FILTER_A_SRC,
					   NFPROBE_FILTER_A_SRC_PLEN, &f->src)) ||
	    (f->has_dst && nfp_prefix_fill(msg, NFPROBE_FILTER_A_DST,
					   NFPROBE_FILTER_A_DST_PLEN, &f->dst)) ||
	    (f->has_proto && nla_put_u8(msg, NFPROBE_FILTER_A_PROTO, f->proto)) ||
	    (f->has_sport &&
	     nla_put_be16(msg, NFPROBE_FILTER_A_SPORT, f->sport)) ||
	    (f->has_dport &&
	     nla_put_be16(msg, NFPROBE_FILTER_A_DPORT, f->dport)))
		return -EMSGSIZE;
	return 0;
}

/* Filter attributes a track filter may hold: those of the flow's key. */
#define NFP_TRACK_ATTRS	(BIT(NFPROBE_FILTER_A_FAMILY) |			\
			 BIT(NFPROBE_FILTER_A_SRC) |			\
			 BIT(NFPROBE_FILTER_A_SRC_PLEN) |		\
			 BIT(NFPROBE_FILTER_A_DST) |			\
			 BIT(NFPROBE_FILTER_A_DST_PLEN) |		\
			 BIT(NFPROBE_FILTER_A_PROTO) |			\
			 BIT(NFPROBE_FILTER_A_SPORT) |			\
			 BIT(NFPROBE_FILTER_A_DPORT) |			\
			 BIT(NFPROBE_FILTER_A_ALL_NETNS))

static int nfp_track_parse(const struct sk_buff *skb, const struct nlattr *nest,
			   struct nfp_config_change *change,
			   struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem, err;

	change->set_track = true;
	if (!nla_len(nest))
		return 0;

	nla_for_each_nested(attr, nest, rem) {
		if (!(BIT(nla_type(attr)) & NFP_TRACK_ATTRS)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "a track filter selects by address, protocol and port only");
			return -EINVAL;
		}
	}
	/* Without ALL_NETNS, the caller's namespace only. */
	change->track.netns = sock_net(skb->sk)->ns.inum;
	err = nfp_filter_parse(skb, nest, &change->track, extack);
	if (err)
		return err;
	change->has_track = true;
	return 0;
}

static int nfp_config_fill(struct sk_buff *msg)
{
	struct nfp_config config;
	struct nlattr *nest, *track;

	nfp_config_read(&config);
	nest = nla_nest_start(msg, NFPROBE_A_CONFIG);
	if (!nest ||
	    nla_put_u8(msg, NFPROBE_CONFIG_A_ENABLED, config.enabled) ||
	    nla_put_u32(msg, NFPROBE_CONFIG_A_EVENT_RATE, config.event_rate))
		return -EMSGSIZE;
	track = nla_nest_start(msg, NFPROBE_CONFIG_A_TRACK);
	if (!track ||
	    (config.has_track && nfp_filter_fill(msg, &config.track)))
		return -EMSGSIZE;
	nla_nest_end(msg, track);
	if (config.has_track && config.track.netns &&
	    nla_put_u32(msg, NFPROBE_CONFIG_A_TRACK_NETNS, config.track.netns))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfp_config_reply(struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nfp_genl_family, 0,
				NFPROBE_CMD_GET_CONFIG);
	if (!hdr || nfp_config_fill(msg)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int nfp_get_config_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nfp_config_reply(info);
}

static int nfp_set_config_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[NFPROBE_CONFIG_A_MAX + 1];
	struct nfp_config_change change = {};
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NFPROBE_A_CONFIG))
		return -EINVAL;
	err = nla_parse_nested(tb, NFPROBE_CONFIG_A_MAX,
			       info->attrs[NFPROBE_A_CONFIG], nfp_config_policy,
			       info->extack);
	if (err)
		return err;

	if (tb[NFPROBE_CONFIG_A_ENABLED]) {
		change.set_enabled = true;
		change.enabled = nla_get_u8(tb[NFPROBE_CONFIG_A_ENABLED]);
	}
	if (tb[NFPROBE_CONFIG_A_EVENT_RATE]) {
		change.set_event_rate = true;
		change.event_rate = nla_get_u32(tb[NFPROBE_CONFIG_A_EVENT_RATE]);
	}
	if (tb[NFPROBE_CONFIG_A_TRACK]) {
		err = nfp_track_parse(skb, tb[NFPROBE_CONFIG_A_TRACK], &change,
				      info->extack);
		if (err)
			return err;
	}
	err = nfp_config_write(&change);
	if (err)
		return err;
	return nfp_config_reply(info);
}

bool nfp_genl_has_event_listeners(struct net *net)
{
	return genl_has_listeners(&nfp_genl_family, net, NFP_MCGRP_EVENTS) ||
	       genl_has_listeners(&nfp_genl_family, &init_net,
				  NFP_MCGRP_EVENTS_ALL);
}

/*
 * A message about one packet's event: NFPROBE_CMD_EVENT, or with @ref
 * NFPROBE_CMD_TRACE_EVENT, which names the flow entry that recorded it.
 */
static struct sk_buff *nfp_event_msg(u8 cmd, const struct nfp_flow_key *key,
				     const struct nfp_nat *nat,
				     const struct nfp_event *ev,
				     const struct nfp_flow_ref *ref)
{
	struct nlattr *flow, *events;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	hdr = genlmsg_put(msg, 0, 0, &nfp_genl_family, 0, cmd);
	if (!hdr)
		goto err_free;
	flow = nla_nest_start(msg, NFPROBE_A_FLOW);
	if (!flow || nfp_flow_key_fill(msg, key) ||
	    (nat && nfp_flow_nat_fill(msg, key->family, nat)))
		goto err_free;
	if (ref && ref->valid &&
	    (nla_put_u64_64bit(msg, NFPROBE_FLOW_A_ID,
			       (u64)ref->cpu << 32 | ref->slot,
			       NFPROBE_FLOW_A_PAD) ||
	     nla_put_u32(msg, NFPROBE_FLOW_A_GEN, ref->gen)))
		goto err_free;
	events = nla_nest_start(msg, NFPROBE_FLOW_A_EVENTS);
	if (!events || nfp_event_fill(msg, ev))
		goto err_free;
	nla_nest_end(msg, events);
	nla_nest_end(msg, flow);
	return msg;

err_free:
	nlmsg_free(msg);
	return NULL;
}

/* Closes a message of nfp_event_msg() after its top-level additions. */
static void nfp_event_msg_end(struct sk_buff *msg)
{
	nlmsg_end(msg, nlmsg_hdr(msg));
}

void nfp_genl_send_event(struct net *net, const struct nfp_flow_key *key,
			 const struct nfp_nat *nat,
			 const struct nfp_event *ev, u64 suppressed)
{
	bool local = genl_has_listeners(&nfp_genl_family, net,
					NFP_MCGRP_EVENTS);
	bool all = genl_has_listeners(&nfp_genl_family, &init_net,
				      NFP_MCGRP_EVENTS_ALL);
	struct sk_buff *msg, *copy;

	msg = nfp_event_msg(NFPROBE_CMD_EVENT, key, nat, ev, NULL);
	if (!msg)
		return;
	if (nla_put_u64_64bit(msg, NFPROBE_A_EVENTS_SUPPRESSED, suppressed,
			      NFPROBE_A_PAD)) {
		nlmsg_free(msg);
		return;
	}
	nfp_event_msg_end(msg);
	if (all) {
		copy = local ? skb_clone(msg, GFP_KERNEL) : msg;
		if (copy)
			genlmsg_multicast_netns(&nfp_genl_family, &init_net,
						copy, 0, NFP_MCGRP_EVENTS_ALL,
						GFP_KERNEL);
		if (!local)
			return;
	}
	genlmsg_multicast_netns(&nfp_genl_family, net, msg, 0,
				NFP_MCGRP_EVENTS, GFP_KERNEL);
}

void nfp_genl_send_trace(struct net *net, u32 portid, u32 id,
			 const struct nfp_flow_key *key,
			 const struct nfp_nat *nat, const struct nfp_event *ev,
			 const struct nfp_flow_ref *ref)
{
	struct nlattr *nest;
	struct sk_buff *msg;

	msg = nfp_event_msg(NFPROBE_CMD_TRACE_EVENT, key, nat, ev, ref);
	if (!msg)
		return;
	nest = nla_nest_start(msg, NFPROBE_A_TRACE);
	if (!nest || nla_put_u32(msg, NFPROBE_TRACE_A_ID, id)) {
		nlmsg_free(msg);
		return;
	}
	nla_nest_end(msg, nest);
	nfp_event_msg_end(msg);
	/* A reader too slow loses events, as with any netlink socket. */
	genlmsg_unicast(net, msg, portid);
}

static int nfp_trace_start_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[NFPROBE_TRACE_A_MAX + 1] = {};
	struct net *net = genl_info_net(info);
	struct nfp_filter filter = { .netns = net->ns.inum };
	u32 count = 10, timeout = 10000, id;
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[NFPROBE_A_FILTER]) {
		err = nfp_filter_parse(skb, info->attrs[NFPROBE_A_FILTER],
				       &filter, info->extack);
		if (err)
			return err;
		if (filter.netns != net->ns.inum) {
			NL_SET_ERR_MSG(info->extack,
				       "a trace session covers its own namespace only");
			return -EINVAL;
		}
		if (filter.verdicts || filter.hooks || filter.stages ||
		    filter.since) {
			NL_SET_ERR_MSG(info->extack,
				       "a trace filter names flows: addresses, ports, protocol, family");
			return -EINVAL;
		}
	}
	if (info->attrs[NFPROBE_A_TRACE]) {
		err = nla_parse_nested(tb, NFPROBE_TRACE_A_MAX,
				       info->attrs[NFPROBE_A_TRACE],
				       nfp_trace_policy, info->extack);
		if (err)
			return err;
		if (tb[NFPROBE_TRACE_A_COUNT])
			count = nla_get_u32(tb[NFPROBE_TRACE_A_COUNT]);
		if (tb[NFPROBE_TRACE_A_TIMEOUT])
			timeout = nla_get_u32(tb[NFPROBE_TRACE_A_TIMEOUT]);
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = nfp_trace_start(net, info->snd_portid, &filter, count, timeout,
			      &id, info->extack);
	if (err)
		goto err_free;

	hdr = genlmsg_put_reply(msg, info, &nfp_genl_family, 0,
				NFPROBE_CMD_TRACE_START);
	if (!hdr)
		goto err_stop;
	nest = nla_nest_start(msg, NFPROBE_A_TRACE);
	if (!nest || nla_put_u32(msg, NFPROBE_TRACE_A_ID, id))
		goto err_stop;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_stop:
	nfp_trace_stop(net, id);
	err = -EMSGSIZE;
err_free:
	nlmsg_free(msg);
	return err;
}

static int nfp_trace_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[NFPROBE_TRACE_A_MAX + 1];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NFPROBE_A_TRACE))
		return -EINVAL;
	err = nla_parse_nested(tb, NFPROBE_TRACE_A_MAX,
			       info->attrs[NFPROBE_A_TRACE], nfp_trace_policy,
			       info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[NFPROBE_A_TRACE], tb,
			      NFPROBE_TRACE_A_ID))
		return -EINVAL;
	err = nfp_trace_stop(genl_info_net(info),
			     nla_get_u32(tb[NFPROBE_TRACE_A_ID]));
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[NFPROBE_TRACE_A_ID],
				    "no such trace session in this namespace");
	return err;
}

/* The flow entry @id at generation @gen holds a flow of @netns. */
static bool nfp_flow_entry_is(u64 id, u32 gen, u32 netns)
{
	unsigned int cpu = id >> 32, slot = (u32)id;
	struct nfp_flow *copy;
	bool ok;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu) ||
	    slot >= nfp_flows_per_cpu)
		return false;
	copy = kmalloc(nfp_flow_size(), GFP_KERNEL);
	if (!copy)
		return false;
	ok = nfp_flow_read(nfp_flow_slot(cpu, slot), copy) &&
	     copy->gen == gen && copy->key.netns == netns;
	kfree(copy);
	return ok;
}

static int nfp_set_flow_rule_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *flow[NFPROBE_FLOW_A_MAX + 1];
	struct nlattr *tb[NFPROBE_RULE_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct nfp_rule_note *note;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NFPROBE_A_FLOW) ||
	    GENL_REQ_ATTR_CHECK(info, NFPROBE_A_RULE))
		return -EINVAL;
	err = nla_parse_nested(flow, NFPROBE_FLOW_A_MAX,
			       info->attrs[NFPROBE_A_FLOW],
			       nfp_rule_flow_policy, extack);
	if (err)
		return err;
	err = nla_parse_nested(tb, NFPROBE_RULE_A_MAX,
			       info->attrs[NFPROBE_A_RULE], nfp_rule_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, info->attrs[NFPROBE_A_FLOW], flow,
			      NFPROBE_FLOW_A_ID) ||
	    NL_REQ_ATTR_CHECK(extack, info->attrs[NFPROBE_A_FLOW], flow,
			      NFPROBE_FLOW_A_GEN) ||
	    NL_REQ_ATTR_CHECK(extack, info->attrs[NFPROBE_A_RULE], tb,
			      NFPROBE_RULE_A_TABLE) ||
	    NL_REQ_ATTR_CHECK(extack, info->attrs[NFPROBE_A_RULE], tb,
			      NFPROBE_RULE_A_CHAIN) ||
	    NL_REQ_ATTR_CHECK(extack, info->attrs[NFPROBE_A_RULE], tb,
			      NFPROBE_RULE_A_HOOK) ||
	    NL_REQ_ATTR_CHECK(extack, info->attrs[NFPROBE_A_RULE], tb,
			      NFPROBE_RULE_A_VERDICT))
		return -EINVAL;

	note = kzalloc(sizeof(*note), GFP_KERNEL);
	if (!note)
		return -ENOMEM;
	note->flow_id = nla_get_u64(flow[NFPROBE_FLOW_A_ID]);
	note->gen = nla_get_u32(flow[NFPROBE_FLOW_A_GEN]);
	if (!nfp_flow_entry_is(note->flow_id, note->gen,
			       genl_info_net(info)->ns.inum)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[NFPROBE_A_FLOW],
				    "no such flow entry in this namespace (reset or reused)");
		err = -ENOENT;
		goto out;
	}
	if (tb[NFPROBE_RULE_A_SOURCE])
		note->source = nla_get_u8(tb[NFPROBE_RULE_A_SOURCE]);
	if (tb[NFPROBE_RULE_A_TABLE_FAMILY])
		note->table_family = nla_get_u8(tb[NFPROBE_RULE_A_TABLE_FAMILY]);
	nla_strscpy(note->table, tb[NFPROBE_RULE_A_TABLE], sizeof(note->table));
	nla_strscpy(note->chain, tb[NFPROBE_RULE_A_CHAIN], sizeof(note->chain));
	if (tb[NFPROBE_RULE_A_TEXT])
		nla_strscpy(note->text, tb[NFPROBE_RULE_A_TEXT],
			    sizeof(note->text));
	if (tb[NFPROBE_RULE_A_HANDLE])
		note->handle = nla_get_u64(tb[NFPROBE_RULE_A_HANDLE]);
	if (tb[NFPROBE_RULE_A_POSITION])
		note->position = nla_get_u32(tb[NFPROBE_RULE_A_POSITION]);
	note->hook = nla_get_u8(tb[NFPROBE_RULE_A_HOOK]);
	note->verdict = nla_get_u8(tb[NFPROBE_RULE_A_VERDICT]);
	note->tstamp = ktime_get_real_ns();
	err = nfp_rule_note_set(note);
out:
	kfree(note);
	return err;
}

static const struct genl_ops nfp_genl_ops[] = {
	{
		.cmd	= NFPROBE_CMD_GET_FLOWS,
		.start	= nfp_flows_start,
		.dumpit	= nfp_dump_walk,
		.done	= nfp_dump_done,
		.policy	= nfp_dump_policy,
		.maxattr = NFPROBE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_GET_CT_SOURCES,
		.start	= nfp_sources_start,
		.dumpit	= nfp_dump_walk,
		.done	= nfp_dump_done,
		.policy	= nfp_dump_policy,
		.maxattr = NFPROBE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_GET_INFO,
		.doit	= nfp_info_doit,
		.policy	= nfp_no_attrs_policy,
		.maxattr = NFPROBE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_RESET,
		.doit	= nfp_reset_doit,
		.policy	= nfp_dump_policy,
		.maxattr = NFPROBE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_GET_STATS,
		.dumpit	= nfp_stats_dump,
		.policy	= nfp_no_attrs_policy,
		.maxattr = NFPROBE_A_MAX,
		/* Counters of every namespace: the host's admin only. */
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_GET_CONFIG,
		.doit	= nfp_get_config_doit,
		.policy	= nfp_no_attrs_policy,
		.maxattr = NFPROBE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_SET_CONFIG,
		.doit	= nfp_set_config_doit,
		.policy	= nfp_set_config_policy,
		.maxattr = NFPROBE_A_MAX,
		/* The settings are the host's. */
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_TRACE_START,
		.doit	= nfp_trace_start_doit,
		.policy	= nfp_trace_start_policy,
		.maxattr = NFPROBE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_TRACE_STOP,
		.doit	= nfp_trace_stop_doit,
		.policy	= nfp_trace_start_policy,
		.maxattr = NFPROBE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFPROBE_CMD_SET_FLOW_RULE,
		.doit	= nfp_set_flow_rule_doit,
		.policy	= nfp_set_rule_policy,
		.maxattr = NFPROBE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family nfp_genl_family __ro_after_init = {
	.name		= NFPROBE_GENL_NAME,
	.version	= NFPROBE_GENL_VERSION,
	.maxattr	= NFPROBE_A_MAX,
	.module		= THIS_MODULE,
	.ops		= nfp_genl_ops,
	.n_ops		= ARRAY_SIZE(nfp_genl_ops),
	.mcgrps		= nfp_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(nfp_mcgrps),
	/* Strict validation of every command and attribute. */
	NFP_GENL_STRICT_ALL
	/* Flows are kept per namespace; callers see their own. */
	.netnsok	= true,
	/* Requests share no state, so no genl_mutex. */
	.parallel_ops	= true,
};

int nfp_genl_init(void)
{
	return genl_register_family(&nfp_genl_family);
}

void nfp_genl_exit(void)
{
	genl_unregister_family(&nfp_genl_family);
}
