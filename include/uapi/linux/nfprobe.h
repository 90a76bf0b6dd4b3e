/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * nfprobe: where and why netfilter dropped or rejected a flow's packets.
 *
 * This header is the only contract between the nfprobe kernel module and
 * userspace. It describes the generic netlink family "nfprobe".
 *
 * Numbering rules: values of every enum below are ABI. New commands,
 * attributes and enum values are only ever appended; nothing is renumbered
 * or reused. NFPROBE_GENL_VERSION is raised when the meaning of an existing
 * attribute changes (which should never happen).
 *
 * Conventions:
 *  - Addresses are carried in network byte order as binary attributes of
 *    exactly 4 (IPv4) or 16 (IPv6) bytes; ports are __be16 (NLA_BE16).
 *  - 64-bit values are NLA_U64 aligned with the family's PAD attribute.
 *  - Times are nanoseconds of CLOCK_REALTIME (UTC), as ktime_get_real_ns().
 *  - Every request attribute is strictly validated; an unknown attribute,
 *    a wrong length or an out-of-range value fails the request with an
 *    extended ack message that names the problem.
 */
#ifndef _UAPI_LINUX_NFPROBE_H
#define _UAPI_LINUX_NFPROBE_H

#include <linux/types.h>

#define NFPROBE_GENL_NAME	"nfprobe"
#define NFPROBE_GENL_VERSION	1

/**
 * enum nfprobe_cmd - generic netlink commands
 * @NFPROBE_CMD_GET_FLOWS: dump per-flow verdict histories. Request
 *	(optional): %NFPROBE_A_FILTER. Each reply message carries one flow
 *	entry of one CPU's table as %NFPROBE_A_FLOW; the same flow may appear
 *	once per CPU that saw it (userspace merges entries with equal keys).
 *	Requires CAP_NET_ADMIN in the caller's network namespace; only flows
 *	of that namespace are returned, unless the filter has ALL_NETNS.
 * @NFPROBE_CMD_GET_INFO: doit. Reply: %NFPROBE_A_INFO (module version,
 *	table geometry, global counters).
 * @NFPROBE_CMD_GET_CT_SOURCES: dump conntrack failures per source address.
 *	Request (optional): %NFPROBE_A_FILTER (FAMILY and SRC apply). Each
 *	reply carries one entry of one CPU's table as %NFPROBE_A_CT_SOURCE;
 *	userspace sums entries with equal netns, family and address. Same
 *	permissions and namespace scope as %NFPROBE_CMD_GET_FLOWS.
 * @NFPROBE_CMD_GET_STATS: dump the packet counters of all namespaces by
 *	family, hook, stage and verdict, since the module was loaded: each
 *	reply carries one non-zero counter as %NFPROBE_A_COUNTER. An ACCEPT
 *	is counted with stage %NFPROBE_STAGE_CONFIRM (it passed them all).
 *	Host-wide, so it requires CAP_NET_ADMIN in the initial user namespace.
 * @NFPROBE_CMD_RESET: doit. Forgets the flows of the caller's namespace
 *	that match %NFPROBE_A_FILTER (all without one), and, when the filter
 *	has no more than FAMILY and SRC, the per-source conntrack failures of
 *	those sources. Packet counters (%NFPROBE_CMD_GET_STATS) are kept.
 *	Reply: %NFPROBE_A_RESET. Dumps running meanwhile see
 *	NLM_F_DUMP_INTR. Same permissions as %NFPROBE_CMD_GET_FLOWS.
 * @NFPROBE_CMD_GET_CONFIG: doit. Reply: %NFPROBE_A_CONFIG, the module's
 *	settings. Requires CAP_NET_ADMIN in the caller's network namespace.
 * @NFPROBE_CMD_SET_CONFIG: doit. Request: %NFPROBE_A_CONFIG with the
 *	settings to change; the others keep their value. The settings are
 *	the host's, so it requires CAP_NET_ADMIN in the initial user
 *	namespace. Reply: %NFPROBE_A_CONFIG as %NFPROBE_CMD_GET_CONFIG.
 * @NFPROBE_CMD_EVENT: notification, sent to the multicast groups below:
 *	one packet that was dropped or rejected, or that conntrack failed to
 *	track, as %NFPROBE_A_FLOW with the flow's key (and NAT) and a single
 *	%NFPROBE_FLOW_A_EVENT in %NFPROBE_FLOW_A_EVENTS, without the flow's
 *	counters; and %NFPROBE_A_EVENTS_SUPPRESSED. Sent from process context
 *	within about 100 ms of the packet, at most
 *	%NFPROBE_CONFIG_A_EVENT_RATE per second over all namespaces.
 * @NFPROBE_CMD_TRACE_START: doit. Opens a trace session in the caller's
 *	network namespace: the packets of flows matching %NFPROBE_A_FILTER
 *	(flow-level fields only; a packet matches in either direction) get
 *	skb->nf_trace set as they enter netfilter, so that nf_tables reports
 *	each rule they meet to NFNLGRP_NFTRACE listeners, and nfprobe sends
 *	the caller %NFPROBE_CMD_TRACE_EVENT for each of their hook
 *	traversals. %NFPROBE_A_TRACE gives %NFPROBE_TRACE_A_COUNT (packets to
 *	mark) and %NFPROBE_TRACE_A_TIMEOUT; the session ends at the timeout,
 *	on %NFPROBE_CMD_TRACE_STOP, or when the caller's socket closes.
 *	Reply: %NFPROBE_A_TRACE with %NFPROBE_TRACE_A_ID. At most
 *	%NFPROBE_TRACE_SESSIONS sessions at once (-EBUSY). Requires
 *	CAP_NET_ADMIN in the caller's network namespace.
 * @NFPROBE_CMD_TRACE_STOP: doit. Ends the session %NFPROBE_TRACE_A_ID of
 *	the caller's namespace.
 * @NFPROBE_CMD_TRACE_EVENT: notification, unicast to a trace session's
 *	socket: one hook traversal of a traced packet, as %NFPROBE_CMD_EVENT
 *	plus %NFPROBE_FLOW_A_ID and %NFPROBE_FLOW_A_GEN of the flow entry that
 *	recorded it (absent when the flow is not tracked) and %NFPROBE_A_TRACE
 *	with the session's id. Sent within about 100 ms, not rate-limited.
 * @NFPROBE_CMD_SET_FLOW_RULE: doit. Names the rule that decided a flow's
 *	fate: %NFPROBE_A_FLOW with %NFPROBE_FLOW_A_ID and %NFPROBE_FLOW_A_GEN
 *	(from a trace event), and %NFPROBE_A_RULE. Dumps of that flow entry
 *	then carry it as %NFPROBE_FLOW_A_RULE, until the entry is reused or
 *	reset. The last %NFPROBE_RULE_NOTES rules named are kept. Same
 *	permissions as %NFPROBE_CMD_TRACE_START.
 *
 * Multicast groups (resolved by name):
 *  - %NFPROBE_MCGRP_EVENTS ("events"): %NFPROBE_CMD_EVENT for the packets
 *    of the subscriber's network namespace. Subscribing requires
 *    CAP_NET_ADMIN in that namespace.
 *  - %NFPROBE_MCGRP_EVENTS_ALL ("events-all"): every namespace's events,
 *    for subscribers in the initial network namespace with CAP_NET_ADMIN
 *    in the initial user namespace.
 */
