// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe stats: the module's packet counters by family, hook, stage and
 * verdict (all namespaces, since load), its table counters, and this
 * namespace's conntrack figures; as a table, JSON, or the Prometheus text
 * exposition format for node_exporter's textfile collector.
 *
 * JSON:
 *   {"version":1,
 *    "counters":[{"family":"ipv4","hook":"INPUT","stage":"filter",
 *                 "verdict":"DROP","packets":N}],
 *    "table":{"flows_in_use":N,"evictions":N,"events":N,"inflight_lost":N},
 *    "conntrack":{"count":N,"max":N,"stats":{"NAME":N,...}|null}|null}
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <linux/netfilter.h>
#include <linux/nfprobe.h>

#include "ct.h"
#include "json.h"
#include "names.h"
#include "netlink.h"
#include "nfprobe.h"
#include "stats.h"

static const char stats_usage[] =
	"[--json | --format text|json|prometheus [--output FILE]]";

static const char stats_help[] =
	"Show packet counters by hook, stage and verdict, for monitoring.\n"
	"\n"
	"How many packets netfilter accepted, dropped, rejected or stole, by\n"
	"family, hook, stage and verdict, in all namespaces since the module was\n"
	"loaded; the flow table's counters; and this namespace's conntrack count,\n"
	"max and statistics. Needs CAP_NET_ADMIN in the initial namespace.\n"
	"\n"
	"  --json                       the same as --format json\n"
	"  --format text|json|prometheus\n"
	"                               prometheus: the text exposition format, for\n"
	"                               node_exporter's textfile collector\n"
	"  --output FILE                with --format prometheus: replace FILE\n"
	"                               atomically (a temporary file in the same\n"
	"                               directory, renamed), left as it was if the\n"
	"                               figures cannot be read";

const struct nfp_command nfp_cmd_stats = {
	.name = "stats",
	.fn = cmd_stats,
	.usage = stats_usage,
	.help = stats_help,
};

static struct nla_policy counter_policy[NFPROBE_COUNTER_A_MAX + 1] = {
	[NFPROBE_COUNTER_A_FAMILY]	= { .type = NLA_U8 },
	[NFPROBE_COUNTER_A_HOOK]	= { .type = NLA_U8 },
	[NFPROBE_COUNTER_A_STAGE]	= { .type = NLA_U8 },
	[NFPROBE_COUNTER_A_VERDICT]	= { .type = NLA_U8 },
	[NFPROBE_COUNTER_A_PACKETS]	= { .type = NLA_U64 },
};

static int collect_counter(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *top[NFPROBE_A_MAX + 1];
	struct nlattr *tb[NFPROBE_COUNTER_A_MAX + 1];
	struct nfp_stats_report *r = arg;
	struct nfp_counter *c;

	if (genlmsg_parse(nlh, 0, top, NFPROBE_A_MAX, NULL) ||
	    !top[NFPROBE_A_COUNTER] ||
	    nla_parse_nested(tb, NFPROBE_COUNTER_A_MAX, top[NFPROBE_A_COUNTER],
			     counter_policy) ||
	    !tb[NFPROBE_COUNTER_A_FAMILY] || !tb[NFPROBE_COUNTER_A_HOOK] ||
	    !tb[NFPROBE_COUNTER_A_STAGE] || !tb[NFPROBE_COUNTER_A_VERDICT] ||
	    !tb[NFPROBE_COUNTER_A_PACKETS])
		return -EINVAL;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;

		c = realloc(r->counters, cap * sizeof(*c));
		if (!c)
			return -ENOMEM;
		r->counters = c;
		r->cap = cap;
	}
	c = &r->counters[r->n++];
	c->family = nla_get_u8(tb[NFPROBE_COUNTER_A_FAMILY]);
	c->hook = nla_get_u8(tb[NFPROBE_COUNTER_A_HOOK]);
	c->stage = nla_get_u8(tb[NFPROBE_COUNTER_A_STAGE]);
	c->verdict = nla_get_u8(tb[NFPROBE_COUNTER_A_VERDICT]);
	c->packets = nla_get_u64(tb[NFPROBE_COUNTER_A_PACKETS]);
	return 0;
}

