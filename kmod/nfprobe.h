/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfprobe internals shared between the probes, the flow tables and the
 * netlink family.
 */
#ifndef _NFP_NFPROBE_H
#define _NFP_NFPROBE_H

#include <linux/in6.h>
#include <linux/jump_label.h>
#include <linux/netfilter.h>
#include <linux/seqlock.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/nfprobe.h>

#define NFP_VERSION "0.1.0"

/*
 * Distribution kernels zero every automatic variable on entry
 * (CONFIG_INIT_STACK_ALL_ZERO), a `rep stos` or a row of stores each time.
 * On the packet path, the buffers skb_header_pointer() may copy into and
 * the locals a callee writes in full before they are read opt out: their
 * zeroing was a good part of what a passing probe cost. GCC 12 and clang
 * 16 know the attribute.
 */
#if __has_attribute(__uninitialized__)
#define __nfp_noinit	__attribute__((__uninitialized__))
#else
#define __nfp_noinit
#endif

struct netlink_ext_ack;
struct nfp_flow_ref;
struct nfp_pkt;

/*
 * Probe points per hook. Probe k sits strictly between two standard
 * priorities; a verdict reached after probe k and before probe k + 1 is
 * attributed to nfp_probe_stage[k]. Only the points a hook needs are
 * registered (place.c): a verdict after probe k goes to the first stage
 * from k on that holds a hook function (nfp_stage_after()).
 */
#define NFP_PROBES_PER_HOOK	10
#define NFP_PROBE_FIRST		0
#define NFP_PROBE_LAST		(NFP_PROBES_PER_HOOK - 1)

extern const int nfp_probe_priority[NFP_PROBES_PER_HOOK];
extern const u8 nfp_probe_stage[NFP_PROBES_PER_HOOK];
unsigned int nfp_point_of_priority(int priority);
u16 nfp_points_needed(u16 stages);
u8 nfp_stage_after(u16 stages, unsigned int point);

union nfp_addr {
	__be32		ip;
	__be32		all[4];
	struct in6_addr	in6;
};

/*
 * Identity of a flow, oriented so that a connection and its replies are
 * one flow: src is the originator. For ICMP, sport holds the echo id and
 * dport the type and code of the originator's packets. Compared and hashed
 * as raw memory, so always built from a zeroed struct.
 */
struct nfp_flow_key {
	union nfp_addr	src;
	union nfp_addr	dst;
	__be16		sport;
	__be16		dport;
	u32		netns;
	u8		family;
	u8		proto;
	u8		pad[2];
};

/* One hook traversal of one packet (see enum nfprobe_event_attr). */
struct nfp_event {
	u64	tstamp;
	u32	len;
	u32	iif;
	u32	oif;
	u8	hook;
	u8	stage;
	u8	verdict;
	u8	reject;
	u8	ct_state;
	u8	dir;
	u8	tcp_flags;
	u8	ct_fail;
};

/* The flow after NAT: the reply tuple, turned around. */
struct nfp_nat {
	union nfp_addr	src;
	union nfp_addr	dst;
	__be16		sport;
	__be16		dport;
};

/*
 * An entry of a per-CPU flow table. Only the owning CPU writes it, with
 * bottom halves disabled, inside a write section of @seq; readers on any
 * CPU copy the whole entry and retry on a concurrent write.
 */
struct nfp_flow {
	seqcount_t		seq;
	u32			hash;
	struct nfp_flow_key	key;
	/* Bumped whenever the slot starts holding another flow; never 0. */
	u32			gen;
	/*
	 * Written by any CPU (nfp_flow_forget()), outside @seq: equal to
	 * @gen, the flow was reset and is gone for readers and writer.
	 */
	u32			reset_gen;
	u16			in_use;
	u16			ev_next;
	u8			has_nat;
	struct nfp_nat		nat;
	u32			ct_alloc_failed;
	u32			ct_insert_failed;
	u64			first_seen;
	u64			last_seen;
	u64			packets;
	u64			accepted;
	u64			dropped;
	u64			rejected;
	u64			stolen;
	u64			events_total;
	struct nfp_event	events[];
};

/*
 * Filter of a flows dump; an unset field (len == 0, family == 0, ...)
 * matches everything.
 */
struct nfp_prefix {
	union nfp_addr	addr;
	u8		family;
	u8		len;
};

