// SPDX-License-Identifier: GPL-2.0
/*
 * The probes: netfilter hooks that only observe, first and last in every
 * hook of every network namespace and between the standard priorities
 * where someone else's hook functions need them separated (place.c); and a
 * probe on the kfree_skb tracepoint that sees each packet netfilter drops,
 * whoever frees it (nf_hook_slow() or, since 6.7, nf_tables itself).
 *
 * While a packet traverses a hook, a small per-CPU in-flight table keyed
 * by its skb remembers the last probe it passed. A drop is then attributed
 * to the first stage after that probe holding a hook function. A REJECT
 * sends its RST or ICMP error from inside the hook, so that packet passes
 * our OUTPUT probes nested, on the same CPU, while the rejected packet is
 * still in flight: seeing it marks the rejected packet's coming drop as a
 * REJECT.
 *
 * Probes on the packet path only write this CPU's memory, with bottom
 * halves disabled (the same CPU runs process-context OUTPUT and softirq
 * PREROUTING); they take no lock, allocate nothing and always accept.
 */
#include <linux/jiffies.h>
#include <linux/kallsyms.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/percpu.h>
#include <linux/tcp.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netns/generic.h>
#include <net/tcp.h>
#include <trace/events/skb.h>

#include "compat.h"
#include "flowtable.h"
#include "packet.h"
#include "place.h"

/*
 * Packets in flight at once on one CPU: one per hook traversal in progress
 * plus those nested in it (a REJECT's answer passes OUTPUT and POSTROUTING
 * inside the rejected packet's INPUT). Eight leaves room for tunnels.
 */
#define NFP_INFLIGHT_SLOTS	8
/*
 * A traversal takes microseconds; an entry this old belongs to a packet
 * that left without our seeing it (stolen, queued) and may be reused.
 */
#define NFP_INFLIGHT_TTL	(HZ / 10 ?: 1)

enum nfp_slot_state {
	NFP_SLOT_FREE,
	NFP_SLOT_ACTIVE,	/* between first and last probe of a hook */
	NFP_SLOT_DONE,		/* accepted; conntrack confirm may still drop */
};

struct nfp_inflight {
	const struct sk_buff	*skb;
	unsigned long		start;
	u64			reject_tstamp;
	u64			net_cookie;
	/* NFP_SLOT_DONE: the ACCEPT event, in case confirm drops. */
	struct nfp_flow_ref	accepted;
	/*
	 * The headers, to record the packet should it never come back, and
	 * as it leaves the hook when they still hold (nfp_pkt_reusable()).
	 */
	struct nfp_pkt		pkt;
	/* Only while the packet is inside the hook: see nfp_ct_active(). */
	const struct net	*net;
	u32			netns;
	u32			iif;
	u32			oif;
	/* The trace session the packet belongs to (0: none). */
	u32			trace_id;
	/* The hook's occupied stages when the traversal began (place.c). */
	u16			stages;
	u8			state;
	u8			family;
	u8			hook;
	u8			point;
	u8			reject;
};

/* Written only by the owning CPU with BH disabled; see nfp_inflight_find_remote(). */
struct nfp_inflight_cpu {
	struct nfp_inflight	slot[NFP_INFLIGHT_SLOTS];
	/*
	 * The slot this CPU's probes used last: the next probe is almost
	 * always the same packet's next one, so it is looked at first.
	 */
	unsigned int		last;
};

static struct nfp_inflight_cpu __percpu *nfp_inflight;

/*
 * What a hook of a namespace holds besides our probes: the stages with
 * someone else's hook functions, which a drop is attributed among, and
 * whether conntrack is one (it registers its hooks only when a rule or a
 * NAT table needs it). Any change of a hook's functions replaces the
 * hook's nf_hook_entries blob, so the answer is cached against the blob it
 * was computed from and computed again as soon as that changes (and once
 * a second, should a new blob land at a freed one's address).
 *
 * Two CPUs may compute it at once, for different blobs: the answer and
 * its blob share one word, so that neither can leave its answer beside
 * the other's blob. The word keeps the blob address's low 47 bits, above
 * which a kernel address's bits are all ones (with 5-level paging, two
 * blobs 128 TiB apart could clash: as with address reuse, the check once
 * a second settles it).
 */
#define NFP_VIEW_BLOB		GENMASK_ULL(46, 0)
#define NFP_VIEW_CONNTRACK	BIT_ULL(47)
#define NFP_VIEW_STAGES_SHIFT	48

