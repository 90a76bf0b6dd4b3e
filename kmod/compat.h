/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between kernels are spelled out. Each
 * NFP_HAVE_* switch is set by kmod/Kbuild from the headers of the kernel
 * being built against; code outside this file uses only the names below.
 */
#ifndef _NFP_COMPAT_H
#define _NFP_COMPAT_H

#include <net/genetlink.h>
#include <linux/skbuff.h>

/*
 * kfree_skb tracepoint probe: the tracepoint's prototype gained a drop
 * reason in 5.17 and the receiving socket in 6.11. NFP_KFREE_SKB_PROTO is
 * the parameter list after the probe's data pointer.
 */
#ifdef NFP_HAVE_KFREE_SKB_RX_SK
#define NFP_KFREE_SKB_PROTO						\
	struct sk_buff *skb, void *location,				\
	enum skb_drop_reason reason, struct sock *rx_sk
#else
#define NFP_KFREE_SKB_PROTO						\
	struct sk_buff *skb, void *location,				\
	enum skb_drop_reason reason
#endif

/*
 * Whether a freed packet may be a netfilter drop. Where the kernel names
 * the reason, only SKB_DROP_REASON_NETFILTER_DROP qualifies: it is what
 * nf_hook_slow() and nf_tables use for a verdict of NF_DROP.
 */
#ifdef NFP_HAVE_NETFILTER_DROP_REASON
#define nfp_is_netfilter_drop(reason) \
	((reason) == SKB_DROP_REASON_NETFILTER_DROP)
#else
#define nfp_is_netfilter_drop(reason) ((void)(reason), true)
#endif

/* The attributes genetlink parsed for a dump request. */
#ifdef NFP_HAVE_GENL_INFO_DUMP
#define nfp_dump_attrs(cb) (genl_info_dump(cb)->attrs)
#else
#define nfp_dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

/*
 * Multicast groups only for subscribers with CAP_NET_ADMIN in their
 * namespace: 6.6 gave groups flags of their own; before, the command flag
 * GENL_UNS_ADMIN_PERM did the same for groups.
 */
#ifdef GENL_MCAST_CAP_NET_ADMIN
#define NFP_MCGRP_NET_ADMIN	GENL_MCAST_CAP_NET_ADMIN
#else
#define NFP_MCGRP_NET_ADMIN	GENL_UNS_ADMIN_PERM
#endif

/*
 * skb->nf_trace, the bit that makes nf_tables (and xtables' TRACE) report
 * a packet's path, exists only where one of them is built.
 */
#if IS_ENABLED(CONFIG_NETFILTER_XT_TARGET_TRACE) || IS_ENABLED(CONFIG_NF_TABLES)
#define NFP_HAVE_NF_TRACE
#endif

/* A namespace's cookie: unique for the boot, never reused. */
#define nfp_net_cookie(net)	((net)->net_cookie)

#endif /* _NFP_COMPAT_H */
