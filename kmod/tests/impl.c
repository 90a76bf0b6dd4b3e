// SPDX-License-Identifier: GPL-2.0
/*
 * The code under test, compiled once more into the KUnit test module: the
 * test module stands alone (nfprobe.ko need not be loaded, and exports
 * nothing for it), and the shipped module carries no test code.
 */
#include "../packet.c"
#include "../stage.c"
#include "../place.c"
#include "../flowtable.c"
#include "../config.c"
#include "../watch.c"
#include "../trace.c"
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
	return nfp_filter_parse(NULL, nest, f, extack);
}

/* The event stream's drain, now: the kicks raised, the work they queued. */
void nfp_test_watch_flush(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		irq_work_sync(&nfp_watch_rings[cpu]->kick);
	flush_delayed_work(&nfp_watch_work);
}

/* The tokens after a refill at @rate, @ago jiffies after the last one. */
u64 nfp_test_watch_refill(u32 rate, unsigned long ago, u64 tokens)
{
	WRITE_ONCE(nfp_event_rate, rate);
	nfp_watch.tokens = tokens;
	nfp_watch.refilled = jiffies - ago;
	nfp_watch_refill();
	return nfp_watch.tokens;
}

/* Small tables, and the event stream drops are queued to. */
int nfp_test_tables_init(void)
{
	int err;

	nfp_flows_per_cpu = 64;
	nfp_events_per_flow = 4;
	err = nfp_tables_init();
	if (err)
		return err;
	err = nfp_watch_init();
	if (err)
		nfp_tables_exit();
	return err;
}

void nfp_test_tables_exit(void)
{
	nfp_watch_stop();
	nfp_watch_exit();
	nfp_tables_exit();
}

/* trace.c's internals: the gc work run now, the rules forgotten. */
void nfp_test_trace_flush(void)
{
	flush_delayed_work(&nfp_trace_gc_work);
}

void nfp_test_rule_notes_clear(void)
{
	nfp_rule_notes_clear();
}
