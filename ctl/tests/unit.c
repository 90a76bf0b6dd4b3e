// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the tool's logic, linked against the tool's own
 * objects: address parsing, names, JSON escaping, and parsing and merging
 * of flow messages built here the way the kernel builds them. TAP output.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <linux/netfilter.h>
#include <linux/nfprobe.h>

#include "addr.h"
#include "ct.h"
#include "flows.h"
#include "json.h"
#include "line.h"
#include "names.h"
#include "explain.h"
#include "filter.h"
#include "ruleset.h"
#include "stats.h"

static int tests, failures;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failures++;
	printf("%sok %d - ", cond ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void test_prefix(void)
{
	static const char *const bad[] = {
		"", "1.2.3", "300.1.1.1", "1.2.3.4/33", "/24", "1.2.3.4/",
		"1.2.3.4/24x", "1.2.3.4/-1", "1.2.3.4/ 8", "2001:db8::/129",
		"example.com", "1.2.3.4/08x", "::1/1/2",
	};
	struct nfp_prefix p;
	size_t i;

	ok(!nfp_prefix_parse("198.51.100.5", &p) && p.family == AF_INET &&
	   p.len == 32 && !memcmp(p.addr, "\xc6\x33\x64\x05", 4),
	   "prefix: 198.51.100.5 is an IPv4 /32");
	ok(!nfp_prefix_parse("198.51.100.0/24", &p) && p.family == AF_INET &&
	   p.len == 24, "prefix: 198.51.100.0/24");
	ok(!nfp_prefix_parse("0.0.0.0/0", &p) && p.len == 0,
	   "prefix: 0.0.0.0/0");
	ok(!nfp_prefix_parse("2001:db8::1", &p) && p.family == AF_INET6 &&
	   p.len == 128 && p.addr[0] == 0x20 && p.addr[15] == 1,
	   "prefix: 2001:db8::1 is an IPv6 /128");
	ok(!nfp_prefix_parse("2001:db8::/32", &p) && p.len == 32,
	   "prefix: 2001:db8::/32");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(nfp_prefix_parse(bad[i], &p) == -1,
		   "prefix: '%s' is refused", bad[i]);
}

static void test_names(void)
{
	unsigned int v;
	int all = 1;
	char buf[64];

	for (v = 0; v <= NFPROBE_HOOK_MAX; v++)
		all &= nfp_hook_name(v) != NULL;
	ok(all && !nfp_hook_name(NFPROBE_HOOK_MAX + 1), "names: every hook");
	all = 1;
	for (v = 0; v <= NFPROBE_STAGE_MAX; v++)
		all &= nfp_stage_name(v) != NULL;
	ok(all && !nfp_stage_name(NFPROBE_STAGE_MAX + 1), "names: every stage");
	all = 1;
	for (v = 0; v <= NFPROBE_VERDICT_MAX; v++)
		all &= nfp_verdict_name(v) != NULL;
	ok(all, "names: every verdict");
	all = 1;
	for (v = 0; v <= NFPROBE_REJECT_MAX; v++)
		all &= nfp_reject_name(v) != NULL;
	ok(all && !nfp_reject_name(NFPROBE_REJECT_MAX + 1),
	   "names: every reject type");
	all = 1;
	for (v = 0; v <= NFPROBE_CT_MAX; v++)
		all &= nfp_ct_name(v) != NULL;
	ok(all, "names: every conntrack state");
	all = 1;
	for (v = 0; v <= NFPROBE_CT_FAIL_MAX; v++)
		all &= nfp_ct_fail_name(v) != NULL;
	ok(all, "names: every conntrack failure");
	ok(!strcmp(nfp_reject_name(NFPROBE_REJECT_TCP_RESET), "tcp-reset") &&
	   !strcmp(nfp_reject_name(NFPROBE_REJECT_ICMP_PORT_UNREACHABLE),
		   "icmp-port-unreachable"),
	   "names: reject types as iptables spells them");
	ok(!strcmp(nfp_name_or_num(nfp_stage_name(200), 200, buf, sizeof(buf)),
		   "200"), "names: unknown values print as numbers");

	nfp_tcp_flags_str(0x12, buf, sizeof(buf));
	ok(!strcmp(buf, "SYN,ACK"), "names: TCP flags 0x12 are SYN,ACK");
	nfp_tcp_flags_str(0, buf, sizeof(buf));
	ok(!strcmp(buf, ""), "names: no TCP flags is empty");

	ok(nfp_proto_parse("tcp") == 6 && nfp_proto_parse("UDP") == 17 &&
	   nfp_proto_parse("icmpv6") == 58 && nfp_proto_parse("47") == 47,
	   "names: protocols by name and number");
	ok(nfp_proto_parse("256") == -1 && nfp_proto_parse("tcpx") == -1 &&
	   nfp_proto_parse("") == -1, "names: bad protocols are refused");
}

static void test_json(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f);
	json_object_start(&j, NULL);
	json_string(&j, "s", "a\"b\\c\n\x01");
	json_u64(&j, "n", 18446744073709551615ull);
	json_array_start(&j, "a");
	json_u64(&j, NULL, 1);
	json_null(&j, NULL);
	json_array_end(&j);
	json_object_end(&j);
	fclose(f);
	ok(!strcmp(buf, "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":18446744073709551615,"
			"\"a\":[1,null]}\n"),
	   "json: escaping, commas, nesting");
	free(buf);
}

