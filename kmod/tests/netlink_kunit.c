// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the netlink encoding of a flow entry and the decoding of a dump's
 * filter (kmod/netlink.c), read back the way a userspace client would.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "../flowtable.h"
#include "nfprobe_kunit.h"

#define CLIENT	htonl(0xc6336405)	/* 198.51.100.5 */
#define SERVER	htonl(0xcb00710a)	/* 203.0.113.10 */
#define NETNS	4026531840U

static int nfp_netlink_init(struct kunit *test)
{
	return nfp_test_tables_init();
}

static void nfp_netlink_exit(struct kunit *test)
{
	nfp_test_tables_exit();
}

/*
 * What a strict client accepts: every attribute the family may send, at
 * its exact size; anything else fails the parse.
 */
static const struct nla_policy flow_policy[NFPROBE_FLOW_A_MAX + 1] = {
	[NFPROBE_FLOW_A_ID]		= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_CPU]		= { .type = NLA_U32 },
	[NFPROBE_FLOW_A_NETNS]		= { .type = NLA_U32 },
	[NFPROBE_FLOW_A_FAMILY]		= { .type = NLA_U8 },
	[NFPROBE_FLOW_A_PROTO]		= { .type = NLA_U8 },
	[NFPROBE_FLOW_A_SRC]		= NLA_POLICY_EXACT_LEN(4),
	[NFPROBE_FLOW_A_DST]		= NLA_POLICY_EXACT_LEN(4),
	[NFPROBE_FLOW_A_SPORT]		= { .type = NLA_BE16 },
	[NFPROBE_FLOW_A_DPORT]		= { .type = NLA_BE16 },
	[NFPROBE_FLOW_A_ICMP_ID]	= { .type = NLA_BE16 },
	[NFPROBE_FLOW_A_ICMP_TYPE]	= { .type = NLA_U8 },
	[NFPROBE_FLOW_A_ICMP_CODE]	= { .type = NLA_U8 },
	[NFPROBE_FLOW_A_FIRST_SEEN]	= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_LAST_SEEN]	= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_PACKETS]	= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_ACCEPTED]	= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_DROPPED]	= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_REJECTED]	= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_EVENTS_TOTAL]	= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_EVENTS]		= { .type = NLA_NESTED },
	[NFPROBE_FLOW_A_NAT_SRC]	= NLA_POLICY_EXACT_LEN(4),
	[NFPROBE_FLOW_A_NAT_DST]	= NLA_POLICY_EXACT_LEN(4),
	[NFPROBE_FLOW_A_NAT_SPORT]	= { .type = NLA_BE16 },
	[NFPROBE_FLOW_A_NAT_DPORT]	= { .type = NLA_BE16 },
	[NFPROBE_FLOW_A_CT_ALLOC_FAILED] = { .type = NLA_U64 },
	[NFPROBE_FLOW_A_CT_INSERT_FAILED] = { .type = NLA_U64 },
	[NFPROBE_FLOW_A_STOLEN]		= { .type = NLA_U64 },
	[NFPROBE_FLOW_A_GEN]		= { .type = NLA_U32 },
	[NFPROBE_FLOW_A_RULE]		= { .type = NLA_NESTED },
};

static const struct nla_policy rule_policy[NFPROBE_RULE_A_MAX + 1] = {
	[NFPROBE_RULE_A_SOURCE]		= { .type = NLA_U8 },
	[NFPROBE_RULE_A_TABLE_FAMILY]	= { .type = NLA_U8 },
	[NFPROBE_RULE_A_TABLE]		= { .type = NLA_NUL_STRING },
	[NFPROBE_RULE_A_CHAIN]		= { .type = NLA_NUL_STRING },
	[NFPROBE_RULE_A_HANDLE]		= { .type = NLA_U64 },
	[NFPROBE_RULE_A_POSITION]	= { .type = NLA_U32 },
	[NFPROBE_RULE_A_TEXT]		= { .type = NLA_NUL_STRING },
	[NFPROBE_RULE_A_HOOK]		= { .type = NLA_U8 },
	[NFPROBE_RULE_A_VERDICT]	= { .type = NLA_U8 },
	[NFPROBE_RULE_A_TIME]		= { .type = NLA_U64 },
};

