// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the per-CPU flow tables (kmod/flowtable.c): event rings, verdict
 * counters, eviction when full, the confirm-stage amendment, per-source
 * conntrack failures, and the filters dumps use.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/udp.h>

#include "../flowtable.h"
#include "nfprobe_kunit.h"

#define CLIENT	htonl(0xc6336405)	/* 198.51.100.5 */
#define SERVER	htonl(0xcb00710a)	/* 203.0.113.10 */
#define NETNS	4026531840U

static int nfp_flowtable_init(struct kunit *test)
{
	return nfp_test_tables_init();
}

static void nfp_flowtable_exit(struct kunit *test)
{
	nfp_test_tables_exit();
}

static struct sk_buff *udp_skb(struct kunit *test, u16 sport)
{
	struct udphdr uh = { .source = htons(sport), .dest = htons(9999) };

	return nfp_test_skb_ipv4(test, CLIENT, SERVER, IPPROTO_UDP, &uh,
				 sizeof(uh));
}

/*
 * Records one event for @skb as the probes do: with bottom halves disabled
 * (the caller's), which is what makes this CPU the table's only writer.
 */
static void record(struct sk_buff *skb, u8 hook, u8 verdict, u8 stage,
		   u64 tstamp, struct nfp_flow_ref *ref)
{
	struct nfp_record rec = {
		.tstamp = tstamp, .netns = NETNS, .family = NFPROTO_IPV4,
		.hook = hook, .stage = stage, .verdict = verdict,
	};

	lockdep_assert_in_softirq();
	nfp_flow_record(skb, &rec, ref, NULL);
}

/* Stats counter of (family, hook, stage, verdict), summed over CPUs. */
static u64 counter(u8 family, u8 hook, u8 stage, u8 verdict)
{
	return nfp_counter_read(nfp_counter_index(family, hook, stage,
						  verdict));
}

