// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: reading packets and orienting flow keys (kmod/packet.c).
 */
#include <kunit/test.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/tcp.h>

#include "../packet.h"
#include "nfprobe_kunit.h"

#define CLIENT	htonl(0xc6336405)	/* 198.51.100.5 */
#define SERVER	htonl(0xcb00710a)	/* 203.0.113.10 */

struct sk_buff *nfp_test_skb_ipv4(struct kunit *test, __be32 saddr,
				  __be32 daddr, u8 proto, const void *l4,
				  unsigned int l4len)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + sizeof(struct iphdr) +
					l4len, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->tot_len = htons(sizeof(*iph) + l4len);
	skb_put_data(skb, l4, l4len);
	return skb;
}

static struct sk_buff *tcp_skb(struct kunit *test, __be32 saddr, u16 sport,
			       __be32 daddr, u16 dport, u8 flags)
{
	struct tcphdr th = {
		.source = htons(sport),
		.dest = htons(dport),
		.doff = 5,
	};

	tcp_flag_byte(&th) = flags;
	return nfp_test_skb_ipv4(test, saddr, daddr, IPPROTO_TCP, &th,
				 sizeof(th));
}

static void nfp_key_of(struct kunit *test, struct sk_buff *skb,
		       struct nfp_flow_key *key, struct nfp_ct_info *ct)
{
	struct nfp_pkt pkt;

	KUNIT_ASSERT_TRUE(test, nfp_pkt_parse(skb, NFPROTO_IPV4, &pkt));
	nfp_flow_key_build(skb, &pkt, 4026531840U, key, ct);
	kfree_skb(skb);
}

/* A SYN, its SYN-ACK and later segments of both sides are one flow. */
static void nfp_key_tcp_both_directions(struct kunit *test)
{
	struct nfp_flow_key syn, synack, ack, data;
	struct nfp_ct_info ct;

	nfp_key_of(test, tcp_skb(test, CLIENT, 41234, SERVER, 8080,
				 TCPHDR_SYN), &syn, &ct);
	KUNIT_EXPECT_EQ(test, ct.dir, NFPROBE_DIR_ORIGINAL);
	KUNIT_EXPECT_EQ(test, ct.state, NFPROBE_CT_NONE);
	KUNIT_EXPECT_EQ(test, syn.src.ip, CLIENT);
	KUNIT_EXPECT_EQ(test, syn.dst.ip, SERVER);
	KUNIT_EXPECT_EQ(test, ntohs(syn.sport), 41234);
	KUNIT_EXPECT_EQ(test, ntohs(syn.dport), 8080);
	KUNIT_EXPECT_EQ(test, syn.netns, 4026531840U);

	nfp_key_of(test, tcp_skb(test, SERVER, 8080, CLIENT, 41234,
				 TCPHDR_SYN | TCPHDR_ACK), &synack, &ct);
	KUNIT_EXPECT_EQ(test, ct.dir, NFPROBE_DIR_REPLY);
	KUNIT_EXPECT_MEMEQ(test, &syn, &synack, sizeof(syn));

	nfp_key_of(test, tcp_skb(test, CLIENT, 41234, SERVER, 8080,
				 TCPHDR_ACK), &ack, &ct);
	KUNIT_EXPECT_EQ(test, ct.dir, NFPROBE_DIR_ORIGINAL);
	KUNIT_EXPECT_MEMEQ(test, &syn, &ack, sizeof(syn));

	nfp_key_of(test, tcp_skb(test, SERVER, 8080, CLIENT, 41234,
				 TCPHDR_PSH | TCPHDR_ACK), &data, &ct);
	KUNIT_EXPECT_EQ(test, ct.dir, NFPROBE_DIR_REPLY);
	KUNIT_EXPECT_MEMEQ(test, &syn, &data, sizeof(syn));
}

