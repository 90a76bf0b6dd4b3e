// SPDX-License-Identifier: GPL-2.0
/*
 * Trace sessions (NFPROBE_CMD_TRACE_START): for a few seconds, the packets
 * of the flows an operator points at get skb->nf_trace, the bit that makes
 * nf_tables report every rule a packet meets to `nft monitor trace`
 * listeners; and nfprobe tells the session's socket what became of each
 * of those packets at each hook. Outside a session the packet path pays
 * one static branch.
 *
 * Sessions are few (NFPROBE_TRACE_SESSIONS) and short. The packet path
 * reads them under RCU; they change under nfp_trace_lock, a spinlock
 * because a session also ends from the netlink release notifier, which
 * runs in atomic context. Freeing them and turning the static key off
 * sleeps, so nfp_trace_gc_work does it.
 *
 * Also here: the rules that trace sessions named as having decided a
 * flow's fate (NFPROBE_CMD_SET_FLOW_RULE), kept beside the flow tables
 * because they are long strings written from userspace, not per packet.
 */
#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_tables_core.h>

#include "compat.h"
#include "nfprobe.h"
#include "packet.h"

DEFINE_STATIC_KEY_FALSE(nfp_trace_key);

struct nfp_trace_session {
	struct nfp_filter	filter;
	/* Held: events are sent into it. */
	struct net		*net;
	u32			portid;
	u32			id;
	/* Packets still to mark. */
	atomic_t		remaining;
	/* Past it the session marks nothing; the gc work then frees it. */
	unsigned long		deadline;
	/*
	 * nf_tables reports traced packets only while this key is on (a rule
	 * setting nftrace turns it on too); held with a reference on
	 * nf_tables, if it is loaded, for the session's life.
	 */
	struct static_key_false	*nft_trace_key;
};

/* Protects the writers of nfp_trace_sessions[] and their @deadline. */
static DEFINE_SPINLOCK(nfp_trace_lock);
static struct nfp_trace_session __rcu *nfp_trace_sessions[NFPROBE_TRACE_SESSIONS];
/* Under nfp_trace_lock; never 0. */
static u32 nfp_trace_next_id = 1;
/* Serializes switching nfp_trace_key with installing a session. */
static DEFINE_MUTEX(nfp_trace_key_mutex);

static void nfp_trace_gc_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(nfp_trace_gc_work, nfp_trace_gc_fn);

static bool nfp_trace_key_match(const struct nfp_trace_session *s,
				const struct nfp_flow_key *key,
				const struct nfp_nat *nat)
{
	return nfp_filter_match_key(&s->filter, key, nat);
}

/*
 * Whether the packet belongs to a session's flows, in either direction:
 * before conntrack has seen it, a packet's own headers are all there is.
 */
static bool nfp_trace_pkt_match(const struct nfp_trace_session *s,
				const struct sk_buff *skb,
				const struct nfp_pkt *pkt, u32 netns)
{
	struct nfp_flow_key key;
	struct nfp_ct_info ct;

	nfp_flow_key_build(skb, pkt, netns, &key, &ct);
	if (nfp_trace_key_match(s, &key, ct.has_nat ? &ct.nat : NULL))
		return true;
	if (ct.state != NFPROBE_CT_NONE)
		return false;
	nfp_flow_key_from_pkt(pkt, ct.dir == NFPROBE_DIR_ORIGINAL, netns, &key);
	return nfp_trace_key_match(s, &key, NULL);
}

static bool nfp_trace_addr_match(const struct nfp_prefix *p, u8 family,
				 const struct nfp_pkt *pkt)
{
	return nfp_prefix_match(p, family, &pkt->saddr) ||
	       nfp_prefix_match(p, family, &pkt->daddr);
}

static bool nfp_trace_port_match(__be16 port, const struct nfp_pkt *pkt)
{
	return pkt->has_ports && (pkt->sport == port || pkt->dport == port);
}

/*
 * Whether the packet may belong to the session's flows, from its own
 * headers in either direction: a few compares, so that the packets of
 * other flows pay nothing more while a session is open.
 */