struct nfp_filter {
	/* 0: every namespace */
	u32			netns;
	u8			family;
	u8			proto;
	bool			has_proto;
	bool			has_src;
	bool			has_dst;
	bool			has_sport;
	bool			has_dport;
	__be16			sport;
	__be16			dport;
	/* Sets of 1 << verdict, hook, stage; 0 allows all. */
	u32			verdicts;
	u32			hooks;
	u32			stages;
	u64			since;
	struct nfp_prefix	src;
	struct nfp_prefix	dst;
};

/* Module parameters, fixed after load. */
extern unsigned int nfp_flows_per_cpu;
extern unsigned int nfp_events_per_flow;

/* flowtable.c */
struct nfp_stats {
	u64 flows_in_use;
	u64 evictions;
	u64 events;
	u64 inflight_lost;
	u64 amend_lost;
};

/*
 * Packet counters by family (0: IPv4, 1: IPv6), hook, stage and verdict;
 * nfp_counter_index() numbers them from 0 to NFP_COUNTERS - 1.
 */
#define NFP_COUNTERS	(2 * __NFPROBE_HOOK_MAX * __NFPROBE_STAGE_MAX * \
			 __NFPROBE_VERDICT_MAX)

static inline unsigned int nfp_counter_index(u8 family, u8 hook, u8 stage,
					     u8 verdict)
{
	return (((family == NFPROTO_IPV6) * __NFPROBE_HOOK_MAX + hook) *
		__NFPROBE_STAGE_MAX + stage) * __NFPROBE_VERDICT_MAX + verdict;
}

/* The sum over CPUs of counter @index. */
u64 nfp_counter_read(unsigned int index);

int nfp_tables_init(void);
void nfp_tables_exit(void);
size_t nfp_flow_size(void);
size_t nfp_tables_bytes_per_cpu(void);
struct nfp_flow *nfp_flow_slot(unsigned int cpu, unsigned int slot);
bool nfp_flow_read(const struct nfp_flow *flow, struct nfp_flow *copy);
bool nfp_filter_match(const struct nfp_filter *filter,
		      const struct nfp_flow *flow);
/* The key-level part of a filter; @nat NULL: the flow is not NATed. */
bool nfp_filter_match_key(const struct nfp_filter *filter,
			  const struct nfp_flow_key *key,
			  const struct nfp_nat *nat);
bool nfp_prefix_match(const struct nfp_prefix *p, u8 family,
		      const union nfp_addr *addr);

/* Conntrack failures of one source address, in one CPU's table. */
struct nfp_ct_source {
	seqcount_t	seq;
	/* As in struct nfp_flow. */
	u32		gen;
	u32		reset_gen;
	u32		netns;
	u8		family;
	u8		in_use;
	union nfp_addr	addr;
	u64		alloc_failed;
	u64		insert_failed;
	u64		last_seen;
};

#define NFP_CT_SOURCES_PER_CPU	512

struct nfp_ct_source *nfp_ct_source_slot(unsigned int cpu, unsigned int slot);
bool nfp_ct_source_read(const struct nfp_ct_source *src,
			struct nfp_ct_source *copy);
void nfp_stats_read(struct nfp_stats *stats);
/*
 * Reset: makes the entry at @slot (its copy's @gen) gone for readers; its
 * CPU reuses it as a free entry. Any CPU, any context: a lost race with
 * the entry's reuse only leaves the new flow alone.
 */
void nfp_flow_forget(struct nfp_flow *slot, u32 gen);
void nfp_ct_source_forget(struct nfp_ct_source *slot, u32 gen);
void nfp_tables_forget_netns(const u32 *inums, unsigned int n);

/* config.c */
#define NFP_EVENT_RATE_DEFAULT	1000

DECLARE_STATIC_KEY_TRUE(nfp_enabled_key);
DECLARE_STATIC_KEY_FALSE(nfp_track_key);
extern unsigned int nfp_event_rate;

struct nfp_config {
	bool			enabled;
	bool			has_track;
	u32			event_rate;
	struct nfp_filter	track;
};

struct nfp_config_change {
	bool			set_enabled;
	bool			set_event_rate;
	bool			set_track;
	bool			enabled;
	bool			has_track;
	u32			event_rate;
	struct nfp_filter	track;
};

