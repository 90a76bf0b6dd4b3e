// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

size_t nfp_family_addr_len(int family)
{
	return family == AF_INET6 ? 16 : family == AF_INET ? 4 : 0;
}

int nfp_prefix_parse(const char *s, struct nfp_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long len;
	char *end;

	if (!alen || alen >= INET6_ADDRSTRLEN)
		return -1;
	memcpy(buf, s, alen);
	buf[alen] = '\0';

	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, buf, p->addr) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, p->addr) == 1)
		p->family = AF_INET6;
	else
		return -1;

	p->len = nfp_family_addr_len(p->family) * 8;
	if (!slash)
		return 0;

	/* Digits only: no sign, no space, no trailing garbage. */
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	len = strtoul(slash + 1, &end, 10);
	if (*end || len > p->len)
		return -1;
	p->len = len;
	return 0;
}

/*
 * "a.b.c.d" without inet_ntop(), which formats each address with
 * sprintf(): a full table prints two addresses per flow.
 */
static void ipv4_str(const unsigned char *a, char *buf)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (a[i] >= 100)
			*buf++ = '0' + a[i] / 100;
		if (a[i] >= 10)
			*buf++ = '0' + a[i] / 10 % 10;
		*buf++ = '0' + a[i] % 10;
		*buf++ = i < 3 ? '.' : '\0';
	}
}

void nfp_addr_str(int family, const void *addr, bool bracket, char *buf,
		  size_t len)
{
	char tmp[INET6_ADDRSTRLEN];
	size_t n;

	if (!len)
		return;
	if (family == AF_INET)
		ipv4_str(addr, tmp);
	else if (!inet_ntop(family, addr, tmp, sizeof(tmp)))
		strcpy(tmp, "?");
	if (bracket && family == AF_INET6) {
		snprintf(buf, len, "[%s]", tmp);
		return;
	}
	n = strlen(tmp);
	if (n >= len)
		n = len - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
}