struct ev {
	uint64_t time;
	uint8_t hook, verdict;
};

/* A GET_FLOWS reply as the kernel builds it. */
static struct nl_msg *flow_msg(uint32_t cpu, const char *src, uint16_t sport,
			       uint64_t packets, const struct ev *evs, int n)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *flow, *events, *ev;
	struct in_addr a;
	int i;

	genlmsg_put(msg, 0, 0, 0x20, 0, NLM_F_MULTI, NFPROBE_CMD_GET_FLOWS, 1);
	flow = nla_nest_start(msg, NFPROBE_A_FLOW | NLA_F_NESTED);
	nla_put_u64(msg, NFPROBE_FLOW_A_ID, (uint64_t)cpu << 32 | 7);
	nla_put_u32(msg, NFPROBE_FLOW_A_CPU, cpu);
	nla_put_u32(msg, NFPROBE_FLOW_A_NETNS, 4026531840u);
	nla_put_u8(msg, NFPROBE_FLOW_A_FAMILY, NFPROTO_IPV4);
	nla_put_u8(msg, NFPROBE_FLOW_A_PROTO, 6);
	inet_pton(AF_INET, src, &a);
	nla_put(msg, NFPROBE_FLOW_A_SRC, 4, &a);
	inet_pton(AF_INET, "203.0.113.10", &a);
	nla_put(msg, NFPROBE_FLOW_A_DST, 4, &a);
	nla_put_u16(msg, NFPROBE_FLOW_A_SPORT, htons(sport));
	nla_put_u16(msg, NFPROBE_FLOW_A_DPORT, htons(8080));
	nla_put_u64(msg, NFPROBE_FLOW_A_FIRST_SEEN, evs[0].time);
	nla_put_u64(msg, NFPROBE_FLOW_A_LAST_SEEN, evs[n - 1].time);
	nla_put_u64(msg, NFPROBE_FLOW_A_PACKETS, packets);
	nla_put_u64(msg, NFPROBE_FLOW_A_REJECTED, packets);
	nla_put_u64(msg, NFPROBE_FLOW_A_EVENTS_TOTAL, n);
	events = nla_nest_start(msg, NFPROBE_FLOW_A_EVENTS | NLA_F_NESTED);
	for (i = 0; i < n; i++) {
		ev = nla_nest_start(msg, NFPROBE_FLOW_A_EVENT | NLA_F_NESTED);
		nla_put_u64(msg, NFPROBE_EVENT_A_TIME, evs[i].time);
		nla_put_u8(msg, NFPROBE_EVENT_A_HOOK, evs[i].hook);
		nla_put_u8(msg, NFPROBE_EVENT_A_STAGE, NFPROBE_STAGE_FILTER);
		nla_put_u8(msg, NFPROBE_EVENT_A_VERDICT, evs[i].verdict);
		nla_put_u8(msg, NFPROBE_EVENT_A_REJECT, NFPROBE_REJECT_TCP_RESET);
		nla_put_u32(msg, NFPROBE_EVENT_A_LEN, 60);
		nla_put_u8(msg, NFPROBE_EVENT_A_TCP_FLAGS, 0x02);
		nla_nest_end(msg, ev);
	}
	nla_nest_end(msg, events);
	nla_nest_end(msg, flow);
	return msg;
}

static int add(struct nfp_flow_list *list, struct nl_msg *msg)
{
	struct nfp_flow f;
	int err = nfp_flow_parse(nlmsg_hdr(msg), &f);

	if (!err)
		err = nfp_flow_list_add(list, &f);
	free(f.events);
	nlmsg_free(msg);
	return err;
}

