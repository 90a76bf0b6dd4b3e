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


struct nfp_table {
	/* nfp_flows_per_cpu entries of nfp_flow_stride bytes each. */
	void			*flows;
	/* NFP_CT_SOURCES_PER_CPU entries, 4-way set associative too. */
	struct nfp_ct_source	*sources;
	/* Written by the owning CPU only, read with u64_stats_fetch. */
	struct u64_stats_sync	syncp;
	u64_stats_t		in_use;
	u64_stats_t		evictions;
	u64_stats_t		events;
	u64_stats_t		inflight_lost;
	u64_stats_t		amend_lost;
	u64_stats_t		counters[NFP_COUNTERS];
};

static struct nfp_table __percpu *nfp_tables;
static size_t nfp_flow_stride;
static u32 nfp_hash_seed __read_mostly;

size_t nfp_flow_size(void)
{
	return nfp_flow_stride;
}

size_t nfp_tables_bytes_per_cpu(void)
{
	return nfp_flows_per_cpu * nfp_flow_stride +
	       NFP_CT_SOURCES_PER_CPU * sizeof(struct nfp_ct_source) +
	       sizeof(struct nfp_table);
}

static struct nfp_flow *nfp_table_entry(struct nfp_table *t, unsigned int i)
{
	return t->flows + (size_t)i * nfp_flow_stride;
}

struct nfp_flow *nfp_flow_slot(unsigned int cpu, unsigned int slot)
{
	return nfp_table_entry(per_cpu_ptr(nfp_tables, cpu), slot);
}

struct nfp_ct_source *nfp_ct_source_slot(unsigned int cpu, unsigned int slot)
{
	return &per_cpu_ptr(nfp_tables, cpu)->sources[slot];
}

static u32 nfp_flow_hash(const struct nfp_flow_key *key)
{
	BUILD_BUG_ON(sizeof(*key) % sizeof(u32));
	return jhash2((const u32 *)key, sizeof(*key) / sizeof(u32),
		      nfp_hash_seed);
}

static bool nfp_gen_forgotten(u32 gen, const u32 *reset_gen)
{
	u32 rg = READ_ONCE(*reset_gen);

	return rg && rg == gen;
}

static u32 nfp_gen_next(u32 gen)
{
	return gen + 1 ?: 1;
}

void nfp_flow_forget(struct nfp_flow *slot, u32 gen)
{
	WRITE_ONCE(slot->reset_gen, gen);
}

void nfp_ct_source_forget(struct nfp_ct_source *slot, u32 gen)
{
	WRITE_ONCE(slot->reset_gen, gen);
}

/*
 * The kernel's memcmp() is out of line and goes byte by byte; a key is
 * compared on every lookup, a word at a time here (key_build zeroes the
 * padding).
 */
static bool nfp_flow_key_equal(const struct nfp_flow_key *a,
			       const struct nfp_flow_key *b)
{
	const u32 *x = (const u32 *)a, *y = (const u32 *)b;
	u32 diff = 0;
	unsigned int i;

	BUILD_BUG_ON(sizeof(*a) % sizeof(u32) ||
		     __alignof__(struct nfp_flow_key) < __alignof__(u32));
	for (i = 0; i < sizeof(*a) / sizeof(u32); i++)
		diff |= x[i] ^ y[i];
	return !diff;
}

/* Free for a new flow: never used, or reset. */
static bool nfp_flow_free(const struct nfp_flow *f)
{
	return !f->in_use || nfp_gen_forgotten(f->gen, &f->reset_gen);
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

		if (nfp_flow_free(f)) {
			if (!victim || !nfp_flow_free(victim)) {
				victim = f;
				victim_slot = i;
			}
			continue;
		}
		if (f->hash == hash && nfp_flow_key_equal(&f->key, key)) {
			*slot = i;
			*fresh = false;
			return f;
		}
		if (!victim || (!nfp_flow_free(victim) &&
				f->last_seen < victim->last_seen)) {
			victim = f;
			victim_slot = i;
		}
	}

	*slot = victim_slot;
	*fresh = true;
	return victim;
}

/*
 * The entry where @hint says the flow's previous event went on this CPU,
 * if it still holds @key: the packet's next hook, or the flow's next
 * packet, skips the hash and the bucket. Anything else is a miss.
 */