static struct nfp_flow *read_flow(struct kunit *test,
				  const struct nfp_flow_ref *ref)
{
	struct nfp_flow *copy = kunit_kzalloc(test, nfp_flow_size(), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_ASSERT_TRUE(test, ref->valid);
	KUNIT_ASSERT_TRUE(test, nfp_flow_read(nfp_flow_slot(ref->cpu, ref->slot),
					      copy));
	return copy;
}

/* A flow keeps its last nfp_events_per_flow events and counts them all. */
static void nfp_ring_wraps(struct kunit *test)
{
	struct sk_buff *skb = udp_skb(test, 40001);
	struct nfp_flow_ref ref;
	struct nfp_flow *f;
	u64 seen = 0;
	int i;

	local_bh_disable();
	for (i = 1; i <= 6; i++)
		record(skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
		       NFPROBE_STAGE_FILTER, i, &ref);
	local_bh_enable();
	kfree_skb(skb);

	f = read_flow(test, &ref);
	KUNIT_EXPECT_EQ(test, f->events_total, 6);
	KUNIT_EXPECT_EQ(test, f->dropped, 6);
	KUNIT_EXPECT_EQ(test, f->packets, 6);
	KUNIT_EXPECT_EQ(test, f->first_seen, 1);
	KUNIT_EXPECT_EQ(test, f->last_seen, 6);
	/* The oldest kept sits where the next one will be written. */
	for (i = 0; i < 4; i++) {
		u64 t = f->events[(f->ev_next + i) % 4].tstamp;

		KUNIT_EXPECT_EQ(test, t, (u64)(3 + i));
		seen |= BIT_ULL(t);
	}
	KUNIT_EXPECT_EQ(test, seen, BIT_ULL(3) | BIT_ULL(4) | BIT_ULL(5) |
				    BIT_ULL(6));
}

/* Only a packet's final fate counts: INPUT accepts, drops anywhere. */
static void nfp_counters_by_fate(struct kunit *test)
{
	struct sk_buff *skb = udp_skb(test, 40002);
	struct nfp_flow_ref ref;
	struct nfp_flow *f;

	local_bh_disable();
	record(skb, NFPROBE_HOOK_PREROUTING, NFPROBE_VERDICT_ACCEPT,
	       NFPROBE_STAGE_CONFIRM, 10, &ref);
	record(skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_ACCEPT,
	       NFPROBE_STAGE_CONFIRM, 11, &ref);
	record(skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_REJECT,
	       NFPROBE_STAGE_FILTER, 12, &ref);
	local_bh_enable();
	kfree_skb(skb);

	f = read_flow(test, &ref);
	KUNIT_EXPECT_EQ(test, f->packets, 2);
	KUNIT_EXPECT_EQ(test, f->accepted, 1);
	KUNIT_EXPECT_EQ(test, f->rejected, 1);
	KUNIT_EXPECT_EQ(test, f->dropped, 0);
	KUNIT_EXPECT_EQ(test, f->events_total, 3);
	/* Every event is counted once, by family, hook, stage, verdict. */
	KUNIT_EXPECT_EQ(test, counter(NFPROTO_IPV4, NFPROBE_HOOK_PREROUTING,
				      NFPROBE_STAGE_CONFIRM,
				      NFPROBE_VERDICT_ACCEPT), 1);
	KUNIT_EXPECT_EQ(test, counter(NFPROTO_IPV4, NFPROBE_HOOK_INPUT,
				      NFPROBE_STAGE_FILTER,
				      NFPROBE_VERDICT_REJECT), 1);
	KUNIT_EXPECT_EQ(test, counter(NFPROTO_IPV6, NFPROBE_HOOK_INPUT,
				      NFPROBE_STAGE_FILTER,
				      NFPROBE_VERDICT_REJECT), 0);
}

/*
 * A flow always lands in its hash's bucket, and once there is found again
 * there; the least recently seen of a full bucket is the one recycled.
 */
static void nfp_placement(struct kunit *test)
{
	struct nfp_flow_ref ref, again, victim_ref = {};
	unsigned int nbuckets = nfp_flows_per_cpu / NFP_WAYS, bucket = 0;
	struct nfp_flow *f;
	int i, placed = 0;

	for (i = 0; i < 1024 && placed < NFP_WAYS + 1; i++) {
		struct sk_buff *skb = udp_skb(test, 30000 + i);

		local_bh_disable();
		record(skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
		       NFPROBE_STAGE_FILTER, 200 + i, &ref);
		record(skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
		       NFPROBE_STAGE_FILTER, 300 + i, &again);
		local_bh_enable();
		kfree_skb(skb);

		KUNIT_ASSERT_TRUE(test, ref.valid);
		KUNIT_EXPECT_EQ(test, again.slot, ref.slot);
		f = read_flow(test, &ref);
		KUNIT_EXPECT_EQ(test, ref.slot / NFP_WAYS,
				f->hash & (nbuckets - 1));
		KUNIT_EXPECT_EQ(test, f->events_total, 2);

		/* Fill the first flow's bucket, then one more. */
		if (!placed)
			bucket = ref.slot / NFP_WAYS;
		if (ref.slot / NFP_WAYS != bucket)
			continue;
		if (!placed)
			victim_ref = ref;
		placed++;
	}
	KUNIT_ASSERT_EQ(test, placed, NFP_WAYS + 1);
	/* The fifth flow of the bucket took the first one's entry. */
	KUNIT_EXPECT_EQ(test, ref.slot, victim_ref.slot);
	KUNIT_EXPECT_NE(test, ref.gen, victim_ref.gen);
}

/* record() with a hint where the flow's previous event may be. */
static void record_hinted(struct sk_buff *skb, u64 tstamp,
			  struct nfp_flow_ref *ref,
			  const struct nfp_flow_ref *hint)
{
	struct nfp_record rec = {
		.tstamp = tstamp, .netns = NETNS, .family = NFPROTO_IPV4,
		.hook = NFPROBE_HOOK_INPUT, .stage = NFPROBE_STAGE_FILTER,
		.verdict = NFPROBE_VERDICT_DROP,
	};

	nfp_flow_record(skb, &rec, ref, hint);
}

/*
 * A hint only saves the lookup: where it points at the flow's entry, the
 * event goes there; where it points at another flow's, at a free entry,
 * out of the table or is invalid, the flow's own entry is found anyway.
 */
static void nfp_hint_checked(struct kunit *test)
{
	struct sk_buff *a = udp_skb(test, 41001), *b = udp_skb(test, 41002);
	struct nfp_flow_ref ra, rb, ref, bad;

	local_bh_disable();
	record_hinted(a, 100, &ra, NULL);
	record_hinted(b, 101, &rb, NULL);
	/* The same packet's next event, with its own ref as the hint. */
	ref = ra;
	record_hinted(a, 102, &ref, &ref);
	KUNIT_EXPECT_TRUE(test, ref.valid);
	KUNIT_EXPECT_EQ(test, ref.slot, ra.slot);
	/* Another flow's entry as the hint: a's event still goes to a. */
	record_hinted(a, 103, &ref, &rb);
	KUNIT_EXPECT_EQ(test, ref.slot, ra.slot);
	bad = ra;
	bad.slot = nfp_flows_per_cpu;
	record_hinted(b, 104, &ref, &bad);
	KUNIT_EXPECT_EQ(test, ref.slot, rb.slot);
	bad.valid = false;
	bad.slot = ra.slot;
	record_hinted(b, 105, &ref, &bad);
	KUNIT_EXPECT_EQ(test, ref.slot, rb.slot);
	local_bh_enable();
	kfree_skb(a);
	kfree_skb(b);

	KUNIT_EXPECT_EQ(test, read_flow(test, &ra)->events_total, 3);
	KUNIT_EXPECT_EQ(test, read_flow(test, &rb)->events_total, 3);
	/* Forgotten (reset): the hint is no longer the flow's entry. */
	nfp_flow_forget(nfp_flow_slot(ra.cpu, ra.slot), read_flow(test, &ra)->gen);
	a = udp_skb(test, 41001);
	local_bh_disable();
	record_hinted(a, 106, &ref, &ra);
	local_bh_enable();
	kfree_skb(a);
	KUNIT_EXPECT_EQ(test, read_flow(test, &ref)->events_total, 1);
}

/* A full table recycles the least recently seen entry of a bucket. */
static void nfp_eviction_when_full(struct kunit *test)
{
	struct nfp_stats stats;
	struct nfp_flow_ref ref;
	int i;

	for (i = 0; i < 256; i++) {
		struct sk_buff *skb = udp_skb(test, 20000 + i);

		local_bh_disable();
		record(skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
		       NFPROBE_STAGE_FILTER, 100 + i, &ref);
		local_bh_enable();
		kfree_skb(skb);
	}
	nfp_stats_read(&stats);
	KUNIT_EXPECT_LE(test, stats.flows_in_use,
			(u64)nfp_flows_per_cpu * num_possible_cpus());
	KUNIT_EXPECT_EQ(test, stats.flows_in_use + stats.evictions, 256);
	KUNIT_EXPECT_GT(test, stats.evictions, 0);
	KUNIT_EXPECT_EQ(test, stats.events, 256);
}

/* Conntrack failing to confirm turns the ACCEPT into DROP at confirm. */
static void nfp_confirm_amends_accept(struct kunit *test)
{
	struct sk_buff *skb = udp_skb(test, 40003);
	struct nfp_flow_ref ref;
	struct nfp_flow *f;

	/* Both on one CPU, as the last probe and conntrack confirm are. */
	local_bh_disable();
	record(skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_ACCEPT,
	       NFPROBE_STAGE_CONFIRM, 20, &ref);
	nfp_flow_amend_confirm(&ref, 0);
	local_bh_enable();
	kfree_skb(skb);

	f = read_flow(test, &ref);
	KUNIT_EXPECT_EQ(test, f->events[ref.event].verdict, NFPROBE_VERDICT_DROP);
	KUNIT_EXPECT_EQ(test, f->events[ref.event].stage, NFPROBE_STAGE_CONFIRM);
	KUNIT_EXPECT_EQ(test, f->events[ref.event].ct_fail,
			NFPROBE_CT_FAIL_INSERT);
	KUNIT_EXPECT_EQ(test, f->accepted, 0);
	KUNIT_EXPECT_EQ(test, f->dropped, 1);
	KUNIT_EXPECT_EQ(test, f->packets, 1);
	KUNIT_EXPECT_EQ(test, f->ct_insert_failed, 1);
	/* The stats counters moved the packet from ACCEPT to DROP too. */
	KUNIT_EXPECT_EQ(test, counter(NFPROTO_IPV4, NFPROBE_HOOK_INPUT,
				      NFPROBE_STAGE_CONFIRM,
				      NFPROBE_VERDICT_ACCEPT), 0);
	KUNIT_EXPECT_EQ(test, counter(NFPROTO_IPV4, NFPROBE_HOOK_INPUT,
				      NFPROBE_STAGE_CONFIRM,
				      NFPROBE_VERDICT_DROP), 1);
}

/* Once its slot holds another flow, an old reference amends nothing. */
static void nfp_confirm_stale_ref(struct kunit *test)
{
	struct sk_buff *skb = udp_skb(test, 40004);
	struct nfp_flow_ref ref;
	struct nfp_flow *f;

	local_bh_disable();
	record(skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_ACCEPT,
	       NFPROBE_STAGE_CONFIRM, 30, &ref);
	ref.gen++;
	nfp_flow_amend_confirm(&ref, 0);
	ref.gen--;
	local_bh_enable();
	kfree_skb(skb);

	f = read_flow(test, &ref);
	KUNIT_EXPECT_EQ(test, f->events[ref.event].verdict,
			NFPROBE_VERDICT_ACCEPT);
	KUNIT_EXPECT_EQ(test, f->accepted, 1);
}

static void nfp_filters(struct kunit *test)
{
	struct nfp_flow *f = kunit_kzalloc(test, nfp_flow_size(), GFP_KERNEL);
	struct nfp_filter flt = { .netns = NETNS };

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->key.netns = NETNS;
	f->key.family = NFPROTO_IPV4;
	f->key.proto = IPPROTO_TCP;
	f->key.src.ip = CLIENT;
	f->key.dst.ip = htonl(0xc6336401);	/* 198.51.100.1, a VIP */
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));

	flt.has_src = true;
	flt.src.family = NFPROTO_IPV4;
	flt.src.addr.ip = htonl(0xc6336400);
	flt.src.len = 24;
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));
	flt.src.len = 32;
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	flt.src.len = 0;
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));
	flt.src.family = NFPROTO_IPV6;
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	flt.has_src = false;

	/* After DNAT the flow is found by the real server too. */
	flt.has_dst = true;
	flt.dst.family = NFPROTO_IPV4;
	flt.dst.addr.ip = SERVER;
	flt.dst.len = 32;
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	f->has_nat = 1;
	f->nat.src.ip = CLIENT;
	f->nat.dst.ip = SERVER;
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));

	flt.netns = NETNS + 1;
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	flt.netns = NETNS;
	flt.has_proto = true;
	flt.proto = IPPROTO_UDP;
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
}

