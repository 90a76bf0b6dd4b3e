// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what nfprobe needs from a packet's headers, and turning it into
 * an oriented flow key. Pure functions of the packet (and its conntrack
 * entry): no state, no locks, no allocation.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/tcp.h>

#include "packet.h"

static bool nfp_proto_has_ports(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		return true;
	}
	return false;
}

/*
 * Parses the IPv4 header at @off: the packet's own, or the one an ICMP
 * error quotes. Non-first fragments carry no ports.
 */
static bool nfp_pkt_parse_ipv4(const struct sk_buff *skb, unsigned int off,
			       struct nfp_pkt *pkt)
{
	struct iphdr _iph __nfp_noinit;
	const struct iphdr *iph;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return false;

	pkt->family = NFPROTO_IPV4;
	pkt->proto = iph->protocol;
	pkt->saddr.ip = iph->saddr;
	pkt->daddr.ip = iph->daddr;
	pkt->len = ntohs(iph->tot_len);
	pkt->thoff = off + iph->ihl * 4;
	pkt->fragment = (ntohs(iph->frag_off) & IP_OFFSET) != 0;
	return true;
}

/*
 * Parses the IPv6 header at @off and skips extension headers to the
 * transport header; packets whose chain cannot be followed keep proto = the last
 * next-header and no ports.
 */
static bool nfp_pkt_parse_ipv6(const struct sk_buff *skb, unsigned int off,
			       struct nfp_pkt *pkt)
{
	struct ipv6hdr _ip6h __nfp_noinit;
	const struct ipv6hdr *ip6h;
	__be16 frag_off = 0;
	u8 nexthdr;
	int thoff;

	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return false;

	pkt->family = NFPROTO_IPV6;
	pkt->saddr.in6 = ip6h->saddr;
	pkt->daddr.in6 = ip6h->daddr;
	pkt->len = sizeof(*ip6h) + ntohs(ip6h->payload_len);

	nexthdr = ip6h->nexthdr;
	thoff = ipv6_skip_exthdr(skb, off + sizeof(*ip6h), &nexthdr, &frag_off);
	pkt->proto = nexthdr;
	if (thoff < 0) {
		pkt->fragment = true;
		return true;
	}
	pkt->thoff = thoff;
	pkt->fragment = (ntohs(frag_off) & ~0x7) != 0;
	return true;
}

static void nfp_pkt_parse_transport(const struct sk_buff *skb,
				    struct nfp_pkt *pkt)
{
	if (pkt->fragment)
		return;

	if (nfp_proto_has_ports(pkt->proto)) {
		__be16 _ports[2] __nfp_noinit;
		const __be16 *ports;

		/* All an ICMP error is sure to quote: 8 bytes. */
		ports = skb_header_pointer(skb, pkt->thoff, sizeof(_ports),
					   _ports);
		if (!ports)
			return;
		pkt->sport = ports[0];
		pkt->dport = ports[1];
		pkt->has_ports = true;
		if (pkt->proto == IPPROTO_TCP) {
			struct tcphdr _th __nfp_noinit;
			const struct tcphdr *th;

			th = skb_header_pointer(skb, pkt->thoff, sizeof(_th),
						&_th);
			if (th)
				pkt->tcp_flags = tcp_flag_byte(th);
		}
	} else if (pkt->proto == IPPROTO_ICMP) {
		struct icmphdr _ih __nfp_noinit;
		const struct icmphdr *ih;

		ih = skb_header_pointer(skb, pkt->thoff, sizeof(_ih), &_ih);
		if (!ih)
			return;
		pkt->icmp_type = ih->type;
		pkt->icmp_code = ih->code;
		if (ih->type == ICMP_ECHO || ih->type == ICMP_ECHOREPLY)
			pkt->icmp_id = ih->un.echo.id;
		pkt->has_icmp = true;
	} else if (pkt->proto == IPPROTO_ICMPV6) {
		struct icmp6hdr _ih __nfp_noinit;
		const struct icmp6hdr *ih;

		ih = skb_header_pointer(skb, pkt->thoff, sizeof(_ih), &_ih);
		if (!ih)
			return;
		pkt->icmp_type = ih->icmp6_type;
		pkt->icmp_code = ih->icmp6_code;
		if (ih->icmp6_type == ICMPV6_ECHO_REQUEST ||
		    ih->icmp6_type == ICMPV6_ECHO_REPLY)
			pkt->icmp_id = ih->icmp6_identifier;
		pkt->has_icmp = true;
	}
}