static void test_flows(void)
{
	const struct ev cpu0[] = {
		{ 100, NFPROBE_HOOK_PREROUTING, NFPROBE_VERDICT_ACCEPT },
		{ 300, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_REJECT },
	};
	const struct ev cpu1[] = {
		{ 200, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_REJECT },
	};
	const struct ev other[] = {
		{ 50, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP },
	};
	struct nfp_flow_list list = {};
	struct nfp_flow *f;
	struct nl_msg *bad;

	ok(!add(&list, flow_msg(0, "198.51.100.5", 40001, 1, cpu0, 2)) &&
	   !add(&list, flow_msg(1, "198.51.100.5", 40001, 2, cpu1, 1)) &&
	   !add(&list, flow_msg(1, "198.51.100.6", 40001, 1, other, 1)),
	   "flows: three entries parse");
	ok(!nfp_flow_list_merge(&list) && list.n == 2,
	   "flows: entries of one flow from two CPUs merge into one");
	nfp_flow_list_sort(&list);
	f = &list.flows[1];
	ok(f->key.sport == 40001 && f->key.dport == 8080 && f->key.proto == 6 &&
	   f->key.has_ports && f->key.src[3] == 5,
	   "flows: key fields decoded");
	ok(f->packets == 3 && f->rejected == 3 && f->events_total == 3 &&
	   f->first_seen == 100 && f->last_seen == 300,
	   "flows: counters summed, first/last seen widened");
	ok(f->nevents == 3 && f->events[0].time_ns == 100 &&
	   f->events[1].time_ns == 200 && f->events[2].time_ns == 300 &&
	   f->events[1].reject == NFPROBE_REJECT_TCP_RESET &&
	   f->events[0].tcp_flags == 0x02,
	   "flows: events of all CPUs ordered by time");
	ok(list.flows[0].key.src[3] == 6,
	   "flows: flows ordered by last event");
	nfp_flow_list_free(&list);

	bad = nlmsg_alloc();
	genlmsg_put(bad, 0, 0, 0x20, 0, 0, NFPROBE_CMD_GET_FLOWS, 1);
	nla_put_u32(bad, NFPROBE_A_FLOW, 1);
	{
		struct nfp_flow f2;

		ok(nfp_flow_parse(nlmsg_hdr(bad), &f2) < 0,
		   "flows: a malformed message is refused");
	}
	nlmsg_free(bad);
}

/* What @fn printed on stdout, in a buffer the caller frees. */
static char *stdout_of(void (*fn)(const void *), const void *arg)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	char *buf = NULL;
	long len;

	fflush(stdout);
	if (!tmp || saved < 0 || dup2(fileno(tmp), STDOUT_FILENO) < 0)
		return NULL;
	fn(arg);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	len = ftell(tmp);
	if (len >= 0 && (buf = calloc(1, len + 1))) {
		rewind(tmp);
		if (fread(buf, 1, len, tmp) != (size_t)len)
			buf[0] = '\0';
	}
	fclose(tmp);
	return buf;
}

static void test_output(void)
{
	static const unsigned char v4[][4] = {
		{ 0, 0, 0, 0 }, { 9, 10, 99, 100 }, { 199, 200, 249, 255 },
		{ 198, 51, 100, 5 }, { 10, 0, 1, 20 },
	};
	unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	char buf[INET6_ADDRSTRLEN + 2], ref[INET6_ADDRSTRLEN], when[64];
	char small[5];
	struct nfp_line l;
	unsigned int i;
	int all = 1;
	time_t sec = 1764000000;
	struct tm tm;

	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		nfp_addr_str(AF_INET, v4[i], true, buf, sizeof(buf));
		inet_ntop(AF_INET, v4[i], ref, sizeof(ref));
		all &= !strcmp(buf, ref);
	}
	ok(all, "output: IPv4 addresses as inet_ntop() writes them");
	nfp_addr_str(AF_INET6, v6, true, buf, sizeof(buf));
	ok(!strcmp(buf, "[2001:db8::1]"), "output: IPv6 bracketed before a port");
	nfp_addr_str(AF_INET, v4[3], false, small, sizeof(small));
	ok(!strcmp(small, "198."), "output: an address is cut to the buffer");

	nfp_line_init(&l);
	nfp_line_pad(&l, "INPUT", 11);
	nfp_line_str(&l, "|");
	nfp_line_pad(&l, "too-long-for-it", 4);
	nfp_line_u64(&l, 0);
	nfp_line_str(&l, " ");
	nfp_line_u64(&l, UINT64_MAX);
	ok(l.len == 49 && !memcmp(l.buf, "INPUT      |too-long-for-it0 "
				  "18446744073709551615", l.len),
	   "output: a line pads, and writes numbers as %%llu");
	nfp_line_init(&l);
	for (i = 0; i < NFP_LINE_MAX; i++)
		nfp_line_pad(&l, "abc", 7);
	nfp_line_u64(&l, 12345);
	ok(l.len == NFP_LINE_MAX, "output: a line is cut at its end, not overrun");

	setenv("TZ", "UTC", 1);
	tzset();
	nfp_time_str(1764000000ull * 1000000000 + 1234567, when, sizeof(when));
	gmtime_r(&sec, &tm);
	strftime(ref, sizeof(ref), "%Y-%m-%d %H:%M:%S.001234", &tm);
	ok(!strcmp(when, ref), "output: time %s", when);
	nfp_time_str(1764000001ull * 1000000000 + 999999999, when, sizeof(when));
	sec++;
	gmtime_r(&sec, &tm);
	strftime(ref, sizeof(ref), "%Y-%m-%d %H:%M:%S.999999", &tm);
	ok(!strcmp(when, ref), "output: the next second's time %s", when);
	nfp_time_str(1764000001ull * 1000000000, small, sizeof(small));
	ok(!strcmp(small, "2025"), "output: a time is cut to the buffer");
}

