// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's floor: nfprobe's probe points with nothing behind them.
 * The same netfilter hooks, at the same priorities (the very table nfprobe
 * registers from), in every namespace, and a probe on the kfree_skb
 * tracepoint, each returning at once. Loaded in place of nfprobe.ko it
 * prices the hooks themselves, so that the benchmark can tell what
 * nfprobe's own work costs on top. Never installed: built only by
 * `make bench` (NFPROBE_FLOOR=y).
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <net/net_namespace.h>
#include <trace/events/skb.h>

#include "../compat.h"
#include "../stage.c"

#define NFP_FLOOR_HOOKS		(NF_INET_POST_ROUTING + 1)

static const u8 nfp_floor_families[] = { NFPROTO_IPV4, NFPROTO_IPV6 };

static struct nf_hook_ops nfp_floor_ops[ARRAY_SIZE(nfp_floor_families) *
					NFP_FLOOR_HOOKS * NFP_PROBES_PER_HOOK];

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
	return nf_register_net_hooks(net, nfp_floor_ops,
				     ARRAY_SIZE(nfp_floor_ops));
}

static void __net_exit nfp_floor_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, nfp_floor_ops, ARRAY_SIZE(nfp_floor_ops));
}

static struct pernet_operations nfp_floor_net_ops = {
	.init = nfp_floor_net_init,
	.exit = nfp_floor_net_exit,
};

static int __init nfp_floor_init(void)
{
	struct nf_hook_ops *ops = nfp_floor_ops;
	unsigned int f, hook, point;
	int err;

	for (f = 0; f < ARRAY_SIZE(nfp_floor_families); f++) {
		for (hook = 0; hook < NFP_FLOOR_HOOKS; hook++) {
			for (point = 0; point < NFP_PROBES_PER_HOOK; point++) {
				ops->hook = nfp_floor_hook;
				ops->pf = nfp_floor_families[f];
				ops->hooknum = hook;
				ops->priority = nfp_probe_priority[point];
				ops++;
			}
		}
	}

	err = register_trace_kfree_skb(nfp_floor_kfree_skb, NULL);
	if (err)
		return err;

	err = register_pernet_subsys(&nfp_floor_net_ops);
	if (err)
		goto err_unregister_trace;
	return 0;

err_unregister_trace:
	unregister_trace_kfree_skb(nfp_floor_kfree_skb, NULL);
	tracepoint_synchronize_unregister();
	return err;
}

static void __exit nfp_floor_exit(void)
{
	unregister_pernet_subsys(&nfp_floor_net_ops);
	unregister_trace_kfree_skb(nfp_floor_kfree_skb, NULL);
	tracepoint_synchronize_unregister();
}

module_init(nfp_floor_init);
module_exit(nfp_floor_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nfprobe's probe points doing nothing: the benchmark's floor");