static struct nfp_flow *nfp_flow_hinted(struct nfp_table *t,
					const struct nfp_flow_ref *hint,
					const struct nfp_flow_key *key,
					unsigned int *slot)
{
	struct nfp_flow *f;

	if (!hint || !hint->valid || hint->cpu != smp_processor_id() ||
	    hint->slot >= nfp_flows_per_cpu)
		return NULL;
	f = nfp_table_entry(t, hint->slot);
	if (nfp_flow_free(f) || !nfp_flow_key_equal(&f->key, key))
		return NULL;
	*slot = hint->slot;
	return f;
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
	case NFPROBE_VERDICT_STOLEN:
		/* Not a fate: the packet may still come back. */
		f->stolen += delta;
		return;
	}
	f->packets += delta;
}

/*
 * What a packet without a conntrack entry means. Where conntrack is in use,
 * a packet past the conntrack stage without an entry is one conntrack
 * found invalid; one dropped inside the conntrack stage without an entry
 * is one conntrack could not allocate an entry for (table full).
 */
static u8 nfp_ct_classify(const struct nfp_record *rec, u8 *ct_state)
{
	/* Conntrack runs in these hooks; the others come after it. */
	bool ct_hook = rec->hook == NFPROBE_HOOK_PREROUTING ||
		       rec->hook == NFPROBE_HOOK_OUTPUT;

	if (*ct_state != NFPROBE_CT_NONE || !rec->ct_active)
		return NFPROBE_CT_FAIL_NONE;

	if (ct_hook && rec->stage <= NFPROBE_STAGE_CONNTRACK) {
		if (rec->stage == NFPROBE_STAGE_CONNTRACK &&
		    rec->verdict == NFPROBE_VERDICT_DROP)
			return NFPROBE_CT_FAIL_ALLOC;
		return NFPROBE_CT_FAIL_NONE;
	}
	*ct_state = NFPROBE_CT_INVALID;
	return NFPROBE_CT_FAIL_NONE;
}

/* Holds a source's counts: in use and not reset. */
static bool nfp_ct_source_used(const struct nfp_ct_source *src)
{
	return src->in_use && !nfp_gen_forgotten(src->gen, &src->reset_gen);
}

/* Counts a conntrack failure against the flow's originator address. */
static void nfp_ct_source_count(struct nfp_table *t,
				const struct nfp_flow_key *key, u8 fail,
				u64 tstamp)
{
	unsigned int first, i;
	struct nfp_ct_source *src, *victim = NULL;
	u32 hash;

	hash = jhash2((const u32 *)key->src.all, ARRAY_SIZE(key->src.all),
		      nfp_hash_seed ^ key->netns);
	first = (hash & (NFP_CT_SOURCES_PER_CPU / NFP_WAYS - 1)) * NFP_WAYS;
	for (i = first; i < first + NFP_WAYS; i++) {
		src = &t->sources[i];
		if (src->in_use &&
		    !nfp_gen_forgotten(src->gen, &src->reset_gen) &&
		    src->netns == key->netns && src->family == key->family &&
		    !memcmp(&src->addr, &key->src, sizeof(src->addr)))
			break;
		if (!victim || (nfp_ct_source_used(victim) &&
				(!nfp_ct_source_used(src) ||
				 src->last_seen < victim->last_seen)))
			victim = src;
		src = NULL;
	}

	if (!src) {
		src = victim;
		write_seqcount_begin(&src->seq);
		src->gen = nfp_gen_next(src->gen);
		src->in_use = 1;
		src->netns = key->netns;
		src->family = key->family;
		src->addr = key->src;
		src->alloc_failed = 0;
		src->insert_failed = 0;
	} else {
		write_seqcount_begin(&src->seq);
	}
	if (fail == NFPROBE_CT_FAIL_ALLOC)
		src->alloc_failed++;
	else
		src->insert_failed++;
	src->last_seen = tstamp;
	write_seqcount_end(&src->seq);
}

/* A consistent copy of an entry written by its CPU under @seq. */
static void nfp_seq_copy(const seqcount_t *seq, void *dst, const void *src,
			 size_t len)
{
	unsigned int start;

	do {
		start = read_seqcount_begin(seq);
		/* Torn copies are discarded by the retry below. */
		data_race(memcpy(dst, src, len));
	} while (read_seqcount_retry(seq, start));
}

bool nfp_ct_source_read(const struct nfp_ct_source *src,
			struct nfp_ct_source *copy)
{
	nfp_seq_copy(&src->seq, copy, src, sizeof(*copy));
	return nfp_ct_source_used(copy);
}