struct nfp_hook_view {
	u64				word;
	unsigned long			checked;
};

struct nfp_net {
	struct nfp_placement		place;	/* first: see place.h */
	struct nfp_hook_view		view[NFP_FAMILIES][NFP_HOOKS];
};

static unsigned int nfp_net_id __read_mostly;
static struct nfp_placer nfp_placer;

/* The view's word for a hook now: see struct nfp_hook_view. */
static u64 nfp_hook_view(const struct net *net, u8 family, u8 hook)
{
	unsigned int f = nfp_family_index(family);
	const struct nf_hook_entries *e = nfp_hook_entries(net, f, hook);
	struct nfp_net *nn = net_generic(net, nfp_net_id);
	struct nfp_hook_view *v = &nn->view[f][hook];
	u64 blob = (unsigned long)e & NFP_VIEW_BLOB;
	u64 word = READ_ONCE(v->word);
	unsigned long now = jiffies;
	bool conntrack;
	u16 stages;

	if ((word & NFP_VIEW_BLOB) != blob ||
	    time_after(now, READ_ONCE(v->checked) + HZ)) {
		stages = nfp_hook_stages(&nfp_placer, e, &conntrack);
		word = blob | (conntrack ? NFP_VIEW_CONNTRACK : 0) |
		       (u64)stages << NFP_VIEW_STAGES_SHIFT;
		WRITE_ONCE(v->word, word);
		WRITE_ONCE(v->checked, now);
	}
	return word;
}

static bool nfp_slot_fresh(const struct nfp_inflight *s)
{
	return time_before(jiffies, s->start + NFP_INFLIGHT_TTL);
}

static struct nfp_inflight *nfp_inflight_find(struct nfp_inflight_cpu *ifl,
					      const struct sk_buff *skb)
{
	struct nfp_inflight *s = &ifl->slot[ifl->last];
	unsigned int i;

	if (likely(s->skb == skb && s->state != NFP_SLOT_FREE))
		return s;
	for (i = 0; i < NFP_INFLIGHT_SLOTS; i++) {
		s = &ifl->slot[i];
		if (s->skb == skb && s->state != NFP_SLOT_FREE) {
			ifl->last = i;
			return s;
		}
	}
	return NULL;
}

/* Whether one of @ifl's slots is @skb's, read without BH disabled. */
static bool nfp_inflight_holds(const struct nfp_inflight_cpu *ifl,
			       const struct sk_buff *skb)
{
	unsigned int i;

	for (i = 0; i < NFP_INFLIGHT_SLOTS; i++)
		if (READ_ONCE(ifl->slot[i].skb) == skb)
			return true;
	return false;
}

static void nfp_inflight_gone(const struct nfp_inflight *s);

/*
 * A slot for a traversal starting now: the skb's own (it passed an earlier
 * hook), else one whose packet is gone (stolen or queued, left unseen), else
 * a free one, else one whose packet is done, else the oldest traversal,
 * whose loss is counted. A gone packet is recorded only when its slot is
 * reused, so such a slot goes first: free slots would otherwise keep it
 * unrecorded for as long as drops keep freeing them.
 */
static struct nfp_inflight *nfp_inflight_claim(struct nfp_inflight_cpu *ifl,
					       const struct sk_buff *skb)
{
	struct nfp_inflight *best = NULL;
	int best_rank = -1;
	unsigned int i;

	for (i = 0; i < NFP_INFLIGHT_SLOTS; i++) {
		struct nfp_inflight *s = &ifl->slot[i];
		int rank;

		if (s->skb == skb && s->state != NFP_SLOT_FREE) {
			/* Back without having left: it was queued. */
			if (s->state == NFP_SLOT_ACTIVE)
				nfp_inflight_gone(s);
			ifl->last = i;
			return s;
		}
		if (s->state == NFP_SLOT_FREE)
			rank = 4;
		else if (!nfp_slot_fresh(s))
			rank = s->state == NFP_SLOT_ACTIVE ? 5 : 3;
		else if (s->state == NFP_SLOT_DONE)
			rank = 2;
		else
			rank = 1;
		if (rank > best_rank ||
		    (rank == best_rank && time_before(s->start, best->start))) {
			best = s;
			best_rank = rank;
		}
	}

	if (best_rank == 1)
		nfp_inflight_lost();
	else if (best->state == NFP_SLOT_ACTIVE)
		nfp_inflight_gone(best);
	ifl->last = best - ifl->slot;
	return best;
}

