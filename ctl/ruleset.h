/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_RULESET_H
#define NFP_CTL_RULESET_H

#include <stddef.h>

#define NFP_RULE_NAME	256
#define NFP_RULE_TEXT	512

/* A rule as a tool lists it. */
struct nfp_listed_rule {
	char			table[NFP_RULE_NAME];	/* *-save only */
	char			chain[NFP_RULE_NAME];
	unsigned long long	handle;		/* nft's; 0 from *-save */
	unsigned int		position;	/* in its chain, from 1 */
	unsigned long long	packets;	/* nfp_xt_counters_parse() only */
	char			text[NFP_RULE_TEXT];
};

struct nfp_rule_list {
	struct nfp_listed_rule	*rules;
	size_t			n;
	size_t			cap;
};

/*
 * Runs @argv (no shell), its stderr discarded, and returns its standard
 * output in *@out (to free). 0, -ENOENT when the program is missing or
 * could not run, -EIO when it failed (*@out still holds its output).
 */
int nfp_run_capture(char *const argv[], char **out);
/* Appends the rules of `nft -a list table ...` output, counters cut out. */
int nfp_nft_rules_parse(const char *listing, struct nfp_rule_list *l);
/* Appends the "-A CHAIN ..." rules of iptables-save output. */
int nfp_xt_rules_parse(const char *save_text, struct nfp_rule_list *l);
/* Appends the rules of `iptables-save -c` output with their packets. */
int nfp_xt_counters_parse(const char *save_text, struct nfp_rule_list *l);
const struct nfp_listed_rule *nfp_rule_by_handle(const struct nfp_rule_list *l,
						 const char *chain,
						 unsigned long long handle);
const struct nfp_listed_rule *nfp_rule_by_position(const struct nfp_rule_list *l,
						   const char *chain,
						   unsigned int position);
void nfp_rule_list_free(struct nfp_rule_list *l);

#endif
