// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe show: the verdict history of the flows matching a filter.
 *
 * Human output, one block per flow, oldest flow first (tests and users
 * parse it; keep it stable):
 *
 *   SRC:SPORT -> DST:DPORT PROTO  netns INUM
 *     DATE TIME.USEC  HOOK  VERDICT[ REJECT-TYPE]  stage STAGE  ct STATE  DIR  [in IF]  [out IF]  LENB  [TCP-FLAGS]
 *     (STAGE is "-" for an ACCEPT, which passed them all)
 *     packets N  accepted N  dropped N  rejected N  (events N, N overwritten)
 *
 * IPv6 addresses are bracketed when a port follows; ICMP flows read
 * "SRC -> DST icmp type T code C [id I]". Columns are separated by at
 * least two spaces. Flows are separated by a blank line.
 *
 * --json prints one document:
 *   {"version":1,"flows":[{"netns":N,"family":"ipv4"|"ipv6","proto":"tcp"|N,
 *     "src":"ADDR","dst":"ADDR","sport":N,"dport":N   (port protocols)
 *     "icmp_type":N,"icmp_code":N,"icmp_id":N          (ICMP, ICMPv6)
 *     "first_seen_ns":N,"last_seen_ns":N,"packets":N,"accepted":N,
 *     "dropped":N,"rejected":N,"stolen":N,"events_total":N,
 *     "ct_alloc_failed":N,"ct_insert_failed":N,
 *     "nat":{"src":"ADDR","dst":"ADDR","sport":N,"dport":N}|null,
 *     "events":[{"time_ns":N,"hook":"INPUT","stage":"filter",
 *       "verdict":"REJECT","reject":"tcp-reset"|null,"ct":"NEW","dir":"orig",
 *       "iif":"eth0"|null,"oif":"eth0"|null,"len":N,
 *       "ct_fail":"alloc"|"insert"|null,"tcp_flags":["SYN"]}]}]}
 * A NATed flow (header "  nat SRC:SPORT -> DST:DPORT") is found by its
 * addresses before and after NAT.
 * Enum values this tool does not know are printed as numbers (strings in
 * JSON).
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <linux/nfprobe.h>
#include <netlink/attr.h>

#include "addr.h"
#include "filter.h"
#include "flows.h"
#include "json.h"
#include "line.h"
#include "names.h"
#include "netlink.h"
#include "nfprobe.h"

struct show_opts {
	struct nfp_filter_opts	filter;
	bool			json;
	unsigned long		limit;		/* 0: no limit */
};

static const char show_usage[] =
	NFP_FILTER_USAGE " [--limit N] [-n] [--json]";

static const char show_help[] =
	"Show the verdict history of flows in this network namespace.\n"
	"\n"
	NFP_FILTER_HELP
	"  --limit N         the N flows seen last\n"
	"  -n                numeric output (names are never looked up)\n"
	"  --json            machine-readable output (schema in nfprobe(8))";

const struct nfp_command nfp_cmd_show = {
	.name = "show",
	.fn = cmd_show,
	.usage = show_usage,
	.help = show_help,
};

static int take_opt(int c, const char *arg, void *ctx)
{
	struct show_opts *o = ctx;

	switch (c) {
	case 'L':
		if (!nfp_count_parse(arg, 0, &o->limit))
			return nfp_usage_error("show",
				"invalid count '%s' for --limit", arg);
		return 0;
	case 'j':
		o->json = true;
		return 0;
	}
	return -1;
}

static int parse_opts(int argc, char **argv, struct show_opts *o)
{
	static const struct option longopts[] = {
		{ "limit", required_argument, NULL, 'L' },
		{ "json", no_argument, NULL, 'j' },
		{}
	};
	int err;

	memset(o, 0, sizeof(*o));
	err = nfp_filter_args(argc, argv, &nfp_cmd_show, &o->filter, longopts,
			      take_opt, o);
	return err ?: nfp_filter_finish(&o->filter, "show");
}

static int fetch_flows(struct nfp_nl *nl, const struct show_opts *o,
		       struct nfp_flow_list *list)
{
	int err = nfp_flows_fetch(nl, &o->filter, list);

	if (!err && o->limit)
		nfp_flow_list_keep_last(list, o->limit);
	return err;
}

