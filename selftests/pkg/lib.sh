# SPDX-License-Identifier: GPL-2.0
#
# TAP helpers of the package tests (selftests/pkg/*.sh): numbered results,
# failures counted in $failed.

n=0
failed=0

ok()
{
	n=$((n + 1))
	echo "ok $n - $*"
}

fail()
{
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $*"
}

# run DESCRIPTION CMD...: one test, passing when CMD exits 0; CMD's output
# is shown as diagnostics when it fails, and run returns 1.
run()
{
	local what=$1 log
	shift

	if log=$("$@" 2>&1); then
		ok "$what"
	else
		fail "$what"
		sed 's/^/#   /' <<<"$log" | tail -n 40
		return 1
	fi
}