/* An echo request and its reply are one flow, keyed by the request. */
static void nfp_key_icmp_echo(struct kunit *test)
{
	struct icmphdr req = { .type = ICMP_ECHO, .un.echo.id = htons(77) };
	struct icmphdr rep = { .type = ICMP_ECHOREPLY, .un.echo.id = htons(77) };
	struct nfp_flow_key k1, k2;
	struct nfp_ct_info ct;

	nfp_key_of(test, nfp_test_skb_ipv4(test, CLIENT, SERVER, IPPROTO_ICMP,
					   &req, sizeof(req)), &k1, &ct);
	KUNIT_EXPECT_EQ(test, ct.dir, NFPROBE_DIR_ORIGINAL);
	nfp_key_of(test, nfp_test_skb_ipv4(test, SERVER, CLIENT, IPPROTO_ICMP,
					   &rep, sizeof(rep)), &k2, &ct);
	KUNIT_EXPECT_EQ(test, ct.dir, NFPROBE_DIR_REPLY);
	KUNIT_EXPECT_MEMEQ(test, &k1, &k2, sizeof(k1));
	KUNIT_EXPECT_EQ(test, ntohs(k1.sport), 77);
	KUNIT_EXPECT_EQ(test, ntohs(k1.dport) >> 8, ICMP_ECHO);
}

/* Another echo id is another flow. */
static void nfp_key_icmp_id_distinguishes(struct kunit *test)
{
	struct icmphdr a = { .type = ICMP_ECHO, .un.echo.id = htons(1) };
	struct icmphdr b = { .type = ICMP_ECHO, .un.echo.id = htons(2) };
	struct nfp_flow_key k1, k2;
	struct nfp_ct_info ct;

	nfp_key_of(test, nfp_test_skb_ipv4(test, CLIENT, SERVER, IPPROTO_ICMP,
					   &a, sizeof(a)), &k1, &ct);
	nfp_key_of(test, nfp_test_skb_ipv4(test, CLIENT, SERVER, IPPROTO_ICMP,
					   &b, sizeof(b)), &k2, &ct);
	KUNIT_EXPECT_NE(test, memcmp(&k1, &k2, sizeof(k1)), 0);
}

/* The packet a port-unreachable quotes is read back exactly. */
static void nfp_icmp_error_quote(struct kunit *test)
{
	struct {
		struct icmphdr icmp;
		struct iphdr ip;
		struct udphdr udp;
	} __packed err = {
		.icmp = { .type = ICMP_DEST_UNREACH, .code = ICMP_PORT_UNREACH },
		.ip = { .version = 4, .ihl = 5, .protocol = IPPROTO_UDP,
			.saddr = CLIENT, .daddr = SERVER },
		.udp = { .source = htons(40003), .dest = htons(9999) },
	};
	struct sk_buff *skb = nfp_test_skb_ipv4(test, SERVER, CLIENT,
						IPPROTO_ICMP, &err, sizeof(err));
	struct nfp_pkt pkt, inner;

	KUNIT_ASSERT_TRUE(test, nfp_pkt_parse(skb, NFPROTO_IPV4, &pkt));
	KUNIT_ASSERT_TRUE(test, nfp_pkt_icmp_error_inner(skb, &pkt, &inner));
	KUNIT_EXPECT_EQ(test, inner.saddr.ip, CLIENT);
	KUNIT_EXPECT_EQ(test, inner.daddr.ip, SERVER);
	KUNIT_EXPECT_EQ(test, inner.proto, IPPROTO_UDP);
	KUNIT_EXPECT_TRUE(test, inner.has_ports);
	KUNIT_EXPECT_EQ(test, ntohs(inner.sport), 40003);
	KUNIT_EXPECT_EQ(test, ntohs(inner.dport), 9999);
	KUNIT_EXPECT_EQ(test, nfp_reject_from_icmp(NFPROTO_IPV4, pkt.icmp_type,
						   pkt.icmp_code),
			NFPROBE_REJECT_ICMP_PORT_UNREACHABLE);
	kfree_skb(skb);
}