static void nfp_inflight_begin(struct nfp_inflight *s, struct sk_buff *skb,
			       const struct nf_hook_state *state,
			       const struct nfp_pkt *pkt, unsigned int point)
{
	u64 view;

	s->skb = skb;
	s->start = jiffies;
	s->state = NFP_SLOT_ACTIVE;
	s->family = state->pf;
	s->hook = state->hook;
	s->point = point;
	s->reject = NFPROBE_REJECT_NONE;
	s->netns = state->net->ns.inum;
	s->net_cookie = nfp_net_cookie(state->net);
	s->iif = state->in ? state->in->ifindex : 0;
	s->oif = state->out ? state->out->ifindex : 0;
	s->net = state->net;
	view = nfp_hook_view(state->net, state->pf, state->hook);
	s->stages = view >> NFP_VIEW_STAGES_SHIFT;
	s->trace_id = 0;
	s->pkt = *pkt;
}

/*
 * @pkt leaves through OUTPUT. If it is a TCP reset or an ICMP error
 * answering a packet whose hook traversal is in progress on this CPU, that
 * packet is being rejected: remember how.
 */
static void nfp_reject_detect(struct nfp_inflight_cpu *ifl,
			      const struct nfp_inflight *self,
			      const struct sk_buff *skb,
			      const struct nfp_pkt *pkt)
{
	struct nfp_pkt inner;
	unsigned int i;
	u8 type;

	type = nfp_reject_answer(skb, pkt, &inner);
	if (type == NFPROBE_REJECT_NONE)
		return;

	for (i = 0; i < NFP_INFLIGHT_SLOTS; i++) {
		struct nfp_inflight *s = &ifl->slot[i];

		if (s == self || s->state != NFP_SLOT_ACTIVE ||
		    s->family != pkt->family || s->pkt.proto != inner.proto ||
		    !nfp_slot_fresh(s) ||
		    memcmp(&s->pkt.saddr, &inner.saddr, sizeof(inner.saddr)) ||
		    memcmp(&s->pkt.daddr, &inner.daddr, sizeof(inner.daddr)))
			continue;
		if (inner.has_ports &&
		    (s->pkt.sport != inner.sport || s->pkt.dport != inner.dport))
			continue;

		s->reject = type;
		/* The verdict came before the answer it caused. */
		s->reject_tstamp = ktime_get_real_ns();
		return;
	}
}

/*
 * Whether conntrack is in use in the namespace of @s's packet, which is
 * inside its hook: what a packet without a conntrack entry means depends on
 * it (nfp_ct_classify()). Only then is it worth the hook view's lookup.
 */
static bool nfp_ct_active(const struct sk_buff *skb,
			  const struct nfp_inflight *s)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	enum ip_conntrack_info ctinfo;
	const struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (ct && !nf_ct_is_template(ct))
		return false;
	/* Conntrack shows in PREROUTING. */
	return nfp_hook_view(s->net, s->family, NF_INET_PRE_ROUTING) &
	       NFP_VIEW_CONNTRACK;
#else
	return false;
#endif
}

static void nfp_record_fill(struct nfp_record *rec,
			    const struct nfp_inflight *s, u8 verdict, u8 stage)
{
	rec->family = s->family;
	rec->netns = s->netns;
	rec->net_cookie = s->net_cookie;
	rec->iif = s->iif;
	rec->oif = s->oif;
	rec->hook = s->hook;
	rec->stage = stage;
	rec->verdict = verdict;
	rec->reject = NFPROBE_REJECT_NONE;
	rec->ct_active = false;
	rec->trace_id = s->trace_id;
	rec->tstamp = ktime_get_real_ns();
}

/*
 * @s's packet left the hook neither accepted nor dropped: a hook function
 * stole it (defragmentation, SYNPROXY) or queued it (NFQUEUE). Its slot is
 * being reused, so record it now, dated when it entered the hook.
 */
static void nfp_inflight_gone(const struct nfp_inflight *s)
{
	struct nfp_record rec __nfp_noinit;	/* nfp_record_fill() */

	nfp_record_fill(&rec, s, NFPROBE_VERDICT_STOLEN,
			nfp_stage_after(s->stages, s->point));
	rec.tstamp -= jiffies_to_nsecs(jiffies - s->start);
	nfp_flow_record_gone(&s->pkt, &rec);
}

