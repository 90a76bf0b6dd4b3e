/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_EXPLAIN_H
#define NFP_CTL_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A base chain of the live ruleset, from `nft list chains`. */
struct nfp_chain {
	char	family[16];	/* ip, ip6, inet, ... */
	char	table[64];
	char	chain[64];
	char	hook[32];	/* input, forward, ... */
	int	priority;
	bool	policy_drop;
};

/*
 * Reads `nft list chains` output; named priorities ("filter - 10") are
 * resolved. Returns the number of base chains stored, at most @max.
 */
int nfp_chains_parse(FILE *f, struct nfp_chain *chains, size_t max);

/* The stage a hook function of this priority runs in. */
unsigned int nfp_stage_of_priority(int priority);

#endif
