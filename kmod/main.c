// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe: where and why netfilter dropped or rejected a flow's packets.
 */
#include <linux/genetlink.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>

#include "nfprobe.h"

#define NFP_FLOWS_MIN		64
#define NFP_FLOWS_MAX		BIT(20)
#define NFP_EVENTS_MIN		1
/* A flow with all its events must fit one netlink message of a dump. */
#define NFP_EVENTS_MAX		24

unsigned int nfp_flows_per_cpu = 2048;
unsigned int nfp_events_per_flow = 8;

static int nfp_param_set_range(const char *val, const struct kernel_param *kp,
			       unsigned int min, unsigned int max)
{
	unsigned int n;
	int err;

	err = kstrtouint(val, 0, &n);
	if (err) {
		pr_err("%s: '%s' is not a number\n", kp->name, val);
		return err;
	}
	if (n < min || n > max) {
		pr_err("%s: %u is out of range [%u, %u]\n", kp->name, n, min,
		       max);
		return -ERANGE;
	}
	*(unsigned int *)kp->arg = n;
	return 0;
}

static int nfp_param_set_flows(const char *val, const struct kernel_param *kp)
{
	int err = nfp_param_set_range(val, kp, NFP_FLOWS_MIN, NFP_FLOWS_MAX);

	if (!err && !is_power_of_2(nfp_flows_per_cpu)) {
		/* The table is indexed by hash bits. */
		nfp_flows_per_cpu = roundup_pow_of_two(nfp_flows_per_cpu);
		pr_info("%s rounded up to %u\n", kp->name, nfp_flows_per_cpu);
	}
	return err;
}

static int nfp_param_set_events(const char *val, const struct kernel_param *kp)
{
	return nfp_param_set_range(val, kp, NFP_EVENTS_MIN, NFP_EVENTS_MAX);
}

static const struct kernel_param_ops nfp_flows_param_ops = {
	.set = nfp_param_set_flows,
	.get = param_get_uint,
};

static const struct kernel_param_ops nfp_events_param_ops = {
	.set = nfp_param_set_events,
	.get = param_get_uint,
};

module_param_cb(flows_per_cpu, &nfp_flows_param_ops, &nfp_flows_per_cpu, 0444);
MODULE_PARM_DESC(flows_per_cpu,
		 "Flow entries per CPU, power of two in [64, 1048576] (default 2048)");
module_param_cb(events_per_flow, &nfp_events_param_ops, &nfp_events_per_flow,
		0444);
MODULE_PARM_DESC(events_per_flow,
		 "Events kept per flow entry, in [1, 24] (default 8)");

static int __init nfp_init(void)
{
	int err;

	err = nfp_tables_init();
	if (err)
		return err;

	err = nfp_watch_init();
	if (err)
		goto err_tables;

	err = nfp_trace_init();
	if (err)
		goto err_watch;

	err = nfp_probes_init();
	if (err)
		goto err_trace;

	/* Last: userspace may query as soon as the family exists. */
	err = nfp_genl_init();
	if (err)
		goto err_probes;

	pr_info("version %s loaded: %u flows x %u events per CPU, %zu KiB per CPU\n",
		NFP_VERSION, nfp_flows_per_cpu, nfp_events_per_flow,
		nfp_tables_bytes_per_cpu() / 1024);
	return 0;

err_probes:
	nfp_probes_exit();
err_trace:
	nfp_trace_exit();
err_watch:
	nfp_watch_stop();
	nfp_watch_exit();
err_tables:
	nfp_tables_exit();
	return err;
}

static void __exit nfp_exit(void)
{
	/* The event stream sends through the family: stop it first. */
	nfp_watch_stop();
	nfp_genl_exit();
	nfp_probes_exit();
	nfp_trace_exit();
	nfp_watch_exit();
	nfp_config_exit();
	nfp_tables_exit();
}

module_init(nfp_init);
module_exit(nfp_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("nfprobe developers");
MODULE_DESCRIPTION("Where and why netfilter dropped or rejected a flow's packets");
MODULE_VERSION(NFP_VERSION);
MODULE_ALIAS_GENL_FAMILY(NFPROBE_GENL_NAME);