/*
 * Bottom halves off for a probe's writes to this CPU's tables, unless they
 * already are: in softirq, where most packets are seen, that costs nothing.
 */
static bool nfp_bh_disable(void)
{
	if (in_softirq())
		return false;
	local_bh_disable();
	return true;
}

static void nfp_bh_enable(bool disabled)
{
	if (disabled)
		local_bh_enable();
}

/* The first probe of a hook: a traversal starts. */
static unsigned int nfp_probe_first(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct nfp_pkt pkt __nfp_noinit;	/* nfp_pkt_parse() zeroes it */
	struct nfp_inflight_cpu *ifl;
	struct nfp_inflight *s;
	bool bh;

	if (!static_branch_likely(&nfp_enabled_key) ||
	    unlikely(irqs_disabled()))
		return NF_ACCEPT;

	bh = nfp_bh_disable();
	if (likely(nfp_pkt_parse(skb, state->pf, &pkt))) {
		ifl = this_cpu_ptr(nfp_inflight);
		s = nfp_inflight_claim(ifl, skb);
		nfp_inflight_begin(s, skb, state, &pkt, NFP_PROBE_FIRST);
		if (static_branch_unlikely(&nfp_trace_key))
			s->trace_id = nfp_trace_packet(skb, &pkt, state->net);
		if (state->hook == NF_INET_LOCAL_OUT)
			nfp_reject_detect(ifl, s, skb, &pkt);
	}
	nfp_bh_enable(bh);
	return NF_ACCEPT;
}

/*
 * nfp_inflight_current()'s way when the slot used last is not the
 * traversal's: another of this CPU's slots, or a new one if the traversal
 * began elsewhere (process context can migrate between two probes, and
 * packets already inside a hook when the module loaded missed the first
 * probe).
 */
static noinline struct nfp_inflight *
nfp_inflight_current_slow(struct nfp_inflight_cpu *ifl, struct sk_buff *skb,
			  const struct nf_hook_state *state, unsigned int point)
{
	struct nfp_inflight *s = nfp_inflight_find(ifl, skb);
	struct nfp_pkt pkt __nfp_noinit;	/* nfp_pkt_parse() zeroes it */

	if (s && s->state == NFP_SLOT_ACTIVE && s->hook == state->hook)
		return s;

	if (!nfp_pkt_parse(skb, state->pf, &pkt))
		return NULL;
	s = nfp_inflight_claim(ifl, skb);
	nfp_inflight_begin(s, skb, state, &pkt, point);
	return s;
}

/*
 * The traversal's slot on this CPU. The probe before this one on this CPU
 * was almost always the same packet's, in the same hook: that slot is
 * checked inline, with no local to zero or stack frame to set up.
 */
static __always_inline struct nfp_inflight *
nfp_inflight_current(struct sk_buff *skb, const struct nf_hook_state *state,
		     unsigned int point)
{
	struct nfp_inflight_cpu *ifl = this_cpu_ptr(nfp_inflight);
	struct nfp_inflight *s = &ifl->slot[ifl->last];

	if (likely(s->skb == skb && s->state == NFP_SLOT_ACTIVE &&
		   s->hook == state->hook))
		return s;
	return nfp_inflight_current_slow(ifl, skb, state, point);
}

static unsigned int nfp_probe_mid(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	unsigned int point = (unsigned long)priv;
	struct nfp_inflight *s;
	bool bh;

	if (!static_branch_likely(&nfp_enabled_key) ||
	    unlikely(irqs_disabled()))
		return NF_ACCEPT;

	bh = nfp_bh_disable();
	s = nfp_inflight_current(skb, state, point);
	if (s)
		s->point = point;
	nfp_bh_enable(bh);
	return NF_ACCEPT;
}

/* The last probe of a hook: the packet got through every stage. */
static unsigned int nfp_probe_last(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct nfp_record rec __nfp_noinit;	/* nfp_record_fill() */
	struct nfp_inflight *s;
	bool bh;

	if (!static_branch_likely(&nfp_enabled_key) ||
	    unlikely(irqs_disabled()))
		return NF_ACCEPT;

	bh = nfp_bh_disable();
	s = nfp_inflight_current(skb, state, NFP_PROBE_LAST);
	if (s) {
		nfp_record_fill(&rec, s, NFPROBE_VERDICT_ACCEPT,
				nfp_probe_stage[NFP_PROBE_LAST]);
		rec.ct_active = nfp_ct_active(skb, s);
		/* The packet's previous hook, or its flow's last packet. */
		if (nfp_pkt_reusable(skb, &s->pkt))
			nfp_flow_record_parsed(skb, &s->pkt, &rec, &s->accepted,
					       &s->accepted);
		else
			nfp_flow_record(skb, &rec, &s->accepted, &s->accepted);
		s->point = NFP_PROBE_LAST;
		s->state = NFP_SLOT_DONE;
	}
	nfp_bh_enable(bh);
	return NF_ACCEPT;
}

