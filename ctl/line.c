// SPDX-License-Identifier: GPL-2.0
#include "line.h"

/*
 * Byte by byte, on purpose: the pieces are short names and numbers, and
 * calls to strlen() and memcpy() for each cost more than the copy.
 */
void nfp_line_mem(struct nfp_line *l, const char *s, size_t n)
{
	char *p = l->buf + l->len, *end = l->buf + sizeof(l->buf);

	while (n-- && p < end)
		*p++ = *s++;
	l->len = p - l->buf;
}

void nfp_line_pad(struct nfp_line *l, const char *s, size_t width)
{
	char *start = l->buf + l->len, *p = start;
	char *end = l->buf + sizeof(l->buf);
	char *padded = width < (size_t)(end - start) ? start + width : end;

	while (*s && p < end)
		*p++ = *s++;
	while (p < padded)
		*p++ = ' ';
	l->len = p - l->buf;
}

char *nfp_u64_digits(uint64_t v, char buf[NFP_U64_DIGITS])
{
	char *p = buf + NFP_U64_DIGITS;

	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	return p;
}

void nfp_line_u64(struct nfp_line *l, uint64_t v)
{
	char digits[NFP_U64_DIGITS];
	const char *p = nfp_u64_digits(v, digits);

	nfp_line_mem(l, p, digits + NFP_U64_DIGITS - p);
}

void nfp_line_write(struct nfp_line *l, FILE *f)
{
	fwrite(l->buf, 1, l->len, f);
	l->len = 0;
}