static uint64_t info_u64(struct nlattr *a)
{
	if (!a)
		return 0;
	return nla_len(a) == 8 ? nla_get_u64(a) : nla_get_u32(a);
}

static int collect_info(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[NFPROBE_A_MAX + 1];
	struct nlattr *info[NFPROBE_INFO_A_MAX + 1];
	struct nfp_stats_report *r = arg;

	if (genlmsg_parse(nlh, 0, tb, NFPROBE_A_MAX, NULL) ||
	    !tb[NFPROBE_A_INFO] ||
	    nla_parse_nested(info, NFPROBE_INFO_A_MAX, tb[NFPROBE_A_INFO], NULL))
		return -EINVAL;
	r->flows_in_use = info_u64(info[NFPROBE_INFO_A_FLOWS_IN_USE]);
	r->evictions = info_u64(info[NFPROBE_INFO_A_EVICTIONS]);
	r->events = info_u64(info[NFPROBE_INFO_A_EVENTS]);
	r->inflight_lost = info_u64(info[NFPROBE_INFO_A_INFLIGHT_LOST]);
	return 0;
}

/* "name" of an enum value as printed, or its number. */
static const char *label(const char *name, unsigned int v, char *buf,
			 size_t len)
{
	return nfp_name_or_num(name, v, buf, len);
}