static void print_text(const void *list)
{
	nfp_show_print_text(list);
}

/* An event whose @type attribute is @len bytes long. */
static struct nl_msg *event_msg(int type, int len)
{
	static const unsigned char zero[16];
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *flow, *events, *ev;
	uint32_t a = htonl(0xc6336405);

	genlmsg_put(msg, 0, 0, 0x20, 0, NLM_F_MULTI, NFPROBE_CMD_GET_FLOWS, 1);
	flow = nla_nest_start(msg, NFPROBE_A_FLOW);
	nla_put_u8(msg, NFPROBE_FLOW_A_FAMILY, NFPROTO_IPV4);
	nla_put_u8(msg, NFPROBE_FLOW_A_PROTO, 17);
	nla_put(msg, NFPROBE_FLOW_A_SRC, 4, &a);
	nla_put(msg, NFPROBE_FLOW_A_DST, 4, &a);
	events = nla_nest_start(msg, NFPROBE_FLOW_A_EVENTS);
	ev = nla_nest_start(msg, NFPROBE_FLOW_A_EVENT);
	if (type != NFPROBE_EVENT_A_TIME)
		nla_put_u64(msg, NFPROBE_EVENT_A_TIME, 7);
	nla_put_u8(msg, NFPROBE_EVENT_A_HOOK, NFPROBE_HOOK_INPUT);
	nla_put_u8(msg, NFPROBE_EVENT_A_VERDICT, NFPROBE_VERDICT_DROP);
	nla_put(msg, type, len, zero);
	nla_nest_end(msg, ev);
	nla_nest_end(msg, events);
	nla_nest_end(msg, flow);
	return msg;
}

static int parse_one(struct nl_msg *msg, struct nfp_flow *f)
{
	int err = nfp_flow_parse(nlmsg_hdr(msg), f);

	nlmsg_free(msg);
	return err;
}

static void test_flow_parse(void)
{
	struct nfp_flow f;

	ok(parse_one(event_msg(NFPROBE_EVENT_A_TIME, 4), &f) == -EINVAL,
	   "flows: an event's 4-byte time is refused");
	ok(parse_one(event_msg(NFPROBE_EVENT_A_IIF, 2), &f) == -EINVAL,
	   "flows: an event's 2-byte interface is refused");
	ok(!parse_one(event_msg(NFPROBE_EVENT_A_MAX + 1, 3), &f) &&
	   f.nevents == 1 && f.events[0].time_ns == 7 &&
	   f.events[0].verdict == NFPROBE_VERDICT_DROP && f.events[0].len == 0,
	   "flows: an attribute of a newer kernel is skipped");
	nfp_flow_free(&f);
	ok(!parse_one(event_msg(NFPROBE_EVENT_A_LEN, 8), &f) &&
	   f.nevents == 1 && !f.dropped && !f.stolen && !f.ct_insert_failed,
	   "flows: a longer attribute is read; absent counters are 0");
	nfp_flow_free(&f);
}

/* Entries of 1000 flows from two CPUs each, in a dump's random order. */
static void test_flows_merge_many(void)
{
	const struct ev one[] = {
		{ 100, NFPROBE_HOOK_INPUT, NFPROBE_VERDICT_DROP },
	};
	struct nfp_flow_list list = {};
	int order[2000], i, j, t, err = 0, all = 1;
	char src[32];

	for (i = 0; i < 2000; i++)
		order[i] = i;
	srand(7);
	for (i = 1999; i > 0; i--) {
		j = rand() % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < 2000 && !err; i++) {
		int flow = order[i] / 2, cpu = order[i] % 2;

		snprintf(src, sizeof(src), "10.1.%d.%d", flow / 250, flow % 250);
		err = add(&list, flow_msg(cpu, src, 1000 + flow % 7,
					  1 + cpu, one, 1));
	}
	ok(!err && !nfp_flow_list_merge(&list) && list.n == 1000,
	   "flows: 2000 entries of 1000 flows merge into 1000");
	for (i = 0; i < (int)list.n; i++)
		all &= list.flows[i].packets == 3 && list.flows[i].nevents == 2;
	ok(all, "flows: each merged flow sums both CPUs' entries");
	nfp_flow_list_free(&list);
}

