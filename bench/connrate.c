// SPDX-License-Identifier: GPL-2.0
/*
 * connrate: short TCP connections as fast as one thread makes them, for
 * the benchmark's connection-rate test (every connection is a new flow).
 *
 *   connrate server PORT              accept and close, until killed
 *   connrate client ADDR PORT SECS    connect, wait for the server's close,
 *                                     close; print connections per second
 *
 * The server closes first, so TIME_WAIT stays on its side and the client
 * never runs out of ports.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int parse_port(const char *s, struct sockaddr_in *sin)
{
	char *end;
	long port;

	errno = 0;
	port = strtol(s, &end, 10);
	if (errno || *end || port < 1 || port > 65535) {
		fprintf(stderr, "connrate: bad port '%s'\n", s);
		return -1;
	}
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	return 0;
}

static int serve(const char *port)
{
	struct sockaddr_in sin = { 0 };
	int one = 1, fd, c;

	if (parse_port(port, &sin))
		return 2;
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, 4096)) {
		perror("connrate: server");
		return 1;
	}
	for (;;) {
		c = accept(fd, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("connrate: accept");
			return 1;
		}
		close(c);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int client(const char *addr, const char *port, const char *secs)
{
	struct sockaddr_in sin = { 0 };
	double start, end, t;
	unsigned long n = 0;
	char *tail, buf[16];
	int fd;

	if (parse_port(port, &sin))
		return 2;
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "connrate: bad address '%s'\n", addr);
		return 2;
	}
	t = strtod(secs, &tail);
	if (*tail || !(t > 0 && t <= 3600)) {
		fprintf(stderr, "connrate: bad duration '%s'\n", secs);
		return 2;
	}
	start = now();
	end = start + t;
	do {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
			perror("connrate: connect");
			return 1;
		}
		/* EOF: the server's FIN. */
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
		n++;
	} while (now() < end);
	printf("%.1f\n", n / (now() - start));
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc == 3 && !strcmp(argv[1], "server"))
		return serve(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "client"))
		return client(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: connrate server PORT\n"
		"       connrate client ADDR PORT SECONDS\n");
	return 2;
}