/* The inode number of this process's network namespace. */
static uint32_t own_netns(void)
{
	static uint32_t inum;
	struct stat st;

	if (!inum && !stat("/proc/self/ns/net", &st))
		inum = st.st_ino;
	return inum;
}

/*
 * The names of the interfaces met so far: if_indextoname() costs a socket
 * and an ioctl, and a full table names the same few interfaces in each of
 * its hundreds of thousands of events.
 */
static struct {
	uint32_t	ifindex;
	char		name[IF_NAMESIZE];
} ifname_cache[64];
static unsigned int ifname_cached;

const char *nfp_ifname(uint32_t ifindex, uint32_t netns, char *buf)
{
	unsigned int i;

	if (!ifindex)
		return NULL;
	/* Interface indexes are per namespace: only ours have names here. */
	if (netns != own_netns()) {
		snprintf(buf, IF_NAMESIZE, "if#%u", ifindex);
		return buf;
	}
	for (i = 0; i < ifname_cached; i++) {
		if (ifname_cache[i].ifindex == ifindex) {
			memcpy(buf, ifname_cache[i].name, IF_NAMESIZE);
			return buf;
		}
	}
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if#%u", ifindex);
	if (ifname_cached < sizeof(ifname_cache) / sizeof(ifname_cache[0])) {
		ifname_cache[ifname_cached].ifindex = ifindex;
		memcpy(ifname_cache[ifname_cached].name, buf, IF_NAMESIZE);
		ifname_cached++;
	}
	return buf;
}

/*
 * Local time with microseconds. The date and time of day are formatted
 * once per second: a table's events share a few seconds, and localtime_r()
 * and strftime() cost more than the rest of the line.
 */
void nfp_time_str(uint64_t ns, char *buf, size_t len)
{
	static time_t cached_sec = -1;
	static char cached[48];
	static size_t cached_len;
	time_t sec = ns / 1000000000ull;
	unsigned int usec = ns % 1000000000ull / 1000;
	char out[sizeof(cached) + 8];
	struct tm tm;
	int i;

	if (sec != cached_sec) {
		localtime_r(&sec, &tm);
		cached_len = strftime(cached, sizeof(cached),
				      "%Y-%m-%d %H:%M:%S", &tm);
		cached_sec = sec;
	}
	memcpy(out, cached, cached_len);
	out[cached_len] = '.';
	for (i = 6; i >= 1; i--, usec /= 10)
		out[cached_len + i] = '0' + usec % 10;
	out[cached_len + 7] = '\0';
	if (len)
		*(char *)mempcpy(buf, out, strnlen(out, len - 1)) = '\0';
}

#define NAME_OR_NUM(fn, v) nfp_name_or_num(fn(v), (v), num, sizeof(num))

static void line_tuple(struct nfp_line *l, const struct nfp_flow_key *k)
{
	char src[INET6_ADDRSTRLEN + 2], dst[INET6_ADDRSTRLEN + 2], num[16];
	const char *proto = NAME_OR_NUM(nfp_proto_name, k->proto);

	nfp_addr_str(k->family, k->src, k->has_ports, src, sizeof(src));
	nfp_addr_str(k->family, k->dst, k->has_ports, dst, sizeof(dst));
	nfp_line_str(l, src);
	if (k->has_ports) {
		nfp_line_str(l, ":");
		nfp_line_u64(l, k->sport);
	}
	nfp_line_str(l, " -> ");
	nfp_line_str(l, dst);
	if (k->has_ports) {
		nfp_line_str(l, ":");
		nfp_line_u64(l, k->dport);
		nfp_line_str(l, " ");
		nfp_line_str(l, proto);
	} else if (k->is_icmp) {
		nfp_line_str(l, " ");
		nfp_line_str(l, proto);
		nfp_line_str(l, " type ");
		nfp_line_u64(l, k->icmp_type);
		nfp_line_str(l, " code ");
		nfp_line_u64(l, k->icmp_code);
		nfp_line_str(l, " id ");
		nfp_line_u64(l, k->icmp_id);
	} else {
		nfp_line_str(l, " proto ");
		nfp_line_str(l, proto);
	}
}