static void test_show_text(void)
{
	const struct ev evs[] = {
		{ 1764000000123456789ull, NFPROBE_HOOK_PREROUTING,
		  NFPROBE_VERDICT_ACCEPT },
		{ 1764000000123460000ull, NFPROBE_HOOK_INPUT,
		  NFPROBE_VERDICT_REJECT },
	};
	static const char expected[] =
		"198.51.100.5:40001 -> 203.0.113.10:8080 tcp  netns 4026531840\n"
		"  2025-11-24 16:00:00.123456  PREROUTING   ACCEPT                        stage -          ct none         orig   60B  SYN\n"
		"  2025-11-24 16:00:00.123460  INPUT        REJECT tcp-reset              stage filter     ct none         orig   60B  SYN\n"
		"  packets 2  accepted 0  dropped 0  rejected 2  (events 2, 0 overwritten)\n";
	struct nfp_flow_list list = {};
	char *out;

	setenv("TZ", "UTC", 1);
	tzset();
	add(&list, flow_msg(1, "198.51.100.5", 40001, 2, evs, 2));
	nfp_flow_list_merge(&list);
	nfp_flow_list_sort(&list);
	out = stdout_of(print_text, &list);
	ok(out && !strcmp(out, expected), "show: the text output, column for column");
	if (out && strcmp(out, expected))
		fprintf(stderr, "# got:\n%s", out);
	free(out);
	nfp_flow_list_free(&list);
}

static void test_ct_stats(void)
{
	static const char text[] =
		"entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n"
		"00000006  00000000 00000000 00000000 00000003 00000000 00000000 00000000 00000000 00000001 0000000a 00000000 00000000  00000000 00000000 00000000 00000000\n"
		"00000006  00000000 00000000 00000000 00000002 00000000 00000000 00000000 00000000 00000000 00000014 00000000 00000000  00000000 00000000 00000000 00000001\n";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct nfp_ct_stats st;
	uint64_t entries = 0, invalid = 0, drop = 0, insert_failed = 0;
	unsigned int i;

	ok(!nfp_ct_stats_parse(f, &st) && st.n == 17,
	   "ct stats: header and two CPU lines parse");
	fclose(f);
	for (i = 0; i < st.n; i++) {
		if (!strcmp(st.name[i], "entries"))
			entries = st.value[i];
		else if (!strcmp(st.name[i], "invalid"))
			invalid = st.value[i];
		else if (!strcmp(st.name[i], "drop"))
			drop = st.value[i];
		else if (!strcmp(st.name[i], "insert_failed"))
			insert_failed = st.value[i];
	}
	ok(entries == 6 && invalid == 5 && drop == 30 && insert_failed == 1,
	   "ct stats: per-CPU hex values summed, entries counted once");

	f = fmemopen((void *)"entries drop\n0001\n", 18, "r");
	ok(nfp_ct_stats_parse(f, &st) == -EINVAL,
	   "ct stats: a short line is refused");
	fclose(f);
}

