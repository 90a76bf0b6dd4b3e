// SPDX-License-Identifier: GPL-2.0
/*
 * Flows as the kernel dumps them, one entry per CPU table that holds the
 * flow, merged here into one flow each.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/netfilter.h>
#include <linux/nfprobe.h>

#include "flows.h"

/*
 * A full-table dump is hundreds of thousands of flows of a dozen events
 * each, and libnl's parsing (a call per attribute for nla_ok(), nla_next(),
 * nla_type(), the policy's check) was a fifth of the tool's time on it.
 * Flows and events are walked here instead, with a policy's checks: a
 * known attribute shorter than its type is refused, a type this tool does
 * not know (a newer kernel's) is skipped. The tables hold each known
 * type's least payload length, plus one: 0 marks an unknown type.
 */
#define MIN_LEN(n)	((n) + 1)

static const uint8_t flow_attr_len[NFPROBE_FLOW_A_MAX + 1] = {
	[NFPROBE_FLOW_A_ID]		= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_CPU]		= MIN_LEN(sizeof(uint32_t)),
	[NFPROBE_FLOW_A_NETNS]		= MIN_LEN(sizeof(uint32_t)),
	[NFPROBE_FLOW_A_FAMILY]		= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_FLOW_A_PROTO]		= MIN_LEN(sizeof(uint8_t)),
	/* Addresses: their length is the family's, checked by addr_get(). */
	[NFPROBE_FLOW_A_SRC]		= MIN_LEN(0),
	[NFPROBE_FLOW_A_DST]		= MIN_LEN(0),
	[NFPROBE_FLOW_A_SPORT]		= MIN_LEN(sizeof(uint16_t)),
	[NFPROBE_FLOW_A_DPORT]		= MIN_LEN(sizeof(uint16_t)),
	[NFPROBE_FLOW_A_ICMP_ID]	= MIN_LEN(sizeof(uint16_t)),
	[NFPROBE_FLOW_A_ICMP_TYPE]	= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_FLOW_A_ICMP_CODE]	= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_FLOW_A_FIRST_SEEN]	= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_LAST_SEEN]	= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_PACKETS]	= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_ACCEPTED]	= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_DROPPED]	= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_REJECTED]	= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_STOLEN]		= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_EVENTS_TOTAL]	= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_EVENTS]		= MIN_LEN(0),
	[NFPROBE_FLOW_A_NAT_SRC]	= MIN_LEN(0),
	[NFPROBE_FLOW_A_NAT_DST]	= MIN_LEN(0),
	[NFPROBE_FLOW_A_NAT_SPORT]	= MIN_LEN(sizeof(uint16_t)),
	[NFPROBE_FLOW_A_NAT_DPORT]	= MIN_LEN(sizeof(uint16_t)),
	[NFPROBE_FLOW_A_CT_ALLOC_FAILED] = MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_CT_INSERT_FAILED] = MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_FLOW_A_GEN]		= MIN_LEN(sizeof(uint32_t)),
	[NFPROBE_FLOW_A_RULE]		= MIN_LEN(0),
};

/* Strings are copied with nla_strlcpy(), which bounds them. */
static const uint8_t rule_attr_len[NFPROBE_RULE_A_MAX + 1] = {
	[NFPROBE_RULE_A_SOURCE]		= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_RULE_A_TABLE_FAMILY]	= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_RULE_A_TABLE]		= MIN_LEN(0),
	[NFPROBE_RULE_A_CHAIN]		= MIN_LEN(0),
	[NFPROBE_RULE_A_HANDLE]		= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_RULE_A_POSITION]	= MIN_LEN(sizeof(uint32_t)),
	[NFPROBE_RULE_A_TEXT]		= MIN_LEN(0),
	[NFPROBE_RULE_A_HOOK]		= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_RULE_A_VERDICT]	= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_RULE_A_TIME]		= MIN_LEN(sizeof(uint64_t)),
};

static const uint8_t top_attr_len[NFPROBE_A_MAX + 1] = {
	[NFPROBE_A_FLOW]		= MIN_LEN(0),
};