enum nfprobe_cmd {
	NFPROBE_CMD_UNSPEC,
	NFPROBE_CMD_GET_FLOWS,
	NFPROBE_CMD_GET_INFO,
	NFPROBE_CMD_GET_CT_SOURCES,
	NFPROBE_CMD_GET_STATS,
	NFPROBE_CMD_RESET,
	NFPROBE_CMD_GET_CONFIG,
	NFPROBE_CMD_SET_CONFIG,
	NFPROBE_CMD_EVENT,
	NFPROBE_CMD_TRACE_START,
	NFPROBE_CMD_TRACE_STOP,
	NFPROBE_CMD_TRACE_EVENT,
	NFPROBE_CMD_SET_FLOW_RULE,

	__NFPROBE_CMD_MAX,
};
#define NFPROBE_CMD_MAX (__NFPROBE_CMD_MAX - 1)

#define NFPROBE_MCGRP_EVENTS		"events"
#define NFPROBE_MCGRP_EVENTS_ALL	"events-all"

/**
 * enum nfprobe_attr - top-level attributes
 * @NFPROBE_A_PAD: alignment padding for 64-bit attributes
 * @NFPROBE_A_FILTER: nested &enum nfprobe_filter_attr (request)
 * @NFPROBE_A_FLOW: nested &enum nfprobe_flow_attr (reply)
 * @NFPROBE_A_INFO: nested &enum nfprobe_info_attr (reply)
 * @NFPROBE_A_CT_SOURCE: nested &enum nfprobe_ct_source_attr (reply)
 * @NFPROBE_A_COUNTER: nested &enum nfprobe_counter_attr (reply)
 * @NFPROBE_A_RESET: nested &enum nfprobe_reset_attr (reply)
 * @NFPROBE_A_CONFIG: nested &enum nfprobe_config_attr
 * @NFPROBE_A_EVENTS_SUPPRESSED: u64, events not sent to the multicast
 *	groups since the module was loaded, because of the rate limit or
 *	because they came faster than they could be sent
 * @NFPROBE_A_TRACE: nested &enum nfprobe_trace_attr
 * @NFPROBE_A_RULE: nested &enum nfprobe_rule_attr (request)
 */
enum nfprobe_attr {
	NFPROBE_A_UNSPEC,
	NFPROBE_A_PAD,
	NFPROBE_A_FILTER,
	NFPROBE_A_FLOW,
	NFPROBE_A_INFO,
	NFPROBE_A_CT_SOURCE,
	NFPROBE_A_COUNTER,
	NFPROBE_A_RESET,
	NFPROBE_A_CONFIG,
	NFPROBE_A_EVENTS_SUPPRESSED,
	NFPROBE_A_TRACE,
	NFPROBE_A_RULE,

	__NFPROBE_A_MAX,
};
#define NFPROBE_A_MAX (__NFPROBE_A_MAX - 1)

#define NFPROBE_TRACE_SESSIONS		4
#define NFPROBE_TRACE_COUNT_MAX		100000
#define NFPROBE_TRACE_TIMEOUT_MAX	3600000
#define NFPROBE_RULE_NOTES		256
#define NFPROBE_RULE_TEXT_MAX		512
#define NFPROBE_RULE_NAME_MAX		256

