// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU flow tables: bounded, preallocated, written only by their own
 * CPU with bottom halves disabled, read by anyone under per-entry
 * seqcounts. No lock and no allocation on the packet path.
 *
 * Each table is 4-way set associative: a flow's hash picks a bucket of
 * NFP_WAYS entries; a new flow takes a free entry of its bucket, else the
 * one seen least recently, which is counted as an eviction.
 */
#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/ipv6.h>

#include "flowtable.h"
#include "packet.h"

#define NFP_WAYS 4

struct nfp_table {
	/* nfp_flows_per_cpu entries of nfp_flow_stride bytes each. */
	void			*flows;
	/* Written by the owning CPU only, read with u64_stats_fetch. */
	struct u64_stats_sync	syncp;
	u64_stats_t		in_use;
	u64_stats_t		evictions;
	u64_stats_t		events;
	u64_stats_t		inflight_lost;
	u64_stats_t		amend_lost;
};

static struct nfp_table __percpu *nfp_tables;
static size_t nfp_flow_stride;
static u32 nfp_hash_seed __read_mostly;

size_t nfp_flow_size(void)
{
	return nfp_flow_stride;
}

static struct nfp_flow *nfp_table_entry(struct nfp_table *t, unsigned int i)
{
	return t->flows + (size_t)i * nfp_flow_stride;
}

struct nfp_flow *nfp_flow_slot(unsigned int cpu, unsigned int slot)
{
	return nfp_table_entry(per_cpu_ptr(nfp_tables, cpu), slot);
}

static u32 nfp_flow_hash(const struct nfp_flow_key *key)
{
	BUILD_BUG_ON(sizeof(*key) % sizeof(u32));
	return jhash2((const u32 *)key, sizeof(*key) / sizeof(u32),
		      nfp_hash_seed);
}

/*
 * Finds the entry of @key in its bucket, or claims one for it: a free
 * entry, else the least recently seen (an eviction).
 */
static struct nfp_flow *nfp_flow_lookup(struct nfp_table *t,
					const struct nfp_flow_key *key,
					u32 hash, unsigned int *slot,
					bool *fresh)
{
	unsigned int nbuckets = nfp_flows_per_cpu / NFP_WAYS;
	unsigned int first = (hash & (nbuckets - 1)) * NFP_WAYS;
	struct nfp_flow *victim = NULL;
	unsigned int i, victim_slot = first;

	for (i = first; i < first + NFP_WAYS; i++) {
		struct nfp_flow *f = nfp_table_entry(t, i);

		if (!f->in_use) {
			if (!victim || victim->in_use) {
				victim = f;
				victim_slot = i;
			}
			continue;
		}
		if (f->hash == hash && !memcmp(&f->key, key, sizeof(*key))) {
			*slot = i;
			*fresh = false;
			return f;
		}
		if (!victim || (victim->in_use &&
				f->last_seen < victim->last_seen)) {
			victim = f;
			victim_slot = i;
		}
	}

	*slot = victim_slot;
	*fresh = true;
	return victim;
}

static bool nfp_hook_is_terminal(u8 hook)
{
	/* After these the packet has left netfilter for good. */
	return hook == NFPROBE_HOOK_INPUT || hook == NFPROBE_HOOK_POSTROUTING;
}

static void nfp_flow_count(struct nfp_flow *f, u8 verdict, u8 hook, int delta)
{
	switch (verdict) {
	case NFPROBE_VERDICT_ACCEPT:
		if (!nfp_hook_is_terminal(hook))
			return;
		f->accepted += delta;
		break;
	case NFPROBE_VERDICT_DROP:
		f->dropped += delta;
		break;
	case NFPROBE_VERDICT_REJECT:
		f->rejected += delta;
		break;
	}
	f->packets += delta;
}

