// SPDX-License-Identifier: GPL-2.0
/*
 * insnmark FILE TEXT: writes TEXT to FILE between the two marks of
 * bench/insncount.c: the plugin's counts start just before the write and
 * are dumped just after it. For `insnmark /proc/net/pktgen/pgctrl start`,
 * whose write returns when pktgen has sent everything, the dump holds the
 * instructions of the sending and of the receive path it runs, and little
 * else. Outside a guest with the plugin the marks are NOPs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* nopw 0x4e4650XX(%rax,%rax,1): XX 01 zeroes the counts, 02 dumps them. */
#define MARK(op) \
	asm volatile(".byte 0x66, 0x0f, 0x1f, 0x84, 0x00, " #op ", 0x50, 0x46, 0x4e" \
		     ::: "memory")

int main(int argc, char **argv)
{
	size_t len;
	ssize_t n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: insnmark FILE TEXT\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	len = strlen(argv[2]);
	MARK(0x01);
	n = write(fd, argv[2], len);
	MARK(0x02);
	if (n != (ssize_t)len) {
		perror(argv[1]);
		return 1;
	}
	return close(fd) ? 1 : 0;
}
