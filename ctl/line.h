/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_LINE_H
#define NFP_CTL_LINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NFP_LINE_MAX 1024

/*
 * One line of output built in memory, then written with one call. A
 * full-table `show` writes hundreds of thousands of lines, and printf's
 * format parsing, once per field, was most of its time. Text that does not
 * fit is cut, never written past the buffer.
 */
struct nfp_line {
	size_t	len;
	char	buf[NFP_LINE_MAX];
};

static inline void nfp_line_init(struct nfp_line *l)
{
	l->len = 0;
}

/* Appends @n bytes of @s. */
void nfp_line_mem(struct nfp_line *l, const char *s, size_t n);
/* Appends @s, then spaces up to @width: printf's "%-*s". */
void nfp_line_pad(struct nfp_line *l, const char *s, size_t width);
/* The most digits a u64 takes in decimal. */
#define NFP_U64_DIGITS 20

/*
 * @v in decimal at the end of @buf, not NUL-terminated; returns where it
 * starts (it ends at @buf + NFP_U64_DIGITS). printf's "%llu" without the
 * format parsing.
 */
char *nfp_u64_digits(uint64_t v, char buf[NFP_U64_DIGITS]);

/* Appends @v in decimal: printf's "%llu". */
void nfp_line_u64(struct nfp_line *l, uint64_t v);
/* Writes the line to @f and empties it. */
void nfp_line_write(struct nfp_line *l, FILE *f);

static inline void nfp_line_str(struct nfp_line *l, const char *s)
{
	nfp_line_pad(l, s, 0);
}

#endif
