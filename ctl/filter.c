// SPDX-License-Identifier: GPL-2.0
/*
 * The flow filter options every flow command shares (show, watch, trace,
 * reset, explain), parsed with the command's own options and put into a
 * request as NFPROBE_A_FILTER (include/uapi/linux/nfprobe.h).
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <linux/nfprobe.h>

#include "filter.h"
#include "flows.h"
#include "names.h"
#include "netlink.h"
#include "nfprobe.h"

void nfp_filter_init(struct nfp_filter_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->proto = -1;
	o->sport = -1;
	o->dport = -1;
}

int nfp_filter_opt(struct nfp_filter_opts *o, int c, const char *arg,
		   const char *cmd)
{
	struct timespec now;
	uint64_t since;

	switch (c) {
	case 's':
	case 'd': {
		struct nfp_prefix *p = c == 's' ? &o->src : &o->dst;

		if (nfp_prefix_parse(arg, p))
			return nfp_usage_error(cmd, "invalid address '%s' for --%s",
					       arg, c == 's' ? "src" : "dst");
		*(c == 's' ? &o->has_src : &o->has_dst) = true;
		return 0;
	}
	case 'p':
		o->proto = nfp_proto_parse(arg);
		if (o->proto < 0)
			return nfp_usage_error(cmd, "invalid protocol '%s' for --proto",
					       arg);
		return 0;
	case '4':
	case '6':
		if (o->family && o->family != (c == '4' ? AF_INET : AF_INET6))
			return nfp_usage_error(cmd, "-4 and -6 exclude each other");
		o->family = c == '4' ? AF_INET : AF_INET6;
		return 0;
	case 'S':
		o->sport_arg = arg;
		return 0;
	case 'D':
		o->dport_arg = arg;
		return 0;
	case 'V':
		if (nfp_verdicts_parse(arg, &o->verdicts))
			return nfp_usage_error(cmd, "invalid verdict list '%s' for --verdict",
					       arg);
		return 0;
	case 'H':
		if (nfp_hooks_parse(arg, &o->hooks))
			return nfp_usage_error(cmd, "invalid hook list '%s' for --hook",
					       arg);
		return 0;
	case 'T':
		if (nfp_stages_parse(arg, &o->stages))
			return nfp_usage_error(cmd, "invalid stage list '%s' for --stage",
					       arg);
		return 0;
	case 'N':
		if (nfp_duration_parse(arg, &since))
			return nfp_usage_error(cmd,
				"invalid duration '%s' for --since (e.g. 30s, 5m, 2h)",
				arg);
		clock_gettime(CLOCK_REALTIME, &now);
		o->since = (uint64_t)now.tv_sec * 1000000000ull + now.tv_nsec;
		o->since = since < o->since ? o->since - since : 1;
		return 0;
	case 'n':
		/* Numeric output: names are never looked up anyway. */
		return 0;
	case 'E':
		if (!*arg)
			return nfp_usage_error(cmd, "empty namespace for --netns");
		o->all_netns = !strcmp(arg, "all");
		o->netns_arg = o->all_netns ? NULL : arg;
		return 0;
	}
	return -1;
}

bool nfp_count_parse(const char *arg, unsigned long max, unsigned long *count)
{
	char *end;

	/* Digits only, no sign, no leading zero, no zero. */
	if (*arg < '1' || *arg > '9')
		return false;
	errno = 0;
	*count = strtoul(arg, &end, 10);
	return !*end && !errno && (!max || *count <= max);
}

/* How many options of its own a command may add to the filter's. */
#define NFP_EXTRA_MAX 14

