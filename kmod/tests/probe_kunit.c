// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the probes' per-CPU in-flight table (kmod/probe.c): which slot a
 * traversal starting now takes, and that a packet which left a hook unseen
 * (stolen by defragmentation, queued) is recorded as STOLEN when its slot
 * is taken, in the stage whose function took it; what a hook's functions
 * tell the probes, ours left out. Its functions are static, so probe.c is compiled into this
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
	s->stages = BIT(NFP_PROBE_FIRST);	/* defragmentation */
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

/*
 * A FORWARD hook holding only a filter table has no probe between its
 * first and last: a packet the filter queued (NFQUEUE) and that never came
 * back is recorded in the filter stage, not in the first probe's.
 */
static void nfp_gone_in_occupied_stage(struct kunit *test)
{
	struct nfp_pkt pkt;
	struct nfp_inflight_cpu *ifl = table(test, &pkt);
	unsigned int stolen = nfp_counter_index(NFPROTO_IPV4,
						NFPROBE_HOOK_FORWARD,
						NFPROBE_STAGE_FILTER,
						NFPROBE_VERDICT_STOLEN);

	occupy(ifl, 2, NFP_SLOT_ACTIVE, STALE, &pkt);
	ifl->slot[2].hook = NF_INET_FORWARD;
	ifl->slot[2].stages = BIT(nfp_point_of_priority(NF_IP_PRI_FILTER));
	KUNIT_EXPECT_EQ(test, claim(ifl, 100), 2);
	KUNIT_EXPECT_EQ(test, nfp_counter_read(stolen), 1);
	KUNIT_EXPECT_EQ(test, stolen_in_defrag(), 0);
}

/* nfprobe's IPv4 PREROUTING probe @point (place.c's layout). */
static const struct nf_hook_ops *our_prerouting_op(unsigned int point)
{
	return &nfp_placer.ops[NF_INET_PRE_ROUTING * NFP_PROBES_PER_HOOK +
			       point];
}

