/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFP_CTL_NETLINK_H
#define NFP_CTL_NETLINK_H

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

/* Exit codes of the tool (documented in nfprobe(8)). */
enum {
	NFP_EXIT_OK	= 0,
	NFP_EXIT_ERROR	= 1,
	NFP_EXIT_USAGE	= 2,
};

struct nfp_nl {
	struct nl_sock	*sk;
	int		family;
	unsigned int	version;
};

typedef int (*nfp_msg_cb)(struct nlmsghdr *nlh, void *arg);

/*
 * Connects to the nfprobe family. Returns 0, or -ENOENT when the module is
 * not loaded, or another -errno; nothing is printed.
 */
int nfp_nl_open(struct nfp_nl *nl);
void nfp_nl_close(struct nfp_nl *nl);

/* A request for @cmd with @flags; NULL on allocation failure. */
struct nl_msg *nfp_nl_msg(struct nfp_nl *nl, int cmd, int flags);

/*
 * Sends @msg (consumed) and calls @cb for each reply until the kernel
 * acknowledges or ends the dump. Returns 0, -errno from the kernel or the
 * callback, or -EINTR when a dump was interrupted by a change (NLM_F_DUMP_INTR):
 * the caller starts over. The kernel's extended ack message, if any, is
 * kept for nfp_nl_report().
 */
int nfp_nl_transact(struct nfp_nl *nl, struct nl_msg *msg, nfp_msg_cb cb,
		    void *arg);

/*
 * Joins the family's multicast group @group. 0, -EPERM, or
 * -EPROTONOSUPPORT when the module has no such group.
 */
int nfp_nl_subscribe(struct nfp_nl *nl, const char *group);

/*
 * What "not permitted" means for this run's requests when the kernel sends
 * no message of its own (older kernels drop a dump's): printed instead of
 * the default "needs CAP_NET_ADMIN in this network namespace".
 */
void nfp_nl_set_perm_hint(const char *hint);

/*
 * Prints the one-line error for @err (a negative errno from the calls
 * above), with the kernel's own message when it sent one, and returns
 * the exit code to use.
 */
int nfp_nl_report(int err);

/* Opens the family or reports why not; returns 0 or an exit code. */
int nfp_nl_open_or_report(struct nfp_nl *nl);

#endif