/**
 * enum nfprobe_trace_attr - a trace session
 * @NFPROBE_TRACE_A_ID: u32, the session's id (reply, STOP, events)
 * @NFPROBE_TRACE_A_COUNT: u32, packets to mark, 1 to
 *	%NFPROBE_TRACE_COUNT_MAX (default 10)
 * @NFPROBE_TRACE_A_TIMEOUT: u32, milliseconds until the session ends, 1 to
 *	%NFPROBE_TRACE_TIMEOUT_MAX (default 10000)
 */
enum nfprobe_trace_attr {
	NFPROBE_TRACE_A_UNSPEC,
	NFPROBE_TRACE_A_ID,
	NFPROBE_TRACE_A_COUNT,
	NFPROBE_TRACE_A_TIMEOUT,

	__NFPROBE_TRACE_A_MAX,
};
#define NFPROBE_TRACE_A_MAX (__NFPROBE_TRACE_A_MAX - 1)

/**
 * enum nfprobe_rule_attr - the rule that decided a flow's fate
 * @NFPROBE_RULE_A_PAD: alignment padding for 64-bit attributes
 * @NFPROBE_RULE_A_SOURCE: u8, &enum nfprobe_rule_source: how it was found
 * @NFPROBE_RULE_A_TABLE_FAMILY: u8, the table's family (NFPROTO_*: inet,
 *	ipv4, ipv6, ...)
 * @NFPROBE_RULE_A_TABLE: string, the table's name
 * @NFPROBE_RULE_A_CHAIN: string, the chain holding the rule
 * @NFPROBE_RULE_A_HANDLE: u64, the rule's nf_tables handle (0: unknown)
 * @NFPROBE_RULE_A_POSITION: u32, the rule's position in its chain, from 1
 *	(0: the chain's policy)
 * @NFPROBE_RULE_A_TEXT: string, the rule as its tool lists it (nft or
 *	iptables-save), at most %NFPROBE_RULE_TEXT_MAX - 1 bytes
 * @NFPROBE_RULE_A_HOOK: u8, &enum nfprobe_hook where the rule ran
 * @NFPROBE_RULE_A_VERDICT: u8, &enum nfprobe_verdict it gave
 * @NFPROBE_RULE_A_TIME: u64, when it was named, ns since the epoch
 */
enum nfprobe_rule_attr {
	NFPROBE_RULE_A_UNSPEC,
	NFPROBE_RULE_A_PAD,
	NFPROBE_RULE_A_SOURCE,
	NFPROBE_RULE_A_TABLE_FAMILY,
	NFPROBE_RULE_A_TABLE,
	NFPROBE_RULE_A_CHAIN,
	NFPROBE_RULE_A_HANDLE,
	NFPROBE_RULE_A_POSITION,
	NFPROBE_RULE_A_TEXT,
	NFPROBE_RULE_A_HOOK,
	NFPROBE_RULE_A_VERDICT,
	NFPROBE_RULE_A_TIME,

	__NFPROBE_RULE_A_MAX,
};
#define NFPROBE_RULE_A_MAX (__NFPROBE_RULE_A_MAX - 1)

/**
 * enum nfprobe_rule_source - how a rule was named
 * @NFPROBE_RULE_SOURCE_NFT_TRACE: nf_tables trace events (exact)
 * @NFPROBE_RULE_SOURCE_COUNTERS: the only terminal rule of an xtables
 *	(iptables-legacy) table whose counters moved while the packet passed
 */
enum nfprobe_rule_source {
	NFPROBE_RULE_SOURCE_NFT_TRACE,
	NFPROBE_RULE_SOURCE_COUNTERS,

	__NFPROBE_RULE_SOURCE_MAX,
};
#define NFPROBE_RULE_SOURCE_MAX (__NFPROBE_RULE_SOURCE_MAX - 1)

/**
 * enum nfprobe_config_attr - the module's settings, host-wide
 * @NFPROBE_CONFIG_A_ENABLED: u8, 1: the probes record (the default);
 *	0: they return at once, and flows, counters and events stand still
 * @NFPROBE_CONFIG_A_EVENT_RATE: u32, at most this many
 *	%NFPROBE_CMD_EVENT notifications per second (default 1000; 0: none)
 * @NFPROBE_CONFIG_A_TRACK: nested &enum nfprobe_filter_attr, which flows
 *	get a verdict history and events: FAMILY, SRC, DST (with their
 *	prefix lengths), PROTO, SPORT, DPORT, as in a dump (addresses and
 *	ports match before NAT and, once conntrack NATed the flow, after);
 *	the flows of the requester's namespace only, or of every namespace
 *	with ALL_NETNS. An empty nest tracks every flow (the default).
 *	Packet counters (%NFPROBE_CMD_GET_STATS) count every packet anyway.
 * @NFPROBE_CONFIG_A_TRACK_NETNS: u32 (reply only), the namespace the
 *	track filter was limited to; absent when it covers all of them
 */
enum nfprobe_config_attr {
	NFPROBE_CONFIG_A_UNSPEC,
	NFPROBE_CONFIG_A_ENABLED,
	NFPROBE_CONFIG_A_EVENT_RATE,
	NFPROBE_CONFIG_A_TRACK,
	NFPROBE_CONFIG_A_TRACK_NETNS,

	__NFPROBE_CONFIG_A_MAX,
};
#define NFPROBE_CONFIG_A_MAX (__NFPROBE_CONFIG_A_MAX - 1)

#define NFPROBE_EVENT_RATE_MAX	1000000

