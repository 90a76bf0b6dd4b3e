// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "netlink.h"
#include "nfprobe.h"

int nfp_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("nfprobe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'nfprobe help%s%s'.\n", cmd ? " " : "",
		cmd ?: "");
	return NFP_EXIT_USAGE;
}