void nfp_flow_print_tuple(const struct nfp_flow_key *k)
{
	struct nfp_line l;

	nfp_line_init(&l);
	line_tuple(&l, k);
	nfp_line_write(&l, stdout);
}

void nfp_flow_print_header(const struct nfp_flow *f)
{
	const struct nfp_flow_key *k = &f->key;
	char src[INET6_ADDRSTRLEN + 2], dst[INET6_ADDRSTRLEN + 2];
	struct nfp_line l;

	nfp_line_init(&l);
	line_tuple(&l, k);
	nfp_line_str(&l, "  netns ");
	nfp_line_u64(&l, k->netns);
	if (f->has_nat) {
		nfp_addr_str(k->family, f->nat_src, k->has_ports, src, sizeof(src));
		nfp_addr_str(k->family, f->nat_dst, k->has_ports, dst, sizeof(dst));
		nfp_line_str(&l, "  nat ");
		nfp_line_str(&l, src);
		if (k->has_ports) {
			nfp_line_str(&l, ":");
			nfp_line_u64(&l, f->nat_sport);
		}
		nfp_line_str(&l, " -> ");
		nfp_line_str(&l, dst);
		if (k->has_ports) {
			nfp_line_str(&l, ":");
			nfp_line_u64(&l, f->nat_dport);
		}
	}
	nfp_line_str(&l, "\n");
	nfp_line_write(&l, stdout);
}

void nfp_verdict_str(const struct nfp_event *e, char *buf, size_t len)
{
	char num[16];
	const char *v = NAME_OR_NUM(nfp_verdict_name, e->verdict);

	if (e->verdict == NFPROBE_VERDICT_REJECT)
		snprintf(buf, len, "%s %s", v,
			 NAME_OR_NUM(nfp_reject_name, e->reject));
	else if (e->ct_fail == NFPROBE_CT_FAIL_ALLOC)
		snprintf(buf, len, "%s (ct table full)", v);
	else if (e->ct_fail == NFPROBE_CT_FAIL_INSERT)
		snprintf(buf, len, "%s (ct insert failed)", v);
	else if (len)
		/* The common case, without snprintf()'s format parsing. */
		*(char *)mempcpy(buf, v, strnlen(v, len - 1)) = '\0';
}

static void print_event(const struct nfp_event *e, uint32_t netns)
{
	char when[64], verdict[48], flags[40], ifbuf[IF_NAMESIZE], num[16];
	struct nfp_line l;
	const char *name;

	nfp_verdict_str(e, verdict, sizeof(verdict));
	nfp_time_str(e->time_ns, when, sizeof(when));

	nfp_line_init(&l);
	nfp_line_str(&l, "  ");
	nfp_line_str(&l, when);
	nfp_line_str(&l, "  ");
	nfp_line_pad(&l, NAME_OR_NUM(nfp_hook_name, e->hook), 11);
	nfp_line_str(&l, "  ");
	nfp_line_pad(&l, verdict, 28);
	nfp_line_str(&l, "  stage ");
	/* An ACCEPT passed every stage: naming the last one would mislead. */
	nfp_line_pad(&l, e->verdict == NFPROBE_VERDICT_ACCEPT ? "-" :
		     NAME_OR_NUM(nfp_stage_name, e->stage), 9);
	nfp_line_str(&l, "  ct ");
	nfp_line_pad(&l, NAME_OR_NUM(nfp_ct_name, e->ct), 11);
	nfp_line_str(&l, "  ");
	nfp_line_pad(&l, NAME_OR_NUM(nfp_dir_name, e->dir), 5);
	name = nfp_ifname(e->iif, netns, ifbuf);
	if (name) {
		nfp_line_str(&l, "  in ");
		nfp_line_pad(&l, name, 8);
	}
	name = nfp_ifname(e->oif, netns, ifbuf);
	if (name) {
		nfp_line_str(&l, "  out ");
		nfp_line_pad(&l, name, 8);
	}
	nfp_line_str(&l, "  ");
	nfp_line_u64(&l, e->len);
	nfp_line_str(&l, "B");
	nfp_tcp_flags_str(e->tcp_flags, flags, sizeof(flags));
	if (flags[0]) {
		nfp_line_str(&l, "  ");
		nfp_line_str(&l, flags);
	}
	nfp_line_str(&l, "\n");
	nfp_line_write(&l, stdout);
}