static bool nfp_pkt_parse_at(const struct sk_buff *skb, u8 family,
			     unsigned int off, struct nfp_pkt *pkt)
{
	bool ok;

	memset(pkt, 0, sizeof(*pkt));

	switch (family) {
	case NFPROTO_IPV4:
		ok = nfp_pkt_parse_ipv4(skb, off, pkt);
		break;
	case NFPROTO_IPV6:
		ok = nfp_pkt_parse_ipv6(skb, off, pkt);
		break;
	default:
		ok = false;
	}
	if (ok)
		nfp_pkt_parse_transport(skb, pkt);
	return ok;
}

bool nfp_pkt_parse(const struct sk_buff *skb, u8 family, struct nfp_pkt *pkt)
{
	return nfp_pkt_parse_at(skb, family, skb_network_offset(skb), pkt);
}

static bool nfp_pkt_is_dest_unreach(const struct nfp_pkt *pkt)
{
	if (!pkt->has_icmp)
		return false;
	if (pkt->family == NFPROTO_IPV4)
		return pkt->icmp_type == ICMP_DEST_UNREACH;
	return pkt->icmp_type == ICMPV6_DEST_UNREACH;
}

bool nfp_pkt_icmp_error_inner(const struct sk_buff *skb,
			      const struct nfp_pkt *pkt, struct nfp_pkt *inner)
{
	/*
	 * ICMP and ICMPv6 headers are both 8 bytes before the quote, which
	 * holds at least 8 bytes of the transport header: the ports.
	 */
	return nfp_pkt_is_dest_unreach(pkt) &&
	       nfp_pkt_parse_at(skb, pkt->family,
				pkt->thoff + sizeof(struct icmphdr), inner);
}

static u8 nfp_reject_from_icmpv6(u8 type, u8 code)
{
	if (type != ICMPV6_DEST_UNREACH)
		return NFPROBE_REJECT_NONE;

	switch (code) {
	case ICMPV6_NOROUTE:
		return NFPROBE_REJECT_ICMP6_NO_ROUTE;
	case ICMPV6_ADM_PROHIBITED:
		return NFPROBE_REJECT_ICMP6_ADM_PROHIBITED;
	case ICMPV6_ADDR_UNREACH:
		return NFPROBE_REJECT_ICMP6_ADDR_UNREACHABLE;
	case ICMPV6_PORT_UNREACH:
		return NFPROBE_REJECT_ICMP6_PORT_UNREACHABLE;
	case ICMPV6_POLICY_FAIL:
		return NFPROBE_REJECT_ICMP6_POLICY_FAIL;
	case ICMPV6_REJECT_ROUTE:
		return NFPROBE_REJECT_ICMP6_REJECT_ROUTE;
	}
	return NFPROBE_REJECT_ICMP6_OTHER;
}

static u8 nfp_reject_from_icmpv4(u8 type, u8 code)
{
	if (type != ICMP_DEST_UNREACH)
		return NFPROBE_REJECT_NONE;

	switch (code) {
	case ICMP_NET_UNREACH:
		return NFPROBE_REJECT_ICMP_NET_UNREACHABLE;
	case ICMP_HOST_UNREACH:
		return NFPROBE_REJECT_ICMP_HOST_UNREACHABLE;
	case ICMP_PROT_UNREACH:
		return NFPROBE_REJECT_ICMP_PROT_UNREACHABLE;
	case ICMP_PORT_UNREACH:
		return NFPROBE_REJECT_ICMP_PORT_UNREACHABLE;
	case ICMP_NET_ANO:
		return NFPROBE_REJECT_ICMP_NET_PROHIBITED;
	case ICMP_HOST_ANO:
		return NFPROBE_REJECT_ICMP_HOST_PROHIBITED;
	case ICMP_PKT_FILTERED:
		return NFPROBE_REJECT_ICMP_ADMIN_PROHIBITED;
	}
	return NFPROBE_REJECT_ICMP_OTHER;
}

u8 nfp_reject_from_icmp(u8 family, u8 type, u8 code)
{
	if (family == NFPROTO_IPV4)
		return nfp_reject_from_icmpv4(type, code);
	return nfp_reject_from_icmpv6(type, code);
}

u8 nfp_reject_answer(const struct sk_buff *skb, const struct nfp_pkt *pkt,
		     struct nfp_pkt *rejected)
{
	u8 type;

