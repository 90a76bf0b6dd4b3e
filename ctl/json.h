/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_JSON_H
#define NFP_CTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

/*
 * A small streaming JSON writer: values are written in order; the writer
 * inserts commas and quotes, escapes strings and checks nesting. A @key of
 * NULL means an array element (or the top-level value). Output is
 * buffered here and written when the buffer fills and when the top-level
 * value ends: a full table is millions of small pieces, too many for a
 * stdio call each.
 */
struct json {
	FILE	*f;
	int	depth;
	bool	first[JSON_MAX_DEPTH];
	size_t	len;
	char	buf[4096];
};

void json_init(struct json *j, FILE *f);
void json_object_start(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_start(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *value);
void json_u64(struct json *j, const char *key, uint64_t value);
void json_null(struct json *j, const char *key);
void json_bool(struct json *j, const char *key, bool value);

#endif
