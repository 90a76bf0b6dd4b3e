// SPDX-License-Identifier: GPL-2.0
/*
 * Where the probes are registered. Every hook of every namespace has its
 * first and last probe; a probe between them only where it separates two
 * stages that hold someone else's hook functions in that hook (see
 * nfp_points_needed()). A packet forwarded through conntrack, NAT and a
 * filter table passes eight probes rather than thirty, and a hook nobody
 * else uses costs two calls.
 *
 * Hook functions come and go (a table loaded, conntrack turned on, an
 * nftables base chain added) without any notification, but each change
 * replaces the hook's blob. A worker compares every namespace's blobs with
 * those it last placed probes for, NFP_PLACE_INTERVAL apart, and adds the
 * probes a new stage needs. Until it has, a drop between two probes that
 * now enclose two occupied stages is attributed to the first of them.
 *
 * Probes are added, never removed while the namespace lives: removing a
 * hook function makes netfilter drop every packet queued to userspace
 * (NFQUEUE) in that namespace. A probe left in a stage that emptied costs
 * a call and attributes nothing wrongly.
 */
#include <linux/netfilter_ipv4.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "place.h"

#define NFP_PLACE_INTERVAL	(HZ / 20 ?: 1)
/*
 * Every so many rounds every hook is looked at again, whatever its blob's
 * address: a new blob may have landed where a freed one was.
 */
#define NFP_PLACE_FULL_ROUNDS	20
/* Namespaces placed per round, with a reference held on each. */
#define NFP_PLACE_BATCH		16

static const u8 nfp_place_families[NFP_FAMILIES] = {
	NFPROTO_IPV4, NFPROTO_IPV6
};

static struct nf_hook_ops *nfp_place_op(struct nfp_placer *pl, unsigned int f,
					unsigned int hook, unsigned int point)
{
	return &pl->ops[(f * NFP_HOOKS + hook) * NFP_PROBES_PER_HOOK + point];
}

void nfp_placer_init(struct nfp_placer *pl, unsigned int *net_id,
		     nf_hookfn *first, nf_hookfn *mid, nf_hookfn *last)
{
	unsigned int f, hook, point;

	for (f = 0; f < NFP_FAMILIES; f++) {
		for (hook = 0; hook < NFP_HOOKS; hook++) {
			for (point = 0; point < NFP_PROBES_PER_HOOK; point++) {
				struct nf_hook_ops *ops =
					nfp_place_op(pl, f, hook, point);

				if (point == NFP_PROBE_FIRST)
					ops->hook = first;
				else if (point == NFP_PROBE_LAST)
					ops->hook = last;
				else
					ops->hook = mid;
				ops->priv = (void *)(unsigned long)point;
				ops->pf = nfp_place_families[f];
				ops->hooknum = hook;
				ops->priority = nfp_probe_priority[point];
			}
		}
	}
	pl->net_id = net_id;
	mutex_init(&pl->lock);
	atomic_set(&pl->probes, 0);
	pl->rounds = 0;
	pl->skip = 0;
	pl->resume = false;
}

/* The hook's functions; the caller holds rcu_read_lock() or a hook runs. */
const struct nf_hook_entries *nfp_hook_entries(const struct net *net,
					       unsigned int family_index,
					       unsigned int hook)
{
	if (!family_index)
		return rcu_dereference(net->nf.hooks_ipv4[hook]);
#if IS_ENABLED(CONFIG_IPV6)
	return rcu_dereference(net->nf.hooks_ipv6[hook]);
#else
	return NULL;
#endif
}

static bool nfp_placer_owns(const struct nfp_placer *pl,
			    const struct nf_hook_ops *ops)
{
	return ops >= pl->ops && ops < pl->ops + NFP_PLACE_OPS;
}

/*
 * The stages of @e holding someone else's hook functions, bit k for the
 * stage after probe k; whether conntrack's own is among them.
 *
 * A function's stage is the one its priority falls in, unless it runs
 * after a probe of ours that starts a later one. Netfilter runs a function
 * registered later at an equal priority first: a probe added at the
 * priority of an nftables chain already there runs before it, as the
 * stage's range says it should, but a chain added at a probe's priority
 * runs before the probe, among the earlier stage's functions. Walking the
 * blob in order keeps the answer true to what runs where.
 */
