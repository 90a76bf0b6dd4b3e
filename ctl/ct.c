// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe ct: conntrack failures per source address, worst first, with
 * this namespace's conntrack figures.
 *
 * Human output (stable):
 *
 *   conntrack  count N  max N
 *   stats      insert_failed N  drop N  early_drop N  invalid N  ...
 *   SOURCE            ALLOC-FAILED  INSERT-FAILED  LAST
 *   198.51.100.5      34            0              2026-11-24 01:02:03
 *
 * or "conntrack  not in use in this network namespace" when nf_conntrack
 * is not loaded. The global figures are conntrack's own: the count and
 * max sysctls and the per-CPU statistics of /proc/net/stat/nf_conntrack,
 * summed, all read without taking conntrack's locks.
 *
 * --json: {"version":1,"conntrack":{"count":N,"max":N,"stats":{"NAME":N,
 *   ...}}|null,"sources":[{"netns":N,"family":"ipv4","addr":"ADDR",
 *   "alloc_failed":N,"insert_failed":N,"last_seen_ns":N}]}
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/nfprobe.h>
#include <netlink/attr.h>

#include "addr.h"
#include "ct.h"
#include "filter.h"
#include "json.h"
#include "names.h"
#include "netlink.h"
#include "nfprobe.h"

static const char ct_usage[] =
	"[--src ADDR[/LEN]] [-4|-6] [--netns NAME|PID|all] [-n] [--json]";

static const char ct_help[] =
	"Show conntrack failures per source address in this network namespace.\n"
	"\n"
	"Worst first: packets dropped because the conntrack table was full\n"
	"(\"nf_conntrack: table full, dropping packet\") or because their entry\n"
	"could not be inserted; and conntrack's own count, max and statistics.\n"
	"\n"
	"  --src ADDR[/LEN]  sources in the prefix only\n"
	"  -4, -6            IPv4 or IPv6 sources only\n"
	"  --netns NS        another network namespace's: a name of 'ip netns' or\n"
	"                    a process id; 'all': every namespace's sources (the\n"
	"                    conntrack figures stay this namespace's)\n"
	"  -n                numeric output (names are never looked up)\n"
	"  --json            machine-readable output (schema in nfprobe(8))";

const struct nfp_command nfp_cmd_ct = {
	.name = "ct",
	.fn = cmd_ct,
	.usage = ct_usage,
	.help = ct_help,
};

int nfp_ct_stats_parse(FILE *f, struct nfp_ct_stats *st)
{
	char line[1024], *save, *tok;
	unsigned int n = 0, i;
	bool first = true;

	memset(st, 0, sizeof(*st));
	if (!fgets(line, sizeof(line), f))
		return -EINVAL;
	for (tok = strtok_r(line, " \t\n", &save); tok && n < NFP_CT_STATS_MAX;
	     tok = strtok_r(NULL, " \t\n", &save))
		snprintf(st->name[n++], sizeof(st->name[0]), "%s", tok);
	if (!n)
		return -EINVAL;
	st->n = n;

	/* One line per CPU, in hex. "entries" is global: take it once. */
	while (fgets(line, sizeof(line), f)) {
		tok = strtok_r(line, " \t\n", &save);
		for (i = 0; tok && i < n; i++, tok = strtok_r(NULL, " \t\n", &save)) {
			uint64_t v = strtoull(tok, NULL, 16);

			if (!strcmp(st->name[i], "entries") && !first)
				continue;
			st->value[i] += v;
		}
		if (i != n)
			return -EINVAL;
		first = false;
	}
	return first ? -EINVAL : 0;
}

static int read_u64_file(const char *path, uint64_t *v)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -errno;
	ok = fscanf(f, "%" SCNu64, v) == 1;
	fclose(f);
	return ok ? 0 : -EINVAL;
}

/*
 * This namespace's conntrack figures; -ENOENT if conntrack is not loaded.
 * The per-CPU statistics need CONFIG_NF_CONNTRACK_PROCFS: without it the
 * count and max are still given and st->n is 0.
 */
int nfp_ct_figures(struct nfp_ct_stats *st, uint64_t *count, uint64_t *max)
{
	FILE *f;
	int err;

	memset(st, 0, sizeof(*st));
	if (read_u64_file("/proc/sys/net/netfilter/nf_conntrack_count", count) ||
	    read_u64_file("/proc/sys/net/netfilter/nf_conntrack_max", max))
		return -ENOENT;
	f = fopen("/proc/net/stat/nf_conntrack", "r");
	if (!f)
		return 0;
	err = nfp_ct_stats_parse(f, st);
	fclose(f);
	if (err)
		memset(st, 0, sizeof(*st));
	return 0;
}

struct ct_source {
	uint32_t	netns;
	uint8_t		family;
	unsigned char	addr[16];
	uint64_t	alloc_failed;
	uint64_t	insert_failed;
	uint64_t	last_seen;
};

struct ct_sources {
	struct ct_source	*v;
	size_t			n;
	size_t			cap;
};