void nfp_flow_record(const struct sk_buff *skb, const struct nfp_record *rec,
		     struct nfp_flow_ref *ref)
{
	struct nfp_table *t = this_cpu_ptr(nfp_tables);
	struct nfp_flow_key key;
	struct nfp_event *ev;
	struct nfp_flow *f;
	struct nfp_pkt pkt;
	unsigned int slot;
	u8 ct_state, dir;
	bool fresh;
	u32 hash;

	ref->valid = false;
	if (!nfp_pkt_parse(skb, rec->family, &pkt))
		return;

	nfp_flow_key_build(skb, &pkt, rec->netns, &key, &ct_state, &dir);
	hash = nfp_flow_hash(&key);
	f = nfp_flow_lookup(t, &key, hash, &slot, &fresh);

	write_seqcount_begin(&f->seq);
	if (fresh) {
		u64_stats_update_begin(&t->syncp);
		if (f->in_use)
			u64_stats_inc(&t->evictions);
		else
			u64_stats_inc(&t->in_use);
		u64_stats_update_end(&t->syncp);

		f->hash = hash;
		f->key = key;
		f->gen++;
		f->in_use = 1;
		f->ev_next = 0;
		f->first_seen = rec->tstamp;
		f->packets = 0;
		f->accepted = 0;
		f->dropped = 0;
		f->rejected = 0;
		f->events_total = 0;
	}

	ev = &f->events[f->ev_next];
	ev->tstamp = rec->tstamp;
	ev->len = pkt.len;
	ev->iif = rec->iif;
	ev->oif = rec->oif;
	ev->hook = rec->hook;
	ev->stage = rec->stage;
	ev->verdict = rec->verdict;
	ev->reject = rec->reject;
	ev->ct_state = ct_state;
	ev->dir = dir;
	ev->tcp_flags = pkt.proto == IPPROTO_TCP ? pkt.tcp_flags : 0;
	ev->pad = 0;

	ref->cpu = smp_processor_id();
	ref->slot = slot;
	ref->gen = f->gen;
	ref->event = f->ev_next;
	ref->tstamp = rec->tstamp;
	ref->valid = true;

	if (++f->ev_next == nfp_events_per_flow)
		f->ev_next = 0;
	f->events_total++;
	/* Events of a REJECT are stamped when the packet entered the hook. */
	if (rec->tstamp > f->last_seen)
		f->last_seen = rec->tstamp;
	nfp_flow_count(f, rec->verdict, rec->hook, 1);
	write_seqcount_end(&f->seq);

	u64_stats_update_begin(&t->syncp);
	u64_stats_inc(&t->events);
	u64_stats_update_end(&t->syncp);
}

void nfp_flow_amend_confirm(const struct nfp_flow_ref *ref)
{
	struct nfp_table *t = this_cpu_ptr(nfp_tables);
	struct nfp_event *ev;
	struct nfp_flow *f;

	if (!ref->valid)
		return;

	f = nfp_table_entry(t, ref->slot);
	ev = &f->events[ref->event];
	/*
	 * The ACCEPT was written on another CPU (the context migrated), or
	 * its entry or event was recycled since: nothing left to amend.
	 */
	if (ref->cpu != smp_processor_id() || !f->in_use ||
	    f->gen != ref->gen || ev->tstamp != ref->tstamp ||
	    ev->verdict != NFPROBE_VERDICT_ACCEPT) {
		u64_stats_update_begin(&t->syncp);
		u64_stats_inc(&t->amend_lost);
		u64_stats_update_end(&t->syncp);
		return;
	}

	write_seqcount_begin(&f->seq);
	nfp_flow_count(f, ev->verdict, ev->hook, -1);
	ev->verdict = NFPROBE_VERDICT_DROP;
	ev->stage = NFPROBE_STAGE_CONFIRM;
	nfp_flow_count(f, ev->verdict, ev->hook, 1);
	write_seqcount_end(&f->seq);
}