/* Whether the operator's track filter (nfprobe config track) takes it. */
static bool nfp_flow_tracked(const struct nfp_flow_key *key,
			     const struct nfp_nat *nat)
{
	bool tracked;

	rcu_read_lock();
	tracked = nfp_track_match(key, nat);
	rcu_read_unlock();
	return tracked;
}

static void nfp_event_set(struct nfp_event *ev, const struct nfp_record *rec,
			  const struct nfp_pkt *pkt,
			  const struct nfp_ct_info *ct, u8 ct_fail)
{
	ev->tstamp = rec->tstamp;
	ev->len = pkt->len;
	ev->iif = rec->iif;
	ev->oif = rec->oif;
	ev->hook = rec->hook;
	ev->stage = rec->stage;
	ev->verdict = rec->verdict;
	ev->reject = rec->reject;
	ev->ct_state = ct->state;
	ev->dir = ct->dir;
	ev->tcp_flags = pkt->proto == IPPROTO_TCP ? pkt->tcp_flags : 0;
	ev->ct_fail = ct_fail;
}

/*
 * Records @rec for the packet @pkt, @skb if it is still there; @hint, if
 * not NULL, is where an earlier event of the flow may have gone.
 */
static void nfp_flow_record_pkt(const struct sk_buff *skb,
				const struct nfp_pkt *pkt,
				const struct nfp_record *rec,
				struct nfp_flow_ref *ref,
				const struct nfp_flow_ref *hint)
{
	struct nfp_table *t = this_cpu_ptr(nfp_tables);
	/* Written in full by nfp_flow_key_build() (ct.nat: if has_nat). */
	struct nfp_ct_info ct __nfp_noinit;
	struct nfp_flow_key key __nfp_noinit;
	struct nfp_flow_ref prev;
	struct nfp_event *ev;
	unsigned int slot, counter;
	struct nfp_flow *f;
	u8 ct_fail;
	bool fresh;
	u32 hash;

	/* @ref may be @hint. */
	if (hint) {
		prev = *hint;
		hint = &prev;
	}
	ref->valid = false;
	nfp_flow_key_build(skb, pkt, rec->netns, &key, &ct);
	/* A packet no longer there has no conntrack state to go by. */
	ct_fail = skb ? nfp_ct_classify(rec, &ct.state) : NFPROBE_CT_FAIL_NONE;
	counter = nfp_counter_index(rec->family, rec->hook, rec->stage,
				    rec->verdict);
	if (static_branch_unlikely(&nfp_track_key) &&
	    !nfp_flow_tracked(&key, ct.has_nat ? &ct.nat : NULL)) {
		/* Counted, but no history: the operator narrowed tracking. */
		u64_stats_update_begin(&t->syncp);
		u64_stats_inc(&t->counters[counter]);
		u64_stats_update_end(&t->syncp);
		if (ct_fail)
			nfp_ct_source_count(t, &key, ct_fail, rec->tstamp);
		if (unlikely(rec->trace_id)) {
			struct nfp_event untracked;

			nfp_event_set(&untracked, rec, pkt, &ct, ct_fail);
			nfp_watch_push_trace(rec->trace_id, &key,
					     ct.has_nat ? &ct.nat : NULL,
					     &untracked, ref);
		}
		return;
	}
	f = nfp_flow_hinted(t, hint, &key, &slot);
	if (f) {
		fresh = false;
		hash = f->hash;
	} else {
		hash = nfp_flow_hash(&key);
		f = nfp_flow_lookup(t, &key, hash, &slot, &fresh);
	}

	write_seqcount_begin(&f->seq);
	if (fresh) {
		u64_stats_update_begin(&t->syncp);
		if (!f->in_use)
			u64_stats_inc(&t->in_use);
		else if (!nfp_flow_free(f))
			u64_stats_inc(&t->evictions);
		u64_stats_update_end(&t->syncp);

		f->hash = hash;
		f->key = key;
		f->gen = nfp_gen_next(f->gen);
		f->in_use = 1;
		f->ev_next = 0;
		f->first_seen = rec->tstamp;
		f->packets = 0;
		f->accepted = 0;
		f->dropped = 0;
		f->rejected = 0;
		f->stolen = 0;
		f->events_total = 0;
		f->has_nat = 0;
		f->ct_alloc_failed = 0;
		f->ct_insert_failed = 0;
	}
	if (ct.has_nat) {
		f->nat = ct.nat;
		f->has_nat = 1;
	}
	if (ct_fail == NFPROBE_CT_FAIL_ALLOC)
		f->ct_alloc_failed++;

	ev = &f->events[f->ev_next];
	nfp_event_set(ev, rec, pkt, &ct, ct_fail);

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

	if ((rec->verdict == NFPROBE_VERDICT_DROP ||
	     rec->verdict == NFPROBE_VERDICT_REJECT || ct_fail) &&
	    READ_ONCE(nfp_event_rate))
		nfp_watch_push(rec->net_cookie, &key,
			       f->has_nat ? &f->nat : NULL, ev);
	if (unlikely(rec->trace_id))
		nfp_watch_push_trace(rec->trace_id, &key,
				     f->has_nat ? &f->nat : NULL, ev, ref);

	u64_stats_update_begin(&t->syncp);
	u64_stats_inc(&t->events);
	u64_stats_inc(&t->counters[counter]);
	u64_stats_update_end(&t->syncp);

	if (ct_fail)
		nfp_ct_source_count(t, &key, ct_fail, rec->tstamp);
}