static const uint8_t event_attr_len[NFPROBE_EVENT_A_MAX + 1] = {
	[NFPROBE_EVENT_A_TIME]		= MIN_LEN(sizeof(uint64_t)),
	[NFPROBE_EVENT_A_HOOK]		= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_EVENT_A_STAGE]		= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_EVENT_A_VERDICT]	= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_EVENT_A_REJECT]	= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_EVENT_A_CT_STATE]	= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_EVENT_A_DIR]		= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_EVENT_A_IIF]		= MIN_LEN(sizeof(uint32_t)),
	[NFPROBE_EVENT_A_OIF]		= MIN_LEN(sizeof(uint32_t)),
	[NFPROBE_EVENT_A_LEN]		= MIN_LEN(sizeof(uint32_t)),
	[NFPROBE_EVENT_A_TCP_FLAGS]	= MIN_LEN(sizeof(uint8_t)),
	[NFPROBE_EVENT_A_CT_FAIL]	= MIN_LEN(sizeof(uint8_t)),
};

/* The whole attributes in @len bytes from @head, as nla_for_each_attr(). */
#define attrs_for_each(a, head, len, rem)					\
	for (a = (const struct nlattr *)(head), rem = (len);			\
	     rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&			\
	     a->nla_len <= rem;							\
	     rem -= NLA_ALIGN(a->nla_len),					\
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len)))

#define attrs_for_each_nested(a, nest, rem)					\
	attrs_for_each(a, (const char *)(nest) + NLA_HDRLEN,			\
		       (nest)->nla_len - NLA_HDRLEN, rem)

/*
 * The attributes in @len bytes at @head into @tb[0..@max]; -EINVAL for a
 * known one too short. Bytes left after the last whole attribute are
 * ignored, as nla_parse() ignores them.
 */
static int attrs_parse(const void *head, int len, const uint8_t *min_len,
		       int max, struct nlattr **tb)
{
	const struct nlattr *a;
	int type, rem;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	attrs_for_each(a, head, len, rem) {
		type = a->nla_type & NLA_TYPE_MASK;
		if (type > max || !min_len[type])
			continue;
		if (a->nla_len - NLA_HDRLEN < min_len[type] - 1)
			return -EINVAL;
		tb[type] = (struct nlattr *)a;
	}
	return 0;
}

static int attrs_parse_nested(const struct nlattr *nest, const uint8_t *min_len,
			      int max, struct nlattr **tb)
{
	return attrs_parse((const char *)nest + NLA_HDRLEN,
			   nest->nla_len - NLA_HDRLEN, min_len, max, tb);
}

/* The payload of an attribute attrs_parse() checked, or 0 when absent. */
static uint64_t get_u64(struct nlattr **tb, int type)
{
	uint64_t v = 0;

	if (tb[type])
		memcpy(&v, (const char *)tb[type] + NLA_HDRLEN, sizeof(v));
	return v;
}

static uint32_t get_u32(struct nlattr **tb, int type)
{
	uint32_t v = 0;

	if (tb[type])
		memcpy(&v, (const char *)tb[type] + NLA_HDRLEN, sizeof(v));
	return v;
}

static uint16_t get_u16(struct nlattr **tb, int type)
{
	uint16_t v = 0;

	if (tb[type])
		memcpy(&v, (const char *)tb[type] + NLA_HDRLEN, sizeof(v));
	return v;
}

static uint8_t get_u8(struct nlattr **tb, int type)
{
	return tb[type] ? *((const uint8_t *)tb[type] + NLA_HDRLEN) : 0;
}