	if (pkt->proto == IPPROTO_TCP && (pkt->tcp_flags & TCPHDR_RST)) {
		/* A reset answers with addresses and ports swapped. */
		memset(rejected, 0, sizeof(*rejected));
		rejected->family = pkt->family;
		rejected->saddr = pkt->daddr;
		rejected->daddr = pkt->saddr;
		rejected->sport = pkt->dport;
		rejected->dport = pkt->sport;
		rejected->proto = IPPROTO_TCP;
		rejected->has_ports = true;
		return NFPROBE_REJECT_TCP_RESET;
	}
	if (!nfp_pkt_icmp_error_inner(skb, pkt, rejected))
		return NFPROBE_REJECT_NONE;
	type = nfp_reject_from_icmp(pkt->family, pkt->icmp_type, pkt->icmp_code);
	/* The error goes back to the quoted packet's sender. */
	if (memcmp(&rejected->saddr, &pkt->daddr, sizeof(rejected->saddr)))
		return NFPROBE_REJECT_NONE;
	return type;
}

/*
 * Without conntrack, tell the originator from the packet alone: a TCP SYN
 * comes from it, a SYN-ACK and an echo reply go to it; otherwise the side
 * with the lower port is taken as the server (well-known and service ports
 * sit below the ephemeral range), and as a last resort the lower address.
 */
static bool nfp_pkt_is_reply(const struct nfp_pkt *pkt)
{
	u16 sport, dport;

	if (pkt->proto == IPPROTO_TCP && pkt->has_ports &&
	    (pkt->tcp_flags & TCPHDR_SYN))
		return pkt->tcp_flags & TCPHDR_ACK;

	if (pkt->has_icmp) {
		if (pkt->family == NFPROTO_IPV6)
			return pkt->icmp_type == ICMPV6_ECHO_REPLY;
		switch (pkt->icmp_type) {
		case ICMP_ECHOREPLY:
		case ICMP_TIMESTAMPREPLY:
			return true;
		}
		return false;
	}

	if (pkt->has_ports) {
		sport = ntohs(pkt->sport);
		dport = ntohs(pkt->dport);
		if (sport != dport)
			return sport < dport;
	}

	return memcmp(&pkt->saddr, &pkt->daddr, sizeof(pkt->saddr)) > 0;
}

static u8 nfp_ct_state(const struct sk_buff *skb, struct nf_conn **ctp,
		       u8 *dir)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;

	*ctp = NULL;
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	ct = nf_ct_get(skb, &ctinfo);
	if (!ct) {
		if (ctinfo == IP_CT_UNTRACKED)
			return NFPROBE_CT_UNTRACKED;
		return NFPROBE_CT_NONE;
	}
	/* A template (raw table's CT target) is no connection yet. */
	if (nf_ct_is_template(ct))
		return NFPROBE_CT_NONE;

	*ctp = ct;
	*dir = CTINFO2DIR(ctinfo) == IP_CT_DIR_REPLY ? NFPROBE_DIR_REPLY :
						       NFPROBE_DIR_ORIGINAL;
	switch (ctinfo % IP_CT_IS_REPLY) {
	case IP_CT_ESTABLISHED:
		return NFPROBE_CT_ESTABLISHED;
	case IP_CT_RELATED:
		return NFPROBE_CT_RELATED;
	default:
		return NFPROBE_CT_NEW;
	}
#else
	return NFPROBE_CT_NONE;
#endif
}

static void nfp_key_from_ct(const struct nf_conn *ct, struct nfp_flow_key *key)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	const struct nf_conntrack_tuple *t =
		&ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;

	key->family = t->src.l3num;
	key->proto = t->dst.protonum;
	memcpy(&key->src, &t->src.u3, sizeof(key->src));
	memcpy(&key->dst, &t->dst.u3, sizeof(key->dst));
	if (key->proto == IPPROTO_ICMP || key->proto == IPPROTO_ICMPV6) {
		key->sport = t->src.u.icmp.id;
		key->dport = htons(t->dst.u.icmp.type << 8 | t->dst.u.icmp.code);
	} else if (nfp_proto_has_ports(key->proto)) {
		key->sport = t->src.u.all;
		key->dport = t->dst.u.all;
	}
#endif
}

