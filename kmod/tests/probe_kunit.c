// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the probes' per-CPU in-flight table (kmod/probe.c): which slot a
 * traversal starting now takes, and that a packet which left a hook unseen
 * (stolen by defragmentation, queued) is recorded as STOLEN when its slot
 * is taken. Its functions are static, so probe.c is compiled into this
 * file, and into no other of the test module.
 */
#include "../probe.c"
#include "nfprobe_kunit.h"

#include <linux/udp.h>

#define CLIENT	htonl(0xc6336405)	/* 198.51.100.5 */
#define SERVER	htonl(0xcb00710a)	/* 203.0.113.10 */

static int nfp_inflight_test_init(struct kunit *test)
{
	return nfp_test_tables_init();
}

static void nfp_inflight_test_exit(struct kunit *test)
{
	nfp_test_tables_exit();
}

/* Distinct addresses standing for skbs: slots only compare them. */
static const struct sk_buff *fake_skb(unsigned int i)
{
	return (const struct sk_buff *)(0x1000UL + 0x100UL * i);
}

/* A table of free slots, and the headers of a UDP packet for any of them. */
static struct nfp_inflight_cpu *table(struct kunit *test, struct nfp_pkt *pkt)
{
	struct udphdr uh = { .source = htons(40100), .dest = htons(9999) };
	struct nfp_inflight_cpu *ifl;
	struct sk_buff *skb;

	ifl = kunit_kzalloc(test, sizeof(*ifl), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ifl);
	skb = nfp_test_skb_ipv4(test, CLIENT, SERVER, IPPROTO_UDP, &uh,
				sizeof(uh));
	KUNIT_ASSERT_TRUE(test, nfp_pkt_parse(skb, NFPROTO_IPV4, pkt));
	kfree_skb(skb);
	return ifl;
}

/*
 * Traversals that began at FRESH stay in progress for as long as a test
 * could take, even on a slow emulated guest; those that began at STALE
 * ended long ago, unseen.
 */
#define FRESH	(jiffies + HZ)
#define STALE	(jiffies - 2 * NFP_INFLIGHT_TTL)

/* Slot @i holds a packet in @state that entered its hook at @start. */
static void occupy(struct nfp_inflight_cpu *ifl, unsigned int i, u8 state,
		   unsigned long start, const struct nfp_pkt *pkt)
{
	struct nfp_inflight *s = &ifl->slot[i];

	s->skb = fake_skb(i);
	s->state = state;
	s->start = start;
	s->family = NFPROTO_IPV4;
	s->hook = NF_INET_PRE_ROUTING;
	/* Past the defragmentation probe: a fragment held there. */
	s->point = NFP_PROBE_FIRST;
	s->netns = 4026531840U;
	s->pkt = *pkt;
}

static u64 stolen_in_defrag(void)
{
	return nfp_counter_read(nfp_counter_index(NFPROTO_IPV4,
						  NFPROBE_HOOK_PREROUTING,
						  NFPROBE_STAGE_DEFRAG,
						  NFPROBE_VERDICT_STOLEN));
}

static unsigned int claim(struct nfp_inflight_cpu *ifl, unsigned int skb)
{
	struct nfp_inflight *s;

	local_bh_disable();
	s = nfp_inflight_claim(ifl, fake_skb(skb));
	local_bh_enable();
	return s - ifl->slot;
}

/*
 * A packet gone for longer than a traversal takes is recorded at the next
 * claim, before any free slot is used: drops keep freeing slots, and a
 * slot that waited for every free one to be used first could wait forever.
 */
static void nfp_claim_gone_before_free(struct kunit *test)
{
	struct nfp_pkt pkt;
	struct nfp_inflight_cpu *ifl = table(test, &pkt);

	occupy(ifl, 5, NFP_SLOT_ACTIVE, STALE, &pkt);
	KUNIT_EXPECT_EQ(test, claim(ifl, 100), 5);
	KUNIT_EXPECT_EQ(test, stolen_in_defrag(), 1);
}

/*
 * Then a free slot, then one whose packet was accepted long ago, then one
 * accepted just now (confirm may still drop it), then the oldest
 * traversal in progress, whose loss is counted; none of these is a STOLEN.
 */
static void nfp_claim_order(struct kunit *test)
{
	struct nfp_pkt pkt;
	struct nfp_inflight_cpu *ifl = table(test, &pkt);
	struct nfp_stats stats;
	unsigned long fresh = FRESH;
	unsigned int i;

	for (i = 0; i < NFP_INFLIGHT_SLOTS; i++)
		occupy(ifl, i, NFP_SLOT_ACTIVE, fresh, &pkt);
	occupy(ifl, 1, NFP_SLOT_ACTIVE, fresh - 1, &pkt);	/* the oldest */
	occupy(ifl, 2, NFP_SLOT_DONE, fresh, &pkt);
	occupy(ifl, 3, NFP_SLOT_DONE, STALE, &pkt);
	ifl->slot[4].state = NFP_SLOT_FREE;

	KUNIT_EXPECT_EQ(test, claim(ifl, 100), 4);
	occupy(ifl, 4, NFP_SLOT_ACTIVE, fresh, &pkt);
	KUNIT_EXPECT_EQ(test, claim(ifl, 101), 3);
	occupy(ifl, 3, NFP_SLOT_ACTIVE, fresh, &pkt);
	KUNIT_EXPECT_EQ(test, claim(ifl, 102), 2);
	occupy(ifl, 2, NFP_SLOT_ACTIVE, fresh, &pkt);

	nfp_stats_read(&stats);
	KUNIT_EXPECT_EQ(test, stats.inflight_lost, 0);
	KUNIT_EXPECT_EQ(test, claim(ifl, 103), 1);
	nfp_stats_read(&stats);
	KUNIT_EXPECT_EQ(test, stats.inflight_lost, 1);
	KUNIT_EXPECT_EQ(test, stolen_in_defrag(), 0);
}

/*
 * A packet comes back to its own slot; one that comes back to the first
 * probe while its traversal is open was queued and reinjected, and the
 * traversal it left is recorded.
 */
static void nfp_claim_own_slot(struct kunit *test)
{
	struct nfp_pkt pkt;
	struct nfp_inflight_cpu *ifl = table(test, &pkt);

	occupy(ifl, 6, NFP_SLOT_DONE, jiffies, &pkt);
	KUNIT_EXPECT_EQ(test, claim(ifl, 6), 6);
	KUNIT_EXPECT_EQ(test, stolen_in_defrag(), 0);

	occupy(ifl, 6, NFP_SLOT_ACTIVE, jiffies, &pkt);
	KUNIT_EXPECT_EQ(test, claim(ifl, 6), 6);
	KUNIT_EXPECT_EQ(test, stolen_in_defrag(), 1);
}

static struct kunit_case nfp_inflight_cases[] = {
	KUNIT_CASE(nfp_claim_gone_before_free),
	KUNIT_CASE(nfp_claim_order),
	KUNIT_CASE(nfp_claim_own_slot),
	{}
};

static struct kunit_suite nfp_inflight_suite = {
	.name = "nfprobe_inflight",
	.init = nfp_inflight_test_init,
	.exit = nfp_inflight_test_exit,
	.test_cases = nfp_inflight_cases,
};

kunit_test_suite(nfp_inflight_suite);