/**
 * enum nfprobe_reset_attr - what %NFPROBE_CMD_RESET forgot
 * @NFPROBE_RESET_A_PAD: padding
 * @NFPROBE_RESET_A_FLOWS: u64, flow entries (one per CPU that saw a flow)
 * @NFPROBE_RESET_A_SOURCES: u64, per-source conntrack failure entries
 */
enum nfprobe_reset_attr {
	NFPROBE_RESET_A_UNSPEC,
	NFPROBE_RESET_A_PAD,
	NFPROBE_RESET_A_FLOWS,
	NFPROBE_RESET_A_SOURCES,

	__NFPROBE_RESET_A_MAX,
};
#define NFPROBE_RESET_A_MAX (__NFPROBE_RESET_A_MAX - 1)

/**
 * enum nfprobe_counter_attr - one packet counter of %NFPROBE_CMD_GET_STATS
 * @NFPROBE_COUNTER_A_PAD: padding
 * @NFPROBE_COUNTER_A_FAMILY: u8, NFPROTO_IPV4 or NFPROTO_IPV6
 * @NFPROBE_COUNTER_A_HOOK: u8, &enum nfprobe_hook
 * @NFPROBE_COUNTER_A_STAGE: u8, &enum nfprobe_stage
 * @NFPROBE_COUNTER_A_VERDICT: u8, &enum nfprobe_verdict
 * @NFPROBE_COUNTER_A_PACKETS: u64, hook traversals that ended so
 */
enum nfprobe_counter_attr {
	NFPROBE_COUNTER_A_UNSPEC,
	NFPROBE_COUNTER_A_PAD,
	NFPROBE_COUNTER_A_FAMILY,
	NFPROBE_COUNTER_A_HOOK,
	NFPROBE_COUNTER_A_STAGE,
	NFPROBE_COUNTER_A_VERDICT,
	NFPROBE_COUNTER_A_PACKETS,

	__NFPROBE_COUNTER_A_MAX,
};
#define NFPROBE_COUNTER_A_MAX (__NFPROBE_COUNTER_A_MAX - 1)

/**
 * enum nfprobe_filter_attr - selects flows in a dump (all given must match)
 * @NFPROBE_FILTER_A_FAMILY: u8, NFPROTO_IPV4 (2) or NFPROTO_IPV6 (10)
 * @NFPROBE_FILTER_A_SRC: binary, 4 or 16 bytes: the flow's originator
 *	address (the side that sent the first packet seen), before or after
 *	NAT, must be in the prefix SRC/SRC_PLEN
 * @NFPROBE_FILTER_A_SRC_PLEN: u8, prefix length (default: full length);
 *	at most 32 with a 4-byte address, 128 with a 16-byte one
 * @NFPROBE_FILTER_A_DST: binary, 4 or 16 bytes: the responder address,
 *	before or after NAT
 * @NFPROBE_FILTER_A_DST_PLEN: u8, as SRC_PLEN
 * @NFPROBE_FILTER_A_PROTO: u8, IPPROTO_*
 * @NFPROBE_FILTER_A_SPORT: __be16, the originator's port, before or after
 *	NAT (port protocols only)
 * @NFPROBE_FILTER_A_DPORT: __be16, the responder's port, before or after
 *	NAT
 * @NFPROBE_FILTER_A_VERDICTS: u32, a set of 1 << &enum nfprobe_verdict;
 * @NFPROBE_FILTER_A_HOOKS: u32, a set of 1 << &enum nfprobe_hook;
 * @NFPROBE_FILTER_A_STAGES: u32, a set of 1 << &enum nfprobe_stage: with
 *	any of these three, a flow matches when one of its kept events has a
 *	verdict, hook and stage in the given sets (an absent set allows all)
 * @NFPROBE_FILTER_A_SINCE: u64, ns since the epoch: flows seen at or after
 * @NFPROBE_FILTER_A_PAD: padding
 * @NFPROBE_FILTER_A_ALL_NETNS: flag: flows of every network namespace, not
 *	only the caller's; only for callers in the initial network namespace
 *	with CAP_NET_ADMIN in the initial user namespace
 */
enum nfprobe_filter_attr {
	NFPROBE_FILTER_A_UNSPEC,
	NFPROBE_FILTER_A_FAMILY,
	NFPROBE_FILTER_A_SRC,
	NFPROBE_FILTER_A_SRC_PLEN,
	NFPROBE_FILTER_A_DST,
	NFPROBE_FILTER_A_DST_PLEN,
	NFPROBE_FILTER_A_PROTO,
	NFPROBE_FILTER_A_SPORT,
	NFPROBE_FILTER_A_DPORT,
	NFPROBE_FILTER_A_VERDICTS,
	NFPROBE_FILTER_A_HOOKS,
	NFPROBE_FILTER_A_STAGES,
	NFPROBE_FILTER_A_SINCE,
	NFPROBE_FILTER_A_PAD,
	NFPROBE_FILTER_A_ALL_NETNS,

	__NFPROBE_FILTER_A_MAX,
};
#define NFPROBE_FILTER_A_MAX (__NFPROBE_FILTER_A_MAX - 1)