static struct nla_policy source_policy[NFPROBE_CT_SOURCE_A_MAX + 1] = {
	[NFPROBE_CT_SOURCE_A_NETNS]		= { .type = NLA_U32 },
	[NFPROBE_CT_SOURCE_A_FAMILY]		= { .type = NLA_U8 },
	[NFPROBE_CT_SOURCE_A_ALLOC_FAILED]	= { .type = NLA_U64 },
	[NFPROBE_CT_SOURCE_A_INSERT_FAILED]	= { .type = NLA_U64 },
	[NFPROBE_CT_SOURCE_A_LAST_SEEN]		= { .type = NLA_U64 },
};

/* Adds one CPU's entry, summing it into the source's entry if present. */
static int collect_source(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *top[NFPROBE_A_MAX + 1];
	struct nlattr *tb[NFPROBE_CT_SOURCE_A_MAX + 1];
	struct ct_sources *list = arg;
	struct ct_source s = {}, *p;
	size_t i, alen;

	if (genlmsg_parse(nlh, 0, top, NFPROBE_A_MAX, NULL) ||
	    !top[NFPROBE_A_CT_SOURCE] ||
	    nla_parse_nested(tb, NFPROBE_CT_SOURCE_A_MAX,
			     top[NFPROBE_A_CT_SOURCE], source_policy) ||
	    !tb[NFPROBE_CT_SOURCE_A_FAMILY] || !tb[NFPROBE_CT_SOURCE_A_ADDR])
		return -EINVAL;
	s.family = nla_get_u8(tb[NFPROBE_CT_SOURCE_A_FAMILY]);
	alen = nfp_family_addr_len(s.family);
	if (!alen || nla_len(tb[NFPROBE_CT_SOURCE_A_ADDR]) != (int)alen)
		return -EINVAL;
	memcpy(s.addr, nla_data(tb[NFPROBE_CT_SOURCE_A_ADDR]), alen);
	if (tb[NFPROBE_CT_SOURCE_A_NETNS])
		s.netns = nla_get_u32(tb[NFPROBE_CT_SOURCE_A_NETNS]);
	if (tb[NFPROBE_CT_SOURCE_A_ALLOC_FAILED])
		s.alloc_failed = nla_get_u64(tb[NFPROBE_CT_SOURCE_A_ALLOC_FAILED]);
	if (tb[NFPROBE_CT_SOURCE_A_INSERT_FAILED])
		s.insert_failed = nla_get_u64(tb[NFPROBE_CT_SOURCE_A_INSERT_FAILED]);
	if (tb[NFPROBE_CT_SOURCE_A_LAST_SEEN])
		s.last_seen = nla_get_u64(tb[NFPROBE_CT_SOURCE_A_LAST_SEEN]);

	/* A handful of sources fail at once: a linear merge is enough. */
	for (i = 0; i < list->n; i++) {
		p = &list->v[i];
		if (p->netns == s.netns && p->family == s.family &&
		    !memcmp(p->addr, s.addr, sizeof(s.addr))) {
			p->alloc_failed += s.alloc_failed;
			p->insert_failed += s.insert_failed;
			if (s.last_seen > p->last_seen)
				p->last_seen = s.last_seen;
			return 0;
		}
	}
	if (list->n == list->cap) {
		size_t cap = list->cap ? 2 * list->cap : 16;

		p = realloc(list->v, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		list->v = p;
		list->cap = cap;
	}
	list->v[list->n++] = s;
	return 0;
}

static int source_cmp(const void *a, const void *b)
{
	const struct ct_source *x = a, *y = b;
	uint64_t fx = x->alloc_failed + x->insert_failed;
	uint64_t fy = y->alloc_failed + y->insert_failed;

	if (fx != fy)
		return fx > fy ? -1 : 1;
	return memcmp(x->addr, y->addr, sizeof(x->addr));
}

static void print_text(const struct ct_sources *list, int ct_err,
		       const struct nfp_ct_stats *st, uint64_t count,
		       uint64_t max)
{
	char addr[INET6_ADDRSTRLEN], when[32];
	unsigned int i;
	size_t k;

	if (ct_err) {
		printf("conntrack  not in use in this network namespace\n");
	} else {
		printf("conntrack  count %" PRIu64 "  max %" PRIu64 "\n", count, max);
		printf("stats     ");
		if (!st->n)
			printf("  unavailable (no /proc/net/stat/nf_conntrack)");
		for (i = 0; i < st->n; i++)
			if (strcmp(st->name[i], "entries"))
				printf("  %s %" PRIu64, st->name[i], st->value[i]);
		putchar('\n');
	}
	if (!list->n)
		return;
	printf("%-40s  %-12s  %-13s  %s\n", "SOURCE", "ALLOC-FAILED",
	       "INSERT-FAILED", "LAST");
	for (k = 0; k < list->n; k++) {
		const struct ct_source *s = &list->v[k];
		time_t sec = s->last_seen / 1000000000ull;
		struct tm tm;

		nfp_addr_str(s->family, s->addr, false, addr, sizeof(addr));
		localtime_r(&sec, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		printf("%-40s  %-12" PRIu64 "  %-13" PRIu64 "  %s\n", addr,
		       s->alloc_failed, s->insert_failed, when);
	}
}

static void print_json(const struct ct_sources *list, int ct_err,
		       const struct nfp_ct_stats *st, uint64_t count,
		       uint64_t max)
{
	char addr[INET6_ADDRSTRLEN];
	struct json j;
	unsigned int i;
	size_t k;

	json_init(&j, stdout);
	json_object_start(&j, NULL);
	json_u64(&j, "version", 1);
	if (ct_err) {
		json_null(&j, "conntrack");
	} else {
		json_object_start(&j, "conntrack");
		json_u64(&j, "count", count);
		json_u64(&j, "max", max);
		if (st->n) {
			json_object_start(&j, "stats");
			for (i = 0; i < st->n; i++)
				if (strcmp(st->name[i], "entries"))
					json_u64(&j, st->name[i], st->value[i]);
			json_object_end(&j);
		} else {
			json_null(&j, "stats");
		}
		json_object_end(&j);
	}
	json_array_start(&j, "sources");
	for (k = 0; k < list->n; k++) {
		const struct ct_source *s = &list->v[k];

		json_object_start(&j, NULL);
		json_u64(&j, "netns", s->netns);
		json_string(&j, "family", nfp_family_name(s->family) ?: "?");
		nfp_addr_str(s->family, s->addr, false, addr, sizeof(addr));
		json_string(&j, "addr", addr);
		json_u64(&j, "alloc_failed", s->alloc_failed);
		json_u64(&j, "insert_failed", s->insert_failed);
		json_u64(&j, "last_seen_ns", s->last_seen);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
}

int cmd_ct(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "src", required_argument, NULL, 's' },
		{ "netns", required_argument, NULL, 'E' },
		{ "numeric", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct ct_sources list = {};
	struct nfp_prefix src;
	struct nfp_ct_stats st;
	uint64_t count = 0, max = 0;
	bool has_src = false, json = false, all_netns = false;
	const char *netns = NULL;
	int family = 0, c, err, ct_err;
	struct nlattr *nest;
	struct nl_msg *msg;
	struct nfp_nl nl;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":46nh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (nfp_prefix_parse(optarg, &src))
				return nfp_usage_error("ct",
					"invalid address '%s' for --src", optarg);
			has_src = true;
			break;
		case '4':
		case '6':
			family = c == '4' ? AF_INET : AF_INET6;
			break;
		case 'E':
			all_netns = !strcmp(optarg, "all");
			netns = all_netns ? NULL : optarg;
			break;
		case 'n':
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			printf("Usage: nfprobe ct %s\n\n%s\n", ct_usage, ct_help);
			return NFP_EXIT_OK;
		case ':':
			return nfp_usage_error("ct", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return nfp_usage_error("ct", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return nfp_usage_error("ct", "unexpected argument '%s'", argv[optind]);
	if (has_src && family && family != src.family)
		return nfp_usage_error("ct", "address family conflicts with -%c",
				       family == AF_INET ? '4' : '6');
	if (netns && nfp_netns_enter(netns))
		return NFP_EXIT_ERROR;
	if (all_netns)
		nfp_nl_set_perm_hint(NFP_ALL_NETNS_PERM);

	err = nfp_nl_open_or_report(&nl);
	if (err)
		return err;
	msg = nfp_nl_msg(&nl, NFPROBE_CMD_GET_CT_SOURCES, NLM_F_DUMP);
	nest = msg ? nla_nest_start(msg, NFPROBE_A_FILTER | NLA_F_NESTED) : NULL;
	if (!nest ||
	    (all_netns && nla_put_flag(msg, NFPROBE_FILTER_A_ALL_NETNS)) ||
	    (family && nla_put_u8(msg, NFPROBE_FILTER_A_FAMILY, family)) ||
	    (has_src &&
	     (nla_put(msg, NFPROBE_FILTER_A_SRC, nfp_family_addr_len(src.family),
		      src.addr) ||
	      nla_put_u8(msg, NFPROBE_FILTER_A_SRC_PLEN, src.len)))) {
		nlmsg_free(msg);
		err = -ENOMEM;
	} else {
		nla_nest_end(msg, nest);
		err = nfp_nl_transact(&nl, msg, collect_source, &list);
	}
	nfp_nl_close(&nl);
	if (err) {
		free(list.v);
		return nfp_nl_report(err);
	}

	qsort(list.v, list.n, sizeof(*list.v), source_cmp);
	ct_err = nfp_ct_figures(&st, &count, &max);
	if (json)
		print_json(&list, ct_err, &st, count, max);
	else
		print_text(&list, ct_err, &st, count, max);
	free(list.v);
	return NFP_EXIT_OK;
}
