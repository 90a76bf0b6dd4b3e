/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the probes are registered (place.c): shared by nfprobe and the
 * benchmark's floor module, which must register exactly the same ones.
 */
#ifndef _NFP_PLACE_H
#define _NFP_PLACE_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/workqueue.h>

#include "nfprobe.h"

#define NFP_FAMILIES		2
#define NFP_HOOKS		(NF_INET_POST_ROUTING + 1)
#define NFP_PLACE_OPS		(NFP_FAMILIES * NFP_HOOKS * NFP_PROBES_PER_HOOK)

/*
 * A namespace's probes. The first member of the module's per-namespace
 * data (net_generic()), where place.c finds it.
 */
struct nfp_placement {
	/* Under nfp_placer.lock: bit k of [family][hook] for probe k. */
	u16				registered[NFP_FAMILIES][NFP_HOOKS];
	/*
	 * Written under nfp_placer.lock, read locklessly by the worker's
	 * scan: the hook's blob the probes were last placed for. Compared,
	 * never dereferenced.
	 */
	const struct nf_hook_entries	*placed[NFP_FAMILIES][NFP_HOOKS];
};

struct nfp_placer {
	/* [family][hook][point], filled by nfp_placer_init(). */
	struct nf_hook_ops	ops[NFP_PLACE_OPS];
	unsigned int		*net_id;
	/* Serializes placing probes: namespace init and exit, the worker. */
	struct mutex		lock;
	struct delayed_work	work;
	/*
	 * The worker's own: its rounds; whether the next batch resumes a
	 * round (of which kind), skipping the stale namespaces that failed.
	 */
	unsigned int		rounds;
	unsigned int		skip;
	bool			resume;
	bool			resume_full;
	atomic_t		probes;		/* registered, all namespaces */
};

void nfp_placer_init(struct nfp_placer *pl, unsigned int *net_id,
		     nf_hookfn *first, nf_hookfn *mid, nf_hookfn *last);
void nfp_placer_start(struct nfp_placer *pl);
void nfp_placer_stop(struct nfp_placer *pl);
int nfp_place_net_init(struct nfp_placer *pl, struct net *net);
void nfp_place_net_exit(struct nfp_placer *pl, struct net *net);

const struct nf_hook_entries *nfp_hook_entries(const struct net *net,
					       unsigned int family_index,
					       unsigned int hook);
u16 nfp_hook_stages(const struct nfp_placer *pl,
		    const struct nf_hook_entries *e, bool *conntrack);

static inline unsigned int nfp_family_index(u8 family)
{
	return family == NFPROTO_IPV6;
}

#endif /* _NFP_PLACE_H */
