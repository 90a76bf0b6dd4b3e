// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe explain: the diagnosis the troubleshooting guides reach by hand,
 * from the flows' verdict histories, the namespace's conntrack figures and
 * its live ruleset (`nft list chains`: the base chains of every table,
 * iptables-nft's included, with hook, priority and policy).
 *
 * For each flow that lost packets, one paragraph per kind of loss: where
 * (verdict, hook, stage), how often, what the client saw, the likely cause
 * and where to look, naming the base chains at that hook and priority.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
#include <linux/nfprobe.h>

#include "ct.h"
#include "explain.h"
#include "filter.h"
#include "flows.h"
#include "names.h"
#include "netlink.h"
#include "nfprobe.h"

static const char explain_usage[] = NFP_FILTER_USAGE;

static const char explain_help[] =
	"Explain why the matching flows of this namespace lost packets.\n"
	"\n"
	"For each flow that was dropped or rejected: where, how often, what the\n"
	"client saw, the likely cause and where to look, with the base chains of\n"
	"the live ruleset at that hook and priority.\n"
	"\n"
	NFP_FILTER_HELP;

const struct nfp_command nfp_cmd_explain = {
	.name = "explain",
	.fn = cmd_explain,
	.usage = explain_usage,
	.help = explain_help,
};

/* Priorities a stage covers: [lo, hi). See nfprobe(8). */
static const struct {
	int lo, hi;
} stage_range[__NFPROBE_STAGE_MAX] = {
	[NFPROBE_STAGE_DEFRAG]		= { INT_MIN, -350 },
	[NFPROBE_STAGE_RAW]		= { -350, -250 },
	[NFPROBE_STAGE_CONNTRACK]	= { -250, -175 },
	[NFPROBE_STAGE_MANGLE]		= { -175, -125 },
	[NFPROBE_STAGE_NAT_DST]		= { -125, -50 },
	[NFPROBE_STAGE_FILTER]		= { -50, 25 },
	[NFPROBE_STAGE_SECURITY]	= { 25, 75 },
	[NFPROBE_STAGE_NAT_SRC]		= { 75, 200 },
	[NFPROBE_STAGE_HELPER]		= { 200, INT_MAX - 1 },
	[NFPROBE_STAGE_CONFIRM]		= { INT_MAX - 1, INT_MAX },
};

unsigned int nfp_stage_of_priority(int priority)
{
	unsigned int stage;

	for (stage = 1; stage < __NFPROBE_STAGE_MAX; stage++)
		if (priority >= stage_range[stage].lo &&
		    priority < stage_range[stage].hi)
			return stage;
	return NFPROBE_STAGE_UNKNOWN;
}

static int priority_value(const char *s, int *prio)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{ "raw", -300 }, { "mangle", -150 }, { "dstnat", -100 },
		{ "filter", 0 }, { "security", 50 }, { "srcnat", 100 },
	};
	char word[32], sign;
	int base, off;
	size_t i;

	if (sscanf(s, "%d", prio) == 1)
		return 0;
	if (sscanf(s, "%31[a-z]", word) != 1)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(word, names[i].name))
			break;
	if (i == sizeof(names) / sizeof(names[0]))
		return -1;
	base = names[i].value;
	s += strlen(word);
	if (sscanf(s, " %c %d", &sign, &off) == 2 && (sign == '+' || sign == '-'))
		base += sign == '+' ? off : -off;
	*prio = base;
	return 0;
}

int nfp_chains_parse(FILE *f, struct nfp_chain *chains, size_t max)
{
	char line[512], family[16] = "", table[64] = "", chain[64] = "";
	char hook[32], prio[64], policy[16];
	struct nfp_chain *c;
	size_t n = 0;
	char *p;

	while (fgets(line, sizeof(line), f) && n < max) {
		if (sscanf(line, " table %15s %63s {", family, table) == 2)
			continue;
		if (sscanf(line, " chain %63s {", chain) == 1)
			continue;
		p = strstr(line, "type ");
		if (!p || sscanf(p, "type %*s hook %31s priority %63[^;];", hook,
				 prio) != 2)
			continue;
		c = &chains[n];
		memset(c, 0, sizeof(*c));
		snprintf(c->family, sizeof(c->family), "%s", family);
		snprintf(c->table, sizeof(c->table), "%s", table);
		snprintf(c->chain, sizeof(c->chain), "%s", chain);
		snprintf(c->hook, sizeof(c->hook), "%s", hook);
		if (priority_value(prio, &c->priority))
			continue;
		p = strstr(line, "policy ");
		if (p && sscanf(p, "policy %15[a-z]", policy) == 1)
			c->policy_drop = !strcmp(policy, "drop");
		n++;
	}
	return n;
}

