#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's harness still works (make check): `bench/run --quick`
# on one kernel -- one short round, every configuration -- must produce a
# rate for each traffic of each configuration, the full-table dump timings
# and the module's memory. Its figures are too short to judge the targets;
# `make bench` does that. Then `--configs`: only the configurations named
# and the baseline, and a clear refusal of an unknown one; `--insns`, the
# instruction counts of a QEMU plugin, symbolised; `--dump`, the full-table
# dumps alone. TAP on stdout.
set -u
here=$(cd "$(dirname "$0")" && pwd)
kernel=${1:-6.12}
out=$(mktemp)
sub=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$sub" "$err"' EXIT

# Status 1 is a missed target, expected of so short a run.
"$here/run" --kernel "$kernel" --quick >"$out"
rc=$?

n=0
failed=0
result() # STATUS TEXT
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

rows=(
	"udp-1flow base" "udp-1flow floor" "udp-1flow nfprobe" "udp-1flow nfprobe-off"
	"udp-1flow nfprobe-trace" "udp-1flow nftrace-key" "udp-1flow nft-trace"
	"udp-1flow log"
	"udp-churn base" "udp-churn floor" "udp-churn nfprobe"
	"udp-drop base" "udp-drop floor" "udp-drop nfprobe" "udp-drop nfprobe-trace"
	"udp-drop nftrace-key" "udp-drop nft-trace"
	"udp-drop log"
	"tcp-conn base" "tcp-conn floor" "tcp-conn nfprobe"
)
echo "1..$((${#rows[@]} + 13))"
[ "$rc" -le 1 ]
result $? "bench/run --quick --kernel $kernel ran (status $rc)"
for row in "${rows[@]}"; do
	set -- $row
	# | traffic | config | 12,345 pkt/s | 0.987 | +1.3% |
	grep -Eq "^\| $1 \| $2 \| [0-9,]+ [a-z/]+ \| [0-9.]+ \| [-+][0-9.]+% \|$" "$out"
	result $? "$1 under $2 has a rate and a ratio"
done
if command -v bpftrace >/dev/null; then
	grep -Eq '^\| udp-drop \| bpftrace \| [0-9,]+ pkt/s' "$out"
	result $? "udp-drop under bpftrace has a rate"
else
	result 0 "udp-drop under bpftrace # SKIP bpftrace is not installed (make bench installs it)"
fi
grep -Eq '^\| nfprobe show \| [1-9][0-9]* \| [0-9]+ ms' "$out" &&
	grep -Eq '^\| conntrack -L \| [1-9][0-9]* \| [0-9]+ ms' "$out"
result $? "full-table dump: nfprobe show and conntrack -L timed on a filled table"
grep -Eq '^memory taken by loading nfprobe .*VmallocUsed \+[1-9]' "$out"
result $? "memory: loading nfprobe shows in VmallocUsed"
grep -Eq '^(met|MISSED): ' "$out"
result $? "the targets are judged"
[ "$failed" -eq 0 ] || sed 's/^/# /' "$out"

"$here/run" --kernel "$kernel" --quick --configs nftrace-key >"$sub" 2>"$err"
rc=$?
[ "$rc" -le 1 ] &&
	grep -Eq '^\| udp-1flow \| base \| [0-9,]+ pkt/s' "$sub" &&
	grep -Eq '^\| udp-drop \| nftrace-key \| [0-9,]+ pkt/s' "$sub"
result $? "--configs nftrace-key: its rates and the baseline's (status $rc)"
! grep -Eq '^\| [a-z0-9-]+ \| (floor|nfprobe[a-z-]*|log|nft-trace) \||^\| nfprobe show|^memory' "$sub"
result $? "--configs nftrace-key: no other configuration, no dump or memory figures"
[ "$failed" -eq 0 ] || sed 's/^/# /' "$sub" "$err"

"$here/run" --kernel "$kernel" --quick --configs "nfprobe bogus" >"$sub" 2>"$err"
rc=$?
[ "$rc" -gt 1 ] && grep -q "unknown configuration 'bogus'" "$err"
result $? "--configs with an unknown configuration is refused (status $rc)"

# --insns: the QEMU plugin's counts, per packet, symbolised.
"$here/run" --kernel "$kernel" --quick --insns >"$sub" 2>"$err"
rc=$?
ok=0
for c in base floor nfprobe; do
	for t in udp-1flow udp-churn udp-drop; do
		# | udp-1flow | base | 2,000 | 10,341 | 1.000 | +0 (+0.0%) |
		grep -Eq "^\| $t \| $c \| [0-9,]+ \| [0-9]{1,3}(,[0-9]{3})+ \| [0-9.]+ \| " "$sub" || ok=1
	done
done
[ "$rc" -eq 0 ] && [ "$ok" -eq 0 ]
result $? "--insns: instructions per packet for each traffic under base, floor, nfprobe (status $rc)"
grep -Eq "^udp-1flow, nfprobe: .*the module's own: [1-9][0-9,]* per packet" "$sub" &&
	grep -Eq '^\| nfp_[a-z_]+ \[nfprobe\] \| 0 \| [1-9]' "$sub"
result $? "--insns: nfprobe's own functions are named, with their count per packet"
awk -F' [|] ' '$1 == "| udp-1flow" && $2 == "nfprobe" { gsub(",", "", $4); n = $4 }
	       $1 == "| udp-1flow" && $2 == "base" { gsub(",", "", $4); b = $4 }
	       END { exit !(b > 1000 && n > b) }' "$sub"
result $? "--insns: a forwarded packet takes over 1,000 instructions, more with nfprobe"
[ "$failed" -eq 0 ] || sed 's/^/# /' "$sub" "$err"

# --dump: the full-table dumps alone, with their parts and profiles.
"$here/run" --kernel "$kernel" --quick --dump >"$sub" 2>"$err"
rc=$?
[ "$rc" -le 1 ] &&
	grep -Eq '^\| nfprobe show \| [1-9][0-9]* \| [0-9]+ ms \|' "$sub" &&
	grep -Eq '^\| conntrack -L \| [1-9][0-9]* \| [0-9]+ ms \|' "$sub" &&
	grep -Eq '^(met|MISSED): +full-table show: ' "$sub"
result $? "--dump: nfprobe show and conntrack -L of full tables, timed (status $rc)"
grep -Eq "^bench: nfprobe show --limit 1 \(the fetch\): [0-9]+ ms" "$err" &&
	grep -Eq "^bench: nfprobe show --json: [0-9]+ ms" "$err" &&
	{ ! command -v perf >/dev/null ||
	  grep -Eq '^ +[0-9.]+% +nfprobe +\[\.\] ' "$err"; }
result $? "--dump: the fetch and --json timed, nfprobe's functions in the profile"
[ "$failed" -eq 0 ] || sed 's/^/# /' "$sub" "$err"
exit "$failed"
