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

/* Protocol number from a name (tcp, udp, icmp, icmpv6, ...) or number. */
int nfp_proto_parse(const char *s);

/* "SYN,ACK": the TCP flags set in @flags, comma-joined. */
void nfp_tcp_flags_str(uint8_t flags, char *buf, size_t len);
/* Name of TCP flag bit @bit (0: FIN ... 7: CWR). */
const char *nfp_tcp_flag_name(unsigned int bit);

/* @name, or @value as a number in @buf when @name is NULL. */
const char *nfp_name_or_num(const char *name, unsigned int value,
			    char *buf, size_t len);

#endif
