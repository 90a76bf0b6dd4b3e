// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "json.h"
#include "line.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	j->len = 0;
}

static void json_flush(struct json *j)
{
	fwrite(j->buf, 1, j->len, j->f);
	j->len = 0;
}

static void json_putc(struct json *j, char c)
{
	if (j->len == sizeof(j->buf))
		json_flush(j);
	j->buf[j->len++] = c;
}

/* Byte by byte: keys, names and numbers are short (see line.c). */
static void json_put(struct json *j, const char *s, size_t n)
{
	if (n > sizeof(j->buf) - j->len) {
		json_flush(j);
		if (n > sizeof(j->buf)) {
			fwrite(s, 1, n, j->f);
			return;
		}
	}
	while (n--)
		j->buf[j->len++] = *s++;
}

static void json_puts(struct json *j, const char *s)
{
	while (*s)
		json_putc(j, *s++);
}

static void json_escape(struct json *j, const char *s)
{
	const unsigned char *p;
	char hex[8];

	json_putc(j, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			json_puts(j, "\\\"");
			break;
		case '\\':
			json_puts(j, "\\\\");
			break;
		case '\n':
			json_puts(j, "\\n");
			break;
		case '\r':
			json_puts(j, "\\r");
			break;
		case '\t':
			json_puts(j, "\\t");
			break;
		case '\b':
			json_puts(j, "\\b");
			break;
		case '\f':
			json_puts(j, "\\f");
			break;
		default:
			if (*p < 0x20) {
				snprintf(hex, sizeof(hex), "\\u%04x", *p);
				json_puts(j, hex);
			} else {
				json_putc(j, *p);
			}
		}
	}
	json_putc(j, '"');
}

/* The comma and key before a value at the current depth. */
static void json_key(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		json_putc(j, ',');
	j->first[j->depth] = false;
	if (key) {
		json_escape(j, key);
		json_putc(j, ':');
	}
}

static void json_open(struct json *j, const char *key, char c)
{
	json_key(j, key);
	json_putc(j, c);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->first[j->depth] = true;
}

/* The document ends at depth 0: written out then, with its newline. */
static void json_close(struct json *j, char c)
{
	json_putc(j, c);
	if (j->depth > 0)
		j->depth--;
	if (j->depth == 0) {
		json_putc(j, '\n');
		json_flush(j);
	}
}

void json_object_start(struct json *j, const char *key)
{
	json_open(j, key, '{');
}

void json_object_end(struct json *j)
{
	json_close(j, '}');
}

void json_array_start(struct json *j, const char *key)
{
	json_open(j, key, '[');
}

void json_array_end(struct json *j)
{
	json_close(j, ']');
}

void json_string(struct json *j, const char *key, const char *value)
{
	json_key(j, key);
	json_escape(j, value);
}

void json_u64(struct json *j, const char *key, uint64_t value)
{
	char digits[NFP_U64_DIGITS];
	const char *p;

	json_key(j, key);
	/* Not fprintf(): a full table writes a dozen numbers per flow. */
	p = nfp_u64_digits(value, digits);
	json_put(j, p, digits + NFP_U64_DIGITS - p);
}

void json_null(struct json *j, const char *key)
{
	json_key(j, key);
	json_puts(j, "null");
}

void json_bool(struct json *j, const char *key, bool value)
{
	json_key(j, key);
	json_puts(j, value ? "true" : "false");
}