static void test_filters(void)
{
	uint64_t ns;
	unsigned long count;
	uint32_t set;

	ok(!nfp_verdicts_parse("drop,REJECT", &set) &&
	   set == (1u << NFPROBE_VERDICT_DROP | 1u << NFPROBE_VERDICT_REJECT),
	   "filter: --verdict drop,REJECT");
	ok(nfp_verdicts_parse("drop,", &set) == 0 &&
	   set == 1u << NFPROBE_VERDICT_DROP, "filter: a trailing comma is harmless");
	ok(nfp_verdicts_parse("dropped", &set) < 0, "filter: --verdict dropped is refused");
	ok(nfp_verdicts_parse("", &set) < 0, "filter: an empty verdict list is refused");
	ok(!nfp_hooks_parse("input,Forward", &set) &&
	   set == (1u << NFPROBE_HOOK_INPUT | 1u << NFPROBE_HOOK_FORWARD),
	   "filter: --hook input,Forward");
	ok(nfp_hooks_parse("INPUT,nat", &set) < 0, "filter: --hook nat is refused");
	ok(!nfp_stages_parse("nat-dst,filter", &set) &&
	   set == (1u << NFPROBE_STAGE_NAT_DST | 1u << NFPROBE_STAGE_FILTER),
	   "filter: --stage nat-dst,filter");
	ok(nfp_stages_parse("unknown", &set) < 0, "filter: --stage unknown is refused");

	ok(nfp_port_parse("8080", "tcp") == 8080, "port: 8080");
	ok(nfp_port_parse("65535", NULL) == 65535, "port: 65535");
	ok(nfp_port_parse("0", NULL) < 0 && nfp_port_parse("65536", NULL) < 0 &&
	   nfp_port_parse("-1", NULL) < 0 && nfp_port_parse("", NULL) < 0 &&
	   nfp_port_parse("80x", NULL) < 0, "port: 0, 65536, -1, '', 80x refused");
	ok(nfp_port_parse("https", "tcp") == 443, "port: https is 443 (/etc/services)");
	ok(nfp_port_parse("domain", NULL) == 53, "port: domain is 53");
	ok(nfp_port_parse("no-such-service", NULL) < 0, "port: unknown service refused");

	ok(!nfp_duration_parse("30s", &ns) && ns == 30000000000ull, "duration: 30s");
	ok(!nfp_duration_parse("90", &ns) && ns == 90000000000ull, "duration: 90 is seconds");
	ok(!nfp_duration_parse("5m", &ns) && ns == 300000000000ull, "duration: 5m");
	ok(!nfp_duration_parse("2h", &ns) && ns == 7200000000000ull, "duration: 2h");
	ok(!nfp_duration_parse("1d", &ns) && ns == 86400000000000ull, "duration: 1d");
	ok(!nfp_duration_parse("500ms", &ns) && ns == 500000000ull, "duration: 500ms");
	ok(nfp_duration_parse("5x", &ns) < 0 && nfp_duration_parse("-5s", &ns) < 0 &&
	   nfp_duration_parse("s", &ns) < 0 && nfp_duration_parse("", &ns) < 0,
	   "duration: 5x, -5s, s, '' refused");
	ok(nfp_duration_parse("99999999999999999999d", &ns) < 0 &&
	   nfp_duration_parse("300000d", &ns) < 0, "duration: overflow refused");

	ok(nfp_count_parse("10", 0, &count) && count == 10 &&
	   nfp_count_parse("100000", 100000, &count) && count == 100000,
	   "count: 10; 100000 at most 100000");
	ok(!nfp_count_parse("0", 0, &count) && !nfp_count_parse("010", 0, &count) &&
	   !nfp_count_parse("-1", 0, &count) && !nfp_count_parse("+5", 0, &count) &&
	   !nfp_count_parse("5x", 0, &count) && !nfp_count_parse("", 0, &count) &&
	   !nfp_count_parse("100001", 100000, &count) &&
	   !nfp_count_parse("99999999999999999999999", 0, &count),
	   "count: 0, 010, -1, +5, 5x, '', over the bound, overflow refused");
}

/* Client-side matching, as watch filters the events it receives. */
static void test_filter_match(void)
{
	struct nfp_event ev = {
		.hook = NFPROBE_HOOK_INPUT, .stage = NFPROBE_STAGE_FILTER,
		.verdict = NFPROBE_VERDICT_DROP,
	};
	struct nfp_flow f = {
		.key = { .family = AF_INET, .proto = IPPROTO_UDP,
			 .src = { 198, 51, 100, 5 }, .dst = { 203, 0, 113, 10 },
			 .sport = 40000, .dport = 9999, .has_ports = true },
		.nat_dst = { 10, 0, 0, 2 }, .nat_dport = 53,
		.nevents = 1, .events = &ev,
	};
	struct nfp_filter_opts o;

	nfp_filter_init(&o);
	ok(nfp_filter_match(&o, &f), "match: an empty filter matches");
	ok(!nfp_filter_opt(&o, 's', "198.51.100.0/24", "t") &&
	   !nfp_filter_opt(&o, 'D', "9999", "t") && !nfp_filter_finish(&o, "t") &&
	   nfp_filter_match(&o, &f), "match: --src 198.51.100.0/24 --dport 9999");
	nfp_filter_init(&o);
	nfp_filter_opt(&o, 's', "198.51.100.6", "t");
	ok(!nfp_filter_match(&o, &f), "match: another source does not");
	nfp_filter_init(&o);
	nfp_filter_opt(&o, 'd', "10.0.0.0/8", "t");
	ok(!nfp_filter_match(&o, &f), "match: the NAT destination only once NATed");
	f.has_nat = true;
	ok(nfp_filter_match(&o, &f), "match: --dst finds the flow after NAT");
	nfp_filter_init(&o);
	o.dport = 53;
	ok(nfp_filter_match(&o, &f), "match: --dport finds the port after NAT");
	nfp_filter_init(&o);
	nfp_filter_opt(&o, 'V', "drop", "t");
	nfp_filter_opt(&o, 'H', "forward", "t");
	ok(!nfp_filter_match(&o, &f), "match: DROP in INPUT is not DROP in FORWARD");
	nfp_filter_opt(&o, 'H', "input", "t");
	ok(nfp_filter_match(&o, &f), "match: --verdict drop --hook input");
	nfp_filter_init(&o);
	nfp_filter_opt(&o, '6', NULL, "t");
	ok(!nfp_filter_match(&o, &f), "match: -6 leaves IPv4 out");
	nfp_filter_init(&o);
	nfp_filter_opt(&o, 'p', "tcp", "t");
	ok(!nfp_filter_match(&o, &f), "match: --proto tcp leaves UDP out");
}

