// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: trace sessions (kmod/trace.c): which packets get skb->nf_trace,
 * how many, and that a session's end stops the marking.
 */
#include <kunit/test.h>
#include <linux/jump_label.h>
#include <linux/udp.h>
#include <net/net_namespace.h>

#include "../nfprobe.h"
#include "../packet.h"
#include "nfprobe_kunit.h"

#define CLIENT	htonl(0xc6336405)	/* 198.51.100.5 */
#define SERVER	htonl(0xcb00710a)	/* 203.0.113.10 */
#define OTHER	htonl(0xc0000205)	/* 192.0.2.5 */

/* A session on the flows from CLIENT, @count packets. */
static u32 start_session(struct kunit *test, u32 count)
{
	struct nfp_filter f = {
		.netns = init_net.ns.inum,
		.has_src = true,
		.src = { .addr.ip = CLIENT, .family = NFPROTO_IPV4, .len = 32 },
	};
	u32 id = 0;

	KUNIT_ASSERT_EQ(test, nfp_trace_start(&init_net, 4242, &f, count,
					      10000, &id, NULL), 0);
	KUNIT_EXPECT_NE(test, id, 0);
	return id;
}

/* The session @skb's packet belongs to as it enters a hook (0: none). */
static u32 trace(struct kunit *test, struct sk_buff *skb)
{
	struct nfp_pkt pkt;
	u32 id;

	KUNIT_ASSERT_TRUE(test, nfp_pkt_parse(skb, NFPROTO_IPV4, &pkt));
	rcu_read_lock();
	id = nfp_trace_packet(skb, &pkt, &init_net);
	rcu_read_unlock();
	return id;
}

static struct sk_buff *udp(struct kunit *test, __be32 src, __be32 dst,
			   u16 sport, u16 dport)
{
	struct udphdr uh = { .source = htons(sport), .dest = htons(dport) };
	struct sk_buff *skb = nfp_test_skb_ipv4(test, src, dst, IPPROTO_UDP,
						&uh, sizeof(uh));

	KUNIT_ASSERT_NOT_NULL(test, skb);
	return skb;
}

static void nfp_trace_marks_the_flow(struct kunit *test)
{
	struct sk_buff *other = udp(test, OTHER, SERVER, 40000, 53);
	struct sk_buff *first = udp(test, CLIENT, SERVER, 40000, 53);
	struct sk_buff *reply = udp(test, SERVER, CLIENT, 53, 40000);
	struct sk_buff *third = udp(test, CLIENT, SERVER, 40000, 53);
	u32 id = start_session(test, 2);

	KUNIT_EXPECT_TRUE(test, static_key_enabled(&nfp_trace_key));
	KUNIT_EXPECT_EQ(test, trace(test, other), 0);
	KUNIT_EXPECT_FALSE(test, other->nf_trace);
	KUNIT_EXPECT_EQ(test, trace(test, first), id);
	KUNIT_EXPECT_TRUE(test, first->nf_trace);
	/* Replies belong to the flow too. */
	KUNIT_EXPECT_EQ(test, trace(test, reply), id);
	KUNIT_EXPECT_TRUE(test, reply->nf_trace);
	/* Two packets were asked for. */
	KUNIT_EXPECT_EQ(test, trace(test, third), 0);
	KUNIT_EXPECT_FALSE(test, third->nf_trace);
	/* A marked packet at its next hook is still the session's. */
	KUNIT_EXPECT_EQ(test, trace(test, first), id);

	KUNIT_EXPECT_EQ(test, nfp_trace_stop(&init_net, id), 0);
	KUNIT_EXPECT_EQ(test, nfp_trace_stop(&init_net, id + 1000), -ENOENT);
	nfp_test_trace_flush();
	KUNIT_EXPECT_FALSE(test, static_key_enabled(&nfp_trace_key));
	kfree_skb(other);
	kfree_skb(first);
	kfree_skb(reply);
	kfree_skb(third);
}

static void nfp_trace_ends(struct kunit *test)
{
	struct sk_buff *a = udp(test, CLIENT, SERVER, 40001, 53);
	struct sk_buff *b = udp(test, CLIENT, SERVER, 40001, 53);
	u32 id = start_session(test, 100);

	KUNIT_EXPECT_EQ(test, trace(test, a), id);
	KUNIT_EXPECT_EQ(test, nfp_trace_stop(&init_net, id), 0);
	/* Ended at once, before the gc work frees it. */
	KUNIT_EXPECT_EQ(test, trace(test, b), 0);
	KUNIT_EXPECT_FALSE(test, b->nf_trace);
	nfp_test_trace_flush();
	kfree_skb(a);
	kfree_skb(b);
}

static void nfp_trace_sessions_bounded(struct kunit *test)
{
	struct nfp_filter f = { .netns = init_net.ns.inum };
	u32 ids[NFPROBE_TRACE_SESSIONS], id;
	unsigned int i;

	for (i = 0; i < NFPROBE_TRACE_SESSIONS; i++)
		KUNIT_ASSERT_EQ(test, nfp_trace_start(&init_net, 4242, &f, 1,
						      10000, &ids[i], NULL), 0);
	KUNIT_EXPECT_EQ(test, nfp_trace_start(&init_net, 4242, &f, 1, 10000,
					      &id, NULL), -EBUSY);
	for (i = 0; i < NFPROBE_TRACE_SESSIONS; i++)
		KUNIT_EXPECT_EQ(test, nfp_trace_stop(&init_net, ids[i]), 0);
	nfp_test_trace_flush();
	KUNIT_EXPECT_EQ(test, nfp_trace_start(&init_net, 4242, &f, 1, 10000,
					      &id, NULL), 0);
	KUNIT_EXPECT_EQ(test, nfp_trace_stop(&init_net, id), 0);
	nfp_test_trace_flush();
	KUNIT_EXPECT_FALSE(test, static_key_enabled(&nfp_trace_key));
}

static struct kunit_case nfp_trace_cases[] = {
	KUNIT_CASE(nfp_trace_marks_the_flow),
	KUNIT_CASE(nfp_trace_ends),
	KUNIT_CASE(nfp_trace_sessions_bounded),
	{}
};

static struct kunit_suite nfp_trace_suite = {
	.name = "nfprobe_trace",
	.test_cases = nfp_trace_cases,
};
kunit_test_suite(nfp_trace_suite);
