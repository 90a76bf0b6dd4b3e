/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_FLOWS_H
#define NFP_CTL_FLOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/nfprobe.h>

/* One event of a flow (enum nfprobe_event_attr). */
struct nfp_event {
	uint64_t	time_ns;
	uint32_t	iif;
	uint32_t	oif;
	uint32_t	len;
	uint8_t		hook;
	uint8_t		stage;
	uint8_t		verdict;
	uint8_t		reject;
	uint8_t		ct;
	uint8_t		dir;
	uint8_t		tcp_flags;
	uint8_t		ct_fail;
};

/* The key fields of a flow, compared to merge per-CPU entries. */
struct nfp_flow_key {
	uint32_t	netns;
	uint8_t		family;		/* AF_INET or AF_INET6 */
	uint8_t		proto;
	unsigned char	src[16];
	unsigned char	dst[16];
	uint16_t	sport;		/* host order */
	uint16_t	dport;
	uint16_t	icmp_id;
	uint8_t		icmp_type;
	uint8_t		icmp_code;
	bool		has_ports;
	bool		is_icmp;
};

/* The rule a trace named as having decided a flow's fate. */
struct nfp_rule {
	uint64_t	time_ns;
	uint64_t	handle;		/* nf_tables handle; 0: unknown */
	uint32_t	position;	/* in its chain, from 1; 0: the policy */
	uint8_t		source;		/* enum nfprobe_rule_source */
	uint8_t		table_family;	/* NFPROTO_* */
	uint8_t		hook;
	uint8_t		verdict;
	char		table[NFPROBE_RULE_NAME_MAX];
	char		chain[NFPROBE_RULE_NAME_MAX];
	char		text[NFPROBE_RULE_TEXT_MAX];
};

/* A flow, merged over the CPUs whose tables hold it. */
struct nfp_flow {
	struct nfp_flow_key	key;
	uint64_t		first_seen;
	uint64_t		last_seen;
	uint64_t		packets;
	uint64_t		accepted;
	uint64_t		dropped;
	uint64_t		rejected;
	uint64_t		stolen;
	uint64_t		events_total;
	uint64_t		ct_alloc_failed;
	uint64_t		ct_insert_failed;
	/* The flow after NAT, when conntrack NATs it. */
	bool			has_nat;
	unsigned char		nat_src[16];
	unsigned char		nat_dst[16];
	uint16_t		nat_sport;
	uint16_t		nat_dport;
	size_t			nevents;
	struct nfp_event	*events;
	/* The kernel's entry (one CPU's) and its generation, when sent. */
	bool			has_id;
	uint64_t		id;
	uint32_t		gen;
	/* Named by a trace (newest over the merged entries), or NULL. */
	struct nfp_rule		*rule;
};

struct nfp_flow_list {
	struct nfp_flow	*flows;
	size_t		n;
	size_t		cap;
};

/*
 * Parses one NFPROBE_CMD_GET_FLOWS reply into @flow (events allocated).
 * Returns 0, or -EINVAL for a malformed message, -ENOMEM.
 */
int nfp_flow_parse(struct nlmsghdr *nlh, struct nfp_flow *flow);
/* Frees what nfp_flow_parse() allocated for @flow. */
void nfp_flow_free(struct nfp_flow *flow);
/* An nf_tables table family as nft names it: "inet", "ip", "ip6", ... */
const char *nfp_table_family_name(unsigned int family);
/* "nft-trace" or "counters". */
const char *nfp_rule_source_name(unsigned int source);
/*
 * "REJECT by rule 3 of ip filter INPUT: -A INPUT ... -j REJECT" or "DROP by
 * the policy of ip filter INPUT".
 */
void nfp_rule_describe(const struct nfp_rule *r, char *buf, size_t len);
/* Appends @flow to @list, taking its events and rule. Returns 0 or -ENOMEM. */
int nfp_flow_list_add(struct nfp_flow_list *list, struct nfp_flow *flow);
/* Merges entries with equal keys (one per CPU that saw the flow) into one:
 * counters summed, events joined, first/last seen widened. */
int nfp_flow_list_merge(struct nfp_flow_list *list);
/* Events of each flow by time, flows by last event (oldest first). */
void nfp_flow_list_sort(struct nfp_flow_list *list);
/* After sorting: keeps the @n flows seen last. */
void nfp_flow_list_keep_last(struct nfp_flow_list *list, size_t n);
void nfp_flow_list_free(struct nfp_flow_list *list);

struct nfp_nl;
struct nfp_filter_opts;
/* The flows @f names, merged and sorted (fetch.c). 0 or -errno. */
int nfp_flows_fetch(struct nfp_nl *nl, const struct nfp_filter_opts *f,
		    struct nfp_flow_list *list);
/* show.c, shared with watch: */
/* "SRC:SPORT -> DST:DPORT PROTO" (ICMP: type, code, id), no newline. */
void nfp_flow_print_tuple(const struct nfp_flow_key *k);
/* "SRC:SPORT -> DST:DPORT PROTO  netns N  [nat ...]" line. */
void nfp_flow_print_header(const struct nfp_flow *f);
/* "DROP", "REJECT tcp-reset", "DROP (ct table full)", ... */
void nfp_verdict_str(const struct nfp_event *e, char *buf, size_t len);
/* Local time with microseconds. */
void nfp_time_str(uint64_t ns, char *buf, size_t len);
/* The interface's name, "if#N" outside our namespace, or NULL for 0. */
const char *nfp_ifname(uint32_t ifindex, uint32_t netns, char *buf);
struct json;
void nfp_json_flow_key(struct json *j, const struct nfp_flow *f);
void nfp_json_flow_nat(struct json *j, const struct nfp_flow *f);
/* nfprobe show's output of @list on stdout: text, JSON. */
void nfp_show_print_text(const struct nfp_flow_list *list);
void nfp_show_print_json(const struct nfp_flow_list *list);
void nfp_json_event(struct json *j, const char *key,
		    const struct nfp_event *e, uint32_t netns);

#endif