static bool chain_family_matches(const struct nfp_chain *c, int family)
{
	if (!strcmp(c->family, "inet"))
		return true;
	return !strcmp(c->family, family == AF_INET6 ? "ip6" : "ip");
}

/* The base chains at @hook whose priority lies in @stage. */
static void print_chains(const struct nfp_chain *chains, size_t n, int family,
			 unsigned int hook, unsigned int stage)
{
	const char *hook_name = nfp_hook_name(hook);
	bool any = false;
	size_t i;

	if (!hook_name || stage >= __NFPROBE_STAGE_MAX || !stage_range[stage].hi)
		return;
	for (i = 0; i < n; i++) {
		const struct nfp_chain *c = &chains[i];

		if (strcasecmp(c->hook, hook_name) ||
		    !chain_family_matches(c, family) ||
		    c->priority < stage_range[stage].lo ||
		    c->priority >= stage_range[stage].hi)
			continue;
		if (!any)
			printf("    chains there: ");
		printf("%s%s %s %s (priority %d%s)", any ? ", " : "", c->family,
		       c->table, c->chain, c->priority,
		       c->policy_drop ? ", policy drop" : "");
		any = true;
	}
	if (any)
		putchar('\n');
	else if (n)
		printf("    no base chain of the ruleset sits there\n");
}

static bool chain_drops_by_policy(const struct nfp_chain *chains, size_t n,
				  int family, unsigned int hook,
				  unsigned int stage)
{
	const char *hook_name = nfp_hook_name(hook);
	size_t i;

	for (i = 0; hook_name && stage_range[stage].hi && i < n; i++)
		if (chains[i].policy_drop &&
		    !strcasecmp(chains[i].hook, hook_name) &&
		    chain_family_matches(&chains[i], family) &&
		    chains[i].priority >= stage_range[stage].lo &&
		    chains[i].priority < stage_range[stage].hi)
			return true;
	return false;
}

struct ct_facts {
	bool		has_ct;
	uint64_t	count;
	uint64_t	max;
	struct nfp_ct_stats st;
};

static uint64_t ct_stat(const struct ct_facts *ct, const char *name)
{
	unsigned int i;

	for (i = 0; i < ct->st.n; i++)
		if (!strcmp(ct->st.name[i], name))
			return ct->st.value[i];
	return 0;
}

/* One kind of loss of one flow: events alike in what they tell. */
struct loss {
	uint8_t		hook, stage, verdict, reject, ct, dir, ct_fail;
	uint32_t	iif;
	uint64_t	count;
};