static int event_parse(const struct nlattr *attr, struct nfp_event *ev)
{
	struct nlattr *tb[NFPROBE_EVENT_A_MAX + 1];

	if (attrs_parse_nested(attr, event_attr_len, NFPROBE_EVENT_A_MAX, tb) ||
	    !tb[NFPROBE_EVENT_A_TIME] || !tb[NFPROBE_EVENT_A_HOOK] ||
	    !tb[NFPROBE_EVENT_A_VERDICT])
		return -EINVAL;

	ev->time_ns = get_u64(tb, NFPROBE_EVENT_A_TIME);
	ev->hook = get_u8(tb, NFPROBE_EVENT_A_HOOK);
	ev->stage = get_u8(tb, NFPROBE_EVENT_A_STAGE);
	ev->verdict = get_u8(tb, NFPROBE_EVENT_A_VERDICT);
	ev->reject = get_u8(tb, NFPROBE_EVENT_A_REJECT);
	ev->ct = get_u8(tb, NFPROBE_EVENT_A_CT_STATE);
	ev->dir = get_u8(tb, NFPROBE_EVENT_A_DIR);
	ev->iif = get_u32(tb, NFPROBE_EVENT_A_IIF);
	ev->oif = get_u32(tb, NFPROBE_EVENT_A_OIF);
	ev->len = get_u32(tb, NFPROBE_EVENT_A_LEN);
	ev->tcp_flags = get_u8(tb, NFPROBE_EVENT_A_TCP_FLAGS);
	ev->ct_fail = get_u8(tb, NFPROBE_EVENT_A_CT_FAIL);
	return 0;
}

static int addr_get(struct nlattr *attr, unsigned char *addr, int family)
{
	int len = family == AF_INET6 ? 16 : 4;

	if (!attr || nla_len(attr) != len)
		return -EINVAL;
	memcpy(addr, nla_data(attr), len);
	return 0;
}

static int rule_parse(const struct nlattr *attr, struct nfp_rule **rule)
{
	struct nlattr *tb[NFPROBE_RULE_A_MAX + 1];
	struct nfp_rule *r;

	if (attrs_parse_nested(attr, rule_attr_len, NFPROBE_RULE_A_MAX, tb) ||
	    !tb[NFPROBE_RULE_A_TABLE] || !tb[NFPROBE_RULE_A_CHAIN])
		return -EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->time_ns = get_u64(tb, NFPROBE_RULE_A_TIME);
	r->handle = get_u64(tb, NFPROBE_RULE_A_HANDLE);
	r->position = get_u32(tb, NFPROBE_RULE_A_POSITION);
	r->source = get_u8(tb, NFPROBE_RULE_A_SOURCE);
	r->table_family = get_u8(tb, NFPROBE_RULE_A_TABLE_FAMILY);
	r->hook = get_u8(tb, NFPROBE_RULE_A_HOOK);
	r->verdict = get_u8(tb, NFPROBE_RULE_A_VERDICT);
	nla_strlcpy(r->table, tb[NFPROBE_RULE_A_TABLE], sizeof(r->table));
	nla_strlcpy(r->chain, tb[NFPROBE_RULE_A_CHAIN], sizeof(r->chain));
	if (tb[NFPROBE_RULE_A_TEXT])
		nla_strlcpy(r->text, tb[NFPROBE_RULE_A_TEXT], sizeof(r->text));
	*rule = r;
	return 0;
}

void nfp_flow_free(struct nfp_flow *flow)
{
	free(flow->events);
	free(flow->rule);
	flow->events = NULL;
	flow->rule = NULL;
	flow->nevents = 0;
}