static bool nfp_trace_pkt_may_match(const struct nfp_filter *f,
				    const struct nfp_pkt *pkt)
{
	return (!f->family || f->family == pkt->family) &&
	       (!f->has_proto || f->proto == pkt->proto) &&
	       (!f->has_src || nfp_trace_addr_match(&f->src, pkt->family, pkt)) &&
	       (!f->has_dst || nfp_trace_addr_match(&f->dst, pkt->family, pkt)) &&
	       (!f->has_sport || nfp_trace_port_match(f->sport, pkt)) &&
	       (!f->has_dport || nfp_trace_port_match(f->dport, pkt));
}

u32 nfp_trace_packet(struct sk_buff *skb, const struct nfp_pkt *pkt,
		     const struct net *net)
{
#ifdef NFP_HAVE_NF_TRACE
	u32 netns = net->ns.inum;
	unsigned int i;

	for (i = 0; i < NFPROBE_TRACE_SESSIONS; i++) {
		struct nfp_trace_session *s;

		s = rcu_dereference(nfp_trace_sessions[i]);
		if (!s || s->net != net ||
		    time_after(jiffies, READ_ONCE(s->deadline)))
			continue;
		/*
		 * A packet not yet marked is judged by its headers; one marked
		 * at an earlier hook by its flow, NAT included.
		 */
		if (!skb->nf_trace && !nfp_trace_pkt_may_match(&s->filter, pkt))
			continue;
		if (!nfp_trace_pkt_match(s, skb, pkt, netns))
			continue;
		/* Marked when it entered an earlier hook: still traced. */
		if (skb->nf_trace)
			return s->id;
		if (atomic_dec_if_positive(&s->remaining) < 0)
			continue;
		skb->nf_trace = 1;
		return s->id;
	}
#endif
	return 0;
}

void nfp_trace_send(u32 id, const struct nfp_flow_key *key,
		    const struct nfp_nat *nat, const struct nfp_event *ev,
		    const struct nfp_flow_ref *ref)
{
	struct net *net = NULL;
	u32 portid = 0;
	unsigned int i;

	rcu_read_lock();
	for (i = 0; i < NFPROBE_TRACE_SESSIONS; i++) {
		struct nfp_trace_session *s;

		s = rcu_dereference(nfp_trace_sessions[i]);
		if (s && s->id == id) {
			/* The session's own reference keeps it alive. */
			net = get_net(s->net);
			portid = s->portid;
			break;
		}
	}
	rcu_read_unlock();
	if (!net)
		return;
	nfp_genl_send_trace(net, portid, id, key, nat, ev, ref);
	put_net(net);
}

/* A session's owner: its namespace and either its id or its socket. */
struct nfp_trace_owner {
	const struct net	*net;
	u32			portid;
	u32			id;
};

/* Ends the sessions of @o; under nfp_trace_lock. Returns how many. */
static unsigned int nfp_trace_expire(const struct nfp_trace_owner *o)
{
	unsigned int i, n = 0;

	for (i = 0; i < NFPROBE_TRACE_SESSIONS; i++) {
		struct nfp_trace_session *s;

		s = rcu_dereference_protected(nfp_trace_sessions[i],
					      lockdep_is_held(&nfp_trace_lock));
		if (s && net_eq(s->net, o->net) &&
		    (o->id ? s->id == o->id : s->portid == o->portid)) {
			WRITE_ONCE(s->deadline, jiffies - 1);
			n++;
		}
	}
	return n;
}

/* nf_tables' trace switch, on while the session lives. Process context. */
static void nfp_trace_nft_get(struct nfp_trace_session *s)
{
#if IS_ENABLED(CONFIG_NF_TABLES)
	s->nft_trace_key = symbol_get(nft_trace_enabled);
	if (s->nft_trace_key)
		static_branch_inc(s->nft_trace_key);
#endif
}

static void nfp_trace_session_free(struct nfp_trace_session *s)
{
#if IS_ENABLED(CONFIG_NF_TABLES)
	if (s->nft_trace_key) {
		static_branch_dec(s->nft_trace_key);
		symbol_put(nft_trace_enabled);
	}
#endif
	put_net(s->net);
	kfree(s);
}

