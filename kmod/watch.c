// SPDX-License-Identifier: GPL-2.0
/*
 * The event stream: packets dropped, rejected or failed by conntrack, sent
 * to the family's multicast groups as NFPROBE_CMD_EVENT.
 *
 * Netlink needs allocations and locks, which the packet path may not take.
 * So each CPU queues its events in a ring of its own: the CPU, with bottom
 * halves disabled, is its only producer; nfp_watch_work is its only
 * consumer. The producer wakes the consumer through an irq_work, which is
 * lockless, at most once per drain; the irq_work schedules the work a tick
 * later, so events are sent in batches from process context, under a
 * host-wide rate limit, each into its own network namespace.
 */
#include <linux/bitops.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "flowtable.h"
#include "nfprobe.h"

/* Entries per CPU: a power of two, so free-running indices wrap cleanly. */
#define NFP_WATCH_RING		128
/* How long events wait to be sent together. */
#define NFP_WATCH_DELAY		(HZ / 10 ?: 1)

struct nfp_watch_entry {
	u64			net_cookie;
	struct nfp_flow_key	key;
	struct nfp_nat		nat;
	struct nfp_event	ev;
	/* A trace session's event (see trace.c) and where it was recorded. */
	u32			trace_id;
	struct nfp_flow_ref	ref;
	bool			has_nat;
};

struct nfp_watch_ring {
	struct irq_work		kick;
	/* Bit 0: the consumer has been woken and has not drained yet. */
	unsigned long		armed;
	/* Free-running; @head written by the owning CPU, @tail by the work. */
	u32			head;
	u32			tail;
	/* Events lost to a full ring; written by the owning CPU only. */
	unsigned long		overflow;
	/* Of those, already counted as suppressed; the work's own. */
	unsigned long		overflow_seen;
	struct nfp_watch_entry	entries[NFP_WATCH_RING];
};

/* One ring per possible CPU, allocated at load. */
static struct nfp_watch_ring **nfp_watch_rings;
/* Set at unload: the irq_work schedules no more work. */
static bool nfp_watch_stopping;

/*
 * The rate limit, a token bucket holding up to one second's worth of
 * events, counted in events * HZ so that no fraction is lost. Owned by
 * nfp_watch_work, which never runs concurrently with itself; @sent and
 * @suppressed are read by nfp_watch_stats_read() with READ_ONCE().
 */
static struct {
	u64		tokens;
	unsigned long	refilled;
	u64		sent;
	u64		suppressed;
} nfp_watch;

static void nfp_watch_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(nfp_watch_work, nfp_watch_work_fn);

/* The ring entry the caller fills then publishes, or NULL if full. */
static struct nfp_watch_entry *nfp_watch_reserve(struct nfp_watch_ring *r,
						 const struct nfp_flow_key *key,
						 const struct nfp_nat *nat,
						 const struct nfp_event *ev)
{
	struct nfp_watch_entry *e;
	u32 head = r->head;

	/* Pairs with the release of @tail: the work is done with the entry. */
	if (head - smp_load_acquire(&r->tail) >= NFP_WATCH_RING) {
		WRITE_ONCE(r->overflow, r->overflow + 1);
		return NULL;
	}
	e = &r->entries[head % NFP_WATCH_RING];
	e->key = *key;
	e->has_nat = nat;
	if (nat)
		e->nat = *nat;
	e->ev = *ev;
	return e;
}

static void nfp_watch_publish(struct nfp_watch_ring *r)
{
	u32 head = r->head;

	/* Pairs with the acquire of @head in nfp_watch_drain(). */
	smp_store_release(&r->head, head + 1);

	/*
	 * Fully ordered after the store of @head, against the clear_bit()
	 * and barrier before the work reads @head: either the work sees
	 * this entry, or this sees the bit clear and wakes it again.
	 */
	if (!test_and_set_bit(0, &r->armed))
		irq_work_queue(&r->kick);
}

void nfp_watch_push(u64 net_cookie, const struct nfp_flow_key *key,
		    const struct nfp_nat *nat, const struct nfp_event *ev)
{
	struct nfp_watch_ring *r = nfp_watch_rings[smp_processor_id()];
	struct nfp_watch_entry *e = nfp_watch_reserve(r, key, nat, ev);

	if (!e)
		return;
	e->net_cookie = net_cookie;
	e->trace_id = 0;
	nfp_watch_publish(r);
}

void nfp_watch_push_trace(u32 trace_id, const struct nfp_flow_key *key,
			  const struct nfp_nat *nat, const struct nfp_event *ev,
			  const struct nfp_flow_ref *ref)
{
	struct nfp_watch_ring *r = nfp_watch_rings[smp_processor_id()];
	struct nfp_watch_entry *e = nfp_watch_reserve(r, key, nat, ev);

	if (!e)
		return;
	e->trace_id = trace_id;
	e->ref = *ref;
	nfp_watch_publish(r);
}