static void nfp_reject_names(struct kunit *test)
{
	static const struct {
		u8 family, type, code, reject;
	} cases[] = {
		{ NFPROTO_IPV4, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED,
		  NFPROBE_REJECT_ICMP_ADMIN_PROHIBITED },
		{ NFPROTO_IPV4, ICMP_DEST_UNREACH, ICMP_HOST_ANO,
		  NFPROBE_REJECT_ICMP_HOST_PROHIBITED },
		{ NFPROTO_IPV4, ICMP_DEST_UNREACH, 15,
		  NFPROBE_REJECT_ICMP_OTHER },
		{ NFPROTO_IPV4, ICMP_ECHO, 0, NFPROBE_REJECT_NONE },
		{ NFPROTO_IPV6, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH,
		  NFPROBE_REJECT_ICMP6_PORT_UNREACHABLE },
		{ NFPROTO_IPV6, ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED,
		  NFPROBE_REJECT_ICMP6_ADM_PROHIBITED },
		{ NFPROTO_IPV6, ICMPV6_ECHO_REQUEST, 0, NFPROBE_REJECT_NONE },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    nfp_reject_from_icmp(cases[i].family,
							 cases[i].type,
							 cases[i].code),
				    cases[i].reject, "case %u", i);
}

/* Garbage is refused, not misread. */
static void nfp_parse_rejects_garbage(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	struct nfp_pkt pkt;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reset_network_header(skb);
	memset(skb_put(skb, 10), 0x45, 10);	/* a truncated IPv4 header */
	KUNIT_EXPECT_FALSE(test, nfp_pkt_parse(skb, NFPROTO_IPV4, &pkt));
	KUNIT_EXPECT_FALSE(test, nfp_pkt_parse(skb, NFPROTO_IPV6, &pkt));
	KUNIT_EXPECT_FALSE(test, nfp_pkt_parse(skb, NFPROTO_ARP, &pkt));
	kfree_skb(skb);
}

static struct sk_buff *skb_ipv6(struct kunit *test, const struct in6_addr *saddr,
				const struct in6_addr *daddr, u8 proto,
				const void *l4, unsigned int l4len)
{
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + sizeof(struct ipv6hdr) +
					l4len, GFP_KERNEL);
	struct ipv6hdr *ip6h;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	ip6h = skb_put_zero(skb, sizeof(*ip6h));
	ip6h->version = 6;
	ip6h->hop_limit = 64;
	ip6h->nexthdr = proto;
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	ip6h->payload_len = htons(l4len);
	skb_put_data(skb, l4, l4len);
	return skb;
}

/* What the probes see leave through OUTPUT while a packet is rejected. */
static u8 reject_of(struct kunit *test, struct sk_buff *skb, u8 family,
		    struct nfp_pkt *rejected)
{
	struct nfp_pkt pkt;
	u8 type;

	KUNIT_ASSERT_TRUE(test, nfp_pkt_parse(skb, family, &pkt));
	type = nfp_reject_answer(skb, &pkt, rejected);
	kfree_skb(skb);
	return type;
}

/* A reset names the rejected segment: the same tuple, turned around. */
static void nfp_reject_tcp_reset(struct kunit *test)
{
	struct nfp_pkt rej;

	KUNIT_EXPECT_EQ(test, reject_of(test, tcp_skb(test, SERVER, 8080, CLIENT,
						      40000, TCPHDR_RST | TCPHDR_ACK),
					NFPROTO_IPV4, &rej),
			NFPROBE_REJECT_TCP_RESET);
	KUNIT_EXPECT_EQ(test, rej.saddr.ip, CLIENT);
	KUNIT_EXPECT_EQ(test, rej.daddr.ip, SERVER);
	KUNIT_EXPECT_EQ(test, ntohs(rej.sport), 40000);
	KUNIT_EXPECT_EQ(test, ntohs(rej.dport), 8080);
	KUNIT_EXPECT_EQ(test, rej.proto, IPPROTO_TCP);

	/* A server's SYN-ACK answers nothing that was rejected. */
	KUNIT_EXPECT_EQ(test, reject_of(test, tcp_skb(test, SERVER, 8080, CLIENT,
						      40000, TCPHDR_SYN | TCPHDR_ACK),
					NFPROTO_IPV4, &rej),
			NFPROBE_REJECT_NONE);
}

