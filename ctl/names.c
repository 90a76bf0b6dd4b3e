// SPDX-License-Identifier: GPL-2.0
/*
 * Names for the values of include/uapi/linux/nfprobe.h, as the tool prints
 * them. Reject types use iptables' and ip6tables' --reject-with names.
 */
#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/nfprobe.h>

#include "names.h"

#define NAME(table, v) \
	((v) < sizeof(table) / sizeof((table)[0]) ? (table)[v] : NULL)

static const char *const hook_names[__NFPROBE_HOOK_MAX] = {
	[NFPROBE_HOOK_PREROUTING]	= "PREROUTING",
	[NFPROBE_HOOK_INPUT]		= "INPUT",
	[NFPROBE_HOOK_FORWARD]		= "FORWARD",
	[NFPROBE_HOOK_OUTPUT]		= "OUTPUT",
	[NFPROBE_HOOK_POSTROUTING]	= "POSTROUTING",
};

static const char *const stage_names[__NFPROBE_STAGE_MAX] = {
	[NFPROBE_STAGE_UNKNOWN]		= "unknown",
	[NFPROBE_STAGE_DEFRAG]		= "defrag",
	[NFPROBE_STAGE_RAW]		= "raw",
	[NFPROBE_STAGE_CONNTRACK]	= "conntrack",
	[NFPROBE_STAGE_MANGLE]		= "mangle",
	[NFPROBE_STAGE_NAT_DST]		= "nat-dst",
	[NFPROBE_STAGE_FILTER]		= "filter",
	[NFPROBE_STAGE_SECURITY]	= "security",
	[NFPROBE_STAGE_NAT_SRC]		= "nat-src",
	[NFPROBE_STAGE_HELPER]		= "helper",
	[NFPROBE_STAGE_CONFIRM]		= "confirm",
};

static const char *const verdict_names[__NFPROBE_VERDICT_MAX] = {
	[NFPROBE_VERDICT_ACCEPT]	= "ACCEPT",
	[NFPROBE_VERDICT_DROP]		= "DROP",
	[NFPROBE_VERDICT_REJECT]	= "REJECT",
	[NFPROBE_VERDICT_STOLEN]	= "STOLEN",
};

static const char *const reject_names[__NFPROBE_REJECT_MAX] = {
	[NFPROBE_REJECT_NONE]			= "none",
	[NFPROBE_REJECT_TCP_RESET]		= "tcp-reset",
	[NFPROBE_REJECT_ICMP_NET_UNREACHABLE]	= "icmp-net-unreachable",
	[NFPROBE_REJECT_ICMP_HOST_UNREACHABLE]	= "icmp-host-unreachable",
	[NFPROBE_REJECT_ICMP_PROT_UNREACHABLE]	= "icmp-proto-unreachable",
	[NFPROBE_REJECT_ICMP_PORT_UNREACHABLE]	= "icmp-port-unreachable",
	[NFPROBE_REJECT_ICMP_NET_PROHIBITED]	= "icmp-net-prohibited",
	[NFPROBE_REJECT_ICMP_HOST_PROHIBITED]	= "icmp-host-prohibited",
	[NFPROBE_REJECT_ICMP_ADMIN_PROHIBITED]	= "icmp-admin-prohibited",
	[NFPROBE_REJECT_ICMP_OTHER]		= "icmp-other",
	[NFPROBE_REJECT_ICMP6_NO_ROUTE]		= "icmp6-no-route",
	[NFPROBE_REJECT_ICMP6_ADM_PROHIBITED]	= "icmp6-adm-prohibited",
	[NFPROBE_REJECT_ICMP6_ADDR_UNREACHABLE]	= "icmp6-addr-unreachable",
	[NFPROBE_REJECT_ICMP6_PORT_UNREACHABLE]	= "icmp6-port-unreachable",
	[NFPROBE_REJECT_ICMP6_POLICY_FAIL]	= "icmp6-policy-fail",
	[NFPROBE_REJECT_ICMP6_REJECT_ROUTE]	= "icmp6-reject-route",
	[NFPROBE_REJECT_ICMP6_OTHER]		= "icmp6-other",
};

static const char *const ct_names[__NFPROBE_CT_MAX] = {
	[NFPROBE_CT_NONE]		= "none",
	[NFPROBE_CT_NEW]		= "NEW",
	[NFPROBE_CT_ESTABLISHED]	= "ESTABLISHED",
	[NFPROBE_CT_RELATED]		= "RELATED",
	[NFPROBE_CT_INVALID]		= "INVALID",
	[NFPROBE_CT_UNTRACKED]		= "UNTRACKED",
};

static const char *const ct_fail_names[__NFPROBE_CT_FAIL_MAX] = {
	[NFPROBE_CT_FAIL_NONE]		= "none",
	[NFPROBE_CT_FAIL_ALLOC]		= "alloc",
	[NFPROBE_CT_FAIL_INSERT]	= "insert",
};

static const char *const dir_names[] = {
	[NFPROBE_DIR_ORIGINAL]	= "orig",
	[NFPROBE_DIR_REPLY]	= "reply",
};

static const char *const tcp_flag_names[8] = {
	"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR",
};

static const struct {
	unsigned int proto;
	const char *name;
} protos[] = {
	{ IPPROTO_TCP, "tcp" },
	{ IPPROTO_UDP, "udp" },
	{ IPPROTO_ICMP, "icmp" },
	{ IPPROTO_ICMPV6, "icmpv6" },
	{ IPPROTO_SCTP, "sctp" },
	{ IPPROTO_UDPLITE, "udplite" },
	{ IPPROTO_DCCP, "dccp" },
	{ IPPROTO_GRE, "gre" },
	{ IPPROTO_ESP, "esp" },
	{ IPPROTO_AH, "ah" },
};

