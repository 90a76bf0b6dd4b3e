/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_CT_H
#define NFP_CTL_CT_H

#include <stdint.h>
#include <stdio.h>

#define NFP_CT_STATS_MAX 32

/* conntrack's per-CPU statistics (/proc/net/stat/nf_conntrack), summed. */
struct nfp_ct_stats {
	unsigned int	n;
	char		name[NFP_CT_STATS_MAX][24];
	uint64_t	value[NFP_CT_STATS_MAX];
};

/* Parses the file's header and per-CPU hex lines. 0 or -EINVAL. */
int nfp_ct_stats_parse(FILE *f, struct nfp_ct_stats *st);
/*
 * This namespace's conntrack count, max and statistics (st->n is 0 without
 * /proc/net/stat/nf_conntrack); -ENOENT if conntrack is not loaded.
 */
int nfp_ct_figures(struct nfp_ct_stats *st, uint64_t *count, uint64_t *max);

#endif