/**
 * enum nfprobe_flow_attr - one flow entry of one CPU's table
 * @NFPROBE_FLOW_A_PAD: padding
 * @NFPROBE_FLOW_A_ID: u64, stable id of the table slot (cpu << 32 | slot)
 * @NFPROBE_FLOW_A_CPU: u32, CPU whose table holds this entry
 * @NFPROBE_FLOW_A_NETNS: u32, inode number of the flow's network namespace
 *	(as shown by `ls -l /proc/PID/ns/net` and `lsns -t net`)
 * @NFPROBE_FLOW_A_FAMILY: u8, NFPROTO_IPV4 or NFPROTO_IPV6
 * @NFPROBE_FLOW_A_PROTO: u8, IPPROTO_*
 * @NFPROBE_FLOW_A_SRC: binary 4/16, originator address
 * @NFPROBE_FLOW_A_DST: binary 4/16, responder address
 * @NFPROBE_FLOW_A_SPORT: __be16, originator port (TCP/UDP/SCTP/UDPLITE/DCCP)
 * @NFPROBE_FLOW_A_DPORT: __be16, responder port
 * @NFPROBE_FLOW_A_ICMP_ID: __be16, ICMP/ICMPv6 echo identifier
 * @NFPROBE_FLOW_A_ICMP_TYPE: u8, ICMP type of the originator's packets
 * @NFPROBE_FLOW_A_ICMP_CODE: u8, ICMP code of the originator's packets
 * @NFPROBE_FLOW_A_FIRST_SEEN: u64, time of the first event
 * @NFPROBE_FLOW_A_LAST_SEEN: u64, time of the last event
 * @NFPROBE_FLOW_A_PACKETS: u64, packets whose fate is known: each packet
 *	that left netfilter accepted (INPUT, POSTROUTING) or was dropped
 * @NFPROBE_FLOW_A_ACCEPTED: u64, of those, accepted
 * @NFPROBE_FLOW_A_DROPPED: u64, of those, dropped silently
 * @NFPROBE_FLOW_A_REJECTED: u64, of those, rejected (an RST or ICMP error
 *	was seen leaving in answer)
 * @NFPROBE_FLOW_A_EVENTS_TOTAL: u64, events ever recorded for this entry;
 *	more than the number of %NFPROBE_FLOW_A_EVENT means older events were
 *	overwritten by newer ones
 * @NFPROBE_FLOW_A_EVENTS: nested list of %NFPROBE_FLOW_A_EVENT, each a
 *	nested &enum nfprobe_event_attr, oldest first
 * @NFPROBE_FLOW_A_EVENT: see %NFPROBE_FLOW_A_EVENTS
 * @NFPROBE_FLOW_A_NAT_SRC: binary 4/16, the originator's address after
 *	NAT (as the responder sees it); present when conntrack NATs the flow
 * @NFPROBE_FLOW_A_NAT_DST: binary 4/16, the responder's address after NAT
 *	(where the flow is really delivered)
 * @NFPROBE_FLOW_A_NAT_SPORT: __be16, originator port after NAT
 * @NFPROBE_FLOW_A_NAT_DPORT: __be16, responder port after NAT
 * @NFPROBE_FLOW_A_CT_ALLOC_FAILED: u64, packets dropped because conntrack
 *	could not allocate an entry for them (table full)
 * @NFPROBE_FLOW_A_CT_INSERT_FAILED: u64, packets dropped because
 *	conntrack could not insert (confirm) their entry
 * @NFPROBE_FLOW_A_STOLEN: u64, hook traversals that ended stolen or
 *	queued (%NFPROBE_VERDICT_STOLEN); not counted in PACKETS
 * @NFPROBE_FLOW_A_GEN: u32, the generation of the entry %NFPROBE_FLOW_A_ID
 *	names: it changes whenever the entry starts holding another flow
 * @NFPROBE_FLOW_A_RULE: nested &enum nfprobe_rule_attr, the rule named for
 *	this entry by %NFPROBE_CMD_SET_FLOW_RULE, if any
 *
 * DROPPED, REJECTED, STOLEN, CT_ALLOC_FAILED and CT_INSERT_FAILED are
 * left out when zero (most flows): an absent counter is 0.
 */
enum nfprobe_flow_attr {
	NFPROBE_FLOW_A_UNSPEC,
	NFPROBE_FLOW_A_PAD,
	NFPROBE_FLOW_A_ID,
	NFPROBE_FLOW_A_CPU,
	NFPROBE_FLOW_A_NETNS,
	NFPROBE_FLOW_A_FAMILY,
	NFPROBE_FLOW_A_PROTO,
	NFPROBE_FLOW_A_SRC,
	NFPROBE_FLOW_A_DST,
	NFPROBE_FLOW_A_SPORT,
	NFPROBE_FLOW_A_DPORT,
	NFPROBE_FLOW_A_ICMP_ID,
	NFPROBE_FLOW_A_ICMP_TYPE,
	NFPROBE_FLOW_A_ICMP_CODE,
	NFPROBE_FLOW_A_FIRST_SEEN,
	NFPROBE_FLOW_A_LAST_SEEN,
	NFPROBE_FLOW_A_PACKETS,
	NFPROBE_FLOW_A_ACCEPTED,
	NFPROBE_FLOW_A_DROPPED,
	NFPROBE_FLOW_A_REJECTED,
	NFPROBE_FLOW_A_EVENTS_TOTAL,
	NFPROBE_FLOW_A_EVENTS,
	NFPROBE_FLOW_A_EVENT,
	NFPROBE_FLOW_A_NAT_SRC,
	NFPROBE_FLOW_A_NAT_DST,
	NFPROBE_FLOW_A_NAT_SPORT,
	NFPROBE_FLOW_A_NAT_DPORT,
	NFPROBE_FLOW_A_CT_ALLOC_FAILED,
	NFPROBE_FLOW_A_CT_INSERT_FAILED,
	NFPROBE_FLOW_A_STOLEN,
	NFPROBE_FLOW_A_GEN,
	NFPROBE_FLOW_A_RULE,

