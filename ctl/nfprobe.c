// SPDX-License-Identifier: GPL-2.0
/*
 * nfprobe: where and why netfilter dropped or rejected a flow's packets.
 *
 * Exit codes: 0 success, 1 runtime error (module not loaded, not
 * permitted, kernel error), 2 usage error (bad option or argument).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/nfprobe.h>
#include <netlink/attr.h>

#include "names.h"
#include "netlink.h"
#include "nfprobe.h"

static const struct nfp_command *const commands[] = {
	&nfp_cmd_show,
	&nfp_cmd_watch,
	&nfp_cmd_explain,
	&nfp_cmd_trace,
	&nfp_cmd_ct,
	&nfp_cmd_stats,
	&nfp_cmd_reset,
	&nfp_cmd_config,
	&nfp_cmd_info,
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: nfprobe COMMAND [OPTIONS]\n"
		"       nfprobe help [COMMAND]\n"
		"       nfprobe --version\n"
		"\n"
		"Where and why netfilter dropped or rejected a flow's packets.\n"
		"\n"
		"Commands:\n");
	/* The first line of each command's help; all of it: help COMMAND. */
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %.*s\n", commands[i]->name,
			(int)strcspn(commands[i]->help, "\n"), commands[i]->help);
}

static const struct nfp_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	const struct nfp_command *c;

	if (argc < 2) {
		usage(stdout);
		return NFP_EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c)
		return nfp_usage_error(NULL, "unknown command '%s'", argv[1]);
	printf("Usage: nfprobe %s %s\n\n%s\n", c->name, c->usage, c->help);
	return NFP_EXIT_OK;
}

struct module_info {
	char		version[64];
	uint32_t	features;
	bool		has_features;
};

static int info_version(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[NFPROBE_A_MAX + 1];
	struct nlattr *info[NFPROBE_INFO_A_MAX + 1];
	struct module_info *m = arg;

	if (genlmsg_parse(nlh, 0, tb, NFPROBE_A_MAX, NULL) ||
	    !tb[NFPROBE_A_INFO] ||
	    nla_parse_nested(info, NFPROBE_INFO_A_MAX, tb[NFPROBE_A_INFO],
			     NULL) ||
	    !info[NFPROBE_INFO_A_VERSION])
		return -EINVAL;
	snprintf(m->version, sizeof(m->version), "%s",
		 nla_get_string(info[NFPROBE_INFO_A_VERSION]));
	if (info[NFPROBE_INFO_A_FEATURES]) {
		m->features = nla_get_u32(info[NFPROBE_INFO_A_FEATURES]);
		m->has_features = true;
	}
	return 0;
}

/* What the running kernel does not give the module, one line each. */
static void print_missing_features(const struct module_info *m)
{
	unsigned int i;

	if (!m->has_features)
		return;
	for (i = 0; i <= NFPROBE_FEATURE_MAX; i++)
		if (!(m->features & (1u << i)))
			printf("module: kernel lacks %s: %s\n",
			       nfp_feature_name(i), nfp_feature_missing(i));
}

/* The tool's version, and the module's when it is loaded. */
static int cmd_version(void)
{
	struct module_info m = {};
	struct nl_msg *msg;
	struct nfp_nl nl;
	int err;

	printf("nfprobe %s (netlink family version %d)\n", NFPROBE_VERSION,
	       NFPROBE_GENL_VERSION);

	err = nfp_nl_open(&nl);
	if (err == -ENOENT) {
		printf("module: not loaded\n");
		return NFP_EXIT_OK;
	}
	if (err) {
		printf("module: unknown (%s)\n", strerror(-err));
		return NFP_EXIT_OK;
	}
	msg = nfp_nl_msg(&nl, NFPROBE_CMD_GET_INFO, 0);
	err = msg ? nfp_nl_transact(&nl, msg, info_version, &m) : -ENOMEM;
	if (!err) {
		printf("module: %s (netlink family version %u)\n", m.version,
		       nl.version);
		print_missing_features(&m);
	} else if (err == -EPERM || err == -EACCES)
		printf("module: loaded (version needs CAP_NET_ADMIN)\n");
	else
		printf("module: loaded (%s)\n", strerror(-err));
	nfp_nl_close(&nl);
	return NFP_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct nfp_command *c;

	if (argc < 2) {
		usage(stderr);
		return NFP_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V") ||
	    !strcmp(argv[1], "version"))
		return cmd_version();
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv);
	if (!strcmp(argv[1], "help"))
		return cmd_help(argc - 1, argv + 1);

	c = find_command(argv[1]);
	if (!c)
		return nfp_usage_error(NULL, "unknown command '%s'", argv[1]);
	return c->fn(argc - 1, argv + 1);
}