static void explain_loss(const struct nfp_flow *f, const struct loss *l,
			 const struct ct_facts *ct,
			 const struct nfp_chain *chains, size_t nchains)
{
	const char *hook = nfp_hook_name(l->hook) ?: "?";
	const char *stage = nfp_stage_name(l->stage) ?: "?";
	int family = f->key.family;

	printf("  %s", nfp_verdict_name(l->verdict) ?: "?");
	if (l->verdict == NFPROBE_VERDICT_REJECT)
		printf(" %s", nfp_reject_name(l->reject) ?: "?");
	printf(" in %s/%s, state %s, %s, %" PRIu64 " packet%s\n", stage, hook,
	       nfp_ct_name(l->ct) ?: "?",
	       l->dir == NFPROBE_DIR_REPLY ? "replies" : "from the originator",
	       l->count, l->count == 1 ? "" : "s");

	if (f->rule && f->rule->hook == l->hook &&
	    f->rule->verdict == l->verdict) {
		char what[sizeof(f->rule->text) + 3 * sizeof(f->rule->table)];

		nfp_rule_describe(f->rule, what, sizeof(what));
		printf("    The rule, named by nfprobe trace: %s\n", what);
	}
	if (l->ct_fail == NFPROBE_CT_FAIL_ALLOC) {
		printf("    conntrack table full: no entry could be allocated, so the packet was\n"
		       "    dropped (\"nf_conntrack: table full, dropping packet\").\n");
		if (ct->has_ct)
			printf("    nf_conntrack_count %" PRIu64 " of nf_conntrack_max %" PRIu64
			       "; conntrack dropped %" PRIu64 " packets in all.\n",
			       ct->count, ct->max, ct_stat(ct, "drop"));
		printf("    Raise net.netfilter.nf_conntrack_max (sysctl -w), find who fills the\n"
		       "    table (nfprobe ct; conntrack -L), or exempt the traffic (raw table, notrack).\n");
		return;
	}
	if (l->ct_fail == NFPROBE_CT_FAIL_INSERT) {
		printf("    conntrack could not insert the packet's entry at confirm: a clash of\n"
		       "    two packets creating the same connection at once (insert_failed %" PRIu64
		       ").\n    Typical of DNS over UDP from many threads through NAT.\n",
		       ct_stat(ct, "insert_failed"));
		return;
	}
	if (l->verdict == NFPROBE_VERDICT_STOLEN) {
		if (l->stage == NFPROBE_STAGE_DEFRAG)
			printf("    fragments held until the datagram is whole; not a loss unless\n"
			       "    the datagram never completes (see the flow's other events).\n");
		else
			printf("    taken by a hook function: queued to userspace (NFQUEUE, nft queue)\n"
			       "    or taken by SYNPROXY; if nothing answers, check the queue's program.\n");
		print_chains(chains, nchains, family, l->hook, l->stage);
		return;
	}
	if (l->verdict == NFPROBE_VERDICT_REJECT) {
		if (l->reject == NFPROBE_REJECT_TCP_RESET)
			printf("    The client got a TCP reset: this is the \"connection refused\".\n");
		else
			printf("    The client got an ICMP error: \"no route to host\", \"port\n"
			       "    unreachable\" or \"administratively prohibited\", as it reports it.\n");
		printf("    A REJECT rule matched in the %s stage of %s: list the rules with\n"
		       "    iptables -nvL %s --line-numbers (table %s) or nft -a list ruleset.\n",
		       stage, hook, hook, stage);
		print_chains(chains, nchains, family, l->hook, l->stage);
		return;
	}

	/* DROP from here on: the client times out. */
	if (l->ct == NFPROBE_CT_ESTABLISHED && l->dir == NFPROBE_DIR_REPLY) {
		printf("    Replies of an established connection are dropped: the ruleset has no\n"
		       "    \"-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\" (nft: ct state\n"
		       "    established,related accept) before its drop in %s.\n", hook);
	} else if (l->ct == NFPROBE_CT_INVALID) {
		printf("    Conntrack found the packet INVALID (out of window, bad flags, a stray\n"
		       "    packet of a forgotten connection) and a rule drops INVALID packets;\n"
		       "    conntrack counted %" PRIu64 " invalid packets.\n",
		       ct_stat(ct, "invalid"));
	} else if (l->hook == NFPROBE_HOOK_INPUT && l->iif == 1) {
		printf("    Dropped on loopback: the ruleset lacks \"-A INPUT -i lo -j ACCEPT\" before\n"
		       "    its drop, so local clients of local services time out.\n");
	} else if (l->hook == NFPROBE_HOOK_FORWARD) {
		printf("    Dropped while forwarded: check the FORWARD chain's policy and rules\n"
		       "    (iptables -S FORWARD), DOCKER-USER and KUBE-FORWARD where they exist,\n"
		       "    and whether a DNAT needs its FORWARD accept.\n");
	} else if (f->accepted && l->stage == NFPROBE_STAGE_FILTER) {
		printf("    Other packets of the same flow were accepted: a rule matching only\n"
		       "    some packets, typically a rate limit (-m limit, -m hashlimit, nft limit).\n");
	} else {
		printf("    Dropped without an answer: the client times out. A DROP rule, or the\n"
		       "    policy of a chain no rule of which accepted the packet.\n");
	}
	if (chain_drops_by_policy(chains, nchains, family, l->hook, l->stage))
		printf("    A chain there has policy drop: packets no rule accepts are dropped.\n");
	printf("    Look at: iptables -nvL %s --line-numbers (table %s); nft -a list ruleset.\n",
	       hook, stage);
	print_chains(chains, nchains, family, l->hook, l->stage);
}