static void print_counts(const struct nfp_flow *f)
{
	struct nfp_line l;

	nfp_line_init(&l);
	nfp_line_str(&l, "  packets ");
	nfp_line_u64(&l, f->packets);
	nfp_line_str(&l, "  accepted ");
	nfp_line_u64(&l, f->accepted);
	nfp_line_str(&l, "  dropped ");
	nfp_line_u64(&l, f->dropped);
	nfp_line_str(&l, "  rejected ");
	nfp_line_u64(&l, f->rejected);
	nfp_line_str(&l, "  (events ");
	nfp_line_u64(&l, f->events_total);
	nfp_line_str(&l, ", ");
	nfp_line_u64(&l, f->events_total - f->nevents);
	nfp_line_str(&l, " overwritten)\n");
	nfp_line_write(&l, stdout);
}

void nfp_show_print_text(const struct nfp_flow_list *list)
{
	size_t i, j;

	for (i = 0; i < list->n; i++) {
		const struct nfp_flow *f = &list->flows[i];

		if (i)
			putchar('\n');
		nfp_flow_print_header(f);
		for (j = 0; j < f->nevents; j++)
			print_event(&f->events[j], f->key.netns);
		print_counts(f);
		if (f->stolen)
			printf("  stolen or queued in a hook: %llu\n",
			       (unsigned long long)f->stolen);
		if (f->ct_alloc_failed || f->ct_insert_failed)
			printf("  conntrack: %llu dropped for a full table, %llu failed to insert\n",
			       (unsigned long long)f->ct_alloc_failed,
			       (unsigned long long)f->ct_insert_failed);
		if (f->rule) {
			char what[sizeof(f->rule->text) + 3 * sizeof(f->rule->table)];

			nfp_rule_describe(f->rule, what, sizeof(what));
			printf("  rule: %s\n", what);
		}
	}
}

static void json_name(struct json *j, const char *key, const char *name,
		      unsigned int value)
{
	char num[16];

	json_string(j, key, nfp_name_or_num(name, value, num, sizeof(num)));
}

void nfp_json_event(struct json *j, const char *key,
		    const struct nfp_event *e, uint32_t netns)
{
	char ifbuf[IF_NAMESIZE];
	const char *name;
	unsigned int bit;

	json_object_start(j, key);
	json_u64(j, "time_ns", e->time_ns);
	json_name(j, "hook", nfp_hook_name(e->hook), e->hook);
	json_name(j, "stage", nfp_stage_name(e->stage), e->stage);
	json_name(j, "verdict", nfp_verdict_name(e->verdict), e->verdict);
	if (e->verdict == NFPROBE_VERDICT_REJECT)
		json_name(j, "reject", nfp_reject_name(e->reject), e->reject);
	else
		json_null(j, "reject");
	json_name(j, "ct", nfp_ct_name(e->ct), e->ct);
	json_name(j, "dir", nfp_dir_name(e->dir), e->dir);
	name = nfp_ifname(e->iif, netns, ifbuf);
	name ? json_string(j, "iif", name) : json_null(j, "iif");
	name = nfp_ifname(e->oif, netns, ifbuf);
	name ? json_string(j, "oif", name) : json_null(j, "oif");
	json_u64(j, "len", e->len);
	if (e->ct_fail)
		json_name(j, "ct_fail", nfp_ct_fail_name(e->ct_fail), e->ct_fail);
	else
		json_null(j, "ct_fail");
	json_array_start(j, "tcp_flags");
	for (bit = 0; bit < 8; bit++)
		if (e->tcp_flags & (1u << bit))
			json_string(j, NULL, nfp_tcp_flag_name(bit));
	json_array_end(j);
	json_object_end(j);
}

