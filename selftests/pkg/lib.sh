# SPDX-License-Identifier: GPL-2.0
#
# What the package tests (selftests/pkg/*.sh) share: TAP helpers (numbered
# results, failures counted in $failed) and the apt sources of a chroot.

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

# The host's mirrors: the Debian archive and its security archive, as apt
# here knows them (the suites it names are this host's, not $suite).
mirrors()
{
	apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null |
		awk '$3 == "main" && $2 !~ /-/ && !d { d = $1 }
		     $3 == "main" && $2 ~ /-security$/ && !s { s = $1 }
		     END { print d, s }'
}

# sources_for SUITE DEBIAN SECURITY: that suite's lines for apt
sources_for()
{
	echo "deb $2 $1 main"
	[ "$1" = sid ] && return
	echo "deb $2 $1-updates main"
	[ -n "$3" ] && echo "deb $3 $1-security main"
}