u16 nfp_hook_stages(const struct nfp_placer *pl,
		    const struct nf_hook_entries *e, bool *conntrack)
{
	unsigned int i, point, passed = NFP_PROBE_FIRST;
	struct nf_hook_ops **ops;
	u16 stages = 0;

	if (conntrack)
		*conntrack = false;
	if (!e)
		return 0;
	ops = nf_hook_entries_get_hook_ops(e);
	for (i = 0; i < e->num_hook_entries; i++) {
		/*
		 * Ours, or a function unregistered while its blob is still
		 * in use (netfilter's placeholder, at INT_MIN): not a stage.
		 * Ours say which probe the functions after them follow.
		 */
		if (nfp_placer_owns(pl, ops[i])) {
			passed = (unsigned long)ops[i]->priv;
			continue;
		}
		if (ops[i]->priority == INT_MIN)
			continue;
		point = nfp_point_of_priority(ops[i]->priority);
		stages |= BIT(max(point, passed));
		if (conntrack && ops[i]->priority == NF_IP_PRI_CONNTRACK)
			*conntrack = true;
	}
	return stages;
}

/* The probe points @e needs: what the worker and the scan both ask. */
static u16 nfp_hook_points_needed(const struct nfp_placer *pl,
				  const struct nf_hook_entries *e)
{
	return nfp_points_needed(nfp_hook_stages(pl, e, NULL));
}

static struct nfp_placement *
nfp_placement_of(const struct nfp_placer *pl, const struct net *net)
{
	return net_generic(net, *pl->net_id);
}

/* Registers the probes of @want that @p does not have yet. */
static int nfp_place_add(struct nfp_placer *pl, struct net *net,
			 struct nfp_placement *p, unsigned int f,
			 unsigned int hook, u16 want)
{
	unsigned long add = want & ~p->registered[f][hook];
	unsigned int point;
	int err;

	lockdep_assert_held(&pl->lock);
	for_each_set_bit(point, &add, NFP_PROBES_PER_HOOK) {
		err = nf_register_net_hook(net, nfp_place_op(pl, f, hook, point));
		if (err)
			return err;
		p->registered[f][hook] |= BIT(point);
		atomic_inc(&pl->probes);
	}
	return 0;
}

/*
 * Brings a hook's probes up to what its functions need. Someone may
 * register a function while we do: look again until the answer holds, a
 * few times, and leave the rest to the next round.
 */
static int nfp_place_hook(struct nfp_placer *pl, struct net *net,
			  struct nfp_placement *p, unsigned int f,
			  unsigned int hook)
{
	const struct nf_hook_entries *e;
	unsigned int tries;
	u16 want;
	int err;

	for (tries = 0; tries < 4; tries++) {
		rcu_read_lock();
		e = nfp_hook_entries(net, f, hook);
		want = nfp_hook_points_needed(pl, e);
		rcu_read_unlock();
		if (!(want & ~p->registered[f][hook])) {
			/* Only compared from now on, never dereferenced. */
			WRITE_ONCE(p->placed[f][hook], e);
			return 0;
		}
		err = nfp_place_add(pl, net, p, f, hook, want);
		if (err) {
			/*
			 * Tried for this blob: the next try comes with the
			 * hook's next change or the next full round, not in
			 * every round.
			 */
			WRITE_ONCE(p->placed[f][hook], e);
			return err;
		}
	}
	return 0;
}

/* Every hook of @net, whichever fails: the first error. */
static int nfp_place_net(struct nfp_placer *pl, struct net *net)
{
	struct nfp_placement *p = nfp_placement_of(pl, net);
	unsigned int f, hook;
	int err, first_err = 0;

	for (f = 0; f < NFP_FAMILIES; f++) {
		for (hook = 0; hook < NFP_HOOKS; hook++) {
			err = nfp_place_hook(pl, net, p, f, hook);
			if (err && !first_err)
				first_err = err;
		}
	}
	return first_err;
}