static void test_prometheus(void)
{
	struct nfp_counter counters[] = {
		{ NFPROTO_IPV4, NFPROBE_HOOK_INPUT, NFPROBE_STAGE_FILTER,
		  NFPROBE_VERDICT_REJECT, 7 },
		{ NFPROTO_IPV6, NFPROBE_HOOK_FORWARD, NFPROBE_STAGE_CONFIRM,
		  NFPROBE_VERDICT_ACCEPT, 12345678901ull },
		{ NFPROTO_IPV4, 9, 42, 9, 1 },	/* values this tool does not know */
	};
	struct nfp_stats_report r = {
		.counters = counters, .n = 3, .flows_in_use = 5, .events = 9,
		.has_ct = true, .ct_count = 3, .ct_max = 262144,
		.ct_stats = { .n = 2, .name = { "entries", "drop" },
			      .value = { 3, 11 } },
	};
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	nfp_stats_prometheus(f, &r);
	fclose(f);
	ok(strstr(out, "# TYPE nfprobe_packets_total counter\n") != NULL,
	   "prometheus: packets_total is a counter");
	ok(strstr(out, "nfprobe_packets_total{family=\"ipv4\",hook=\"input\",stage=\"filter\",verdict=\"reject\"} 7\n") != NULL,
	   "prometheus: a REJECT counter with its labels");
	ok(strstr(out, "nfprobe_packets_total{family=\"ipv6\",hook=\"forward\",stage=\"confirm\",verdict=\"accept\"} 12345678901\n") != NULL,
	   "prometheus: a 64-bit ACCEPT counter of IPv6");
	ok(strstr(out, "hook=\"9\",stage=\"42\",verdict=\"9\"} 1\n") != NULL,
	   "prometheus: unknown values as numbers");
	ok(strstr(out, "nfprobe_flows_in_use 5\n") && strstr(out, "nfprobe_events_total 9\n") &&
	   strstr(out, "nfprobe_conntrack_entries 3\n") &&
	   strstr(out, "nfprobe_conntrack_max 262144\n"),
	   "prometheus: table and conntrack gauges");
	ok(strstr(out, "nfprobe_conntrack_stat_total{stat=\"drop\"} 11\n") &&
	   !strstr(out, "stat=\"entries\""),
	   "prometheus: conntrack statistics, entries left to the gauge");
	free(out);

	r.has_ct = false;
	out = NULL;
	f = open_memstream(&out, &len);
	nfp_stats_prometheus(f, &r);
	fclose(f);
	ok(!strstr(out, "conntrack"), "prometheus: no conntrack lines without conntrack");
	free(out);
}

static void test_chains(void)
{
	static const char text[] =
		"table ip filter {\n"
		"\tchain INPUT {\n"
		"\t\ttype filter hook input priority filter; policy drop;\n"
		"\t}\n"
		"\tchain DOCKER-USER {\n"
		"\t}\n"
		"}\n"
		"table inet t {\n"
		"\tchain at_m10 {\n"
		"\t\ttype filter hook input priority filter - 10; policy accept;\n"
		"\t}\n"
		"\tchain pre {\n"
		"\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
		"\t}\n"
		"\tchain odd {\n"
		"\t\ttype filter hook output priority -175; policy accept;\n"
		"\t}\n"
		"}\n";
	struct nfp_chain c[8];
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	int n = nfp_chains_parse(f, c, 8);

	fclose(f);
	ok(n == 4, "chains: the four base chains, not the regular one (%d)", n);
	ok(n >= 1 && !strcmp(c[0].family, "ip") && !strcmp(c[0].table, "filter") &&
	   !strcmp(c[0].chain, "INPUT") && !strcmp(c[0].hook, "input") &&
	   c[0].priority == 0 && c[0].policy_drop,
	   "chains: ip filter INPUT, priority filter, policy drop");
	ok(n >= 2 && !strcmp(c[1].family, "inet") && !strcmp(c[1].chain, "at_m10") &&
	   c[1].priority == -10 && !c[1].policy_drop,
	   "chains: 'filter - 10' is -10");
	ok(n >= 3 && c[2].priority == -100 && !strcmp(c[2].hook, "prerouting"),
	   "chains: dstnat is -100");
	ok(n >= 4 && c[3].priority == -175, "chains: a numeric priority");
	f = fmemopen((void *)text, sizeof(text) - 1, "r");
	n = nfp_chains_parse(f, c, 2);
	fclose(f);
	ok(n == 2, "chains: no more than asked for");
}

