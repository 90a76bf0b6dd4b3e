/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFP_FLOWTABLE_H
#define _NFP_FLOWTABLE_H

#include "nfprobe.h"

/* Entries per bucket of a flow table (see flowtable.c). */
#define NFP_WAYS 4

/* What the probes know about a verdict; the packet supplies the rest. */
struct nfp_record {
	u64	tstamp;
	u64	net_cookie;
	u32	netns;
	u32	iif;
	u32	oif;
	u8	family;
	u8	hook;
	u8	stage;
	u8	verdict;
	u8	reject;
	/* The trace session the packet belongs to (0: none). */
	u32	trace_id;
	/* Conntrack is in use in the packet's namespace and family. */
	bool	ct_active;
};

/* Where nfp_flow_record() put an event, to amend it later. */
struct nfp_flow_ref {
	u64	tstamp;
	u32	cpu;
	u32	slot;
	u32	gen;
	u16	event;
	bool	valid;
};

/*
 * Records one event in this CPU's table, and where in @ref. @hint, if not
 * NULL, is where an earlier event of the same flow may be (checked before
 * use; @ref itself may be passed). The caller has bottom halves disabled,
 * which makes it the only writer of this CPU's table.
 */
void nfp_flow_record(const struct sk_buff *skb, const struct nfp_record *rec,
		     struct nfp_flow_ref *ref, const struct nfp_flow_ref *hint);
struct nfp_pkt;
/* nfp_flow_record() with @skb's headers already read, into @pkt. */
void nfp_flow_record_parsed(const struct sk_buff *skb,
			    const struct nfp_pkt *pkt,
			    const struct nfp_record *rec,
			    struct nfp_flow_ref *ref,
			    const struct nfp_flow_ref *hint);
/*
 * Records an event for a packet that is no longer there, from the headers
 * read when it entered the hook (its conntrack entry is unknown).
 */
void nfp_flow_record_gone(const struct nfp_pkt *pkt,
			  const struct nfp_record *rec);
/* Turns the ACCEPT at @ref into a DROP in the confirm stage. BH disabled. */
void nfp_flow_amend_confirm(const struct nfp_flow_ref *ref, u64 net_cookie);
/* Counts a hook traversal whose in-flight tracking was lost. BH disabled. */
void nfp_inflight_lost(void);

#endif /* _NFP_FLOWTABLE_H */
