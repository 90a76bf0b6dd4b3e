/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_STATS_H
#define NFP_CTL_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ct.h"

/* One packet counter of NFPROBE_CMD_GET_STATS. */
struct nfp_counter {
	uint8_t		family;
	uint8_t		hook;
	uint8_t		stage;
	uint8_t		verdict;
	uint64_t	packets;
};

/* What nfprobe stats reports. */
struct nfp_stats_report {
	struct nfp_counter	*counters;
	size_t			n;
	size_t			cap;
	uint64_t		flows_in_use;
	uint64_t		evictions;
	uint64_t		events;
	uint64_t		inflight_lost;
	/* This namespace's conntrack, when in use. */
	bool			has_ct;
	uint64_t		ct_count;
	uint64_t		ct_max;
	struct nfp_ct_stats	ct_stats;
};

/* @r in the Prometheus text exposition format (version 0.0.4). */
void nfp_stats_prometheus(FILE *f, const struct nfp_stats_report *r);

#endif