const char *nfp_hook_name(unsigned int hook)
{
	return NAME(hook_names, hook);
}

const char *nfp_stage_name(unsigned int stage)
{
	return NAME(stage_names, stage);
}

const char *nfp_verdict_name(unsigned int verdict)
{
	return NAME(verdict_names, verdict);
}

const char *nfp_reject_name(unsigned int reject)
{
	return NAME(reject_names, reject);
}

const char *nfp_ct_name(unsigned int ct)
{
	return NAME(ct_names, ct);
}

const char *nfp_ct_fail_name(unsigned int fail)
{
	return NAME(ct_fail_names, fail);
}

/* enum nfprobe_feature: a name, and what its absence means */
static const char *const feature_names[] = {
	[NFPROBE_FEATURE_DROP_REASON]	= "drop-reasons",
	[NFPROBE_FEATURE_NETNS_COOKIE]	= "netns-cookies",
	[NFPROBE_FEATURE_NF_TRACE]	= "nf-trace",
};

static const char *const feature_missing[] = {
	[NFPROBE_FEATURE_DROP_REASON] =
		"a packet freed for any reason inside a hook counts as dropped there",
	[NFPROBE_FEATURE_NETNS_COOKIE] =
		"a namespace's address stands in for its cookie",
	[NFPROBE_FEATURE_NF_TRACE] = "nfprobe trace cannot mark packets",
};

const char *nfp_feature_name(unsigned int feature)
{
	return NAME(feature_names, feature);
}

const char *nfp_feature_missing(unsigned int feature)
{
	return NAME(feature_missing, feature);
}

const char *nfp_dir_name(unsigned int dir)
{
	return NAME(dir_names, dir);
}

const char *nfp_tcp_flag_name(unsigned int bit)
{
	return NAME(tcp_flag_names, bit);
}

const char *nfp_family_name(unsigned int family)
{
	switch (family) {
	case NFPROTO_IPV4:
		return "ipv4";
	case NFPROTO_IPV6:
		return "ipv6";
	}
	return NULL;
}

const char *nfp_proto_name(unsigned int proto)
{
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].proto == proto)
			return protos[i].name;
	return NULL;
}

int nfp_proto_parse(const char *s)
{
	unsigned long n;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (!strcasecmp(s, protos[i].name))
			return protos[i].proto;
	if (!strcasecmp(s, "ipv6-icmp"))
		return IPPROTO_ICMPV6;

	n = strtoul(s, &end, 10);
	if (!*s || *end || n > 255)
		return -1;
	return n;
}

void nfp_tcp_flags_str(uint8_t flags, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int bit;

	if (len)
		buf[0] = '\0';
	for (bit = 0; bit < 8 && used < len; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		used += snprintf(buf + used, len - used, "%s%s",
				 used ? "," : "", tcp_flag_names[bit]);
	}
}

const char *nfp_name_or_num(const char *name, unsigned int value,
			    char *buf, size_t len)
{
	if (name)
		return name;
	snprintf(buf, len, "%u", value);
	return buf;
}

/* A comma-separated list of names from @names (case-insensitive). */
static int set_parse(const char *s, const char *const *names, unsigned int n,
		     uint32_t *set)
{
	char *copy = strdup(s), *save = NULL, *tok;
	unsigned int i;
	int err = 0;

	if (!copy)
		return -1;
	*set = 0;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < n; i++)
			if (names[i] && !strcasecmp(tok, names[i]))
				break;
		if (i == n) {
			err = -1;
			break;
		}
		*set |= 1u << i;
	}
	free(copy);
	return err || !*set ? -1 : 0;
}

int nfp_verdicts_parse(const char *s, uint32_t *set)
{
	return set_parse(s, verdict_names, __NFPROBE_VERDICT_MAX, set);
}

int nfp_hooks_parse(const char *s, uint32_t *set)
{
	return set_parse(s, hook_names, __NFPROBE_HOOK_MAX, set);
}

int nfp_stages_parse(const char *s, uint32_t *set)
{
	/* "unknown" is no stage anyone asks for. */
	return set_parse(s, stage_names, __NFPROBE_STAGE_MAX, set) ||
	       (*set & 1u << NFPROBE_STAGE_UNKNOWN) ? -1 : 0;
}

int nfp_port_parse(const char *s, const char *proto)
{
	struct servent *se;
	char *end;
	long v;

	if (!*s)
		return -1;
	v = strtol(s, &end, 10);
	if (!*end)
		return v >= 1 && v <= 65535 ? (int)v : -1;
	/* /etc/services only: never the network. */
	se = getservbyname(s, proto);
	return se ? ntohs(se->s_port) : -1;
}

int nfp_duration_parse(const char *s, uint64_t *ns)
{
	static const struct {
		const char *unit;
		uint64_t ns;
	} units[] = {
		{ "ms", 1000000ull }, { "s", 1000000000ull }, { "", 1000000000ull },
		{ "m", 60000000000ull }, { "h", 3600000000000ull },
		{ "d", 86400000000000ull },
	};
	unsigned long long v;
	unsigned int i;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (v > UINT64_MAX / units[i].ns)
			return -1;
		*ns = v * units[i].ns;
		return 0;
	}
	return -1;
}
