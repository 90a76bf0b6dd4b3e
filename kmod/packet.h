/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFP_PACKET_H
#define _NFP_PACKET_H

#include "nfprobe.h"

/* What nfprobe reads from a packet's headers. */
struct nfp_pkt {
	union nfp_addr	saddr;
	union nfp_addr	daddr;
	unsigned int	thoff;
	u32		len;
	__be16		sport;
	__be16		dport;
	__be16		icmp_id;
	u8		icmp_type;
	u8		icmp_code;
	u8		family;
	u8		proto;
	u8		tcp_flags;
	bool		fragment;
	bool		has_ports;
	bool		has_icmp;
};

bool nfp_pkt_parse(const struct sk_buff *skb, u8 family, struct nfp_pkt *pkt);
/* The packet an ICMP destination-unreachable error quotes. */
bool nfp_pkt_icmp_error_inner(const struct sk_buff *skb,
			      const struct nfp_pkt *pkt, struct nfp_pkt *inner);
u8 nfp_reject_from_icmp(u8 family, u8 type, u8 code);
/*
 * If @pkt, leaving through OUTPUT, is how a REJECT answers (a TCP reset or
 * an ICMP destination-unreachable error), the kind of REJECT, with the
 * rejected packet's tuple in @rejected; else NFPROBE_REJECT_NONE.
 */
u8 nfp_reject_answer(const struct sk_buff *skb, const struct nfp_pkt *pkt,
		     struct nfp_pkt *rejected);
/* @pkt, parsed when @skb entered a hook, can stand for it as it leaves. */
bool nfp_pkt_reusable(const struct sk_buff *skb, const struct nfp_pkt *pkt);
/* What conntrack says of a packet: its state, direction and NAT. */
struct nfp_ct_info {
	u8		state;
	u8		dir;
	bool		has_nat;
	struct nfp_nat	nat;
};

/* @skb may be NULL: the key is then oriented from @pkt alone. */
void nfp_flow_key_build(const struct sk_buff *skb, const struct nfp_pkt *pkt,
			u32 netns, struct nfp_flow_key *key,
			struct nfp_ct_info *ct);

/* The key of @pkt's flow if @pkt is its originator's (@reply: its reply). */
void nfp_flow_key_from_pkt(const struct nfp_pkt *pkt, bool reply, u32 netns,
			   struct nfp_flow_key *key);

#endif /* _NFP_PACKET_H */
