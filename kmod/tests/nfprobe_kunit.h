/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFP_KUNIT_H
#define _NFP_KUNIT_H

#include <kunit/test.h>
#include <linux/skbuff.h>

/* An IPv4 packet with @l4 as payload, network header set. */
struct sk_buff *nfp_test_skb_ipv4(struct kunit *test, __be32 saddr,
				  __be32 daddr, u8 proto, const void *l4,
				  unsigned int l4len);

/* netlink.c's static functions, reached through tests/impl.c. */
struct nfp_flow;
struct nfp_filter;
struct nlattr;
struct netlink_ext_ack;
int nfp_test_flow_put(struct sk_buff *skb, unsigned int cpu, unsigned int slot,
		      const struct nfp_flow *f);
int nfp_test_filter_parse(const struct nlattr *nest, struct nfp_filter *f,
			  struct netlink_ext_ack *extack);

/* Tables of 64 flows x 4 events per CPU, and the event stream. */
int nfp_test_tables_init(void);
void nfp_test_tables_exit(void);

/* watch.c's internals. */
void nfp_test_watch_flush(void);
u64 nfp_test_watch_refill(u32 rate, unsigned long ago, u64 tokens);

/* trace.c's internals. */
void nfp_test_trace_flush(void);
void nfp_test_rule_notes_clear(void);

#endif