/*
 * The traversal of a dropped packet whose context migrated to this CPU
 * after its last probe: read the slot its old CPU still holds. The owner
 * may rewrite that slot meanwhile; the copy is checked against the skb
 * afterwards, and a rare torn copy costs one misattributed stage.
 */
static bool nfp_inflight_find_remote(const struct sk_buff *skb,
				     struct nfp_inflight *copy)
{
	unsigned int cpu, i, this = smp_processor_id();

	for_each_possible_cpu(cpu) {
		struct nfp_inflight_cpu *ifl = per_cpu_ptr(nfp_inflight, cpu);

		if (cpu == this)
			continue;
		for (i = 0; i < NFP_INFLIGHT_SLOTS; i++) {
			struct nfp_inflight *s = &ifl->slot[i];

			if (READ_ONCE(s->skb) != skb ||
			    READ_ONCE(s->state) != NFP_SLOT_ACTIVE)
				continue;
			/* Racy by design: the owner CPU may rewrite it. */
			data_race(memcpy(copy, s, sizeof(*copy)));
			if (READ_ONCE(s->skb) == skb && nfp_slot_fresh(copy))
				return true;
		}
	}
	return false;
}

/*
 * @nf_drop: netfilter dropped it, so the packet is inside its hook and
 * the slot's namespace is alive: another free of an skb at the address of
 * a packet that left unseen could come from a namespace since gone.
 */
static void nfp_drop_record(struct sk_buff *skb, struct nfp_inflight *s,
			    bool nf_drop)
{
	struct nfp_record rec __nfp_noinit;	/* nfp_record_fill() */
	struct nfp_flow_ref ref;

	nfp_record_fill(&rec, s, NFPROBE_VERDICT_DROP,
			nfp_stage_after(s->stages, s->point));
	rec.ct_active = nf_drop && nfp_ct_active(skb, s);
	if (s->reject != NFPROBE_REJECT_NONE) {
		rec.verdict = NFPROBE_VERDICT_REJECT;
		rec.reject = s->reject;
		rec.tstamp = s->reject_tstamp;
	}
	nfp_flow_record(skb, &rec, &ref, &s->accepted);
}

#ifndef NFP_HAVE_NETFILTER_DROP_REASON
/* The size of nf_hook_slow()'s code, from kallsyms: 0 if unknown. */
static unsigned long nfp_hook_slow_size __read_mostly;

static void nfp_drop_site_init(void)
{
	char buf[KSYM_SYMBOL_LEN], *size;

	/* "nf_hook_slow+0x0/0x130": the size follows the slash. */
	sprint_symbol(buf, (unsigned long)nf_hook_slow);
	size = strchr(buf, '/');
	if (size)
		size[strcspn(size, " ")] = '\0';
	if (!size || kstrtoul(size + 1, 16, &nfp_hook_slow_size)) {
		nfp_hook_slow_size = 0;
		pr_info("nf_hook_slow() not in kallsyms: drops by conntrack confirm go unseen\n");
	}
}

static bool nfp_freed_by_nf_hook_slow(const void *location)
{
	return (unsigned long)location - (unsigned long)nf_hook_slow <
	       nfp_hook_slow_size;
}
#else
static void nfp_drop_site_init(void)
{
}
#endif

/*
 * A packet is freed as dropped. Netfilter's own verdicts carry their
 * reason; a packet freed for another reason while inside a hook died there
 * too (an NFQUEUE verdict with no listener, a fragment defragmentation
 * discards) and is as dropped to whoever sent it.
 */
