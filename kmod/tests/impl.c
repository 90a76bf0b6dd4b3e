// SPDX-License-Identifier: GPL-2.0
/*
 * The code under test, compiled once more into the KUnit test module: the
 * test module stands alone (nfprobe.ko need not be loaded, and exports
 * nothing for it), and the shipped module carries no test code.
 */
#include "../packet.c"
#include "../stage.c"
#include "../flowtable.c"
#include "../netlink.c"
#include "nfprobe_kunit.h"

/* Module parameters of nfprobe.ko; the tests set their own values. */
unsigned int nfp_flows_per_cpu = 64;
unsigned int nfp_events_per_flow = 4;

/* The netlink suite reaches netlink.c's static functions through these. */
int nfp_test_flow_put(struct sk_buff *skb, unsigned int cpu, unsigned int slot,
		      const struct nfp_flow *f)
{
	return nfp_flow_put(skb, cpu, slot, f);
}

int nfp_test_filter_parse(const struct nlattr *nest, struct nfp_filter *f,
			  struct netlink_ext_ack *extack)
{
	return nfp_filter_parse(nest, f, extack);
}