/* Ports (before or after NAT), event sets and age. */
static void nfp_filters_ports_events(struct kunit *test)
{
	struct nfp_flow *f = kunit_kzalloc(test, nfp_flow_size(), GFP_KERNEL);
	struct nfp_filter flt = { .netns = NETNS };

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->key.netns = NETNS;
	f->key.family = NFPROTO_IPV4;
	f->key.proto = IPPROTO_TCP;
	f->key.sport = htons(40000);
	f->key.dport = htons(80);
	f->last_seen = 5000;
	f->events_total = 2;
	f->events[0] = (struct nfp_event){ .hook = NFPROBE_HOOK_PREROUTING,
		.stage = NFPROBE_STAGE_CONFIRM, .verdict = NFPROBE_VERDICT_ACCEPT };
	f->events[1] = (struct nfp_event){ .hook = NFPROBE_HOOK_FORWARD,
		.stage = NFPROBE_STAGE_FILTER, .verdict = NFPROBE_VERDICT_DROP };
	/* A stale third event beyond events_total must not count. */
	f->events[2] = (struct nfp_event){ .hook = NFPROBE_HOOK_INPUT,
		.stage = NFPROBE_STAGE_RAW, .verdict = NFPROBE_VERDICT_REJECT };

	flt.has_dport = true;
	flt.dport = htons(80);
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));
	flt.dport = htons(8080);
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	/* DNAT to :8080: found by the port after NAT too. */
	f->has_nat = 1;
	f->nat.dport = htons(8080);
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));
	flt.has_dport = false;
	flt.has_sport = true;
	flt.sport = htons(40000);
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));
	flt.sport = htons(40001);
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	flt.has_sport = false;

	flt.verdicts = BIT(NFPROBE_VERDICT_DROP);
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));
	/* One event must match every set: the DROP was in FORWARD. */
	flt.hooks = BIT(NFPROBE_HOOK_PREROUTING);
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	flt.hooks = BIT(NFPROBE_HOOK_FORWARD) | BIT(NFPROBE_HOOK_INPUT);
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));
	flt.stages = BIT(NFPROBE_STAGE_RAW);
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	flt.verdicts = BIT(NFPROBE_VERDICT_REJECT);
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	flt.verdicts = 0;
	flt.hooks = 0;
	flt.stages = 0;

	flt.since = 5000;
	KUNIT_EXPECT_TRUE(test, nfp_filter_match(&flt, f));
	flt.since = 5001;
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
	flt.since = 0;

	/* An ICMP flow has no ports, whatever its key holds there. */
	f->key.proto = IPPROTO_ICMP;
	f->has_nat = 0;
	flt.has_dport = true;
	flt.dport = htons(80);
	KUNIT_EXPECT_FALSE(test, nfp_filter_match(&flt, f));
}