static const struct nla_policy event_policy[NFPROBE_EVENT_A_MAX + 1] = {
	[NFPROBE_EVENT_A_TIME]		= { .type = NLA_U64 },
	[NFPROBE_EVENT_A_HOOK]		= { .type = NLA_U8 },
	[NFPROBE_EVENT_A_STAGE]		= { .type = NLA_U8 },
	[NFPROBE_EVENT_A_VERDICT]	= { .type = NLA_U8 },
	[NFPROBE_EVENT_A_REJECT]	= { .type = NLA_U8 },
	[NFPROBE_EVENT_A_CT_STATE]	= { .type = NLA_U8 },
	[NFPROBE_EVENT_A_DIR]		= { .type = NLA_U8 },
	[NFPROBE_EVENT_A_IIF]		= { .type = NLA_U32 },
	[NFPROBE_EVENT_A_OIF]		= { .type = NLA_U32 },
	[NFPROBE_EVENT_A_LEN]		= { .type = NLA_U32 },
	[NFPROBE_EVENT_A_TCP_FLAGS]	= { .type = NLA_U8 },
	[NFPROBE_EVENT_A_CT_FAIL]	= { .type = NLA_U8 },
};

/* Six events in a ring of four: the last four, oldest first. */
static void nfp_flow_encoding(struct kunit *test)
{
	struct udphdr uh = { .source = htons(40010), .dest = htons(9999) };
	struct nlattr *tb[NFPROBE_FLOW_A_MAX + 1];
	struct nlattr *eb[NFPROBE_EVENT_A_MAX + 1];
	struct sk_buff *pkt, *msg;
	struct nfp_flow_ref ref;
	struct nfp_flow *f;
	struct nlattr *nla, *ev;
	int i, rem, n = 0;

	f = kunit_kzalloc(test, nfp_flow_size(), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	pkt = nfp_test_skb_ipv4(test, CLIENT, SERVER, IPPROTO_UDP, &uh,
				sizeof(uh));
	local_bh_disable();
	for (i = 1; i <= 6; i++) {
		struct nfp_record rec = {
			.tstamp = 1000 + i, .netns = NETNS,
			.family = NFPROTO_IPV4, .hook = NFPROBE_HOOK_INPUT,
			.stage = NFPROBE_STAGE_FILTER,
			.verdict = i == 6 ? NFPROBE_VERDICT_REJECT :
					    NFPROBE_VERDICT_DROP,
			.reject = i == 6 ? NFPROBE_REJECT_ICMP_PORT_UNREACHABLE :
					   NFPROBE_REJECT_NONE,
		};

		nfp_flow_record(pkt, &rec, &ref, NULL);
	}
	local_bh_enable();
	kfree_skb(pkt);
	KUNIT_ASSERT_TRUE(test, ref.valid);
	KUNIT_ASSERT_TRUE(test, nfp_flow_read(nfp_flow_slot(ref.cpu, ref.slot),
					      f));

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_ASSERT_EQ(test, nfp_test_flow_put(msg, ref.cpu, ref.slot, f), 0);

	nla = (struct nlattr *)msg->data;
	KUNIT_ASSERT_EQ(test, nla_type(nla), NFPROBE_A_FLOW);
	KUNIT_ASSERT_EQ(test, nla->nla_len, msg->len);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, NFPROBE_FLOW_A_MAX, nla,
					       flow_policy, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NFPROBE_FLOW_A_ID]),
			(u64)ref.cpu << 32 | ref.slot);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[NFPROBE_FLOW_A_NETNS]), NETNS);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[NFPROBE_FLOW_A_FAMILY]),
			NFPROTO_IPV4);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[NFPROBE_FLOW_A_PROTO]), IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, nla_get_in_addr(tb[NFPROBE_FLOW_A_SRC]), CLIENT);
	KUNIT_EXPECT_EQ(test, nla_get_in_addr(tb[NFPROBE_FLOW_A_DST]), SERVER);
	KUNIT_EXPECT_EQ(test, ntohs(nla_get_be16(tb[NFPROBE_FLOW_A_SPORT])),
			40010);
	KUNIT_EXPECT_EQ(test, ntohs(nla_get_be16(tb[NFPROBE_FLOW_A_DPORT])),
			9999);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NFPROBE_FLOW_A_PACKETS]), 6);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NFPROBE_FLOW_A_DROPPED]), 5);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NFPROBE_FLOW_A_REJECTED]), 1);
	/* Counters of trouble that is not there are left out. */
	KUNIT_EXPECT_NULL(test, tb[NFPROBE_FLOW_A_STOLEN]);
	KUNIT_EXPECT_NULL(test, tb[NFPROBE_FLOW_A_CT_ALLOC_FAILED]);
	KUNIT_EXPECT_NULL(test, tb[NFPROBE_FLOW_A_CT_INSERT_FAILED]);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NFPROBE_FLOW_A_EVENTS_TOTAL]), 6);
	KUNIT_ASSERT_NOT_NULL(test, tb[NFPROBE_FLOW_A_EVENTS]);

	nla_for_each_nested(ev, tb[NFPROBE_FLOW_A_EVENTS], rem) {
		KUNIT_EXPECT_EQ(test, nla_type(ev), NFPROBE_FLOW_A_EVENT);
		KUNIT_ASSERT_EQ(test, nla_parse_nested(eb, NFPROBE_EVENT_A_MAX,
						       ev, event_policy, NULL),
				0);
		KUNIT_EXPECT_EQ(test, nla_get_u64(eb[NFPROBE_EVENT_A_TIME]),
				(u64)1003 + n);
		KUNIT_EXPECT_EQ(test, nla_get_u8(eb[NFPROBE_EVENT_A_HOOK]),
				NFPROBE_HOOK_INPUT);
		KUNIT_EXPECT_EQ(test, nla_get_u32(eb[NFPROBE_EVENT_A_LEN]),
				sizeof(struct iphdr) + sizeof(uh));
		/* Only a REJECT says how it rejected. */
		KUNIT_EXPECT_EQ(test, !!eb[NFPROBE_EVENT_A_REJECT], n == 3);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 4);
	kfree_skb(msg);
}