	__NFPROBE_FLOW_A_MAX,
};
#define NFPROBE_FLOW_A_MAX (__NFPROBE_FLOW_A_MAX - 1)

/**
 * enum nfprobe_event_attr - one hook traversal of one packet of a flow
 * @NFPROBE_EVENT_A_PAD: padding
 * @NFPROBE_EVENT_A_TIME: u64, when the verdict was reached (a REJECT's
 *	time is when the packet entered the hook, so it sorts before the
 *	RST/ICMP error it caused)
 * @NFPROBE_EVENT_A_HOOK: u8, &enum nfprobe_hook
 * @NFPROBE_EVENT_A_STAGE: u8, &enum nfprobe_stage where the verdict was
 *	reached (for ACCEPT: the last stage of the hook)
 * @NFPROBE_EVENT_A_VERDICT: u8, &enum nfprobe_verdict
 * @NFPROBE_EVENT_A_REJECT: u8, &enum nfprobe_reject (REJECT only)
 * @NFPROBE_EVENT_A_CT_STATE: u8, &enum nfprobe_ct_state
 * @NFPROBE_EVENT_A_DIR: u8, &enum nfprobe_dir
 * @NFPROBE_EVENT_A_IIF: u32, input interface index (0: none)
 * @NFPROBE_EVENT_A_OIF: u32, output interface index (0: none)
 * @NFPROBE_EVENT_A_LEN: u32, length of the packet (network header on)
 * @NFPROBE_EVENT_A_TCP_FLAGS: u8, TCP flags byte (FIN 0x01 .. CWR 0x80)
 * @NFPROBE_EVENT_A_CT_FAIL: u8, &enum nfprobe_ct_fail: a DROP caused by
 *	conntrack failing to allocate or insert the packet's entry
 */
enum nfprobe_event_attr {
	NFPROBE_EVENT_A_UNSPEC,
	NFPROBE_EVENT_A_PAD,
	NFPROBE_EVENT_A_TIME,
	NFPROBE_EVENT_A_HOOK,
	NFPROBE_EVENT_A_STAGE,
	NFPROBE_EVENT_A_VERDICT,
	NFPROBE_EVENT_A_REJECT,
	NFPROBE_EVENT_A_CT_STATE,
	NFPROBE_EVENT_A_DIR,
	NFPROBE_EVENT_A_IIF,
	NFPROBE_EVENT_A_OIF,
	NFPROBE_EVENT_A_LEN,
	NFPROBE_EVENT_A_TCP_FLAGS,
	NFPROBE_EVENT_A_CT_FAIL,

	__NFPROBE_EVENT_A_MAX,
};
#define NFPROBE_EVENT_A_MAX (__NFPROBE_EVENT_A_MAX - 1)

/**
 * enum nfprobe_info_attr - module-wide information
 * @NFPROBE_INFO_A_PAD: padding
 * @NFPROBE_INFO_A_VERSION: string, module version
 * @NFPROBE_INFO_A_FLOWS_PER_CPU: u32, flow table entries per CPU
 * @NFPROBE_INFO_A_EVENTS_PER_FLOW: u32, events kept per flow entry
 * @NFPROBE_INFO_A_CPUS: u32, number of per-CPU tables
 * @NFPROBE_INFO_A_FLOWS_IN_USE: u64, occupied entries, all CPUs
 * @NFPROBE_INFO_A_EVICTIONS: u64, entries recycled to make room
 * @NFPROBE_INFO_A_EVENTS: u64, events recorded
 * @NFPROBE_INFO_A_INFLIGHT_LOST: u64, hook traversals whose tracking was
 *	lost because too many packets were in flight on one CPU at once
 * @NFPROBE_INFO_A_EVENTS_SENT: u64, %NFPROBE_CMD_EVENT notifications sent
 * @NFPROBE_INFO_A_EVENTS_SUPPRESSED: u64, as %NFPROBE_A_EVENTS_SUPPRESSED
 * @NFPROBE_INFO_A_FEATURES: u32, the &enum nfprobe_feature bits the
 *	running kernel gives the module (1 << feature); a missing one
 *	leaves nfprobe working, as that feature's description says
 * @NFPROBE_INFO_A_PROBES: u32, netfilter hook functions the module has
 *	registered, all namespaces: the first and last of every hook, and one
 *	at the start of each stage that another stage's hook functions in the
 *	same hook precede
 */
enum nfprobe_info_attr {
	NFPROBE_INFO_A_UNSPEC,
	NFPROBE_INFO_A_PAD,
	NFPROBE_INFO_A_VERSION,
	NFPROBE_INFO_A_FLOWS_PER_CPU,
	NFPROBE_INFO_A_EVENTS_PER_FLOW,
	NFPROBE_INFO_A_CPUS,
	NFPROBE_INFO_A_FLOWS_IN_USE,
	NFPROBE_INFO_A_EVICTIONS,
	NFPROBE_INFO_A_EVENTS,
	NFPROBE_INFO_A_INFLIGHT_LOST,
	NFPROBE_INFO_A_EVENTS_SENT,
	NFPROBE_INFO_A_EVENTS_SUPPRESSED,
	NFPROBE_INFO_A_FEATURES,
	NFPROBE_INFO_A_PROBES,

