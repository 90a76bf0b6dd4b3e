// SPDX-License-Identifier: GPL-2.0
/*
 * The live ruleset as its own tools print it: rules of an nf_tables table
 * by handle (`nft -a list table`), the same rules as iptables-nft-save
 * writes them when iptables-nft manages the table, and rule counters of
 * iptables-legacy tables (`iptables-legacy-save -c`). nfprobe trace names
 * rules with these, exactly as the operator would see them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ruleset.h"

int nfp_run_capture(char *const argv[], char **out)
{
	size_t len = 0, cap = 0;
	int pipefd[2], status, devnull;
	char *buf = NULL, *p;
	ssize_t r;
	pid_t pid;

	*out = NULL;
	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -errno;
	}
	if (!pid) {
		devnull = open("/dev/null", O_WRONLY);
		dup2(pipefd[1], STDOUT_FILENO);
		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			p = realloc(buf, cap + 1);
			if (!p) {
				free(buf);
				close(pipefd[0]);
				waitpid(pid, &status, 0);
				return -ENOMEM;
			}
			buf = p;
		}
		r = read(pipefd[0], buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += r;
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!buf) {
		buf = strdup("");
		if (!buf)
			return -ENOMEM;
	}
	buf[len] = '\0';
	*out = buf;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
		       -ENOENT : -EIO;
	return 0;
}

/* Replaces "counter packets N bytes M" by "counter", in place. */
static void strip_counters(char *s)
{
	char *p = s, *end;

	while ((p = strstr(p, "counter packets "))) {
		end = strstr(p, " bytes ");
		if (!end)
			return;
		end += strlen(" bytes ");
		while (*end >= '0' && *end <= '9')
			end++;
		memmove(p + strlen("counter"), end, strlen(end) + 1);
		p += strlen("counter");
	}
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static int rules_add(struct nfp_rule_list *l, const char *table,
		     const char *chain,
		     unsigned long long handle, unsigned int position,
		     const char *text)
{
	struct nfp_listed_rule *r;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;

		r = realloc(l->rules, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		l->rules = r;
		l->cap = cap;
	}
	r = &l->rules[l->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->table, sizeof(r->table), "%s", table);
	snprintf(r->chain, sizeof(r->chain), "%s", chain);
	r->handle = handle;
	r->position = position;
	snprintf(r->text, sizeof(r->text), "%s", text);
	return 0;
}

int nfp_nft_rules_parse(const char *listing, struct nfp_rule_list *l)
{
	char chain[NFP_RULE_NAME] = "", *copy, *line, *save = NULL, *h;
	unsigned int position = 0, depth = 0;
	unsigned long long handle;
	int err = 0;

	copy = strdup(listing);
	if (!copy)
		return -ENOMEM;
	for (line = strtok_r(copy, "\n", &save); line && !err;
	     line = strtok_r(NULL, "\n", &save)) {
		char *t = trim(line);

		if (sscanf(t, "chain %255s {", chain) == 1) {
			position = 0;
			depth = 1;
			continue;
		}
		if (!depth)
			continue;
		if (!strcmp(t, "}")) {
			depth = 0;
			continue;
		}
		h = strstr(t, " # handle ");
		if (!h || !strncmp(t, "type ", 5) || !strncmp(t, "policy ", 7))
			continue;
		if (sscanf(h, " # handle %llu", &handle) != 1)
			continue;
		*h = '\0';
		strip_counters(t);
		err = rules_add(l, "", chain, handle, ++position, trim(t));
	}
	free(copy);
	return err;
}

/* The position the next rule of @table/@chain takes in @l. */
static unsigned int next_position(const struct nfp_rule_list *l,
				  const char *table, const char *chain)
{
	unsigned int position = 1;
	size_t i;

	for (i = 0; i < l->n; i++)
		position += !strcmp(l->rules[i].table, table) &&
			    !strcmp(l->rules[i].chain, chain);
	return position;
}

/*
 * The "-A CHAIN ..." lines of iptables-save output, each with its table;
 * with @counters, each line starts with "[PACKETS:BYTES] ".
 */
static int xt_parse(const char *save_text, bool counters,
		    struct nfp_rule_list *l)
{
	char chain[NFP_RULE_NAME], table[NFP_RULE_NAME] = "";
	unsigned long long packets = 0, bytes;
	char *copy, *line, *save = NULL, *rule;
	int err = 0;

	copy = strdup(save_text);
	if (!copy)
		return -ENOMEM;
	for (line = strtok_r(copy, "\n", &save); line && !err;
	     line = strtok_r(NULL, "\n", &save)) {
		char *t = trim(line);

		if (sscanf(t, "*%255s", table) == 1)
			continue;
		if (counters && sscanf(t, "[%llu:%llu] ", &packets, &bytes) != 2)
			continue;
		rule = counters ? strstr(t, "] ") : t;
		if (!rule)
			continue;
		if (counters)
			rule += 2;
		if (strncmp(rule, "-A ", 3) ||
		    sscanf(rule, "-A %255s", chain) != 1)
			continue;
		err = rules_add(l, table, chain, 0,
				next_position(l, table, chain), rule);
		if (!err)
			l->rules[l->n - 1].packets = packets;
	}
	free(copy);
	return err;
}

int nfp_xt_rules_parse(const char *save_text, struct nfp_rule_list *l)
{
	return xt_parse(save_text, false, l);
}

int nfp_xt_counters_parse(const char *save_text, struct nfp_rule_list *l)
{
	return xt_parse(save_text, true, l);
}

const struct nfp_listed_rule *nfp_rule_by_handle(const struct nfp_rule_list *l,
						 const char *chain,
						 unsigned long long handle)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->rules[i].handle == handle &&
		    !strcmp(l->rules[i].chain, chain))
			return &l->rules[i];
	return NULL;
}

const struct nfp_listed_rule *nfp_rule_by_position(const struct nfp_rule_list *l,
						   const char *chain,
						   unsigned int position)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->rules[i].position == position &&
		    !strcmp(l->rules[i].chain, chain))
			return &l->rules[i];
	return NULL;
}

void nfp_rule_list_free(struct nfp_rule_list *l)
{
	free(l->rules);
	memset(l, 0, sizeof(*l));
}