/* Groups the flow's non-ACCEPT events into kinds of loss and explains each. */
static bool explain_flow(const struct nfp_flow *f, const struct ct_facts *ct,
			 const struct nfp_chain *chains, size_t nchains,
			 bool separate)
{
	struct loss losses[16];
	size_t n = 0, i, k;

	for (i = 0; i < f->nevents; i++) {
		const struct nfp_event *e = &f->events[i];

		if (e->verdict == NFPROBE_VERDICT_ACCEPT)
			continue;
		for (k = 0; k < n; k++)
			if (losses[k].hook == e->hook &&
			    losses[k].stage == e->stage &&
			    losses[k].verdict == e->verdict &&
			    losses[k].reject == e->reject &&
			    losses[k].ct == e->ct && losses[k].dir == e->dir &&
			    losses[k].ct_fail == e->ct_fail)
				break;
		if (k == n) {
			if (n == sizeof(losses) / sizeof(losses[0]))
				continue;
			memset(&losses[n], 0, sizeof(losses[n]));
			losses[n].hook = e->hook;
			losses[n].stage = e->stage;
			losses[n].verdict = e->verdict;
			losses[n].reject = e->reject;
			losses[n].ct = e->ct;
			losses[n].dir = e->dir;
			losses[n].ct_fail = e->ct_fail;
			losses[n].iif = e->iif;
			n++;
		}
		losses[k].count++;
	}
	if (!n)
		return false;
	if (separate)
		putchar('\n');
	nfp_flow_print_header(f);
	for (k = 0; k < n; k++)
		explain_loss(f, &losses[k], ct, chains, nchains);
	if (f->events_total > f->nevents)
		printf("  (%" PRIu64 " older events were overwritten: counts cover the kept ones)\n",
		       f->events_total - f->nevents);
	return true;
}

int cmd_explain(int argc, char **argv)
{
	struct nfp_flow_list list = {};
	struct nfp_chain chains[256];
	struct nfp_filter_opts o;
	struct ct_facts ct = {};
	size_t nchains = 0, i;
	unsigned int shown = 0;
	struct nfp_nl nl;
	FILE *nft;
	int err;

	err = nfp_filter_args(argc, argv, &nfp_cmd_explain, &o, NULL, NULL, NULL);
	if (err)
		return err;
	err = nfp_filter_finish(&o, "explain");
	if (err)
		return err;

	err = nfp_nl_open_or_report(&nl);
	if (err)
		return err;
	err = nfp_flows_fetch(&nl, &o, &list);
	nfp_nl_close(&nl);
	if (err) {
		nfp_flow_list_free(&list);
		return nfp_nl_report(err);
	}
	ct.has_ct = !nfp_ct_figures(&ct.st, &ct.count, &ct.max);
	/* The ruleset is context only: without nft, explain goes on. */
	nft = popen("nft list chains 2>/dev/null", "r");
	if (nft) {
		int n = nfp_chains_parse(nft, chains, sizeof(chains) / sizeof(chains[0]));

		nchains = n > 0 ? n : 0;
		pclose(nft);
	}

	for (i = 0; i < list.n; i++)
		shown += explain_flow(&list.flows[i], &ct, chains, nchains,
				      shown);
	if (!shown)
		printf("No matching flow lost packets in this namespace%s.\n",
		       list.n ? "" : " (no matching flow recorded)");
	nfp_flow_list_free(&list);
	return NFP_EXIT_OK;
}