static void nfp_kfree_skb_probe(void *data, NFP_KFREE_SKB_PROTO)
{
	bool nf_drop = NFP_KFREE_SKB_NF_DROP;
	struct nfp_inflight copy __nfp_noinit;	/* filled by nfp_inflight_find_remote() */
	struct nfp_inflight *s;
	bool bh;

	if (!static_branch_likely(&nfp_enabled_key) ||
	    unlikely(irqs_disabled()))
		return;
	/*
	 * Most packets freed are in no hook: that is seen before bottom
	 * halves go off (they cost more than the look, outside softirq). A
	 * tracepoint's probe runs with preemption off, on this CPU's slots,
	 * which the look only reads; a softirq changing them meanwhile is
	 * looked at again below.
	 */
	if (!nf_drop && !nfp_inflight_holds(this_cpu_ptr(nfp_inflight), skb))
		return;

	bh = nfp_bh_disable();
	s = nfp_inflight_find(this_cpu_ptr(nfp_inflight), skb);
	if (s && nfp_slot_fresh(s)) {
		if (s->state == NFP_SLOT_ACTIVE)
			nfp_drop_record(skb, s, nf_drop);
		else if (nf_drop && s->point == NFP_PROBE_LAST)
			nfp_flow_amend_confirm(&s->accepted, s->net_cookie);
		s->state = NFP_SLOT_FREE;
	} else if (nf_drop && nfp_inflight_find_remote(skb, &copy)) {
		nfp_drop_record(skb, &copy, nf_drop);
	}
	nfp_bh_enable(bh);
}

static int __net_init nfp_net_init(struct net *net)
{
	return nfp_place_net_init(&nfp_placer, net);
}

static void __net_exit nfp_net_exit(struct net *net)
{
	nfp_place_net_exit(&nfp_placer, net);
}

/*
 * After the hooks of a batch of dying namespaces are gone: forget their
 * flows, whose inode numbers new namespaces will reuse.
 */
static void __net_exit nfp_net_exit_batch(struct list_head *net_exit_list)
{
	u32 inums[32];
	unsigned int n = 0;
	struct net *net;

	/*
	 * Unregistering a hook does not wait for the packets inside it, and
	 * their probes write the namespace's struct nfp_net, which is freed
	 * right after this returns: wait for them here.
	 */
	synchronize_net();

	list_for_each_entry(net, net_exit_list, exit_list) {
		inums[n++] = net->ns.inum;
		if (n == ARRAY_SIZE(inums)) {
			nfp_tables_forget_netns(inums, n);
			n = 0;
		}
	}
	if (n)
		nfp_tables_forget_netns(inums, n);
}

static struct pernet_operations nfp_net_ops = {
	.init = nfp_net_init,
	.exit = nfp_net_exit,
	.exit_batch = nfp_net_exit_batch,
	.id = &nfp_net_id,
	.size = sizeof(struct nfp_net),
};

unsigned int nfp_probes_registered(void)
{
	return atomic_read(&nfp_placer.probes);
}

int nfp_probes_init(void)
{
	int err;

	/* IPv6's standard priorities equal IPv4's: they share the probes. */
	BUILD_BUG_ON((int)NF_IP6_PRI_FILTER != (int)NF_IP_PRI_FILTER ||
		     (int)NF_IP6_PRI_CONNTRACK != (int)NF_IP_PRI_CONNTRACK ||
		     (int)NF_IP6_PRI_NAT_SRC != (int)NF_IP_PRI_NAT_SRC);
	BUILD_BUG_ON((int)NF_INET_LOCAL_IN != (int)NFPROBE_HOOK_INPUT ||
		     (int)NF_INET_POST_ROUTING != (int)NFPROBE_HOOK_POSTROUTING);

	nfp_placer_init(&nfp_placer, &nfp_net_id, nfp_probe_first,
			nfp_probe_mid, nfp_probe_last);
	nfp_drop_site_init();

	nfp_inflight = alloc_percpu(struct nfp_inflight_cpu);
	if (!nfp_inflight)
		return -ENOMEM;

	err = register_trace_kfree_skb(nfp_kfree_skb_probe, NULL);
	if (err)
		goto err_free_inflight;

	err = register_pernet_subsys(&nfp_net_ops);
	if (err)
		goto err_unregister_trace;

	nfp_placer_start(&nfp_placer);
	return 0;

err_unregister_trace:
	unregister_trace_kfree_skb(nfp_kfree_skb_probe, NULL);
	tracepoint_synchronize_unregister();
err_free_inflight:
	free_percpu(nfp_inflight);
	return err;
}

void nfp_probes_exit(void)
{
	nfp_placer_stop(&nfp_placer);
	unregister_pernet_subsys(&nfp_net_ops);
	unregister_trace_kfree_skb(nfp_kfree_skb_probe, NULL);
	tracepoint_synchronize_unregister();
	free_percpu(nfp_inflight);
}
