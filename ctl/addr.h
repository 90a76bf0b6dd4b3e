/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_ADDR_H
#define NFP_CTL_ADDR_H

#include <stdbool.h>
#include <stddef.h>

/* An IPv4 or IPv6 prefix. */
struct nfp_prefix {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	addr[16];	/* network byte order */
	unsigned int	len;		/* prefix length in bits */
};

/*
 * Parses ADDR or ADDR/LEN, IPv4 or IPv6, numeric only (no DNS, ever).
 * Returns 0, or -1 if @s is not a valid address or prefix.
 */
int nfp_prefix_parse(const char *s, struct nfp_prefix *p);
size_t nfp_family_addr_len(int family);

/* "1.2.3.4" or "2001:db8::1" (@bracket: "[2001:db8::1]"). */
void nfp_addr_str(int family, const void *addr, bool bracket, char *buf,
		  size_t len);

#endif