void nfp_flow_record(const struct sk_buff *skb, const struct nfp_record *rec,
		     struct nfp_flow_ref *ref, const struct nfp_flow_ref *hint)
{
	struct nfp_pkt pkt __nfp_noinit;	/* nfp_pkt_parse() zeroes it */

	if (nfp_pkt_parse(skb, rec->family, &pkt))
		nfp_flow_record_pkt(skb, &pkt, rec, ref, hint);
	else
		ref->valid = false;
}

void nfp_flow_record_parsed(const struct sk_buff *skb,
			    const struct nfp_pkt *pkt,
			    const struct nfp_record *rec,
			    struct nfp_flow_ref *ref,
			    const struct nfp_flow_ref *hint)
{
	nfp_flow_record_pkt(skb, pkt, rec, ref, hint);
}

void nfp_flow_record_gone(const struct nfp_pkt *pkt,
			  const struct nfp_record *rec)
{
	struct nfp_flow_ref ref;

	nfp_flow_record_pkt(NULL, pkt, rec, &ref, NULL);
}

void nfp_flow_amend_confirm(const struct nfp_flow_ref *ref, u64 net_cookie)
{
	struct nfp_table *t = this_cpu_ptr(nfp_tables);
	unsigned int accepted, dropped;
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
	ev->ct_fail = NFPROBE_CT_FAIL_INSERT;
	f->ct_insert_failed++;
	nfp_flow_count(f, ev->verdict, ev->hook, 1);
	write_seqcount_end(&f->seq);

	if (READ_ONCE(nfp_event_rate))
		nfp_watch_push(net_cookie, &f->key, f->has_nat ? &f->nat : NULL,
			       ev);

	/* The ACCEPT counted is now a DROP: move it (-1 modulo 2^64). */
	accepted = nfp_counter_index(f->key.family, ev->hook,
				     NFPROBE_STAGE_CONFIRM,
				     NFPROBE_VERDICT_ACCEPT);
	dropped = nfp_counter_index(f->key.family, ev->hook,
				    NFPROBE_STAGE_CONFIRM, NFPROBE_VERDICT_DROP);
	u64_stats_update_begin(&t->syncp);
	u64_stats_add(&t->counters[accepted], -1UL);
	u64_stats_inc(&t->counters[dropped]);
	u64_stats_update_end(&t->syncp);

	nfp_ct_source_count(t, &f->key, NFPROBE_CT_FAIL_INSERT, ev->tstamp);
}

/*
 * Forgets every entry of the namespaces @inums (@n of them), which are
 * going away: their inode numbers will be given to new namespaces, which
 * must not inherit their flows. Process context.
 */
void nfp_tables_forget_netns(const u32 *inums, unsigned int n)
{
	struct nfp_ct_source src_copy;
	unsigned int cpu, slot, i;
	struct nfp_flow *f;
	u32 netns, gen;
	unsigned int seq;

	for_each_possible_cpu(cpu) {
		struct nfp_table *t = per_cpu_ptr(nfp_tables, cpu);

		for (slot = 0; slot < nfp_flows_per_cpu; slot++) {
			f = nfp_table_entry(t, slot);
			if (!(slot % 1024))
				cond_resched();
			/* The two fields only, consistent under @seq. */
			do {
				seq = read_seqcount_begin(&f->seq);
				/* Torn values are discarded by the retry. */
				netns = data_race(f->key.netns);
				/* As above. */
				gen = data_race(f->gen);
			} while (read_seqcount_retry(&f->seq, seq));
			for (i = 0; i < n; i++)
				if (netns == inums[i])
					nfp_flow_forget(f, gen);
		}
		for (slot = 0; slot < NFP_CT_SOURCES_PER_CPU; slot++) {
			if (!nfp_ct_source_read(&t->sources[slot], &src_copy))
				continue;
			for (i = 0; i < n; i++)
				if (src_copy.netns == inums[i])
					nfp_ct_source_forget(&t->sources[slot],
							     src_copy.gen);
		}
	}
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
	nfp_seq_copy(&flow->seq, copy, flow, nfp_flow_stride);
	return !nfp_flow_free(copy);
}