/* The flow's identity: netns, family, proto, addresses, ports. */
void nfp_json_flow_key(struct json *j, const struct nfp_flow *f)
{
	char addr[INET6_ADDRSTRLEN];

	json_u64(j, "netns", f->key.netns);
	json_name(j, "family", nfp_family_name(f->key.family), f->key.family);
	json_name(j, "proto", nfp_proto_name(f->key.proto), f->key.proto);
	nfp_addr_str(f->key.family, f->key.src, false, addr, sizeof(addr));
	json_string(j, "src", addr);
	nfp_addr_str(f->key.family, f->key.dst, false, addr, sizeof(addr));
	json_string(j, "dst", addr);
	if (f->key.has_ports) {
		json_u64(j, "sport", f->key.sport);
		json_u64(j, "dport", f->key.dport);
	}
	if (f->key.is_icmp) {
		json_u64(j, "icmp_type", f->key.icmp_type);
		json_u64(j, "icmp_code", f->key.icmp_code);
		json_u64(j, "icmp_id", f->key.icmp_id);
	}
}

/* The flow after NAT, or null. */
void nfp_json_flow_nat(struct json *j, const struct nfp_flow *f)
{
	char addr[INET6_ADDRSTRLEN];

	if (!f->has_nat) {
		json_null(j, "nat");
		return;
	}
	json_object_start(j, "nat");
	nfp_addr_str(f->key.family, f->nat_src, false, addr, sizeof(addr));
	json_string(j, "src", addr);
	nfp_addr_str(f->key.family, f->nat_dst, false, addr, sizeof(addr));
	json_string(j, "dst", addr);
	if (f->key.has_ports) {
		json_u64(j, "sport", f->nat_sport);
		json_u64(j, "dport", f->nat_dport);
	}
	json_object_end(j);
}

static void json_rule(struct json *j, const struct nfp_rule *r)
{
	json_object_start(j, "rule");
	json_string(j, "source", nfp_rule_source_name(r->source));
	json_u64(j, "table_family", r->table_family);
	json_string(j, "table", r->table);
	json_string(j, "chain", r->chain);
	json_u64(j, "position", r->position);
	json_u64(j, "handle", r->handle);
	json_string(j, "text", r->text);
	json_name(j, "hook", nfp_hook_name(r->hook), r->hook);
	json_name(j, "verdict", nfp_verdict_name(r->verdict), r->verdict);
	json_u64(j, "time_ns", r->time_ns);
	json_object_end(j);
}

void nfp_show_print_json(const struct nfp_flow_list *list)
{
	struct json j;
	size_t i, k;

	json_init(&j, stdout);
	json_object_start(&j, NULL);
	json_u64(&j, "version", 1);
	json_array_start(&j, "flows");
	for (i = 0; i < list->n; i++) {
		const struct nfp_flow *f = &list->flows[i];

		json_object_start(&j, NULL);
		nfp_json_flow_key(&j, f);
		json_u64(&j, "first_seen_ns", f->first_seen);
		json_u64(&j, "last_seen_ns", f->last_seen);
		json_u64(&j, "packets", f->packets);
		json_u64(&j, "accepted", f->accepted);
		json_u64(&j, "dropped", f->dropped);
		json_u64(&j, "rejected", f->rejected);
		json_u64(&j, "stolen", f->stolen);
		json_u64(&j, "events_total", f->events_total);
		json_u64(&j, "ct_alloc_failed", f->ct_alloc_failed);
		json_u64(&j, "ct_insert_failed", f->ct_insert_failed);
		nfp_json_flow_nat(&j, f);
		json_array_start(&j, "events");
		for (k = 0; k < f->nevents; k++)
			nfp_json_event(&j, NULL, &f->events[k], f->key.netns);
		json_array_end(&j);
		if (f->rule)
			json_rule(&j, f->rule);
		else
			json_null(&j, "rule");
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
}

int cmd_show(int argc, char **argv)
{
	struct nfp_flow_list list = {};
	struct show_opts o;
	struct nfp_nl nl;
	int err;

	err = parse_opts(argc, argv, &o);
	if (err)
		return err;

	err = nfp_nl_open_or_report(&nl);
	if (err)
		return err;
	err = fetch_flows(&nl, &o, &list);
	nfp_nl_close(&nl);
	if (err) {
		nfp_flow_list_free(&list);
		return nfp_nl_report(err);
	}

	if (o.json)
		nfp_show_print_json(&list);
	else
		nfp_show_print_text(&list);
	nfp_flow_list_free(&list);
	return NFP_EXIT_OK;
}
