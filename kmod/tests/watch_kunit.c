// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the event stream's per-CPU rings and rate limit (kmod/watch.c).
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/jiffies.h>

#include "../nfprobe.h"
#include "nfprobe_kunit.h"

static int nfp_watch_test_init(struct kunit *test)
{
	return nfp_watch_init();
}

static void nfp_watch_test_exit(struct kunit *test)
{
	nfp_watch_stop();
	nfp_watch_exit();
	WRITE_ONCE(nfp_event_rate, NFP_EVENT_RATE_DEFAULT);
}

/*
 * More events than a CPU's ring holds, before the work can drain it: the
 * excess is counted as suppressed, the rest drained. No namespace has the
 * cookie 0, so nothing is sent and nothing else counted.
 */
static void nfp_watch_overflow_test(struct kunit *test)
{
	struct nfp_flow_key key = { .family = NFPROTO_IPV4, .proto = 17 };
	struct nfp_event ev = { .verdict = NFPROBE_VERDICT_DROP };
	struct nfp_watch_stats before, after;
	unsigned int i;

	nfp_watch_stats_read(&before);
	local_bh_disable();
	for (i = 0; i < 200; i++)
		nfp_watch_push(0, &key, NULL, &ev);
	local_bh_enable();
	nfp_test_watch_flush();
	nfp_watch_stats_read(&after);
	KUNIT_EXPECT_EQ(test, after.suppressed - before.suppressed, 200 - 128);
	KUNIT_EXPECT_EQ(test, after.sent, before.sent);

	/* Drained: the ring takes a full load again without loss. */
	local_bh_disable();
	for (i = 0; i < 128; i++)
		nfp_watch_push(0, &key, NULL, &ev);
	local_bh_enable();
	nfp_test_watch_flush();
	nfp_watch_stats_read(&before);
	KUNIT_EXPECT_EQ(test, before.suppressed, after.suppressed);
}

/* Tokens are events * HZ; the bucket holds one second's worth. */
static void nfp_watch_rate_test(struct kunit *test)
{
	u64 tokens;

	KUNIT_EXPECT_EQ(test, nfp_test_watch_refill(5, 10 * HZ, 0), 5ULL * HZ);
	KUNIT_EXPECT_EQ(test, nfp_test_watch_refill(5, 10 * HZ, 5ULL * HZ),
			5ULL * HZ);
	/* A fifth of a second: one event's worth (a tick may pass too). */
	tokens = nfp_test_watch_refill(5, HZ / 5, 0);
	KUNIT_EXPECT_GE(test, tokens, 5ULL * (HZ / 5));
	KUNIT_EXPECT_LE(test, tokens, 5ULL * (HZ / 5 + 2));
	/* Rate 0: nothing, ever. */
	KUNIT_EXPECT_EQ(test, nfp_test_watch_refill(0, 10 * HZ, 0), 0ULL);
	/* A lowered rate caps what was saved at the old one. */
	KUNIT_EXPECT_EQ(test, nfp_test_watch_refill(1, 0, 1000ULL * HZ),
			1ULL * HZ);
}

static struct kunit_case nfp_watch_cases[] = {
	KUNIT_CASE(nfp_watch_overflow_test),
	KUNIT_CASE(nfp_watch_rate_test),
	{}
};

static struct kunit_suite nfp_watch_suite = {
	.name = "nfprobe_watch",
	.init = nfp_watch_test_init,
	.exit = nfp_watch_test_exit,
	.test_cases = nfp_watch_cases,
};
kunit_test_suite(nfp_watch_suite);