/* What a flow's message says of its rule. */
struct rule_seen {
	char	text[NFPROBE_RULE_TEXT_MAX];
	char	chain[NFPROBE_RULE_NAME_MAX];
	u32	position;
	u8	verdict;
};

/* Whether @f's message names a rule; what it says in @r. */
static bool flow_rule(struct kunit *test, unsigned int cpu, unsigned int slot,
		      const struct nfp_flow *f, struct rule_seen *r)
{
	struct nlattr *tb[NFPROBE_FLOW_A_MAX + 1];
	struct nlattr *rb[NFPROBE_RULE_A_MAX + 1];
	struct sk_buff *msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	bool named = false;

	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_ASSERT_EQ(test, nfp_test_flow_put(msg, cpu, slot, f), 0);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, NFPROBE_FLOW_A_MAX,
					       (struct nlattr *)msg->data,
					       flow_policy, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[NFPROBE_FLOW_A_GEN]), f->gen);
	if (tb[NFPROBE_FLOW_A_RULE] &&
	    !nla_parse_nested(rb, NFPROBE_RULE_A_MAX, tb[NFPROBE_FLOW_A_RULE],
			      rule_policy, NULL) &&
	    rb[NFPROBE_RULE_A_TEXT] && rb[NFPROBE_RULE_A_CHAIN] &&
	    rb[NFPROBE_RULE_A_POSITION] && rb[NFPROBE_RULE_A_VERDICT]) {
		nla_strscpy(r->text, rb[NFPROBE_RULE_A_TEXT], sizeof(r->text));
		nla_strscpy(r->chain, rb[NFPROBE_RULE_A_CHAIN],
			    sizeof(r->chain));
		r->position = nla_get_u32(rb[NFPROBE_RULE_A_POSITION]);
		r->verdict = nla_get_u8(rb[NFPROBE_RULE_A_VERDICT]);
		named = true;
	}
	kfree_skb(msg);
	return named;
}

/*
 * A rule named for an entry comes with it while the entry holds the same
 * flow (generation), and the oldest of too many named rules is forgotten.
 */
