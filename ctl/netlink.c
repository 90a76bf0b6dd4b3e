// SPDX-License-Identifier: GPL-2.0
/*
 * The tool's side of the nfprobe generic netlink family, on libnl-3.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/cache.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <linux/nfprobe.h>

#include "netlink.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* The kernel's extended ack message for the last failed request. */
static char nfp_extack_msg[256];
/* What a refusal means when the kernel gives no message (see netlink.h). */
static const char *nfp_perm_hint;

void nfp_nl_set_perm_hint(const char *hint)
{
	nfp_perm_hint = hint;
}

/* The version the module registered its family with. */
static int nfp_nl_family_version(struct nfp_nl *nl)
{
	struct genl_family *family;
	struct nl_cache *cache;

	if (genl_ctrl_alloc_cache(nl->sk, &cache))
		return -EIO;
	family = genl_ctrl_search(cache, nl->family);
	if (!family) {
		nl_cache_free(cache);
		return -ENOENT;
	}
	nl->version = genl_family_get_version(family);
	genl_family_put(family);
	nl_cache_free(cache);
	return 0;
}

int nfp_nl_open(struct nfp_nl *nl)
{
	int one = 1;
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;

	err = genl_connect(nl->sk);
	if (err) {
		err = -EIO;
		goto err_free;
	}
	/* The kernel says why it refused a request, not only errno. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	/* By name, which lets the kernel autoload the module. */
	nl->family = genl_ctrl_resolve(nl->sk, NFPROBE_GENL_NAME);
	if (nl->family < 0) {
		err = nl->family == -NLE_OBJ_NOTFOUND ? -ENOENT : -EIO;
		goto err_free;
	}
	err = nfp_nl_family_version(nl);
	if (err)
		goto err_free;
	return 0;

err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

void nfp_nl_close(struct nfp_nl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *nfp_nl_msg(struct nfp_nl *nl, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				flags, cmd, NFPROBE_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

struct nfp_transact {
	nfp_msg_cb	cb;
	void		*arg;
	int		err;
	int		done;
	int		interrupted;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nfp_transact *t = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		t->interrupted = 1;
	if (t->err || !t->cb)
		return NL_SKIP;
	err = t->cb(nlh, t->arg);
	if (err)
		t->err = err;
	return NL_OK;
}

static void extack_save(struct nlmsghdr *nlh, struct nlmsgerr *e)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nlattr *attrs;
	size_t off = sizeof(*e);
	int len;

	nfp_extack_msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if (len <= 0)
		return;
	attrs = (struct nlattr *)((char *)e + off);
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, len, NULL) ||
	    !tb[NLMSGERR_ATTR_MSG])
		return;
	snprintf(nfp_extack_msg, sizeof(nfp_extack_msg), "%.*s",
		 nla_len(tb[NLMSGERR_ATTR_MSG]),
		 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nfp_transact *t = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);

	(void)who;
	extack_save(nlh, e);
	if (!t->err)
		t->err = e->error;
	t->done = 1;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nfp_transact *t = arg;

	(void)msg;
	t->done = 1;
	return NL_STOP;
}

int nfp_nl_transact(struct nfp_nl *nl, struct nl_msg *msg, nfp_msg_cb cb,
		    void *arg)
{
	struct nfp_transact t = { .cb = cb, .arg = arg };
	struct nl_cb *nlcb;
	int err;

	nfp_extack_msg[0] = '\0';
	nlcb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!nlcb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &t);

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		nl_cb_put(nlcb);
		return -EIO;
	}

	while (!t.done) {
		err = nl_recvmsgs(nl->sk, nlcb);
		if (err == -NLE_DUMP_INTR) {
			t.interrupted = 1;
			break;
		}
		if (err < 0 && !t.done) {
			t.err = t.err ?: -EIO;
			break;
		}
	}
	nl_cb_put(nlcb);

	if (t.err)
		return t.err;
	return t.interrupted ? -EINTR : 0;
}

int nfp_nl_subscribe(struct nfp_nl *nl, const char *group)
{
	int id = genl_ctrl_resolve_grp(nl->sk, NFPROBE_GENL_NAME, group);

	if (id < 0)
		return id == -NLE_OBJ_NOTFOUND ? -EPROTONOSUPPORT : -EIO;
	switch (nl_socket_add_membership(nl->sk, id)) {
	case 0:
		return 0;
	case -NLE_PERM:
		return -EPERM;
	default:
		return -EIO;
	}
}

int nfp_nl_report(int err)
{
	switch (err) {
	case 0:
		return NFP_EXIT_OK;
	case -ENOENT:
		fprintf(stderr,
			"nfprobe: kernel module not loaded (run: modprobe nfprobe)\n");
		break;
	case -EPERM:
	case -EACCES:
		if (nfp_extack_msg[0] || nfp_perm_hint) {
			/* The kernel said which permission is missing. */
			fprintf(stderr, "nfprobe: not permitted: %s\n",
				nfp_extack_msg[0] ? nfp_extack_msg : nfp_perm_hint);
			break;
		}
		fprintf(stderr,
			"nfprobe: not permitted: needs CAP_NET_ADMIN in this network namespace\n");
		break;
	case -EINTR:
		fprintf(stderr,
			"nfprobe: the flow tables kept changing during the dump; try again\n");
		break;
	case -EPROTONOSUPPORT:
		fprintf(stderr,
			"nfprobe: the loaded module is too old for this command; load this version's module\n");
		break;
	default:
		if (nfp_extack_msg[0])
			fprintf(stderr, "nfprobe: kernel: %s\n", nfp_extack_msg);
		else
			fprintf(stderr, "nfprobe: %s\n", strerror(-err));
	}
	return NFP_EXIT_ERROR;
}

int nfp_nl_open_or_report(struct nfp_nl *nl)
{
	int err = nfp_nl_open(nl);

	return err ? nfp_nl_report(err) : NFP_EXIT_OK;
}