static void nfp_watch_kick(struct irq_work *work)
{
	if (!READ_ONCE(nfp_watch_stopping))
		schedule_delayed_work(&nfp_watch_work, NFP_WATCH_DELAY);
}

/* A reference to the live namespace with this cookie, or NULL. */
static struct net *nfp_net_get_by_cookie(u64 cookie)
{
	struct net *net, *found = NULL;

	rcu_read_lock();
	for_each_net_rcu(net) {
		if (nfp_net_cookie(net) == cookie) {
			found = maybe_get_net(net);
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

static void nfp_watch_refill(void)
{
	u64 cap = (u64)READ_ONCE(nfp_event_rate) * HZ;
	unsigned long now = jiffies;

	nfp_watch.tokens += (u64)READ_ONCE(nfp_event_rate) *
			    (now - nfp_watch.refilled);
	nfp_watch.tokens = min(nfp_watch.tokens, cap);
	nfp_watch.refilled = now;
}

static void nfp_watch_send(const struct nfp_watch_entry *e)
{
	struct net *net;

	if (e->trace_id) {
		nfp_trace_send(e->trace_id, &e->key,
			       e->has_nat ? &e->nat : NULL, &e->ev, &e->ref);
		return;
	}
	net = nfp_net_get_by_cookie(e->net_cookie);
	if (!net)
		return;
	/* Nobody to tell: neither sent nor suppressed. */
	if (nfp_genl_has_event_listeners(net)) {
		if (nfp_watch.tokens >= HZ) {
			nfp_watch.tokens -= HZ;
			WRITE_ONCE(nfp_watch.sent, nfp_watch.sent + 1);
			nfp_genl_send_event(net, &e->key,
					    e->has_nat ? &e->nat : NULL, &e->ev,
					    nfp_watch.suppressed);
		} else {
			WRITE_ONCE(nfp_watch.suppressed,
				   nfp_watch.suppressed + 1);
		}
	}
	put_net(net);
}

static void nfp_watch_drain(struct nfp_watch_ring *r)
{
	unsigned long overflow;
	u32 head, tail;

	clear_bit(0, &r->armed);
	/* Pairs with test_and_set_bit() in nfp_watch_push(). */
	smp_mb__after_atomic();

	overflow = READ_ONCE(r->overflow);
	WRITE_ONCE(nfp_watch.suppressed, nfp_watch.suppressed +
		   (overflow - r->overflow_seen));
	r->overflow_seen = overflow;

	/* Pairs with the release of @head in nfp_watch_push(). */
	head = smp_load_acquire(&r->head);
	for (tail = r->tail; tail != head; tail++) {
		nfp_watch_send(&r->entries[tail % NFP_WATCH_RING]);
		cond_resched();
	}
	/* Pairs with the acquire in nfp_watch_push(): the entries are free. */
	smp_store_release(&r->tail, tail);
}

static void nfp_watch_work_fn(struct work_struct *work)
{
	unsigned int cpu;

	nfp_watch_refill();
	for_each_possible_cpu(cpu)
		nfp_watch_drain(nfp_watch_rings[cpu]);
}

void nfp_watch_stats_read(struct nfp_watch_stats *stats)
{
	stats->sent = READ_ONCE(nfp_watch.sent);
	stats->suppressed = READ_ONCE(nfp_watch.suppressed);
}

int nfp_watch_init(void)
{
	unsigned int cpu;

	nfp_watch_rings = kcalloc(nr_cpu_ids, sizeof(*nfp_watch_rings),
				  GFP_KERNEL);
	if (!nfp_watch_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct nfp_watch_ring *r;

		r = kvzalloc_node(sizeof(*r), GFP_KERNEL, cpu_to_node(cpu));
		if (!r)
			goto err_free;
		init_irq_work(&r->kick, nfp_watch_kick);
		nfp_watch_rings[cpu] = r;
	}
	nfp_watch_stopping = false;
	nfp_watch.refilled = jiffies;
	nfp_watch.tokens = (u64)nfp_event_rate * HZ;
	return 0;

err_free:
	for_each_possible_cpu(cpu)
		kvfree(nfp_watch_rings[cpu]);
	kfree(nfp_watch_rings);
	return -ENOMEM;
}

void nfp_watch_stop(void)
{
	unsigned int cpu;

	WRITE_ONCE(nfp_watch_stopping, true);
	/* A kick already running may still schedule the work once. */
	for_each_possible_cpu(cpu)
		irq_work_sync(&nfp_watch_rings[cpu]->kick);
	cancel_delayed_work_sync(&nfp_watch_work);
}

void nfp_watch_exit(void)
{
	unsigned int cpu;

	/* The probes are gone; wait for their last kicks. */
	for_each_possible_cpu(cpu) {
		irq_work_sync(&nfp_watch_rings[cpu]->kick);
		kvfree(nfp_watch_rings[cpu]);
	}
	kfree(nfp_watch_rings);
	nfp_watch_rings = NULL;
}