static void nfp_flow_rule_encoding(struct kunit *test)
{
	struct nfp_rule_note *note;
	struct rule_seen *rb;
	struct nfp_flow *f;
	unsigned int i;
	u64 id;

	f = kunit_kzalloc(test, nfp_flow_size(), GFP_KERNEL);
	note = kunit_kzalloc(test, sizeof(*note), GFP_KERNEL);
	rb = kunit_kzalloc(test, sizeof(*rb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_NULL(test, note);
	KUNIT_ASSERT_NOT_NULL(test, rb);
	f->key.family = NFPROTO_IPV4;
	f->key.proto = IPPROTO_TCP;
	f->gen = 7;
	f->in_use = 1;
	id = (u64)1 << 32 | 5;

	KUNIT_EXPECT_FALSE(test, flow_rule(test, 1, 5, f, rb));

	note->flow_id = id;
	note->gen = 7;
	note->position = 4;
	note->table_family = NFPROTO_IPV4;
	note->hook = NFPROBE_HOOK_INPUT;
	note->verdict = NFPROBE_VERDICT_DROP;
	strscpy(note->table, "filter", sizeof(note->table));
	strscpy(note->chain, "web", sizeof(note->chain));
	strscpy(note->text, "-A web -p tcp -m tcp --dport 8080 -j DROP",
		sizeof(note->text));
	KUNIT_ASSERT_EQ(test, nfp_rule_note_set(note), 0);
	KUNIT_ASSERT_TRUE(test, flow_rule(test, 1, 5, f, rb));
	KUNIT_EXPECT_STREQ(test, rb->text,
			   "-A web -p tcp -m tcp --dport 8080 -j DROP");
	KUNIT_EXPECT_STREQ(test, rb->chain, "web");
	KUNIT_EXPECT_EQ(test, rb->position, 4);
	KUNIT_EXPECT_EQ(test, rb->verdict, NFPROBE_VERDICT_DROP);

	/* Another entry, or the entry holding another flow: no rule. */
	KUNIT_EXPECT_FALSE(test, flow_rule(test, 1, 6, f, rb));
	f->gen = 8;
	KUNIT_EXPECT_FALSE(test, flow_rule(test, 1, 5, f, rb));
	f->gen = 7;

	/* One more note than kept: the first named goes. */
	for (i = 0; i < NFPROBE_RULE_NOTES; i++) {
		note->flow_id = (u64)2 << 32 | i;
		KUNIT_ASSERT_EQ(test, nfp_rule_note_set(note), 0);
	}
	KUNIT_EXPECT_FALSE(test, flow_rule(test, 1, 5, f, rb));
	KUNIT_EXPECT_TRUE(test, flow_rule(test, 2, NFPROBE_RULE_NOTES - 1, f,
					  rb));
	nfp_test_rule_notes_clear();
	KUNIT_EXPECT_FALSE(test, flow_rule(test, 2, NFPROBE_RULE_NOTES - 1, f,
					   rb));
}

/*
 * An entry that does not fit leaves the message as it was, wherever the
 * room runs out: in the key, the counters or the events.
 */
static void nfp_flow_encoding_no_room(struct kunit *test)
{
	struct nfp_flow *f = kunit_kzalloc(test, nfp_flow_size(), GFP_KERNEL);
	unsigned int size, room, before;
	struct sk_buff *msg;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->key.family = NFPROTO_IPV4;
	f->key.proto = IPPROTO_UDP;
	f->key.sport = htons(40011);
	f->key.dport = htons(9999);
	f->events_total = 2;
	f->in_use = 1;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_ASSERT_EQ(test, nfp_test_flow_put(msg, 0, 0, f), 0);
	size = msg->len;
	kfree_skb(msg);

	for (room = 4; room < size; room += 4) {
		msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, msg);
		/* Leave @room bytes free at the buffer's end. */
		skb_put(msg, skb_tailroom(msg) - room);
		before = msg->len;
		KUNIT_EXPECT_EQ_MSG(test, nfp_test_flow_put(msg, 0, 0, f),
				    -EMSGSIZE, "room %u of %u", room, size);
		KUNIT_EXPECT_EQ_MSG(test, msg->len, before, "room %u", room);
		kfree_skb(msg);
	}
}

/* A filter nest in @msg; NULL addresses and a negative length are left out. */
static struct nlattr *filter_nest(struct kunit *test, struct sk_buff *msg,
				  const void *src, int src_len, int plen,
				  const void *dst, int dst_len)
{
	struct nlattr *nest = nla_nest_start(msg, NFPROBE_A_FILTER);

	KUNIT_ASSERT_NOT_NULL(test, nest);
	if (src)
		KUNIT_ASSERT_EQ(test, nla_put(msg, NFPROBE_FILTER_A_SRC,
					      src_len, src), 0);
	if (plen >= 0)
		KUNIT_ASSERT_EQ(test, nla_put_u8(msg, NFPROBE_FILTER_A_SRC_PLEN,
						 plen), 0);
	if (dst)
		KUNIT_ASSERT_EQ(test, nla_put(msg, NFPROBE_FILTER_A_DST,
					      dst_len, dst), 0);
	nla_nest_end(msg, nest);
	return nest;
}

static void nfp_filter_decoding(struct kunit *test)
{
	static const u8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	static const u8 odd[5] = { 198, 51, 100, 5, 0 };
	struct netlink_ext_ack extack = {};
	struct sk_buff *msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	__be32 src = htonl(0xc6336400);
	struct nfp_filter flt = {};
	struct nlattr *nest;

	KUNIT_ASSERT_NOT_NULL(test, msg);

	nest = filter_nest(test, msg, &src, 4, 24, NULL, 0);
	KUNIT_EXPECT_EQ(test, nfp_test_filter_parse(nest, &flt, &extack), 0);
	KUNIT_EXPECT_TRUE(test, flt.has_src);
	KUNIT_EXPECT_EQ(test, flt.src.family, NFPROTO_IPV4);
	KUNIT_EXPECT_EQ(test, flt.src.len, 24);
	KUNIT_EXPECT_EQ(test, flt.src.addr.ip, src);
	KUNIT_EXPECT_FALSE(test, flt.has_dst);

	/* Each refusal says why, for the CLI to print. */
	memset(&flt, 0, sizeof(flt));
	nest = filter_nest(test, msg, &src, 4, 33, NULL, 0);
	KUNIT_EXPECT_EQ(test, nfp_test_filter_parse(nest, &flt, &extack),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "prefix length exceeds the address length");

	memset(&flt, 0, sizeof(flt));
	nest = filter_nest(test, msg, odd, sizeof(odd), -1, NULL, 0);
	KUNIT_EXPECT_EQ(test, nfp_test_filter_parse(nest, &flt, &extack),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "address must be 4 (IPv4) or 16 (IPv6) bytes");

	memset(&flt, 0, sizeof(flt));
	nest = filter_nest(test, msg, &src, 4, -1, v6, sizeof(v6));
	KUNIT_EXPECT_EQ(test, nfp_test_filter_parse(nest, &flt, &extack),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg, "filter mixes IPv4 and IPv6");

	/* Sets hold only values the enums have. */
	memset(&flt, 0, sizeof(flt));
	nest = nla_nest_start(msg, NFPROBE_A_FILTER);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, nla_put_u32(msg, NFPROBE_FILTER_A_VERDICTS,
					  BIT(NFPROBE_VERDICT_DROP)), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u32(msg, NFPROBE_FILTER_A_HOOKS,
					  BIT(NFPROBE_HOOK_FORWARD)), 0);
	KUNIT_ASSERT_EQ(test, nla_put_be16(msg, NFPROBE_FILTER_A_DPORT,
					   htons(443)), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u64_64bit(msg, NFPROBE_FILTER_A_SINCE,
						1234, NFPROBE_FILTER_A_PAD), 0);
	nla_nest_end(msg, nest);
	KUNIT_EXPECT_EQ(test, nfp_test_filter_parse(nest, &flt, &extack), 0);
	KUNIT_EXPECT_EQ(test, flt.verdicts, BIT(NFPROBE_VERDICT_DROP));
	KUNIT_EXPECT_EQ(test, flt.hooks, BIT(NFPROBE_HOOK_FORWARD));
	KUNIT_EXPECT_TRUE(test, flt.has_dport);
	KUNIT_EXPECT_EQ(test, ntohs(flt.dport), 443);
	KUNIT_EXPECT_FALSE(test, flt.has_sport);
	KUNIT_EXPECT_EQ(test, flt.since, 1234);

	memset(&flt, 0, sizeof(flt));
	nest = nla_nest_start(msg, NFPROBE_A_FILTER);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, nla_put_u32(msg, NFPROBE_FILTER_A_STAGES,
					  BIT(NFPROBE_STAGE_MAX + 1)), 0);
	nla_nest_end(msg, nest);
	KUNIT_EXPECT_EQ(test, nfp_test_filter_parse(nest, &flt, &extack),
			-EINVAL);

	memset(&flt, 0, sizeof(flt));
	nest = filter_nest(test, msg, NULL, 0, 8, NULL, 0);
	KUNIT_EXPECT_EQ(test, nfp_test_filter_parse(nest, &flt, &extack),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg,
			   "source prefix length without a source address");
	kfree_skb(msg);
}

static struct kunit_case nfp_netlink_cases[] = {
	KUNIT_CASE(nfp_flow_encoding),
	KUNIT_CASE(nfp_flow_encoding_no_room),
	KUNIT_CASE(nfp_flow_rule_encoding),
	KUNIT_CASE(nfp_filter_decoding),
	{}
};

static struct kunit_suite nfp_netlink_suite = {
	.name = "nfprobe_netlink",
	.init = nfp_netlink_init,
	.exit = nfp_netlink_exit,
	.test_cases = nfp_netlink_cases,
};

kunit_test_suite(nfp_netlink_suite);