void nfp_inflight_lost(void)
{
	struct nfp_table *t = this_cpu_ptr(nfp_tables);

	u64_stats_update_begin(&t->syncp);
	u64_stats_inc(&t->inflight_lost);
	u64_stats_update_end(&t->syncp);
}

bool nfp_flow_read(const struct nfp_flow *flow, struct nfp_flow *copy)
{
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&flow->seq);
		/* Torn copies are discarded by the retry below. */
		data_race(memcpy(copy, flow, nfp_flow_stride));
	} while (read_seqcount_retry(&flow->seq, seq));

	return copy->in_use;
}

static bool nfp_prefix_match(const struct nfp_prefix *p, u8 family,
			     const union nfp_addr *addr)
{
	if (p->family != family)
		return false;

	if (family == NFPROTO_IPV4) {
		__be32 mask = p->len ? htonl(~0U << (32 - p->len)) : 0;

		return !((addr->ip ^ p->addr.ip) & mask);
	}
	return ipv6_prefix_equal(&addr->in6, &p->addr.in6, p->len);
}

bool nfp_filter_match(const struct nfp_filter *filter,
		      const struct nfp_flow_key *key)
{
	if (key->netns != filter->netns)
		return false;
	if (filter->family && key->family != filter->family)
		return false;
	if (filter->has_proto && key->proto != filter->proto)
		return false;
	if (filter->has_src &&
	    !nfp_prefix_match(&filter->src, key->family, &key->src))
		return false;
	if (filter->has_dst &&
	    !nfp_prefix_match(&filter->dst, key->family, &key->dst))
		return false;
	return true;
}

void nfp_stats_read(struct nfp_stats *stats)
{
	unsigned int cpu;

	memset(stats, 0, sizeof(*stats));
	for_each_possible_cpu(cpu) {
		const struct nfp_table *t = per_cpu_ptr(nfp_tables, cpu);
		u64 in_use, evictions, events, lost, amend_lost;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&t->syncp);
			in_use = u64_stats_read(&t->in_use);
			evictions = u64_stats_read(&t->evictions);
			events = u64_stats_read(&t->events);
			lost = u64_stats_read(&t->inflight_lost);
			amend_lost = u64_stats_read(&t->amend_lost);
		} while (u64_stats_fetch_retry(&t->syncp, start));

		stats->flows_in_use += in_use;
		stats->evictions += evictions;
		stats->events += events;
		stats->inflight_lost += lost;
		stats->amend_lost += amend_lost;
	}
}

int nfp_tables_init(void)
{
	size_t size;
	unsigned int cpu, i;

	nfp_flow_stride = ALIGN(sizeof(struct nfp_flow) +
				nfp_events_per_flow * sizeof(struct nfp_event),
				sizeof(u64));
	if (check_mul_overflow(nfp_flow_stride, (size_t)nfp_flows_per_cpu,
			       &size))
		return -EOVERFLOW;

	nfp_tables = alloc_percpu(struct nfp_table);
	if (!nfp_tables)
		return -ENOMEM;

	for_each_possible_cpu(cpu) {
		struct nfp_table *t = per_cpu_ptr(nfp_tables, cpu);

		u64_stats_init(&t->syncp);
		t->flows = vzalloc_node(size, cpu_to_node(cpu));
		if (!t->flows)
			goto err_free;
		for (i = 0; i < nfp_flows_per_cpu; i++)
			seqcount_init(&nfp_table_entry(t, i)->seq);
		cond_resched();
	}

	nfp_hash_seed = get_random_u32();
	return 0;

err_free:
	nfp_tables_exit();
	return -ENOMEM;
}

void nfp_tables_exit(void)
{
	unsigned int cpu;

	if (!nfp_tables)
		return;
	for_each_possible_cpu(cpu)
		vfree(per_cpu_ptr(nfp_tables, cpu)->flows);
	free_percpu(nfp_tables);
	nfp_tables = NULL;
}