static void nfp_key_from_pkt(const struct nfp_pkt *pkt, bool reply,
			     struct nfp_flow_key *key)
{
	key->family = pkt->family;
	key->proto = pkt->proto;
	key->src = reply ? pkt->daddr : pkt->saddr;
	key->dst = reply ? pkt->saddr : pkt->daddr;
	if (pkt->has_icmp) {
		u8 type = pkt->icmp_type;

		/* Key an echo exchange by its request, as conntrack does. */
		if (pkt->family == NFPROTO_IPV6) {
			if (type == ICMPV6_ECHO_REPLY)
				type = ICMPV6_ECHO_REQUEST;
		} else if (type == ICMP_ECHOREPLY) {
			type = ICMP_ECHO;
		} else if (type == ICMP_TIMESTAMPREPLY) {
			type = ICMP_TIMESTAMP;
		}
		key->sport = pkt->icmp_id;
		key->dport = htons(type << 8 | pkt->icmp_code);
	} else if (pkt->has_ports) {
		key->sport = reply ? pkt->dport : pkt->sport;
		key->dport = reply ? pkt->sport : pkt->dport;
	}
}

void nfp_flow_key_from_pkt(const struct nfp_pkt *pkt, bool reply, u32 netns,
			   struct nfp_flow_key *key)
{
	memset(key, 0, sizeof(*key));
	key->netns = netns;
	nfp_key_from_pkt(pkt, reply, key);
}

/* The flow as NAT made it: the reply tuple, seen from the originator. */
static bool nfp_nat_from_ct(const struct nf_conn *ct, struct nfp_nat *nat)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	const struct nf_conntrack_tuple *r =
		&ct->tuplehash[IP_CT_DIR_REPLY].tuple;

	if (!(READ_ONCE(ct->status) & IPS_NAT_MASK))
		return false;
	memcpy(&nat->src, &r->dst.u3, sizeof(nat->src));
	memcpy(&nat->dst, &r->src.u3, sizeof(nat->dst));
	if (nfp_proto_has_ports(r->dst.protonum)) {
		nat->sport = r->dst.u.all;
		nat->dport = r->src.u.all;
	} else {
		nat->sport = 0;
		nat->dport = 0;
	}
	return true;
#else
	return false;
#endif
}

/*
 * @pkt, read from @skb when it entered a hook, still does for the flow's
 * record as it leaves the hook: conntrack, not the headers, names the flow
 * (nfp_flow_key_build()), and the length is the same, so no fragment was
 * reassembled meanwhile nor the packet resized (a helper, TCPMSS).
 */
bool nfp_pkt_reusable(const struct sk_buff *skb, const struct nfp_pkt *pkt)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	unsigned int off = skb_network_offset(skb);
	enum ip_conntrack_info ctinfo;
	const struct nf_conn *ct;
	__be16 _len __nfp_noinit;
	const __be16 *len;

	if (pkt->fragment)
		return false;
	ct = nf_ct_get(skb, &ctinfo);
	if (!ct || nf_ct_is_template(ct) || nf_ct_l3num(ct) != pkt->family)
		return false;
	if (pkt->family == NFPROTO_IPV4) {
		len = skb_header_pointer(skb, off + offsetof(struct iphdr, tot_len),
					 sizeof(_len), &_len);
		return len && ntohs(*len) == pkt->len;
	}
	len = skb_header_pointer(skb, off + offsetof(struct ipv6hdr, payload_len),
				 sizeof(_len), &_len);
	return len && sizeof(struct ipv6hdr) + ntohs(*len) == pkt->len;
#else
	return false;
#endif
}

void nfp_flow_key_build(const struct sk_buff *skb, const struct nfp_pkt *pkt,
			u32 netns, struct nfp_flow_key *key,
			struct nfp_ct_info *info)
{
	struct nf_conn *ct;

	memset(key, 0, sizeof(*key));
	key->netns = netns;
	info->has_nat = false;

	/* Without the packet (it is gone), only its headers tell. */
	if (skb) {
		info->state = nfp_ct_state(skb, &ct, &info->dir);
	} else {
		info->state = NFPROBE_CT_NONE;
		ct = NULL;
	}
	if (ct && nf_ct_l3num(ct) == pkt->family) {
		nfp_key_from_ct(ct, key);
		info->has_nat = nfp_nat_from_ct(ct, &info->nat);
		return;
	}

	if (nfp_pkt_is_reply(pkt)) {
		info->dir = NFPROBE_DIR_REPLY;
		nfp_key_from_pkt(pkt, true, key);
	} else {
		info->dir = NFPROBE_DIR_ORIGINAL;
		nfp_key_from_pkt(pkt, false, key);
	}
}