/* Whether the flow is to be tracked; under rcu_read_lock(). */
bool nfp_track_match(const struct nfp_flow_key *key, const struct nfp_nat *nat);
void nfp_config_read(struct nfp_config *config);
/* Process context. 0 or -ENOMEM (then nothing changed). */
int nfp_config_write(const struct nfp_config_change *change);
void nfp_config_exit(void);

/* watch.c: the event stream behind the multicast groups. */
struct nfp_watch_stats {
	u64 sent;
	u64 suppressed;
};

int nfp_watch_init(void);
/* Stops sending; after it, the family may go. */
void nfp_watch_stop(void);
/* After the probes are gone. */
void nfp_watch_exit(void);
/*
 * Queues a dropped, rejected or conntrack-failed packet's event for the
 * multicast groups. Owning CPU, bottom halves disabled; no lock.
 */
void nfp_watch_push(u64 net_cookie, const struct nfp_flow_key *key,
		    const struct nfp_nat *nat, const struct nfp_event *ev);
/* As nfp_watch_push(), for trace session @trace_id, never rate-limited. */
void nfp_watch_push_trace(u32 trace_id, const struct nfp_flow_key *key,
			  const struct nfp_nat *nat, const struct nfp_event *ev,
			  const struct nfp_flow_ref *ref);
void nfp_watch_stats_read(struct nfp_watch_stats *stats);

/* trace.c: trace sessions and the rules they named. */
DECLARE_STATIC_KEY_FALSE(nfp_trace_key);


/*
 * Packet path, as a hook traversal starts, under RCU: the id of the trace
 * session @skb belongs to (0: none). A packet a session takes gets
 * skb->nf_trace and counts against the session's packets.
 */
u32 nfp_trace_packet(struct sk_buff *skb, const struct nfp_pkt *pkt,
		     const struct net *net);
/* Sends a traced packet's event to session @id, if still open. Process context. */
void nfp_trace_send(u32 id, const struct nfp_flow_key *key,
		    const struct nfp_nat *nat, const struct nfp_event *ev,
		    const struct nfp_flow_ref *ref);
int nfp_trace_start(struct net *net, u32 portid, const struct nfp_filter *f,
		    u32 count, u32 timeout_ms, u32 *id,
		    struct netlink_ext_ack *extack);
/* Ends session @id of @net; -ENOENT if there is none. */
int nfp_trace_stop(struct net *net, u32 id);

struct nfp_rule_note {
	struct hlist_node	node;
	struct list_head	lru;
	/* The flow entry (cpu << 32 | slot) and its generation. */
	u64			flow_id;
	u32			gen;
	u32			position;
	u64			handle;
	u64			tstamp;
	u8			source;
	u8			table_family;
	u8			hook;
	u8			verdict;
	char			table[NFPROBE_RULE_NAME_MAX];
	char			chain[NFPROBE_RULE_NAME_MAX];
	char			text[NFPROBE_RULE_TEXT_MAX];
};

int nfp_rule_note_set(const struct nfp_rule_note *note);
/* Whether any note exists: most dumps need not look. */
bool nfp_rule_notes_any(void);
void nfp_rule_notes_lock(void);
void nfp_rule_notes_unlock(void);
/* The note of entry @flow_id at generation @gen, or NULL; under the lock. */
const struct nfp_rule_note *nfp_rule_note_find(u64 flow_id, u32 gen);
int nfp_trace_init(void);
void nfp_trace_exit(void);

/* probe.c */
int nfp_probes_init(void);
void nfp_probes_exit(void);
unsigned int nfp_probes_registered(void);

/* netlink.c */
int nfp_genl_init(void);
void nfp_genl_exit(void);
/*
 * Sends one event to the listeners of @net's events group and of the
 * initial namespace's events-all group. Process context, under
 * rcu_read_lock() (which keeps @net alive). Returns false when nobody
 * listens (nothing was sent), true when the event was sent or lost
 * trying.
 */
bool nfp_genl_has_event_listeners(struct net *net);
void nfp_genl_send_event(struct net *net, const struct nfp_flow_key *key,
			 const struct nfp_nat *nat,
			 const struct nfp_event *ev, u64 suppressed);
/* Unicasts a trace session's event to @portid in @net. Process context. */
void nfp_genl_send_trace(struct net *net, u32 portid, u32 id,
			 const struct nfp_flow_key *key,
			 const struct nfp_nat *nat, const struct nfp_event *ev,
			 const struct nfp_flow_ref *ref);

#endif /* _NFP_NFPROBE_H */