static void nfp_place_remove_all(struct nfp_placer *pl, struct net *net)
{
	struct nfp_placement *p = nfp_placement_of(pl, net);
	unsigned int f, hook, point;

	lockdep_assert_held(&pl->lock);
	for (f = 0; f < NFP_FAMILIES; f++) {
		for (hook = 0; hook < NFP_HOOKS; hook++) {
			unsigned long have = p->registered[f][hook];
			struct nf_hook_ops *ops;

			for_each_set_bit(point, &have, NFP_PROBES_PER_HOOK) {
				ops = nfp_place_op(pl, f, hook, point);
				nf_unregister_net_hook(net, ops);
				atomic_dec(&pl->probes);
			}
			p->registered[f][hook] = 0;
			p->placed[f][hook] = NULL;
		}
	}
}

int nfp_place_net_init(struct nfp_placer *pl, struct net *net)
{
	int err;

	mutex_lock(&pl->lock);
	err = nfp_place_net(pl, net);
	if (err)
		nfp_place_remove_all(pl, net);
	mutex_unlock(&pl->lock);
	return err;
}

void nfp_place_net_exit(struct nfp_placer *pl, struct net *net)
{
	mutex_lock(&pl->lock);
	nfp_place_remove_all(pl, net);
	mutex_unlock(&pl->lock);
}

/*
 * Whether a hook of @net changed since its probes were placed; with @full,
 * whether one lacks a probe its functions need, whatever its blob.
 */
static bool nfp_place_stale(struct nfp_placer *pl, const struct net *net,
			    bool full)
{
	struct nfp_placement *p = nfp_placement_of(pl, net);
	const struct nf_hook_entries *e;
	unsigned int f, hook;
	u16 want;

	for (f = 0; f < NFP_FAMILIES; f++) {
		for (hook = 0; hook < NFP_HOOKS; hook++) {
			e = nfp_hook_entries(net, f, hook);
			if (e != READ_ONCE(p->placed[f][hook]))
				return true;
			if (!full)
				continue;
			want = nfp_hook_points_needed(pl, e);
			/* Racy read: a wrong answer costs a round. */
			if (want & ~data_race(p->registered[f][hook]))
				return true;
		}
	}
	return false;
}

static void nfp_place_work(struct work_struct *work)
{
	struct nfp_placer *pl = container_of(to_delayed_work(work),
					     struct nfp_placer, work);
	struct net *nets[NFP_PLACE_BATCH], *net;
	unsigned int n = 0, i, stale = 0, failed = 0;
	bool full, more = false;
	int err;

	/* A batch continuing a round is of the same kind. */
	full = pl->resume ? pl->resume_full :
			    ++pl->rounds % NFP_PLACE_FULL_ROUNDS == 0;

	/* References taken, the namespaces can be placed outside RCU. */
	rcu_read_lock();
	for_each_net_rcu(net) {
		if (!nfp_place_stale(pl, net, full))
			continue;
		/* Those that failed in this round's earlier batches. */
		if (stale++ < pl->skip)
			continue;
		if (n == ARRAY_SIZE(nets)) {
			more = true;
			break;
		}
		/* A dying namespace loses its probes in its exit. */
		if (maybe_get_net(net))
			nets[n++] = net;
	}
	rcu_read_unlock();

	mutex_lock(&pl->lock);
	for (i = 0; i < n; i++) {
		err = nfp_place_net(pl, nets[i]);
		/* Tried again when a full round finds it lacking. */
		if (err) {
			pr_warn_ratelimited("cannot add probes to namespace %u: %d\n",
					    nets[i]->ns.inum, err);
			failed++;
		}
	}
	mutex_unlock(&pl->lock);
	for (i = 0; i < n; i++)
		put_net(nets[i]);

	/*
	 * Placed namespaces are no longer stale, failed ones still are: the
	 * round's next batch starts after these, never over them again.
	 */
	pl->skip = more ? pl->skip + failed : 0;
	pl->resume = more;
	pl->resume_full = full;

	queue_delayed_work(system_power_efficient_wq, &pl->work,
			   more ? 0 : NFP_PLACE_INTERVAL);
}

/* After every namespace has its first probes. */
void nfp_placer_start(struct nfp_placer *pl)
{
	INIT_DELAYED_WORK(&pl->work, nfp_place_work);
	queue_delayed_work(system_power_efficient_wq, &pl->work,
			   NFP_PLACE_INTERVAL);
}

/* Before the namespaces' probes go: none is added after this returns. */
void nfp_placer_stop(struct nfp_placer *pl)
{
	cancel_delayed_work_sync(&pl->work);
}
