// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's floor: nfprobe's probe points with nothing behind them.
 * The same netfilter hooks, placed by the very code nfprobe places its own
 * with (first and last in every hook of every namespace, and between the
 * stages that need separating), and a probe on the kfree_skb tracepoint,
 * each returning at once. Loaded in place of nfprobe.ko it prices the hooks
 * themselves, so that the benchmark can tell what nfprobe's own work costs
 * on top. Never installed: built only by `make bench` (NFPROBE_FLOOR=y).
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <net/net_namespace.h>
#include <trace/events/skb.h>

#include "../compat.h"
#include "../stage.c"
#include "../place.c"

static unsigned int nfp_floor_net_id __read_mostly;
static struct nfp_placer nfp_floor_placer;

static unsigned int nfp_floor_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static void nfp_floor_kfree_skb(void *data, NFP_KFREE_SKB_PROTO)
{
}

static int __net_init nfp_floor_net_init(struct net *net)
{
	return nfp_place_net_init(&nfp_floor_placer, net);
}

static void __net_exit nfp_floor_net_exit(struct net *net)
{
	nfp_place_net_exit(&nfp_floor_placer, net);
}

static struct pernet_operations nfp_floor_net_ops = {
	.init = nfp_floor_net_init,
	.exit = nfp_floor_net_exit,
	.id = &nfp_floor_net_id,
	.size = sizeof(struct nfp_placement),
};

static int __init nfp_floor_init(void)
{
	int err;

	nfp_placer_init(&nfp_floor_placer, &nfp_floor_net_id, nfp_floor_hook,
			nfp_floor_hook, nfp_floor_hook);

	err = register_trace_kfree_skb(nfp_floor_kfree_skb, NULL);
	if (err)
		return err;

	err = register_pernet_subsys(&nfp_floor_net_ops);
	if (err)
		goto err_unregister_trace;

	nfp_placer_start(&nfp_floor_placer);
	return 0;

err_unregister_trace:
	unregister_trace_kfree_skb(nfp_floor_kfree_skb, NULL);
	tracepoint_synchronize_unregister();
	return err;
}

static void __exit nfp_floor_exit(void)
{
	nfp_placer_stop(&nfp_floor_placer);
	unregister_pernet_subsys(&nfp_floor_net_ops);
	unregister_trace_kfree_skb(nfp_floor_kfree_skb, NULL);
	tracepoint_synchronize_unregister();
}

module_init(nfp_floor_init);
module_exit(nfp_floor_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nfprobe's probe points doing nothing: the benchmark's floor");
