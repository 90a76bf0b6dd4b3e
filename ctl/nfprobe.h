/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_NFPROBE_H
#define NFP_CTL_NFPROBE_H

/* A subcommand: returns the process's exit code. */
struct nfp_command {
	const char	*name;
	int		(*fn)(int argc, char **argv);
	const char	*usage;
	const char	*help;
};

int cmd_show(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_ct(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_reset(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_trace(int argc, char **argv);

extern const struct nfp_command nfp_cmd_show;
extern const struct nfp_command nfp_cmd_info;
extern const struct nfp_command nfp_cmd_ct;
extern const struct nfp_command nfp_cmd_stats;
extern const struct nfp_command nfp_cmd_reset;
extern const struct nfp_command nfp_cmd_explain;
extern const struct nfp_command nfp_cmd_watch;
extern const struct nfp_command nfp_cmd_config;
extern const struct nfp_command nfp_cmd_trace;

/* Prints "nfprobe: MSG\nTry 'nfprobe help CMD'." and returns exit code 2. */
int nfp_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
