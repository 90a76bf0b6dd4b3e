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
#include <linux/nfprobe.h>

/*
 * kfree_skb tracepoint probe: the tracepoint's prototype gained a drop
 * reason in 5.17 and the receiving socket in 6.11, const since (seen in
 * 7.2). NFP_KFREE_SKB_PROTO is the parameter list after the probe's data
 * pointer; inside the probe, NFP_KFREE_SKB_NF_DROP says whether the
 * packet may be a netfilter drop.
 */
#if defined(NFP_HAVE_KFREE_SKB_RX_SK_CONST)
#define NFP_KFREE_SKB_PROTO						\
	struct sk_buff *skb, void *location,				\
	enum skb_drop_reason reason, const struct sock *rx_sk
#elif defined(NFP_HAVE_KFREE_SKB_RX_SK)
#define NFP_KFREE_SKB_PROTO						\
	struct sk_buff *skb, void *location,				\
	enum skb_drop_reason reason, struct sock *rx_sk
#elif defined(NFP_HAVE_KFREE_SKB_REASON)
#define NFP_KFREE_SKB_PROTO						\
	struct sk_buff *skb, void *location,				\
	enum skb_drop_reason reason
#else
#define NFP_KFREE_SKB_PROTO						\
	struct sk_buff *skb, void *location
#endif

/*
 * Where the kernel names the reason, only SKB_DROP_REASON_NETFILTER_DROP
 * is a netfilter drop: it is what nf_hook_slow() and nf_tables use for a
 * verdict of NF_DROP. Before, nf_hook_slow() freed those packets itself:
 * one freed from anywhere else (a socket refusing a packet netfilter had
 * accepted) is not one; nfp_freed_by_nf_hook_slow() tells by the caller's
 * address.
 */
#if defined(NFP_HAVE_NETFILTER_DROP_REASON)
#define NFP_KFREE_SKB_NF_DROP	(reason == SKB_DROP_REASON_NETFILTER_DROP)
#else
#define NFP_KFREE_SKB_NF_DROP	nfp_freed_by_nf_hook_slow(location)
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

/*
 * A namespace's cookie: unique for the boot, never reused. Before 5.12 the
 * kernel made one only on demand, with a function modules cannot call;
 * there the namespace's address stands in for it, unique among live
 * namespaces (a namespace born at a dead one's address could receive a
 * watch event still queued for the dead one).
 */
#ifdef NFP_HAVE_NET_COOKIE
#define nfp_net_cookie(net)	((net)->net_cookie)
#else
#define nfp_net_cookie(net)	((u64)(unsigned long)(net))
#endif

/* 5.11 renamed nla_strlcpy(), whose result nfprobe does not use. */
#ifndef NFP_HAVE_NLA_STRSCPY
#define nla_strscpy(dst, nla, size)	nla_strlcpy(dst, nla, size)
#endif

/* 5.14: NLA_BE16, validated as what it was before, a 16-bit integer. */
#ifndef NFP_HAVE_NLA_BE16
#define NLA_BE16	NLA_U16
#endif

/*
 * 6.1: a family's commands from resv_start_op on are validated strictly
 * (unknown attributes and flags refused); before, every command was,
 * unless it asked otherwise. nfprobe's first command is GET_FLOWS: all are
 * strict. Use as a member of struct genl_family, without a comma after it.
 */
#ifdef NFP_HAVE_GENL_RESV_START_OP
#define NFP_GENL_STRICT_ALL	.resv_start_op = NFPROBE_CMD_GET_FLOWS,
#else
#define NFP_GENL_STRICT_ALL
#endif

/*
 * 6.1: the checks for an attribute a command requires, telling the user
 * which one is missing; before, a message naming no attribute.
 */
#ifndef GENL_REQ_ATTR_CHECK
#define GENL_REQ_ATTR_CHECK(info, attr) ({				\
	const struct genl_info *__info = (info);			\
	bool __missing = !__info->attrs[(attr)];			\
									\
	if (__missing)							\
		NL_SET_ERR_MSG(__info->extack,				\
			       "required attribute missing");		\
	__missing;							\
})
#endif
#ifndef NL_REQ_ATTR_CHECK
#define NL_REQ_ATTR_CHECK(extack, nest, tb, attr) ({			\
	bool __missing = !(tb)[(attr)];					\
									\
	if (__missing)							\
		NL_SET_ERR_MSG_ATTR((extack), (nest),			\
				    "required attribute missing");	\
	__missing;							\
})
#endif

/* What of the above this kernel has, for NFPROBE_INFO_A_FEATURES. */
#ifdef NFP_HAVE_NETFILTER_DROP_REASON
#define NFP_FEATURE_DROP_REASON		BIT(NFPROBE_FEATURE_DROP_REASON)
#else
#define NFP_FEATURE_DROP_REASON		0
#endif
#ifdef NFP_HAVE_NET_COOKIE
#define NFP_FEATURE_NETNS_COOKIE	BIT(NFPROBE_FEATURE_NETNS_COOKIE)
#else
#define NFP_FEATURE_NETNS_COOKIE	0
#endif
#ifdef NFP_HAVE_NF_TRACE
#define NFP_FEATURE_NF_TRACE		BIT(NFPROBE_FEATURE_NF_TRACE)
#else
#define NFP_FEATURE_NF_TRACE		0
#endif
#define NFP_FEATURES	(NFP_FEATURE_DROP_REASON | NFP_FEATURE_NETNS_COOKIE | \
			 NFP_FEATURE_NF_TRACE)

#endif /* _NFP_COMPAT_H */
