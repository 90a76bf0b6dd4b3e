#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What make check runs in one boot of the KUnit/debug kernel (KASAN,
# lockdep, kmemleak): nfprobe's KUnit suites (selftests/kunit/run.sh),
# then the scenarios again, but nfprobe_explain, whose kernel side (drops
# recorded, flows dumped) the others cover: it checks the CLI's reasoning,
# which the pinned kernels' runs test, and took 41 of the debug run's 992
# seconds, which end make check. One boot rather than two spares a boot
# and a kmemleak scan of the debug kernel. Exit status: 0 when both passed.
here=$(cd "$(dirname "$0")/.." && pwd)

"$here/kunit/run.sh"
kunit=$?

scenarios=()
for t in "$here"/netfilter/nfprobe_*.sh; do
	[ "${t##*/}" = nfprobe_explain.sh ] || scenarios+=("${t##*/}")
done
"$here/netfilter/run.sh" "${scenarios[@]}"
scen=$?

[ "$kunit" -eq 0 ] && [ "$scen" -eq 0 ]