	__NFPROBE_INFO_A_MAX,
};
#define NFPROBE_INFO_A_MAX (__NFPROBE_INFO_A_MAX - 1)

/**
 * enum nfprobe_feature - what the running kernel lets the module do, as
 *	bits of %NFPROBE_INFO_A_FEATURES
 * @NFPROBE_FEATURE_DROP_REASON: the kernel names the packets netfilter
 *	drops (5.18); without it, a packet freed for any reason while inside
 *	a hook is recorded as dropped there
 * @NFPROBE_FEATURE_NETNS_COOKIE: namespaces have cookies from birth
 *	(5.12); without them, a namespace's address stands in, and a watch
 *	event still queued for a namespace that died may reach one born at
 *	its address
 * @NFPROBE_FEATURE_NF_TRACE: packets can be marked for netfilter's
 *	tracing (skb->nf_trace): %NFPROBE_CMD_TRACE_START works
 */
enum nfprobe_feature {
	NFPROBE_FEATURE_DROP_REASON,
	NFPROBE_FEATURE_NETNS_COOKIE,
	NFPROBE_FEATURE_NF_TRACE,

	__NFPROBE_FEATURE_MAX,
};
#define NFPROBE_FEATURE_MAX (__NFPROBE_FEATURE_MAX - 1)

/**
 * enum nfprobe_hook - netfilter hook (same order as NF_INET_*)
 */
enum nfprobe_hook {
	NFPROBE_HOOK_PREROUTING,
	NFPROBE_HOOK_INPUT,
	NFPROBE_HOOK_FORWARD,
	NFPROBE_HOOK_OUTPUT,
	NFPROBE_HOOK_POSTROUTING,

	__NFPROBE_HOOK_MAX,
};
#define NFPROBE_HOOK_MAX (__NFPROBE_HOOK_MAX - 1)

/**
 * enum nfprobe_stage - range of hook priorities between two nfprobe probes,
 * named after the standard priority (NF_IP_PRI_* / NF_IP6_PRI_*) it holds.
 * A chain of any priority falls into exactly one stage:
 * @NFPROBE_STAGE_UNKNOWN: before nfprobe's first probe of the hook
 * @NFPROBE_STAGE_DEFRAG: [INT_MIN, -350): raw-before-defrag, defrag
 * @NFPROBE_STAGE_RAW: [-350, -250): raw table
 * @NFPROBE_STAGE_CONNTRACK: [-250, -175): selinux-first, conntrack
 * @NFPROBE_STAGE_MANGLE: [-175, -125): mangle table
 * @NFPROBE_STAGE_NAT_DST: [-125, -50): DNAT
 * @NFPROBE_STAGE_FILTER: [-50, 25): filter table
 * @NFPROBE_STAGE_SECURITY: [25, 75): security table
 * @NFPROBE_STAGE_NAT_SRC: [75, 200): SNAT
 * @NFPROBE_STAGE_HELPER: [200, INT_MAX - 1): selinux-last, ct helpers
 * @NFPROBE_STAGE_CONFIRM: [INT_MAX - 1, INT_MAX]: conntrack confirm
 */
enum nfprobe_stage {
	NFPROBE_STAGE_UNKNOWN,
	NFPROBE_STAGE_DEFRAG,
	NFPROBE_STAGE_RAW,
	NFPROBE_STAGE_CONNTRACK,
	NFPROBE_STAGE_MANGLE,
	NFPROBE_STAGE_NAT_DST,
	NFPROBE_STAGE_FILTER,
	NFPROBE_STAGE_SECURITY,
	NFPROBE_STAGE_NAT_SRC,
	NFPROBE_STAGE_HELPER,
	NFPROBE_STAGE_CONFIRM,

	__NFPROBE_STAGE_MAX,
};
#define NFPROBE_STAGE_MAX (__NFPROBE_STAGE_MAX - 1)

/**
 * enum nfprobe_verdict - what happened to the packet in the hook
 * @NFPROBE_VERDICT_ACCEPT: passed every stage of the hook
 * @NFPROBE_VERDICT_DROP: dropped, nothing sent back
 * @NFPROBE_VERDICT_REJECT: dropped, and an RST or ICMP error was sent in
 *	answer (see &enum nfprobe_reject)
 * @NFPROBE_VERDICT_STOLEN: left netfilter inside the hook without being
 *	accepted or dropped: stolen (defragmentation holds fragments until
 *	the packet is whole, SYNPROXY) or queued to userspace (NFQUEUE). Not
 *	a fate: a queued packet may come back, a fragment goes on as part of
 *	the reassembled packet. Recorded when nfprobe reuses the packet's
 *	tracking slot, so it may appear some packets later.
 */
enum nfprobe_verdict {
	NFPROBE_VERDICT_ACCEPT,
	NFPROBE_VERDICT_DROP,
	NFPROBE_VERDICT_REJECT,
	NFPROBE_VERDICT_STOLEN,

	__NFPROBE_VERDICT_MAX,
};
#define NFPROBE_VERDICT_MAX (__NFPROBE_VERDICT_MAX - 1)

/**
 * enum nfprobe_reject - what a REJECT sent back; ICMP codes are named as
 * iptables' and ip6tables' --reject-with names them
 */