int nfp_filter_args(int argc, char **argv, const struct nfp_command *cmd,
		    struct nfp_filter_opts *filter, const struct option *extra,
		    int (*take)(int c, const char *arg, void *ctx), void *ctx)
{
	static const struct option filter_opts[] = { NFP_FILTER_LONGOPTS };
	const size_t nfilter = sizeof(filter_opts) / sizeof(filter_opts[0]);
	/* the filter's, the command's, --help and the terminator */
	struct option longopts[sizeof(filter_opts) / sizeof(filter_opts[0]) +
			       NFP_EXTRA_MAX + 2];
	size_t n = 0, i;
	int c, err;

	for (i = 0; i < nfilter; i++)
		longopts[n++] = filter_opts[i];
	for (i = 0; extra && extra[i].name; i++) {
		assert(i < NFP_EXTRA_MAX);
		longopts[n++] = extra[i];
	}
	longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };

	nfp_filter_init(filter);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":46nh", longopts, NULL)) != -1) {
		err = nfp_filter_opt(filter, c, optarg, cmd->name);
		if (err >= 0) {
			if (err)
				return err;
			continue;
		}
		switch (c) {
		case 'h':
			printf("Usage: nfprobe %s %s\n\n%s\n", cmd->name,
			       cmd->usage, cmd->help);
			exit(NFP_EXIT_OK);
		case ':':
			return nfp_usage_error(cmd->name, "option '%s' needs a value",
					       argv[optind - 1]);
		case '?':
			break;
		default:
			err = take ? take(c, optarg, ctx) : -1;
			if (err >= 0) {
				if (err)
					return err;
				continue;
			}
		}
		return nfp_usage_error(cmd->name, "unknown option '%s'",
				       argv[optind - 1]);
	}
	if (optind < argc)
		return nfp_usage_error(cmd->name, "unexpected argument '%s'",
				       argv[optind]);
	return 0;
}

int nfp_filter_finish(struct nfp_filter_opts *o, const char *cmd)
{
	/* Service names depend on the protocol, which may come later. */
	const char *proto = o->proto == IPPROTO_TCP ? "tcp" :
			    o->proto == IPPROTO_UDP ? "udp" : NULL;

	if (o->sport_arg && (o->sport = nfp_port_parse(o->sport_arg, proto)) < 0)
		return nfp_usage_error(cmd, "invalid port '%s' for --sport",
				       o->sport_arg);
	if (o->dport_arg && (o->dport = nfp_port_parse(o->dport_arg, proto)) < 0)
		return nfp_usage_error(cmd, "invalid port '%s' for --dport",
				       o->dport_arg);
	if (o->has_src && o->has_dst && o->src.family != o->dst.family)
		return nfp_usage_error(cmd, "--src and --dst mix IPv4 and IPv6");
	if (o->family && ((o->has_src && o->src.family != o->family) ||
			  (o->has_dst && o->dst.family != o->family)))
		return nfp_usage_error(cmd, "address family conflicts with -%c",
				       o->family == AF_INET ? '4' : '6');
	if (o->has_src && !o->family)
		o->family = o->src.family;
	if (o->has_dst && !o->family)
		o->family = o->dst.family;
	if (o->netns_arg && nfp_netns_enter(o->netns_arg))
		return NFP_EXIT_ERROR;
	if (o->all_netns)
		nfp_nl_set_perm_hint(NFP_ALL_NETNS_PERM);
	return 0;
}

int nfp_netns_enter(const char *arg)
{
	char path[PATH_MAX];
	const char *p;
	int fd;

	for (p = arg; *p >= '0' && *p <= '9'; p++)
		;
	if (!*p)
		snprintf(path, sizeof(path), "/proc/%s/ns/net", arg);
	else if (strchr(arg, '/') || !strcmp(arg, ".") || !strcmp(arg, ".."))
		return fprintf(stderr, "nfprobe: invalid namespace name '%s'\n",
			       arg), NFP_EXIT_ERROR;
	else
		snprintf(path, sizeof(path), "/run/netns/%s", arg);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "nfprobe: network namespace '%s': %s: %s\n",
			arg, path, strerror(errno));
		return NFP_EXIT_ERROR;
	}
	if (setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "nfprobe: cannot enter network namespace '%s': %s%s\n",
			arg, strerror(errno),
			errno == EPERM ? " (needs CAP_SYS_ADMIN)" : "");
		close(fd);
		return NFP_EXIT_ERROR;
	}
	close(fd);
	return 0;
}

static bool prefix_match(const struct nfp_prefix *p, int family,
			 const unsigned char *addr)
{
	unsigned int bits = p->len, i;

	if (p->family != family)
		return false;
	for (i = 0; bits >= 8; i++, bits -= 8)
		if (addr[i] != p->addr[i])
			return false;
	return !bits || !((addr[i] ^ p->addr[i]) & (0xff00 >> bits));
}