static void test_ruleset(void)
{
	static const char nft[] =
		"table inet fw { # handle 7\n"
		"\tset blocked { # handle 3\n"
		"\t\ttype ipv4_addr\n"
		"\t}\n"
		"\tchain input { # handle 1\n"
		"\t\ttype filter hook input priority filter; policy accept;\n"
		"\t\tiifname \"lo\" accept # handle 4\n"
		"\t\ttcp dport 8080 counter packets 12 bytes 720 drop # handle 9\n"
		"\t}\n"
		"\tchain web { # handle 2\n"
		"\t\tjump other # handle 11\n"
		"\t}\n"
		"}\n";
	static const char save[] =
		"# Generated by iptables-nft-save\n"
		"*filter\n"
		":INPUT ACCEPT [0:0]\n"
		":web - [0:0]\n"
		"-A INPUT -i lo -j ACCEPT\n"
		"-A INPUT -p tcp -j web\n"
		"-A web -p tcp -m tcp --dport 8080 -j DROP\n"
		"COMMIT\n";
	static const char counters[] =
		"*raw\n"
		"[3:180] -A PREROUTING -j ACCEPT\n"
		"COMMIT\n"
		"*filter\n"
		":INPUT ACCEPT [9:540]\n"
		"[0:0] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
		"[2:120] -A INPUT -p tcp -m tcp --dport 8080 -j DROP\n"
		"COMMIT\n";
	struct nfp_rule_list l = {};
	const struct nfp_listed_rule *r;
	char *out;

	ok(!nfp_nft_rules_parse(nft, &l) && l.n == 3,
	   "ruleset: nft rules, not sets or chain lines");
	r = nfp_rule_by_handle(&l, "input", 9);
	ok(r && r->position == 2 && !strcmp(r->text, "tcp dport 8080 counter drop"),
	   "ruleset: by handle: position 2, counters cut out ('%s')",
	   r ? r->text : "");
	r = nfp_rule_by_handle(&l, "web", 11);
	ok(r && r->position == 1 && !nfp_rule_by_handle(&l, "web", 9),
	   "ruleset: positions count per chain; handles belong to their chain");
	nfp_rule_list_free(&l);

	ok(!nfp_xt_rules_parse(save, &l) && l.n == 3,
	   "ruleset: the three iptables-save rules");
	r = nfp_rule_by_position(&l, "web", 1);
	ok(r && !strcmp(r->table, "filter") &&
	   !strcmp(r->text, "-A web -p tcp -m tcp --dport 8080 -j DROP"),
	   "ruleset: iptables-save rule 1 of web, in table filter");
	nfp_rule_list_free(&l);

	ok(!nfp_xt_counters_parse(counters, &l) && l.n == 3,
	   "ruleset: the three iptables-save -c rules");
	r = nfp_rule_by_position(&l, "INPUT", 2);
	ok(r && r->packets == 2 && !strcmp(r->table, "filter") &&
	   !strcmp(r->text, "-A INPUT -p tcp -m tcp --dport 8080 -j DROP"),
	   "ruleset: counters and text of filter INPUT rule 2");
	nfp_rule_list_free(&l);

	{
		char *argv[] = { "printf", "a\\nb", NULL };
		char *missing[] = { "/nonexistent/nfprobe-test", NULL };

		ok(!nfp_run_capture(argv, &out) && !strcmp(out, "a\nb"),
		   "ruleset: a program's output captured");
		free(out);
		ok(nfp_run_capture(missing, &out) == -ENOENT,
		   "ruleset: a missing program is -ENOENT");
		free(out);
	}
}

int main(void)
{
	test_prefix();
	test_names();
	test_json();
	test_flows();
	test_flow_parse();
	test_flows_merge_many();
	test_output();
	test_show_text();
	test_ct_stats();
	test_filters();
	test_filter_match();
	test_prometheus();
	test_chains();
	test_ruleset();
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