bool nfp_prefix_match(const struct nfp_prefix *p, u8 family,
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

static bool nfp_port_match(__be16 want, __be16 port,
			   const struct nfp_flow_key *key,
			   const __be16 *nat_port)
{
	/* An ICMP key holds the echo id and the type where ports would be. */
	if (key->proto == IPPROTO_ICMP || key->proto == IPPROTO_ICMPV6)
		return false;
	return port == want || (nat_port && *nat_port == want);
}

/* One of the flow's kept events is in all the filter's sets. */
static bool nfp_events_match(const struct nfp_filter *filter,
			     const struct nfp_flow *flow)
{
	unsigned int i, n = min_t(u64, flow->events_total, nfp_events_per_flow);

	for (i = 0; i < n; i++) {
		const struct nfp_event *ev = &flow->events[i];

		if ((!filter->verdicts || filter->verdicts & BIT(ev->verdict)) &&
		    (!filter->hooks || filter->hooks & BIT(ev->hook)) &&
		    (!filter->stages || filter->stages & BIT(ev->stage)))
			return true;
	}
	return false;
}

bool nfp_filter_match_key(const struct nfp_filter *filter,
			  const struct nfp_flow_key *key,
			  const struct nfp_nat *nat)
{
	if (filter->netns && key->netns != filter->netns)
		return false;
	if (filter->family && key->family != filter->family)
		return false;
	if (filter->has_proto && key->proto != filter->proto)
		return false;
	/* A NATed flow is found by its addresses before and after NAT. */
	if (filter->has_src &&
	    !nfp_prefix_match(&filter->src, key->family, &key->src) &&
	    !(nat && nfp_prefix_match(&filter->src, key->family, &nat->src)))
		return false;
	if (filter->has_dst &&
	    !nfp_prefix_match(&filter->dst, key->family, &key->dst) &&
	    !(nat && nfp_prefix_match(&filter->dst, key->family, &nat->dst)))
		return false;
	if (filter->has_sport &&
	    !nfp_port_match(filter->sport, key->sport, key,
			    nat ? &nat->sport : NULL))
		return false;
	if (filter->has_dport &&
	    !nfp_port_match(filter->dport, key->dport, key,
			    nat ? &nat->dport : NULL))
		return false;
	return true;
}

bool nfp_filter_match(const struct nfp_filter *filter,
		      const struct nfp_flow *flow)
{
	if (!nfp_filter_match_key(filter, &flow->key,
				  flow->has_nat ? &flow->nat : NULL))
		return false;
	if (filter->since && flow->last_seen < filter->since)
		return false;
	if (filter->verdicts || filter->hooks || filter->stages)
		return nfp_events_match(filter, flow);
	return true;
}

u64 nfp_counter_read(unsigned int index)
{
	unsigned int cpu, start;
	u64 sum = 0, v;

	for_each_possible_cpu(cpu) {
		const struct nfp_table *t = per_cpu_ptr(nfp_tables, cpu);

		do {
			start = u64_stats_fetch_begin(&t->syncp);
			v = u64_stats_read(&t->counters[index]);
		} while (u64_stats_fetch_retry(&t->syncp, start));
		sum += v;
	}
	return sum;
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
		t->sources = vzalloc_node(NFP_CT_SOURCES_PER_CPU *
					  sizeof(*t->sources),
					  cpu_to_node(cpu));
		if (!t->flows || !t->sources)
			goto err_free;
		for (i = 0; i < nfp_flows_per_cpu; i++)
			seqcount_init(&nfp_table_entry(t, i)->seq);
		for (i = 0; i < NFP_CT_SOURCES_PER_CPU; i++)
			seqcount_init(&t->sources[i].seq);
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
	for_each_possible_cpu(cpu) {
		vfree(per_cpu_ptr(nfp_tables, cpu)->flows);
		vfree(per_cpu_ptr(nfp_tables, cpu)->sources);
	}
	free_percpu(nfp_tables);
	nfp_tables = NULL;
}
