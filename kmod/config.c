// SPDX-License-Identifier: GPL-2.0
/*
 * The module's settings (NFPROBE_CMD_GET_CONFIG / SET_CONFIG): whether the
 * probes record at all, how many events a second go to the multicast
 * groups, and which flows are tracked. The packet path reads them without
 * a lock: static keys for the switches, RCU for the track filter.
 */
#include <linux/jump_label.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "nfprobe.h"

DEFINE_STATIC_KEY_TRUE(nfp_enabled_key);
/* A track filter is set: the packet path looks at it. */
DEFINE_STATIC_KEY_FALSE(nfp_track_key);

unsigned int nfp_event_rate __read_mostly = NFP_EVENT_RATE_DEFAULT;

struct nfp_track {
	struct rcu_head		rcu;
	struct nfp_filter	filter;
};

/* Serializes the setters. */
static DEFINE_MUTEX(nfp_config_mutex);
/* Protected by nfp_config_mutex; read under RCU on the packet path. */
static struct nfp_track __rcu *nfp_track;

/* Under rcu_read_lock(). */
bool nfp_track_match(const struct nfp_flow_key *key, const struct nfp_nat *nat)
{
	const struct nfp_track *t = rcu_dereference(nfp_track);

	return !t || nfp_filter_match_key(&t->filter, key, nat);
}

void nfp_config_read(struct nfp_config *config)
{
	const struct nfp_track *t;

	config->enabled = static_key_enabled(&nfp_enabled_key);
	config->event_rate = READ_ONCE(nfp_event_rate);
	rcu_read_lock();
	t = rcu_dereference(nfp_track);
	config->has_track = t;
	if (t)
		config->track = t->filter;
	rcu_read_unlock();
}

int nfp_config_write(const struct nfp_config_change *change)
{
	struct nfp_track *new = NULL, *old;

	if (change->set_track && change->has_track) {
		new = kmalloc(sizeof(*new), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		new->filter = change->track;
	}

	mutex_lock(&nfp_config_mutex);
	if (change->set_event_rate)
		WRITE_ONCE(nfp_event_rate, change->event_rate);
	if (change->set_track) {
		old = rcu_dereference_protected(nfp_track,
						lockdep_is_held(&nfp_config_mutex));
		rcu_assign_pointer(nfp_track, new);
		if (new)
			static_branch_enable(&nfp_track_key);
		else
			static_branch_disable(&nfp_track_key);
		if (old)
			kfree_rcu(old, rcu);
	}
	if (change->set_enabled) {
		if (change->enabled)
			static_branch_enable(&nfp_enabled_key);
		else
			static_branch_disable(&nfp_enabled_key);
	}
	mutex_unlock(&nfp_config_mutex);
	return 0;
}

void nfp_config_exit(void)
{
	/* The probes are gone; nothing reads the filter any more. */
	kfree(rcu_dereference_protected(nfp_track, true));
	RCU_INIT_POINTER(nfp_track, NULL);
}