static void nfp_trace_gc_fn(struct work_struct *work)
{
	struct nfp_trace_session *dead[NFPROBE_TRACE_SESSIONS];
	unsigned long next = 0;
	unsigned int i, n = 0, live = 0;

	spin_lock_bh(&nfp_trace_lock);
	for (i = 0; i < NFPROBE_TRACE_SESSIONS; i++) {
		struct nfp_trace_session *s;

		s = rcu_dereference_protected(nfp_trace_sessions[i],
					      lockdep_is_held(&nfp_trace_lock));
		if (!s)
			continue;
		if (time_after(jiffies, s->deadline)) {
			RCU_INIT_POINTER(nfp_trace_sessions[i], NULL);
			dead[n++] = s;
		} else if (!live++ || time_before(s->deadline, next)) {
			next = s->deadline;
		}
	}
	if (live)
		mod_delayed_work(system_wq, &nfp_trace_gc_work,
				 next - jiffies + 1);
	spin_unlock_bh(&nfp_trace_lock);

	if (!n)
		return;
	synchronize_rcu();
	for (i = 0; i < n; i++)
		nfp_trace_session_free(dead[i]);

	mutex_lock(&nfp_trace_key_mutex);
	spin_lock_bh(&nfp_trace_lock);
	for (i = 0, live = 0; i < NFPROBE_TRACE_SESSIONS; i++)
		live += !!rcu_access_pointer(nfp_trace_sessions[i]);
	spin_unlock_bh(&nfp_trace_lock);
	if (!live)
		static_branch_disable(&nfp_trace_key);
	mutex_unlock(&nfp_trace_key_mutex);
}

int nfp_trace_start(struct net *net, u32 portid, const struct nfp_filter *f,
		    u32 count, u32 timeout_ms, u32 *id,
		    struct netlink_ext_ack *extack)
{
#ifdef NFP_HAVE_NF_TRACE
	struct nfp_trace_session *s;
	unsigned int i;
	int err = 0;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->filter = *f;
	s->net = get_net(net);
	s->portid = portid;
	atomic_set(&s->remaining, count);
	s->deadline = jiffies + msecs_to_jiffies(timeout_ms);
	nfp_trace_nft_get(s);

	mutex_lock(&nfp_trace_key_mutex);
	spin_lock_bh(&nfp_trace_lock);
	for (i = 0; i < NFPROBE_TRACE_SESSIONS; i++)
		if (!rcu_access_pointer(nfp_trace_sessions[i]))
			break;
	if (i == NFPROBE_TRACE_SESSIONS) {
		err = -EBUSY;
	} else {
		s->id = nfp_trace_next_id++;
		if (!nfp_trace_next_id)
			nfp_trace_next_id = 1;
		*id = s->id;
		rcu_assign_pointer(nfp_trace_sessions[i], s);
		/* Runs at once and arms itself for the earliest deadline. */
		mod_delayed_work(system_wq, &nfp_trace_gc_work, 0);
	}
	spin_unlock_bh(&nfp_trace_lock);
	if (!err)
		static_branch_enable(&nfp_trace_key);
	mutex_unlock(&nfp_trace_key_mutex);

	if (err) {
		NL_SET_ERR_MSG(extack, "too many trace sessions open");
		nfp_trace_session_free(s);
	}
	return err;
#else
	NL_SET_ERR_MSG(extack, "this kernel cannot trace packets");
	return -EOPNOTSUPP;
#endif
}

int nfp_trace_stop(struct net *net, u32 id)
{
	struct nfp_trace_owner owner = { .net = net, .id = id };
	unsigned int n;

	spin_lock_bh(&nfp_trace_lock);
	n = nfp_trace_expire(&owner);
	if (n)
		mod_delayed_work(system_wq, &nfp_trace_gc_work, 0);
	spin_unlock_bh(&nfp_trace_lock);
	return n ? 0 : -ENOENT;
}

/* A socket closed: its sessions end, so a killed CLI leaves nothing on. */
static int nfp_trace_netlink_event(struct notifier_block *nb,
				   unsigned long event, void *ptr)
{
	const struct netlink_notify *n = ptr;
	struct nfp_trace_owner owner = { .net = n->net, .portid = n->portid };

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;

	spin_lock_bh(&nfp_trace_lock);
	if (nfp_trace_expire(&owner))
		mod_delayed_work(system_wq, &nfp_trace_gc_work, 0);
	spin_unlock_bh(&nfp_trace_lock);
	return NOTIFY_DONE;
}