enum nfprobe_reject {
	NFPROBE_REJECT_NONE,
	NFPROBE_REJECT_TCP_RESET,
	NFPROBE_REJECT_ICMP_NET_UNREACHABLE,
	NFPROBE_REJECT_ICMP_HOST_UNREACHABLE,
	NFPROBE_REJECT_ICMP_PROT_UNREACHABLE,
	NFPROBE_REJECT_ICMP_PORT_UNREACHABLE,
	NFPROBE_REJECT_ICMP_NET_PROHIBITED,
	NFPROBE_REJECT_ICMP_HOST_PROHIBITED,
	NFPROBE_REJECT_ICMP_ADMIN_PROHIBITED,
	NFPROBE_REJECT_ICMP_OTHER,
	NFPROBE_REJECT_ICMP6_NO_ROUTE,
	NFPROBE_REJECT_ICMP6_ADM_PROHIBITED,
	NFPROBE_REJECT_ICMP6_ADDR_UNREACHABLE,
	NFPROBE_REJECT_ICMP6_PORT_UNREACHABLE,
	NFPROBE_REJECT_ICMP6_POLICY_FAIL,
	NFPROBE_REJECT_ICMP6_REJECT_ROUTE,
	NFPROBE_REJECT_ICMP6_OTHER,

	__NFPROBE_REJECT_MAX,
};
#define NFPROBE_REJECT_MAX (__NFPROBE_REJECT_MAX - 1)

/**
 * enum nfprobe_ct_state - conntrack state of the packet when the verdict
 * was reached
 * @NFPROBE_CT_NONE: no conntrack entry attached (conntrack not in use in
 *	the namespace, or the verdict came before the conntrack stage)
 * @NFPROBE_CT_INVALID: conntrack is in use in the namespace and the
 *	packet passed the conntrack stage without an entry: conntrack found
 *	it invalid (out of window, stray, malformed)
 */
enum nfprobe_ct_state {
	NFPROBE_CT_NONE,
	NFPROBE_CT_NEW,
	NFPROBE_CT_ESTABLISHED,
	NFPROBE_CT_RELATED,
	NFPROBE_CT_INVALID,
	NFPROBE_CT_UNTRACKED,

	__NFPROBE_CT_MAX,
};
#define NFPROBE_CT_MAX (__NFPROBE_CT_MAX - 1)

/**
 * enum nfprobe_ct_source_attr - conntrack failures of one source address
 * in one CPU's table
 * @NFPROBE_CT_SOURCE_A_PAD: padding
 * @NFPROBE_CT_SOURCE_A_CPU: u32
 * @NFPROBE_CT_SOURCE_A_NETNS: u32, network namespace inode number
 * @NFPROBE_CT_SOURCE_A_FAMILY: u8, NFPROTO_IPV4 or NFPROTO_IPV6
 * @NFPROBE_CT_SOURCE_A_ADDR: binary 4/16, the source (originator) address
 * @NFPROBE_CT_SOURCE_A_ALLOC_FAILED: u64, packets dropped for want of a
 *	conntrack entry ("nf_conntrack: table full, dropping packet")
 * @NFPROBE_CT_SOURCE_A_INSERT_FAILED: u64, packets dropped when their
 *	conntrack entry could not be inserted
 * @NFPROBE_CT_SOURCE_A_LAST_SEEN: u64, time of the last failure
 */
enum nfprobe_ct_source_attr {
	NFPROBE_CT_SOURCE_A_UNSPEC,
	NFPROBE_CT_SOURCE_A_PAD,
	NFPROBE_CT_SOURCE_A_CPU,
	NFPROBE_CT_SOURCE_A_NETNS,
	NFPROBE_CT_SOURCE_A_FAMILY,
	NFPROBE_CT_SOURCE_A_ADDR,
	NFPROBE_CT_SOURCE_A_ALLOC_FAILED,
	NFPROBE_CT_SOURCE_A_INSERT_FAILED,
	NFPROBE_CT_SOURCE_A_LAST_SEEN,

	__NFPROBE_CT_SOURCE_A_MAX,
};
#define NFPROBE_CT_SOURCE_A_MAX (__NFPROBE_CT_SOURCE_A_MAX - 1)

/**
 * enum nfprobe_ct_fail - why conntrack dropped a packet
 * @NFPROBE_CT_FAIL_NONE: it did not
 * @NFPROBE_CT_FAIL_ALLOC: no entry could be allocated (table full)
 * @NFPROBE_CT_FAIL_INSERT: the entry could not be inserted at confirm
 */
enum nfprobe_ct_fail {
	NFPROBE_CT_FAIL_NONE,
	NFPROBE_CT_FAIL_ALLOC,
	NFPROBE_CT_FAIL_INSERT,

	__NFPROBE_CT_FAIL_MAX,
};
#define NFPROBE_CT_FAIL_MAX (__NFPROBE_CT_FAIL_MAX - 1)

/**
 * enum nfprobe_dir - direction of the packet relative to its flow
 * @NFPROBE_DIR_ORIGINAL: from the originator (SRC) to the responder (DST)
 * @NFPROBE_DIR_REPLY: from the responder back to the originator
 */
enum nfprobe_dir {
	NFPROBE_DIR_ORIGINAL,
	NFPROBE_DIR_REPLY,
};

#endif /* _UAPI_LINUX_NFPROBE_H */