static bool port_match(int want, const struct nfp_flow *f, uint16_t port,
		       uint16_t nat_port)
{
	return f->key.has_ports &&
	       (port == want || (f->has_nat && nat_port == want));
}

bool nfp_filter_match(const struct nfp_filter_opts *o,
		      const struct nfp_flow *f)
{
	const struct nfp_flow_key *k = &f->key;
	size_t i;

	if (o->family && k->family != o->family)
		return false;
	if (o->proto >= 0 && k->proto != o->proto)
		return false;
	if (o->has_src && !prefix_match(&o->src, k->family, k->src) &&
	    !(f->has_nat && prefix_match(&o->src, k->family, f->nat_src)))
		return false;
	if (o->has_dst && !prefix_match(&o->dst, k->family, k->dst) &&
	    !(f->has_nat && prefix_match(&o->dst, k->family, f->nat_dst)))
		return false;
	if (o->sport >= 0 && !port_match(o->sport, f, k->sport, f->nat_sport))
		return false;
	if (o->dport >= 0 && !port_match(o->dport, f, k->dport, f->nat_dport))
		return false;
	if (o->since && f->last_seen < o->since)
		return false;
	if (!o->verdicts && !o->hooks && !o->stages)
		return true;
	for (i = 0; i < f->nevents; i++) {
		const struct nfp_event *e = &f->events[i];

		if ((!o->verdicts || o->verdicts & (1u << e->verdict)) &&
		    (!o->hooks || o->hooks & (1u << e->hook)) &&
		    (!o->stages || o->stages & (1u << e->stage)))
			return true;
	}
	return false;
}

static int put_prefix(struct nl_msg *msg, int addr_type, int len_type,
		      const struct nfp_prefix *p)
{
	size_t alen = nfp_family_addr_len(p->family);

	if (nla_put(msg, addr_type, alen, p->addr))
		return -ENOMEM;
	return nla_put_u8(msg, len_type, p->len) ? -ENOMEM : 0;
}

int nfp_filter_put_attrs(struct nl_msg *msg, const struct nfp_filter_opts *o)
{
	if ((o->family && nla_put_u8(msg, NFPROBE_FILTER_A_FAMILY, o->family)) ||
	    (o->proto >= 0 && nla_put_u8(msg, NFPROBE_FILTER_A_PROTO, o->proto)) ||
	    (o->has_src && put_prefix(msg, NFPROBE_FILTER_A_SRC,
				      NFPROBE_FILTER_A_SRC_PLEN, &o->src)) ||
	    (o->has_dst && put_prefix(msg, NFPROBE_FILTER_A_DST,
				      NFPROBE_FILTER_A_DST_PLEN, &o->dst)) ||
	    (o->sport >= 0 &&
	     nla_put_u16(msg, NFPROBE_FILTER_A_SPORT, htons(o->sport))) ||
	    (o->dport >= 0 &&
	     nla_put_u16(msg, NFPROBE_FILTER_A_DPORT, htons(o->dport))) ||
	    (o->verdicts &&
	     nla_put_u32(msg, NFPROBE_FILTER_A_VERDICTS, o->verdicts)) ||
	    (o->hooks && nla_put_u32(msg, NFPROBE_FILTER_A_HOOKS, o->hooks)) ||
	    (o->stages && nla_put_u32(msg, NFPROBE_FILTER_A_STAGES, o->stages)) ||
	    (o->since && nla_put_u64(msg, NFPROBE_FILTER_A_SINCE, o->since)) ||
	    (o->all_netns && nla_put_flag(msg, NFPROBE_FILTER_A_ALL_NETNS)))
		return -ENOMEM;
	return 0;
}

int nfp_filter_put(struct nl_msg *msg, const struct nfp_filter_opts *o)
{
	struct nlattr *nest = nla_nest_start(msg, NFPROBE_A_FILTER | NLA_F_NESTED);

	if (!nest || nfp_filter_put_attrs(msg, o))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}