/* One CPU writing a flow while another reads it (nfp_seq_readers_consistent). */
struct nfp_writer {
	struct sk_buff		*skb;
	struct nfp_flow_ref	ref;
	struct completion	first;
};

static int nfp_writer_fn(void *arg)
{
	struct nfp_writer *w = arg;
	struct nfp_flow_ref ref;
	u64 n = 0;

	while (!kthread_should_stop()) {
		local_bh_disable();
		/* Each event's time is its number: readers can check it. */
		record(w->skb, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
		       NFPROBE_STAGE_FILTER, ++n, &ref);
		local_bh_enable();
		if (n == 1) {
			w->ref = ref;
			complete(&w->first);
		}
		if (!(n % 256))
			cond_resched();
	}
	return 0;
}

/*
 * A reader on another CPU never sees a half-written entry: the counters,
 * the newest event and last_seen of each copy agree with one another.
 */
static void nfp_seq_readers_consistent(struct kunit *test)
{
	struct nfp_flow *f = kunit_kzalloc(test, nfp_flow_size(), GFP_KERNEL);
	unsigned int this, cpu, reads = 0, torn = 0, changes = 0;
	unsigned long deadline;
	struct task_struct *task;
	struct nfp_writer w = {};
	u64 last = 0;

	KUNIT_ASSERT_NOT_NULL(test, f);
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");

	w.skb = udp_skb(test, 40005);
	init_completion(&w.first);
	this = get_cpu();
	cpu = cpumask_any_but(cpu_online_mask, this);
	put_cpu();
	task = kthread_create(nfp_writer_fn, &w, "nfp_writer");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	kthread_bind(task, cpu);
	wake_up_process(task);
	wait_for_completion(&w.first);

	deadline = jiffies + HZ / 2;
	while (time_before(jiffies, deadline)) {
		struct nfp_flow *slot = nfp_flow_slot(w.ref.cpu, w.ref.slot);
		unsigned int newest;

		if (!nfp_flow_read(slot, f))
			continue;
		reads++;
		newest = (f->ev_next + nfp_events_per_flow - 1) %
			 nfp_events_per_flow;
		if (f->packets != f->events_total ||
		    f->dropped != f->events_total ||
		    f->last_seen != f->events_total ||
		    f->events[newest].tstamp != f->events_total)
			torn++;
		if (f->events_total != last)
			changes++;
		last = f->events_total;
		cond_resched();
	}
	kthread_stop(task);
	kfree_skb(w.skb);

	KUNIT_EXPECT_EQ(test, torn, 0);
	KUNIT_EXPECT_GT(test, reads, 0);
	/* The reads did overlap the writes. */
	KUNIT_EXPECT_GT(test, changes, 1);
}