static void lower(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

void nfp_stats_prometheus(FILE *f, const struct nfp_stats_report *r)
{
	char b1[16], b2[16], b3[16], hook[16], verdict[16];
	unsigned int i;
	size_t k;

	fputs("# HELP nfprobe_packets_total Hook traversals by family, hook, stage and verdict since nfprobe was loaded (all namespaces).\n"
	      "# TYPE nfprobe_packets_total counter\n", f);
	for (k = 0; k < r->n; k++) {
		const struct nfp_counter *c = &r->counters[k];

		lower(hook, label(nfp_hook_name(c->hook), c->hook, b1,
				  sizeof(b1)), sizeof(hook));
		lower(verdict, label(nfp_verdict_name(c->verdict), c->verdict,
				     b2, sizeof(b2)), sizeof(verdict));
		fprintf(f, "nfprobe_packets_total{family=\"%s\",hook=\"%s\",stage=\"%s\",verdict=\"%s\"} %" PRIu64 "\n",
			c->family == NFPROTO_IPV6 ? "ipv6" : "ipv4", hook,
			label(nfp_stage_name(c->stage), c->stage, b3, sizeof(b3)),
			verdict, c->packets);
	}
	fprintf(f, "# HELP nfprobe_flows_in_use Flow entries in use in nfprobe's tables.\n"
		"# TYPE nfprobe_flows_in_use gauge\n"
		"nfprobe_flows_in_use %" PRIu64 "\n", r->flows_in_use);
	fprintf(f, "# HELP nfprobe_flow_evictions_total Flow entries recycled for newer flows.\n"
		"# TYPE nfprobe_flow_evictions_total counter\n"
		"nfprobe_flow_evictions_total %" PRIu64 "\n", r->evictions);
	fprintf(f, "# HELP nfprobe_events_total Events recorded.\n"
		"# TYPE nfprobe_events_total counter\n"
		"nfprobe_events_total %" PRIu64 "\n", r->events);
	fprintf(f, "# HELP nfprobe_inflight_lost_total Hook traversals whose tracking was lost.\n"
		"# TYPE nfprobe_inflight_lost_total counter\n"
		"nfprobe_inflight_lost_total %" PRIu64 "\n", r->inflight_lost);
	if (!r->has_ct)
		return;
	fprintf(f, "# HELP nfprobe_conntrack_entries Conntrack entries in this namespace.\n"
		"# TYPE nfprobe_conntrack_entries gauge\n"
		"nfprobe_conntrack_entries %" PRIu64 "\n", r->ct_count);
	fprintf(f, "# HELP nfprobe_conntrack_max Conntrack table size limit (nf_conntrack_max).\n"
		"# TYPE nfprobe_conntrack_max gauge\n"
		"nfprobe_conntrack_max %" PRIu64 "\n", r->ct_max);
	if (!r->ct_stats.n)
		return;
	fputs("# HELP nfprobe_conntrack_stat_total Conntrack's statistics (/proc/net/stat/nf_conntrack), summed over CPUs.\n"
	      "# TYPE nfprobe_conntrack_stat_total counter\n", f);
	for (i = 0; i < r->ct_stats.n; i++) {
		/* "entries" is a gauge, given above as the count. */
		if (!strcmp(r->ct_stats.name[i], "entries"))
			continue;
		fprintf(f, "nfprobe_conntrack_stat_total{stat=\"%s\"} %" PRIu64 "\n",
			r->ct_stats.name[i], r->ct_stats.value[i]);
	}
}

static void print_json(const struct nfp_stats_report *r)
{
	char b[16];
	struct json j;
	unsigned int i;
	size_t k;

	json_init(&j, stdout);
	json_object_start(&j, NULL);
	json_u64(&j, "version", 1);
	json_array_start(&j, "counters");
	for (k = 0; k < r->n; k++) {
		const struct nfp_counter *c = &r->counters[k];

		json_object_start(&j, NULL);
		json_string(&j, "family",
			    c->family == NFPROTO_IPV6 ? "ipv6" : "ipv4");
		json_string(&j, "hook", label(nfp_hook_name(c->hook), c->hook,
					      b, sizeof(b)));
		json_string(&j, "stage", label(nfp_stage_name(c->stage),
					       c->stage, b, sizeof(b)));
		json_string(&j, "verdict", label(nfp_verdict_name(c->verdict),
						 c->verdict, b, sizeof(b)));
		json_u64(&j, "packets", c->packets);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_start(&j, "table");
	json_u64(&j, "flows_in_use", r->flows_in_use);
	json_u64(&j, "evictions", r->evictions);
	json_u64(&j, "events", r->events);
	json_u64(&j, "inflight_lost", r->inflight_lost);
	json_object_end(&j);
	if (r->has_ct) {
		json_object_start(&j, "conntrack");
		json_u64(&j, "count", r->ct_count);
		json_u64(&j, "max", r->ct_max);
		if (r->ct_stats.n) {
			json_object_start(&j, "stats");
			for (i = 0; i < r->ct_stats.n; i++)
				if (strcmp(r->ct_stats.name[i], "entries"))
					json_u64(&j, r->ct_stats.name[i],
						 r->ct_stats.value[i]);
			json_object_end(&j);
		} else {
			json_null(&j, "stats");
		}
		json_object_end(&j);
	} else {
		json_null(&j, "conntrack");
	}
	json_object_end(&j);
}

static void print_text(const struct nfp_stats_report *r)
{
	char b1[16], b2[16], b3[16];
	size_t k;

	printf("%-6s  %-11s  %-9s  %-7s  %s\n", "FAMILY", "HOOK", "STAGE",
	       "VERDICT", "PACKETS");
	for (k = 0; k < r->n; k++) {
		const struct nfp_counter *c = &r->counters[k];

		printf("%-6s  %-11s  %-9s  %-7s  %" PRIu64 "\n",
		       c->family == NFPROTO_IPV6 ? "ipv6" : "ipv4",
		       label(nfp_hook_name(c->hook), c->hook, b1, sizeof(b1)),
		       c->verdict == NFPROBE_VERDICT_ACCEPT ? "-" :
		       label(nfp_stage_name(c->stage), c->stage, b2, sizeof(b2)),
		       label(nfp_verdict_name(c->verdict), c->verdict, b3,
			     sizeof(b3)),
		       c->packets);
	}
	printf("\ntable      flows_in_use %" PRIu64 "  evictions %" PRIu64
	       "  events %" PRIu64 "  inflight_lost %" PRIu64 "\n",
	       r->flows_in_use, r->evictions, r->events, r->inflight_lost);
	if (r->has_ct)
		printf("conntrack  count %" PRIu64 "  max %" PRIu64
		       "  (this namespace; details: nfprobe ct)\n",
		       r->ct_count, r->ct_max);
	else
		printf("conntrack  not in use in this network namespace\n");
}

/*
 * Writes the Prometheus figures to @path through a temporary file renamed
 * over it, so node_exporter never reads a half-written file.
 */
static int write_prometheus(const char *path, const struct nfp_stats_report *r)
{
	size_t len = strlen(path);
	char tmp[len + sizeof(".XXXXXX")];
	int fd, saved;
	FILE *f;

	memcpy(tmp, path, len);
	memcpy(tmp + len, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkstemp(tmp);
	if (fd < 0)
		goto err;
	/* Readable by node_exporter, which runs as a user of its own. */
	if (fchmod(fd, 0644) || !(f = fdopen(fd, "w"))) {
		close(fd);
		goto err_unlink;
	}
	nfp_stats_prometheus(f, r);
	if (fflush(f) || ferror(f) || fsync(fd)) {
		fclose(f);
		goto err_unlink;
	}
	if (fclose(f) || rename(tmp, path))
		goto err_unlink;
	return NFP_EXIT_OK;

err_unlink:
	saved = errno;
	unlink(tmp);
	errno = saved;
err:
	fprintf(stderr, "nfprobe: cannot write %s: %s\n", path, strerror(errno));
	return NFP_EXIT_ERROR;
}

int cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "numeric", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	enum { TEXT, JSON, PROMETHEUS } format = TEXT;
	struct nfp_stats_report r = {};
	const char *output = NULL;
	struct nl_msg *msg;
	struct nfp_nl nl;
	int c, err;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":nh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			break;
		case 'j':
			format = JSON;
			break;
		case 'f':
			if (!strcmp(optarg, "text"))
				format = TEXT;
			else if (!strcmp(optarg, "json"))
				format = JSON;
			else if (!strcmp(optarg, "prometheus"))
				format = PROMETHEUS;
			else
				return nfp_usage_error("stats",
					"invalid format '%s' (text, json or prometheus)",
					optarg);
			break;
		case 'o':
			if (!*optarg)
				return nfp_usage_error("stats", "empty file name for --output");
			output = optarg;
			break;
		case 'h':
			printf("Usage: nfprobe stats %s\n\n%s\n", stats_usage,
			       stats_help);
			return NFP_EXIT_OK;
		case ':':
			return nfp_usage_error("stats", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return nfp_usage_error("stats", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return nfp_usage_error("stats", "unexpected argument '%s'",
				       argv[optind]);
	if (output && format != PROMETHEUS)
		return nfp_usage_error("stats",
				       "--output needs --format prometheus");

	err = nfp_nl_open_or_report(&nl);
	if (err)
		return err;
	msg = nfp_nl_msg(&nl, NFPROBE_CMD_GET_STATS, NLM_F_DUMP);
	err = msg ? nfp_nl_transact(&nl, msg, collect_counter, &r) : -ENOMEM;
	if (!err) {
		msg = nfp_nl_msg(&nl, NFPROBE_CMD_GET_INFO, 0);
		err = msg ? nfp_nl_transact(&nl, msg, collect_info, &r) : -ENOMEM;
	}
	nfp_nl_close(&nl);
	if (err) {
		free(r.counters);
		return nfp_nl_report(err);
	}
	r.has_ct = !nfp_ct_figures(&r.ct_stats, &r.ct_count, &r.ct_max);

	if (output)
		err = write_prometheus(output, &r);
	else if (format == PROMETHEUS)
		nfp_stats_prometheus(stdout, &r);
	else if (format == JSON)
		print_json(&r);
	else
		print_text(&r);
	free(r.counters);
	return err ?: NFP_EXIT_OK;
}
