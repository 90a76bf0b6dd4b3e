// SPDX-License-Identifier: GPL-2.0
/*
 * showbench [FLOWS]: the tool's side of `nfprobe show` on a full table,
 * without a kernel: FLOWS (131072) GET_FLOWS replies built the way the
 * kernel builds them for the benchmark's forwarded UDP flows (three
 * ACCEPT events each, every CPU's table full), in random order as the
 * kernel's tables give them, then timed phase by phase:
 * parse, merge, sort, text output and JSON output (to /dev/null).
 * Microseconds per flow on stdout; bench/run --dump gives the whole
 * command's time against conntrack -L in a guest.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <linux/netfilter.h>
#include <linux/nfprobe.h>

#include "flows.h"

static struct nl_msg *bench_msg(uint32_t netns, uint32_t i, uint64_t t0)
{
	static const uint8_t hooks[] = { NFPROBE_HOOK_PREROUTING,
					 NFPROBE_HOOK_FORWARD,
					 NFPROBE_HOOK_POSTROUTING };
	struct nl_msg *msg = nlmsg_alloc_size(1024);
	struct nlattr *flow, *events, *ev;
	uint32_t src = htonl(0x0a4e0000 + i), dst = htonl(0xc6120001);
	uint64_t t = t0 + i * 1000ull;
	unsigned int h;

	genlmsg_put(msg, 0, 0, 0x20, 0, NLM_F_MULTI, NFPROBE_CMD_GET_FLOWS, 1);
	flow = nla_nest_start(msg, NFPROBE_A_FLOW);
	nla_put_u64(msg, NFPROBE_FLOW_A_ID, (uint64_t)(i & 1) << 32 | i);
	nla_put_u32(msg, NFPROBE_FLOW_A_CPU, i & 1);
	nla_put_u32(msg, NFPROBE_FLOW_A_NETNS, netns);
	nla_put_u8(msg, NFPROBE_FLOW_A_FAMILY, NFPROTO_IPV4);
	nla_put_u8(msg, NFPROBE_FLOW_A_PROTO, 17);
	nla_put(msg, NFPROBE_FLOW_A_SRC, 4, &src);
	nla_put(msg, NFPROBE_FLOW_A_DST, 4, &dst);
	nla_put_u16(msg, NFPROBE_FLOW_A_SPORT, htons(9));
	nla_put_u16(msg, NFPROBE_FLOW_A_DPORT, htons(9));
	nla_put_u64(msg, NFPROBE_FLOW_A_FIRST_SEEN, t);
	nla_put_u64(msg, NFPROBE_FLOW_A_LAST_SEEN, t + 2000);
	nla_put_u64(msg, NFPROBE_FLOW_A_PACKETS, 1);
	nla_put_u64(msg, NFPROBE_FLOW_A_ACCEPTED, 1);
	nla_put_u64(msg, NFPROBE_FLOW_A_DROPPED, 0);
	nla_put_u64(msg, NFPROBE_FLOW_A_REJECTED, 0);
	nla_put_u64(msg, NFPROBE_FLOW_A_STOLEN, 0);
	nla_put_u64(msg, NFPROBE_FLOW_A_EVENTS_TOTAL, 3);
	nla_put_u64(msg, NFPROBE_FLOW_A_CT_ALLOC_FAILED, 0);
	nla_put_u64(msg, NFPROBE_FLOW_A_CT_INSERT_FAILED, 0);
	nla_put_u32(msg, NFPROBE_FLOW_A_GEN, 1);
	events = nla_nest_start(msg, NFPROBE_FLOW_A_EVENTS);
	for (h = 0; h < 3; h++) {
		ev = nla_nest_start(msg, NFPROBE_FLOW_A_EVENT);
		nla_put_u64(msg, NFPROBE_EVENT_A_TIME, t + h * 1000);
		nla_put_u8(msg, NFPROBE_EVENT_A_HOOK, hooks[h]);
		nla_put_u8(msg, NFPROBE_EVENT_A_STAGE, NFPROBE_STAGE_CONFIRM);
		nla_put_u8(msg, NFPROBE_EVENT_A_VERDICT, NFPROBE_VERDICT_ACCEPT);
		nla_put_u8(msg, NFPROBE_EVENT_A_CT_STATE, NFPROBE_CT_NEW);
		nla_put_u8(msg, NFPROBE_EVENT_A_DIR, NFPROBE_DIR_ORIGINAL);
		nla_put_u32(msg, NFPROBE_EVENT_A_IIF, 1);
		if (h)
			nla_put_u32(msg, NFPROBE_EVENT_A_OIF, 1);
		nla_put_u32(msg, NFPROBE_EVENT_A_LEN, 60);
		nla_nest_end(msg, ev);
	}
	nla_nest_end(msg, events);
	nla_nest_end(msg, flow);
	return msg;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 131072;
	struct nfp_flow_list list = {};
	struct nl_msg **msgs;
	double t[6];
	struct stat st;
	unsigned long i;
	int out;

	if (!n || stat("/proc/self/ns/net", &st)) {
		fprintf(stderr, "usage: showbench [FLOWS]\n");
		return 2;
	}
	msgs = calloc(n, sizeof(*msgs));
	if (!msgs)
		return 1;
	for (i = 0; i < n; i++)
		msgs[i] = bench_msg(st.st_ino, i, 1764000000ull * 1000000000ull);
	/* In a table's slot order: by the kernel's hash, not by address. */
	srand(1);
	for (i = n - 1; i > 0; i--) {
		unsigned long j = (unsigned long)rand() % (i + 1);
		struct nl_msg *m = msgs[i];

		msgs[i] = msgs[j];
		msgs[j] = m;
	}

	out = dup(STDOUT_FILENO);
	if (out < 0 || !freopen("/dev/null", "w", stdout))
		return 1;

	t[0] = now_us();
	for (i = 0; i < n; i++) {
		struct nfp_flow f;

		if (nfp_flow_parse(nlmsg_hdr(msgs[i]), &f) ||
		    nfp_flow_list_add(&list, &f))
			return 1;
	}
	t[1] = now_us();
	if (nfp_flow_list_merge(&list))
		return 1;
	t[2] = now_us();
	nfp_flow_list_sort(&list);
	t[3] = now_us();
	nfp_show_print_text(&list);
	fflush(stdout);
	t[4] = now_us();
	nfp_show_print_json(&list);
	fflush(stdout);
	t[5] = now_us();

	dprintf(out, "%lu flows, us per flow: parse %.2f  merge %.2f  sort %.2f"
		"  text %.2f  json %.2f\n", n, (t[1] - t[0]) / n,
		(t[2] - t[1]) / n, (t[3] - t[2]) / n, (t[4] - t[3]) / n,
		(t[5] - t[4]) / n);
	nfp_flow_list_free(&list);
	for (i = 0; i < n; i++)
		nlmsg_free(msgs[i]);
	free(msgs);
	return 0;
}