/* A reset entry is gone for readers and is reused as a free one. */
static void nfp_reset_forgets(struct kunit *test)
{
	struct sk_buff *a = udp_skb(test, 40020), *b = udp_skb(test, 40021);
	struct nfp_flow *copy = kunit_kzalloc(test, nfp_flow_size(), GFP_KERNEL);
	struct nfp_flow_ref ra, rb;
	struct nfp_stats stats;
	struct nfp_flow *f;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	local_bh_disable();
	record(a, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
	       NFPROBE_STAGE_FILTER, 1, &ra);
	record(a, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
	       NFPROBE_STAGE_FILTER, 2, &ra);
	record(b, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
	       NFPROBE_STAGE_FILTER, 3, &rb);
	local_bh_enable();

	nfp_flow_forget(nfp_flow_slot(ra.cpu, ra.slot), ra.gen);
	KUNIT_EXPECT_FALSE(test, nfp_flow_read(nfp_flow_slot(ra.cpu, ra.slot),
					       copy));
	/* A stale generation (the slot was reused since) changes nothing. */
	nfp_flow_forget(nfp_flow_slot(rb.cpu, rb.slot), rb.gen - 1);
	KUNIT_EXPECT_TRUE(test, nfp_flow_read(nfp_flow_slot(rb.cpu, rb.slot),
					      copy));

	/* The flow comes back with a history of its own. */
	local_bh_disable();
	record(a, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP,
	       NFPROBE_STAGE_FILTER, 4, &ra);
	local_bh_enable();
	f = read_flow(test, &ra);
	KUNIT_EXPECT_EQ(test, f->events_total, 1);
	KUNIT_EXPECT_EQ(test, f->first_seen, 4);
	nfp_stats_read(&stats);
	KUNIT_EXPECT_EQ(test, stats.evictions, 0);
	kfree_skb(a);
	kfree_skb(b);
}