int nfp_flow_parse(struct nlmsghdr *nlh, struct nfp_flow *flow)
{
	struct nlattr *top[NFPROBE_A_MAX + 1];
	struct nlattr *tb[NFPROBE_FLOW_A_MAX + 1];
	struct nfp_flow_key *k = &flow->key;
	const struct nlattr *ev;
	size_t n = 0;
	int rem, err;

	memset(flow, 0, sizeof(*flow));
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    attrs_parse((const char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN,
			nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
			top_attr_len, NFPROBE_A_MAX, top) ||
	    !top[NFPROBE_A_FLOW] ||
	    attrs_parse_nested(top[NFPROBE_A_FLOW], flow_attr_len,
			       NFPROBE_FLOW_A_MAX, tb) ||
	    !tb[NFPROBE_FLOW_A_FAMILY] || !tb[NFPROBE_FLOW_A_PROTO])
		return -EINVAL;

	k->netns = get_u32(tb, NFPROBE_FLOW_A_NETNS);
	k->family = get_u8(tb, NFPROBE_FLOW_A_FAMILY);
	k->proto = get_u8(tb, NFPROBE_FLOW_A_PROTO);
	if (k->family != AF_INET && k->family != AF_INET6)
		return -EINVAL;
	if (addr_get(tb[NFPROBE_FLOW_A_SRC], k->src, k->family) ||
	    addr_get(tb[NFPROBE_FLOW_A_DST], k->dst, k->family))
		return -EINVAL;
	if (tb[NFPROBE_FLOW_A_SPORT] && tb[NFPROBE_FLOW_A_DPORT]) {
		k->sport = ntohs(get_u16(tb, NFPROBE_FLOW_A_SPORT));
		k->dport = ntohs(get_u16(tb, NFPROBE_FLOW_A_DPORT));
		k->has_ports = true;
	}
	if (tb[NFPROBE_FLOW_A_ICMP_TYPE]) {
		if (tb[NFPROBE_FLOW_A_ICMP_ID])
			k->icmp_id = ntohs(get_u16(tb, NFPROBE_FLOW_A_ICMP_ID));
		k->icmp_type = get_u8(tb, NFPROBE_FLOW_A_ICMP_TYPE);
		k->icmp_code = get_u8(tb, NFPROBE_FLOW_A_ICMP_CODE);
		k->is_icmp = true;
	}

	flow->first_seen = get_u64(tb, NFPROBE_FLOW_A_FIRST_SEEN);
	flow->last_seen = get_u64(tb, NFPROBE_FLOW_A_LAST_SEEN);
	flow->packets = get_u64(tb, NFPROBE_FLOW_A_PACKETS);
	flow->accepted = get_u64(tb, NFPROBE_FLOW_A_ACCEPTED);
	flow->dropped = get_u64(tb, NFPROBE_FLOW_A_DROPPED);
	flow->rejected = get_u64(tb, NFPROBE_FLOW_A_REJECTED);
	flow->stolen = get_u64(tb, NFPROBE_FLOW_A_STOLEN);
	flow->events_total = get_u64(tb, NFPROBE_FLOW_A_EVENTS_TOTAL);
	flow->ct_alloc_failed = get_u64(tb, NFPROBE_FLOW_A_CT_ALLOC_FAILED);
	flow->ct_insert_failed = get_u64(tb, NFPROBE_FLOW_A_CT_INSERT_FAILED);
	if (tb[NFPROBE_FLOW_A_NAT_SRC] || tb[NFPROBE_FLOW_A_NAT_DST]) {
		if (addr_get(tb[NFPROBE_FLOW_A_NAT_SRC], flow->nat_src, k->family) ||
		    addr_get(tb[NFPROBE_FLOW_A_NAT_DST], flow->nat_dst, k->family))
			return -EINVAL;
		if (tb[NFPROBE_FLOW_A_NAT_SPORT])
			flow->nat_sport = ntohs(get_u16(tb, NFPROBE_FLOW_A_NAT_SPORT));
		if (tb[NFPROBE_FLOW_A_NAT_DPORT])
			flow->nat_dport = ntohs(get_u16(tb, NFPROBE_FLOW_A_NAT_DPORT));
		flow->has_nat = true;
	}

	if (tb[NFPROBE_FLOW_A_ID] && tb[NFPROBE_FLOW_A_GEN]) {
		flow->has_id = true;
		flow->id = get_u64(tb, NFPROBE_FLOW_A_ID);
		flow->gen = get_u32(tb, NFPROBE_FLOW_A_GEN);
	}
	if (tb[NFPROBE_FLOW_A_RULE]) {
		err = rule_parse(tb[NFPROBE_FLOW_A_RULE], &flow->rule);
		if (err)
			return err;
	}

	if (!tb[NFPROBE_FLOW_A_EVENTS])
		return 0;
	attrs_for_each_nested(ev, tb[NFPROBE_FLOW_A_EVENTS], rem)
		n++;
	if (!n)
		return 0;
	flow->events = calloc(n, sizeof(*flow->events));
	if (!flow->events) {
		nfp_flow_free(flow);
		return -ENOMEM;
	}
	attrs_for_each_nested(ev, tb[NFPROBE_FLOW_A_EVENTS], rem) {
		if ((ev->nla_type & NLA_TYPE_MASK) != NFPROBE_FLOW_A_EVENT)
			continue;
		err = event_parse(ev, &flow->events[flow->nevents]);
		if (err) {
			nfp_flow_free(flow);
			return err;
		}
		flow->nevents++;
	}
	return 0;
}