/* An ICMP error is a REJECT's only if it goes back to the quoted sender. */
static void nfp_reject_icmp(struct kunit *test)
{
	struct {
		struct icmphdr icmp;
		struct iphdr ip;
		struct udphdr udp;
	} __packed err = {
		.icmp = { .type = ICMP_DEST_UNREACH, .code = ICMP_PKT_FILTERED },
		.ip = { .version = 4, .ihl = 5, .protocol = IPPROTO_UDP,
			.saddr = CLIENT, .daddr = SERVER },
		.udp = { .source = htons(40004), .dest = htons(53) },
	};
	struct nfp_pkt rej;

	KUNIT_EXPECT_EQ(test,
			reject_of(test, nfp_test_skb_ipv4(test, SERVER, CLIENT,
							  IPPROTO_ICMP, &err,
							  sizeof(err)),
				  NFPROTO_IPV4, &rej),
			NFPROBE_REJECT_ICMP_ADMIN_PROHIBITED);
	KUNIT_EXPECT_EQ(test, rej.saddr.ip, CLIENT);
	KUNIT_EXPECT_EQ(test, ntohs(rej.sport), 40004);
	KUNIT_EXPECT_EQ(test, ntohs(rej.dport), 53);

	/* Sent elsewhere (a forged or relayed quote): not our REJECT. */
	KUNIT_EXPECT_EQ(test,
			reject_of(test, nfp_test_skb_ipv4(test, SERVER,
							  htonl(0xc0000201),
							  IPPROTO_ICMP, &err,
							  sizeof(err)),
				  NFPROTO_IPV4, &rej),
			NFPROBE_REJECT_NONE);

	/* Time exceeded quotes a packet too, but rejects nothing. */
	err.icmp.type = ICMP_TIME_EXCEEDED;
	err.icmp.code = 0;
	KUNIT_EXPECT_EQ(test,
			reject_of(test, nfp_test_skb_ipv4(test, SERVER, CLIENT,
							  IPPROTO_ICMP, &err,
							  sizeof(err)),
				  NFPROTO_IPV4, &rej),
			NFPROBE_REJECT_NONE);
}

static void nfp_reject_icmpv6(struct kunit *test)
{
	static const struct in6_addr client = {{{ 0x20, 0x01, 0x0d, 0xb8, 0, 1,
		[15] = 5 }}};
	static const struct in6_addr server = {{{ 0x20, 0x01, 0x0d, 0xb8, 0, 2,
		[15] = 10 }}};
	struct {
		struct icmp6hdr icmp6;
		struct ipv6hdr ip6;
		struct tcphdr tcp;
	} __packed err = {
		.icmp6 = { .icmp6_type = ICMPV6_DEST_UNREACH,
			   .icmp6_code = ICMPV6_ADM_PROHIBITED },
		.ip6 = { .version = 6, .nexthdr = IPPROTO_TCP,
			 .payload_len = htons(sizeof(struct tcphdr)),
			 .saddr = client, .daddr = server },
		.tcp = { .source = htons(40006), .dest = htons(443), .doff = 5,
			 .syn = 1 },
	};
	struct nfp_pkt rej;

	KUNIT_EXPECT_EQ(test,
			reject_of(test, skb_ipv6(test, &server, &client,
						 IPPROTO_ICMPV6, &err,
						 sizeof(err)),
				  NFPROTO_IPV6, &rej),
			NFPROBE_REJECT_ICMP6_ADM_PROHIBITED);
	KUNIT_EXPECT_EQ(test, memcmp(&rej.saddr.in6, &client, sizeof(client)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&rej.daddr.in6, &server, sizeof(server)), 0);
	KUNIT_EXPECT_EQ(test, rej.proto, IPPROTO_TCP);
	KUNIT_EXPECT_EQ(test, ntohs(rej.sport), 40006);
	KUNIT_EXPECT_EQ(test, ntohs(rej.dport), 443);
}

static struct kunit_case nfp_packet_cases[] = {
	KUNIT_CASE(nfp_key_tcp_both_directions),
	KUNIT_CASE(nfp_key_icmp_echo),
	KUNIT_CASE(nfp_key_icmp_id_distinguishes),
	KUNIT_CASE(nfp_icmp_error_quote),
	KUNIT_CASE(nfp_reject_names),
	KUNIT_CASE(nfp_parse_rejects_garbage),
	KUNIT_CASE(nfp_reject_tcp_reset),
	KUNIT_CASE(nfp_reject_icmp),
	KUNIT_CASE(nfp_reject_icmpv6),
	{}
};

static struct kunit_suite nfp_packet_suite = {
	.name = "nfprobe_packet",
	.test_cases = nfp_packet_cases,
};

kunit_test_suite(nfp_packet_suite);