/* A hook's blob: @n functions, their ops in the array after the entries. */
static struct nf_hook_entries *blob(struct kunit *test,
				    const struct nf_hook_ops **ops,
				    unsigned int n)
{
	struct nf_hook_entries *e;
	struct nf_hook_ops **blob_ops;
	unsigned int i;

	e = kunit_kzalloc(test, sizeof(*e) + n * (sizeof(e->hooks[0]) +
						  sizeof(*blob_ops)),
			  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	e->num_hook_entries = n;
	blob_ops = nf_hook_entries_get_hook_ops(e);
	for (i = 0; i < n; i++) {
		e->hooks[i].hook = ops[i]->hook;
		blob_ops[i] = (struct nf_hook_ops *)ops[i];
	}
	return e;
}

/*
 * PREROUTING with defragmentation, conntrack and DNAT among our probes:
 * the stages are theirs, ours count for nothing, conntrack is seen.
 */
static void nfp_hook_stages_of_others(struct kunit *test)
{
	static const struct nf_hook_ops defrag = {
		.priority = NF_IP_PRI_CONNTRACK_DEFRAG };
	static const struct nf_hook_ops ct = { .priority = NF_IP_PRI_CONNTRACK };
	static const struct nf_hook_ops dnat = { .priority = NF_IP_PRI_NAT_DST };
	static const struct nf_hook_ops filter = { .priority = NF_IP_PRI_FILTER };
	const struct nf_hook_ops *ops[] = {
		our_prerouting_op(NFP_PROBE_FIRST),
		&defrag,
		our_prerouting_op(2),
		&ct,
		our_prerouting_op(4),
		&dnat,
		our_prerouting_op(6),
		our_prerouting_op(NFP_PROBE_LAST),
	};
	const struct nf_hook_ops *forward[] = { &filter };
	bool conntrack;
	u16 stages;

	stages = nfp_hook_stages(&nfp_placer, blob(test, ops, ARRAY_SIZE(ops)),
				 &conntrack);
	KUNIT_EXPECT_EQ(test, stages, BIT(0) | BIT(2) | BIT(4));
	KUNIT_EXPECT_TRUE(test, conntrack);

	stages = nfp_hook_stages(&nfp_placer, blob(test, forward, 1),
				 &conntrack);
	KUNIT_EXPECT_EQ(test, stages, BIT(5));
	KUNIT_EXPECT_FALSE(test, conntrack);

	/* Our probes alone: nothing to separate, and no hook at all. */
	stages = nfp_hook_stages(&nfp_placer, blob(test, ops, 1), &conntrack);
	KUNIT_EXPECT_EQ(test, stages, 0);
	KUNIT_EXPECT_EQ(test, nfp_hook_stages(&nfp_placer, NULL, &conntrack), 0);
}

/*
 * An nftables chain at exactly a probe's priority belongs to the stage the
 * probe begins. It runs after the probe if it was there first (netfilter
 * runs the later of two equal priorities first), before it otherwise.
 */
static void nfp_hook_stages_equal_priority(struct kunit *test)
{
	static const struct nf_hook_ops filter = { .priority = NF_IP_PRI_FILTER };
	static const struct nf_hook_ops chain = {
		.priority = NF_IP_PRI_FILTER + 25 };
	static const struct nf_hook_ops security = {
		.priority = NF_IP_PRI_SECURITY };
	const struct nf_hook_ops *probe_first[] = {
		our_prerouting_op(NFP_PROBE_FIRST),
		&filter,
		our_prerouting_op(6),
		&chain,
		&security,
		our_prerouting_op(NFP_PROBE_LAST),
	};
	const struct nf_hook_ops *chain_first[] = {
		our_prerouting_op(NFP_PROBE_FIRST),
		&chain,
		our_prerouting_op(6),
		&security,
		our_prerouting_op(NFP_PROBE_LAST),
	};
	u16 stages;

	KUNIT_ASSERT_EQ(test, nfp_probe_priority[6], chain.priority);
	KUNIT_ASSERT_EQ(test, nfp_probe_stage[6], NFPROBE_STAGE_SECURITY);

	/* The probe first: the chain after it, in the security stage. */
	stages = nfp_hook_stages(&nfp_placer,
				 blob(test, probe_first, ARRAY_SIZE(probe_first)),
				 NULL);
	KUNIT_EXPECT_EQ(test, stages, BIT(5) | BIT(6));
	KUNIT_EXPECT_EQ(test, nfp_stage_after(stages, NFP_PROBE_FIRST),
			NFPROBE_STAGE_FILTER);
	KUNIT_EXPECT_EQ(test, nfp_stage_after(stages, 6),
			NFPROBE_STAGE_SECURITY);
	/* Without the probe yet, the chain's stage asks for it. */
	stages = nfp_hook_stages(&nfp_placer, blob(test, probe_first, 2), NULL);
	KUNIT_EXPECT_EQ(test, stages, BIT(5));
	stages = nfp_hook_stages(&nfp_placer,
				 blob(test, chain_first, 2), NULL);
	KUNIT_EXPECT_EQ(test, stages, BIT(6));
	KUNIT_EXPECT_EQ(test, nfp_points_needed(stages | BIT(5)),
			BIT(NFP_PROBE_FIRST) | BIT(6) | BIT(NFP_PROBE_LAST));

	/* The chain first: before the probe, still the security stage. */
	stages = nfp_hook_stages(&nfp_placer,
				 blob(test, chain_first, ARRAY_SIZE(chain_first)),
				 NULL);
	KUNIT_EXPECT_EQ(test, stages, BIT(6));
	KUNIT_EXPECT_EQ(test, nfp_stage_after(stages, NFP_PROBE_FIRST),
			NFPROBE_STAGE_SECURITY);
}

static struct kunit_case nfp_inflight_cases[] = {
	KUNIT_CASE(nfp_claim_gone_before_free),
	KUNIT_CASE(nfp_claim_order),
	KUNIT_CASE(nfp_claim_own_slot),
	KUNIT_CASE(nfp_gone_in_occupied_stage),
	KUNIT_CASE(nfp_hook_stages_of_others),
	KUNIT_CASE(nfp_hook_stages_equal_priority),
	{}
};

static struct kunit_suite nfp_inflight_suite = {
	.name = "nfprobe_inflight",
	.init = nfp_inflight_test_init,
	.exit = nfp_inflight_test_exit,
	.test_cases = nfp_inflight_cases,
};

kunit_test_suite(nfp_inflight_suite);