static struct notifier_block nfp_trace_netlink_nb = {
	.notifier_call = nfp_trace_netlink_event,
};

/*
 * Rules named by userspace, keyed by the flow entry they were named for:
 * a hash for dumps, a list for dropping the oldest beyond
 * NFPROBE_RULE_NOTES. All under nfp_rule_notes_mutex.
 */
static DEFINE_MUTEX(nfp_rule_notes_mutex);
static DEFINE_HASHTABLE(nfp_rule_notes_hash, 8);
static LIST_HEAD(nfp_rule_notes_lru);
static unsigned int nfp_rule_notes_count;

static struct nfp_rule_note *nfp_rule_note_lookup(u64 flow_id)
{
	struct nfp_rule_note *note;

	hash_for_each_possible(nfp_rule_notes_hash, note, node, flow_id)
		if (note->flow_id == flow_id)
			return note;
	return NULL;
}

int nfp_rule_note_set(const struct nfp_rule_note *note)
{
	struct nfp_rule_note *n;

	mutex_lock(&nfp_rule_notes_mutex);
	n = nfp_rule_note_lookup(note->flow_id);
	if (n) {
		hash_del(&n->node);
		list_del(&n->lru);
	} else if (nfp_rule_notes_count < NFPROBE_RULE_NOTES) {
		n = kmalloc(sizeof(*n), GFP_KERNEL);
		if (!n) {
			mutex_unlock(&nfp_rule_notes_mutex);
			return -ENOMEM;
		}
		WRITE_ONCE(nfp_rule_notes_count, nfp_rule_notes_count + 1);
	} else {
		/* Full: the note named longest ago makes room. */
		n = list_last_entry(&nfp_rule_notes_lru, struct nfp_rule_note,
				    lru);
		hash_del(&n->node);
		list_del(&n->lru);
	}
	*n = *note;
	hash_add(nfp_rule_notes_hash, &n->node, n->flow_id);
	list_add(&n->lru, &nfp_rule_notes_lru);
	mutex_unlock(&nfp_rule_notes_mutex);
	return 0;
}

bool nfp_rule_notes_any(void)
{
	return READ_ONCE(nfp_rule_notes_count);
}

void nfp_rule_notes_lock(void)
{
	mutex_lock(&nfp_rule_notes_mutex);
}

void nfp_rule_notes_unlock(void)
{
	mutex_unlock(&nfp_rule_notes_mutex);
}

const struct nfp_rule_note *nfp_rule_note_find(u64 flow_id, u32 gen)
{
	const struct nfp_rule_note *n;

	lockdep_assert_held(&nfp_rule_notes_mutex);
	n = nfp_rule_note_lookup(flow_id);
	return n && n->gen == gen ? n : NULL;
}

static void nfp_rule_notes_clear(void)
{
	struct nfp_rule_note *n, *tmp;

	mutex_lock(&nfp_rule_notes_mutex);
	list_for_each_entry_safe(n, tmp, &nfp_rule_notes_lru, lru) {
		hash_del(&n->node);
		list_del(&n->lru);
		kfree(n);
	}
	WRITE_ONCE(nfp_rule_notes_count, 0);
	mutex_unlock(&nfp_rule_notes_mutex);
}

int nfp_trace_init(void)
{
	return netlink_register_notifier(&nfp_trace_netlink_nb);
}

/* After the probes and the event stream are gone. */
void nfp_trace_exit(void)
{
	unsigned int i;

	netlink_unregister_notifier(&nfp_trace_netlink_nb);
	cancel_delayed_work_sync(&nfp_trace_gc_work);
	for (i = 0; i < NFPROBE_TRACE_SESSIONS; i++) {
		struct nfp_trace_session *s;

		s = rcu_dereference_protected(nfp_trace_sessions[i], true);
		RCU_INIT_POINTER(nfp_trace_sessions[i], NULL);
		if (s)
			nfp_trace_session_free(s);
	}
	static_branch_disable(&nfp_trace_key);
	nfp_rule_notes_clear();
}
