/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_FILTER_H
#define NFP_CTL_FILTER_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <netlink/msg.h>

#include "addr.h"

/* The flow filter options `show` and `reset` share. */
struct nfp_filter_opts {
	int			family;		/* 0, AF_INET, AF_INET6 */
	int			proto;		/* -1: any */
	bool			has_src;
	bool			has_dst;
	struct nfp_prefix	src;
	struct nfp_prefix	dst;
	int			sport;		/* -1: any */
	int			dport;
	const char		*sport_arg;	/* resolved by nfp_filter_finish() */
	const char		*dport_arg;
	uint32_t		verdicts;	/* sets of 1 << value; 0: any */
	uint32_t		hooks;
	uint32_t		stages;
	uint64_t		since;		/* ns since the epoch; 0: any */
	const char		*netns_arg;	/* --netns; entered by finish() */
	bool			all_netns;	/* --netns all */
};

/* Their getopt_long entries (short names: 4 6 and 's' 'd' 'p' 'S' ...). */
#define NFP_FILTER_LONGOPTS						\
	{ "src", required_argument, NULL, 's' },			\
	{ "dst", required_argument, NULL, 'd' },			\
	{ "proto", required_argument, NULL, 'p' },			\
	{ "sport", required_argument, NULL, 'S' },			\
	{ "dport", required_argument, NULL, 'D' },			\
	{ "verdict", required_argument, NULL, 'V' },			\
	{ "hook", required_argument, NULL, 'H' },			\
	{ "stage", required_argument, NULL, 'T' },			\
	{ "since", required_argument, NULL, 'N' },			\
	{ "netns", required_argument, NULL, 'E' },			\
	{ "numeric", no_argument, NULL, 'n' }

#define NFP_FILTER_USAGE						\
	"[--src ADDR[/LEN]] [--dst ADDR[/LEN]] [-4|-6] [--proto PROTO]\n" \
	"                    [--sport PORT] [--dport PORT] [--verdict LIST] [--hook LIST]\n" \
	"                    [--stage LIST] [--since DURATION] [--netns NAME|PID|all]"

#define NFP_FILTER_HELP							\
	"  --src ADDR[/LEN]  flows whose originator is in the prefix (IPv4 or IPv6),\n" \
	"                    before or after NAT\n" \
	"  --dst ADDR[/LEN]  flows whose responder is in the prefix, before or after NAT\n" \
	"  -4, -6            IPv4 or IPv6 flows only\n" \
	"  --proto PROTO     tcp, udp, icmp, icmpv6, sctp, ... or a number\n" \
	"  --sport PORT      flows from this port (number or /etc/services name),\n" \
	"                    before or after NAT\n" \
	"  --dport PORT      flows to this port, before or after NAT\n" \
	"  --verdict LIST    flows with an event of these verdicts: accept, drop,\n" \
	"                    reject, stolen (comma-separated)\n" \
	"  --hook LIST       ... at these hooks: prerouting, input, forward, output,\n" \
	"                    postrouting\n" \
	"  --stage LIST      ... in these stages: defrag, raw, conntrack, mangle,\n" \
	"                    nat-dst, filter, security, nat-src, helper, confirm\n" \
	"                    (--verdict, --hook and --stage must hold for one event)\n" \
	"  --since DURATION  flows seen in the last DURATION: 30s, 5m, 2h, 1d, 500ms\n" \
	"  --netns NS        the flows of another network namespace: a name of\n" \
	"                    'ip netns' or a process id; 'all': every namespace's\n" \
	"                    (needs CAP_NET_ADMIN in the initial namespaces)\n"

/* Why --netns all was refused. */
#define NFP_ALL_NETNS_PERM \
	"every namespace's flows need CAP_NET_ADMIN in the initial namespaces"

void nfp_filter_init(struct nfp_filter_opts *o);
/*
 * Takes option @c of command @cmd if it is a filter option: returns 0 when
 * taken, -1 when @c is no filter option, else the usage error's exit code.
 */
int nfp_filter_opt(struct nfp_filter_opts *o, int c, const char *arg,
		   const char *cmd);
/*
 * A count given on the command line: a positive decimal number, at most
 * @max (0: no bound). Returns whether @arg is one.
 */
bool nfp_count_parse(const char *arg, unsigned long max, unsigned long *count);
struct nfp_command;
/*
 * Parses a command's arguments: the filter options into @filter (set to
 * "everything" first), the command's own options (@extra, whose short
 * names must not clash with the filter's) through @take, which returns 0,
 * -1 for an option it does not know, or a usage error's exit code; and
 * --help, which prints the command's usage and help and exits. Returns 0
 * or the exit code of a usage error, already reported. The caller then
 * calls nfp_filter_finish().
 */
int nfp_filter_args(int argc, char **argv, const struct nfp_command *cmd,
		    struct nfp_filter_opts *filter, const struct option *extra,
		    int (*take)(int c, const char *arg, void *ctx), void *ctx);
/* After the options: resolves service names, checks consistency. */
int nfp_filter_finish(struct nfp_filter_opts *o, const char *cmd);
/*
 * Enters the network namespace @arg names (/run/netns/NAME or
 * /proc/PID/ns/net). Returns 0, or prints why not and returns exit code 1.
 */
int nfp_netns_enter(const char *arg);

struct nfp_flow;
/*
 * Whether @f, a flow with its events, matches the filter as the kernel
 * matches a dump (the namespace aside): one event must be in all of the
 * verdict, hook and stage sets.
 */
bool nfp_filter_match(const struct nfp_filter_opts *o,
		      const struct nfp_flow *f);

/* Puts the filter's attributes into the open nest of @msg. */
int nfp_filter_put_attrs(struct nl_msg *msg, const struct nfp_filter_opts *o);
/* Puts the filter as NFPROBE_A_FILTER into @msg. 0 or -ENOMEM. */
int nfp_filter_put(struct nl_msg *msg, const struct nfp_filter_opts *o);

#endif
