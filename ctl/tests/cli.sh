#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tool's command line on a host without the module (TAP): help and
# version work, usage errors exit 2 and name the argument, runtime errors
# exit 1 and say what to do.
nfprobe=${1:-./nfprobe}
n=0
failed=0

# check DESC EXPECTED-STATUS PATTERN -- ARGS...
check()
{
	local desc=$1 want=$2 pattern=$3 out rc
	shift 4

	out=$("$nfprobe" "$@" 2>&1)
	rc=$?
	n=$((n + 1))
	if [ $rc -eq "$want" ] && grep -qE -- "$pattern" <<<"$out"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc (exit $rc, want $want; output: $out)"
		failed=$((failed + 1))
	fi
}

# The family must not resolve here, whatever the machine.
if "$nfprobe" --version 2>/dev/null | grep -q '^module: [0-9]'; then
	echo "1..0 # SKIP the nfprobe module is loaded on this machine"
	exit 0
fi

check "--help exits 0 and lists show" 0 '^  show ' -- --help
check "help show prints its usage" 0 '^Usage: nfprobe show' -- help show
check "--version works without the module" 0 'module: not loaded' -- --version
check "no command is a usage error" 2 '^Usage:' --
check "unknown command exits 2" 2 "unknown command 'frobnicate'" -- frobnicate
check "help for an unknown command exits 2" 2 "unknown command 'nope'" -- help nope
check "bad prefix length names --src" 2 "invalid address '1.2.3.4/33' for --src" -- show --src 1.2.3.4/33
check "bad address names --dst" 2 "invalid address 'x' for --dst" -- show --dst x
check "bad protocol" 2 "invalid protocol 'bogus'" -- show --proto bogus
check "-4 with an IPv6 address" 2 "conflicts with -4" -- show -4 --src 2001:db8::1
check "IPv4 and IPv6 mixed" 2 "mix IPv4 and IPv6" -- show --src 1.2.3.4 --dst ::1
check "missing option value" 2 "needs a value" -- show --src
check "bad port names --dport" 2 "invalid port '70000' for --dport" -- show --dport 70000
check "unknown service names --sport" 2 "invalid port 'nosuch' for --sport" -- show --sport nosuch
check "bad verdict list" 2 "invalid verdict list 'drop,maybe' for --verdict" -- show --verdict drop,maybe
check "bad hook list" 2 "invalid hook list 'nat' for --hook" -- show --hook nat
check "bad stage list" 2 "invalid stage list 'nat' for --stage" -- show --stage nat
check "bad duration" 2 "invalid duration '5 minutes' for --since" -- show --since '5 minutes'
check "bad limit" 2 "invalid count '0' for --limit" -- show --limit 0
check "bad stats format" 2 "invalid format 'xml' \\(text, json or prometheus\\)" -- stats --format xml
check "stats takes no argument" 2 "unexpected argument 'now'" -- stats now
check "stats --output needs the prometheus format" 2 "--output needs --format prometheus" -- stats --output /tmp/x.prom
check "stats --output needs a file name" 2 "empty file name for --output" -- stats --format prometheus --output ''
check "reset: bad filter names the option" 2 "invalid address 'x' for --src" -- reset --src x
check "reset takes no argument" 2 "unexpected argument 'all'" -- reset all
check "explain: bad filter names the option" 2 "invalid port '0' for --dport" -- explain --dport 0
check "unknown option" 2 "unknown option '--frob'" -- show --frob
check "stray argument" 2 "unexpected argument 'x'" -- show x
check "watch: bad count" 2 "invalid count 'x' for --count" -- watch --count x
check "watch: --since makes no sense live" 2 "--since makes no sense" -- watch --since 5m
check "watch: bad filter names the option" 2 "invalid protocol 'tcpp'" -- watch --proto tcpp
check "config: unknown setting" 2 "unknown setting 'speed'" -- config speed 5
check "config: setting without a value" 2 "setting 'event-rate' needs a value" -- config event-rate
check "config: event-rate out of range" 2 "invalid value '1000001' for event-rate" -- config event-rate 1000001
check "config: event-rate not a number" 2 "invalid value '-1' for event-rate" -- config event-rate -1
check "config: enabled takes on or off" 2 "invalid value 'maybe' for enabled" -- config enabled maybe
check "config: track by verdict is refused" 2 "track selects flows by address, protocol and port only" -- config track --verdict drop
check "config: track needs all or a filter" 2 "track needs 'all' or filter options" -- config track
check "config: track all takes nothing more" 2 "unexpected argument 'now'" -- config track all now
check "--netns: no such namespace" 1 "network namespace 'nfp-no-such-ns': /run/netns/nfp-no-such-ns: No such file" -- show --netns nfp-no-such-ns
check "--netns: a name with a slash" 1 "invalid namespace name '../x'" -- show --netns ../x
check "--netns: no such process" 1 "/proc/999999999/ns/net" -- ct --netns 999999999
check "-n is accepted everywhere" 1 'not loaded' -- explain -n
check "module not loaded: exit 1, how to load it" 1 'not loaded \(run: modprobe nfprobe\)' -- show --src 198.51.100.5
check "info without the module" 1 'not loaded' -- info

# No leak or memory error on the error paths.
if command -v valgrind >/dev/null; then
	for args in "show --src 198.51.100.5" "show --src 1.2.3.4/33" "--version" \
		"config track --src 10.0.0.0/8 --verdict drop" "watch --count 0"; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
			--error-exitcode=99 "$nfprobe" $args >/dev/null 2>&1
		if [ $? -ne 99 ]; then
			echo "ok $n - valgrind: nfprobe $args is clean"
		else
			echo "not ok $n - valgrind: nfprobe $args leaks or errs"
			failed=$((failed + 1))
		fi
	done
fi

echo "1..$n"
[ $failed -eq 0 ]