/* Conntrack failures per source are reset the same way. */
static void nfp_reset_sources(struct kunit *test)
{
	struct nfp_record rec = {
		.tstamp = 1, .netns = NETNS, .family = NFPROTO_IPV4,
		.hook = NFPROBE_HOOK_PREROUTING, .stage = NFPROBE_STAGE_CONNTRACK,
		.verdict = NFPROBE_VERDICT_DROP, .ct_active = true,
	};
	struct sk_buff *skb = udp_skb(test, 40022);
	struct nfp_ct_source copy, *found = NULL;
	struct nfp_flow_ref ref;
	unsigned int cpu, i;

	local_bh_disable();
	nfp_flow_record(skb, &rec, &ref, NULL);
	local_bh_enable();
	/* The one source there is. */
	for_each_possible_cpu(cpu)
		for (i = 0; i < NFP_CT_SOURCES_PER_CPU && !found; i++)
			if (nfp_ct_source_read(nfp_ct_source_slot(cpu, i), &copy))
				found = nfp_ct_source_slot(cpu, i);
	KUNIT_ASSERT_NOT_NULL(test, found);
	KUNIT_EXPECT_EQ(test, copy.alloc_failed, 1);

	nfp_ct_source_forget(found, copy.gen);
	KUNIT_EXPECT_FALSE(test, nfp_ct_source_read(found, &copy));

	/* Counted afresh, in whichever free entry of its bucket. */
	local_bh_disable();
	nfp_flow_record(skb, &rec, &ref, NULL);
	local_bh_enable();
	kfree_skb(skb);
	found = NULL;
	for_each_possible_cpu(cpu)
		for (i = 0; i < NFP_CT_SOURCES_PER_CPU && !found; i++)
			if (nfp_ct_source_read(nfp_ct_source_slot(cpu, i), &copy))
				found = nfp_ct_source_slot(cpu, i);
	KUNIT_ASSERT_NOT_NULL(test, found);
	KUNIT_EXPECT_EQ(test, copy.alloc_failed, 1);
}

static struct kunit_case nfp_flowtable_cases[] = {
	KUNIT_CASE(nfp_ring_wraps),
	KUNIT_CASE(nfp_counters_by_fate),
	KUNIT_CASE(nfp_placement),
	KUNIT_CASE(nfp_hint_checked),
	KUNIT_CASE(nfp_eviction_when_full),
	KUNIT_CASE(nfp_confirm_amends_accept),
	KUNIT_CASE(nfp_confirm_stale_ref),
	KUNIT_CASE(nfp_filters),
	KUNIT_CASE(nfp_filters_ports_events),
	KUNIT_CASE(nfp_seq_readers_consistent),
	KUNIT_CASE(nfp_reset_forgets),
	KUNIT_CASE(nfp_reset_sources),
	{}
};

static struct kunit_suite nfp_flowtable_suite = {
	.name = "nfprobe_flowtable",
	.init = nfp_flowtable_init,
	.exit = nfp_flowtable_exit,
	.test_cases = nfp_flowtable_cases,
};

kunit_test_suite(nfp_flowtable_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of nfprobe");