static int key_cmp(const struct nfp_flow_key *a, const struct nfp_flow_key *b)
{
#define CMP(f) do { if (a->f != b->f) return a->f < b->f ? -1 : 1; } while (0)
	int r;

	CMP(netns);
	CMP(family);
	CMP(proto);
	r = memcmp(a->src, b->src, sizeof(a->src));
	if (r)
		return r;
	r = memcmp(a->dst, b->dst, sizeof(a->dst));
	if (r)
		return r;
	CMP(has_ports);
	CMP(sport);
	CMP(dport);
	CMP(is_icmp);
	CMP(icmp_id);
	CMP(icmp_type);
	CMP(icmp_code);
	return 0;
#undef CMP
}

/* FNV-1a over @len bytes, continuing from @h. */
static uint32_t fnv1a(uint32_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static uint32_t key_hash(const struct nfp_flow_key *k)
{
	uint32_t h = 2166136261u;

	h = fnv1a(h, &k->netns, sizeof(k->netns));
	h = fnv1a(h, &k->family, sizeof(k->family));
	h = fnv1a(h, &k->proto, sizeof(k->proto));
	h = fnv1a(h, k->src, sizeof(k->src));
	h = fnv1a(h, k->dst, sizeof(k->dst));
	h = fnv1a(h, &k->sport, sizeof(k->sport));
	h = fnv1a(h, &k->dport, sizeof(k->dport));
	h = fnv1a(h, &k->icmp_id, sizeof(k->icmp_id));
	h = fnv1a(h, &k->icmp_type, sizeof(k->icmp_type));
	return fnv1a(h, &k->icmp_code, sizeof(k->icmp_code));
}

static int flow_merge(struct nfp_flow *into, struct nfp_flow *from)
{
	struct nfp_event *ev;

	if (from->nevents) {
		ev = realloc(into->events, (into->nevents + from->nevents) *
					   sizeof(*ev));
		if (!ev)
			return -ENOMEM;
		memcpy(ev + into->nevents, from->events,
		       from->nevents * sizeof(*ev));
		into->events = ev;
		into->nevents += from->nevents;
	}
	free(from->events);
	from->events = NULL;
	from->nevents = 0;

	if (from->first_seen < into->first_seen)
		into->first_seen = from->first_seen;
	if (from->last_seen > into->last_seen)
		into->last_seen = from->last_seen;
	into->packets += from->packets;
	into->accepted += from->accepted;
	into->dropped += from->dropped;
	into->rejected += from->rejected;
	into->stolen += from->stolen;
	into->events_total += from->events_total;
	into->ct_alloc_failed += from->ct_alloc_failed;
	into->ct_insert_failed += from->ct_insert_failed;
	if (from->rule && (!into->rule ||
			   from->rule->time_ns > into->rule->time_ns)) {
		free(into->rule);
		into->rule = from->rule;
		from->rule = NULL;
	}
	free(from->rule);
	from->rule = NULL;
	/* NAT is decided once per connection; any CPU's view will do. */
	if (from->has_nat && !into->has_nat) {
		into->has_nat = true;
		memcpy(into->nat_src, from->nat_src, sizeof(into->nat_src));
		memcpy(into->nat_dst, from->nat_dst, sizeof(into->nat_dst));
		into->nat_sport = from->nat_sport;
		into->nat_dport = from->nat_dport;
	}
	return 0;
}

int nfp_flow_list_add(struct nfp_flow_list *list, struct nfp_flow *flow)
{
	struct nfp_flow *f;

	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;

		f = realloc(list->flows, cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		list->flows = f;
		list->cap = cap;
	}
	list->flows[list->n++] = *flow;
	flow->events = NULL;
	flow->nevents = 0;
	flow->rule = NULL;
	return 0;
}

/*
 * One flow per key: each CPU's entry of a flow is merged into the first
 * one met, found through a hash table of the flows kept so far (indexes
 * plus one; 0 is an empty slot). Linear in the table, where sorting by key
 * first cost a dozen key compares per flow.
 */
int nfp_flow_list_merge(struct nfp_flow_list *list)
{
	size_t i, out = 0, size = 64, mask, pos;
	uint32_t *slots;
	int err = 0;

	while (size < 2 * list->n)
		size *= 2;
	slots = calloc(size, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	mask = size - 1;
	for (i = 0; i < list->n; i++) {
		struct nfp_flow *f = &list->flows[i];

		for (pos = key_hash(&f->key) & mask; slots[pos];
		     pos = (pos + 1) & mask) {
			if (!key_cmp(&list->flows[slots[pos] - 1].key, &f->key))
				break;
		}
		if (slots[pos]) {
			err = flow_merge(&list->flows[slots[pos] - 1], f);
			if (err)
				break;
			continue;
		}
		/* out <= i: the entry there was kept or merged already. */
		list->flows[out] = *f;
		slots[pos] = ++out;
	}
	if (err) {
		/* Entries not looked at yet stay, to be freed with the list. */
		for (; i < list->n; i++)
			list->flows[out++] = list->flows[i];
	}
	list->n = out;
	free(slots);
	return err;
}

static int event_cmp(const void *a, const void *b)
{
	const struct nfp_event *x = a, *y = b;

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	/* Same instant: in the order a packet meets the hooks. */
	return (int)x->hook - (int)y->hook;
}

static int flow_time_cmp(const void *a, const void *b)
{
	const struct nfp_flow *x = a, *y = b;

	if (x->last_seen != y->last_seen)
		return x->last_seen < y->last_seen ? -1 : 1;
	return key_cmp(&x->key, &y->key);
}

void nfp_flow_list_sort(struct nfp_flow_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		qsort(list->flows[i].events, list->flows[i].nevents,
		      sizeof(struct nfp_event), event_cmp);
	qsort(list->flows, list->n, sizeof(*list->flows), flow_time_cmp);
}

void nfp_flow_list_free(struct nfp_flow_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		nfp_flow_free(&list->flows[i]);
	free(list->flows);
	memset(list, 0, sizeof(*list));
}

void nfp_flow_list_keep_last(struct nfp_flow_list *list, size_t n)
{
	size_t i, drop;

	if (list->n <= n)
		return;
	drop = list->n - n;
	for (i = 0; i < drop; i++)
		nfp_flow_free(&list->flows[i]);
	memmove(list->flows, list->flows + drop, n * sizeof(*list->flows));
	list->n = n;
}

const char *nfp_rule_source_name(unsigned int source)
{
	return source == NFPROBE_RULE_SOURCE_COUNTERS ? "counters" :
	       "nft-trace";
}

const char *nfp_table_family_name(unsigned int family)
{
	switch (family) {
	case NFPROTO_INET: return "inet";
	case NFPROTO_IPV4: return "ip";
	case NFPROTO_IPV6: return "ip6";
	case NFPROTO_ARP: return "arp";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_NETDEV: return "netdev";
	default: return "?";
	}
}

void nfp_rule_describe(const struct nfp_rule *r, char *buf, size_t len)
{
	const char *verdict = r->verdict == NFPROBE_VERDICT_REJECT ? "REJECT" :
			      "DROP";
	const char *fam = nfp_table_family_name(r->table_family);
	int n;

	if (!r->position)
		n = snprintf(buf, len, "%s by the policy of %s %s %s", verdict,
			     fam, r->table, r->chain);
	else
		n = snprintf(buf, len, "%s by rule %u of %s %s %s%s%s", verdict,
			     r->position, fam, r->table, r->chain,
			     r->text[0] ? ": " : "", r->text);
	if (n >= 0 && (size_t)n < len && r->source == NFPROBE_RULE_SOURCE_COUNTERS)
		snprintf(buf + n, len - n, " (iptables-legacy, by its counters)");
}
