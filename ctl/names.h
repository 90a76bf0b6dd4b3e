/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_NAMES_H
#define NFP_CTL_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* Names of the UAPI enums; NULL for a value this tool does not know. */
const char *nfp_hook_name(unsigned int hook);
const char *nfp_stage_name(unsigned int stage);
const char *nfp_verdict_name(unsigned int verdict);
const char *nfp_reject_name(unsigned int reject);
const char *nfp_ct_name(unsigned int ct);
const char *nfp_dir_name(unsigned int dir);
const char *nfp_proto_name(unsigned int proto);
const char *nfp_family_name(unsigned int family);
const char *nfp_ct_fail_name(unsigned int fail);
/* enum nfprobe_feature: its name; what the module does without it */
const char *nfp_feature_name(unsigned int feature);
const char *nfp_feature_missing(unsigned int feature);

/* Protocol number from a name (tcp, udp, icmp, icmpv6, ...) or number. */
int nfp_proto_parse(const char *s);

/*
 * Sets (1 << value) from comma-separated names, case-insensitive:
 * "drop,reject", "INPUT,FORWARD", "filter,raw". -1 on an unknown name.
 */
int nfp_verdicts_parse(const char *s, uint32_t *set);
int nfp_hooks_parse(const char *s, uint32_t *set);
int nfp_stages_parse(const char *s, uint32_t *set);
/*
 * A port: 1..65535, or a service name of /etc/services for @proto ("tcp",
 * "udp", NULL for any). -1 if neither.
 */
int nfp_port_parse(const char *s, const char *proto);
/* "30s", "5m", "2h", "1d", "500ms", "90" (seconds) to nanoseconds. */
int nfp_duration_parse(const char *s, uint64_t *ns);

/* "SYN,ACK": the TCP flags set in @flags, comma-joined. */
void nfp_tcp_flags_str(uint8_t flags, char *buf, size_t len);
/* Name of TCP flag bit @bit (0: FIN ... 7: CWR). */
const char *nfp_tcp_flag_name(unsigned int bit);

/* @name, or @value as a number in @buf when @name is NULL. */
const char *nfp_name_or_num(const char *name, unsigned int value,
			    char *buf, size_t len);

#endif
