#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nfprobe's overhead benchmark, run by bench/run inside a runner guest
# booted without the module. Prints one table: per traffic and
# configuration the median rate over several rounds and its ratio to the
# baseline of the same rounds; then the full-table dump timings, the
# module's memory and the targets of issue 7.
#
#   gen netns                               fw netns (forwards)
#   veth0 10.77.0.1/24 <---- veth ----> veth1 10.77.0.2/24
#   pktgen: 60-byte UDP, in-kernel          198.18.0.0/16 -> dummy0 (the sink)
#   connrate client                         198.19.0.0/16: DROP by the ruleset
#                                           connrate server, tcp 8080
#
# Traffic
#   udp-1flow    one UDP flow forwarded (accepted by the 28th rule it meets)
#   udp-churn    65536 UDP flows forwarded, random order: conntrack and
#                nfprobe's flow table (2048 per CPU) churn
#   udp-drop     one UDP flow dropped by a rule in FORWARD
#   tcp-conn     short TCP connections, one at a time (a new flow each)
# A UDP run's rate is the packets that reached their end (the sink, or
# the DROP rule's counter) over pktgen's elapsed time: pktgen's thread
# runs the receive path itself, in the softirq its transmit raises.
#
# Configurations
#   base         the ruleset, conntrack, no module
#   floor        nfprobe_floor.ko: the same hooks doing nothing
#   nfprobe      nfprobe.ko, default parameters
#   nfprobe-off  nfprobe.ko with `nfprobe config enabled off`
#   nfprobe-trace  nfprobe.ko with an `nfprobe trace` session open for a
#                flow not in the traffic: what other packets pay meanwhile
#   nft-trace    `meta nftrace set 1` on all traffic, `nft monitor trace` reading
#   nftrace-key  no module; a `meta nftrace set 1` rule in a chain nothing
#                jumps to: nf_tables' own trace switch on, which any trace
#                (nfprobe's included) needs, and what it costs every packet
#   log          an iptables LOG rule first in FORWARD, --limit 5/min
#   bpftrace     a bpftrace one-liner on skb:kfree_skb counting drops by
#                flow, location and reason
#
# Environment (bench/run sets the paths): NFPROBE_BENCH_MODULE,
# NFPROBE_BENCH_FLOOR, NFPROBE_BENCH_CTL, NFPROBE_BENCH_CONNRATE;
# NFPROBE_BENCH_ROUNDS (5), NFPROBE_BENCH_SECONDS per run (2),
# NFPROBE_BENCH_SHOW_FLOWS per CPU (65536), NFPROBE_BENCH_QUICK=1: one
# short round and a small table, to prove the harness works;
# NFPROBE_BENCH_CONFIGS="CONFIG...": only those configurations' rates (and
# the baseline's), no dump or memory figures; NFPROBE_BENCH_INSNS=1:
# instructions per packet instead (see insns()), over
# NFPROBE_BENCH_INSNS_PACKETS packets (20000; 2000 when quick).
# NFPROBE_BENCH_DUMP=1: only the full-table dump figures, with perf's
# profile of each dump.
set -u

module=${NFPROBE_BENCH_MODULE:?}
floor=${NFPROBE_BENCH_FLOOR:?}
nfprobe=${NFPROBE_BENCH_CTL:?}
connrate=${NFPROBE_BENCH_CONNRATE:?}
rounds=${NFPROBE_BENCH_ROUNDS:-5}
seconds=${NFPROBE_BENCH_SECONDS:-2}
show_flows=${NFPROBE_BENCH_SHOW_FLOWS:-65536}
if [ "${NFPROBE_BENCH_QUICK:-}" = 1 ]; then
	rounds=1 seconds=0.3 show_flows=2048
fi

gen=nfpb-gen-$RANDOM fw=nfpb-fw-$RANDOM
raw=$(mktemp /tmp/nfpbench.XXXXXX)
pids=()

log()
{
	echo "bench: $*" >&2
}

# Status 1 is report.py's (a target missed), 2 bad usage: this is neither.
die()
{
	log "$*"
	exit 3
}

cleanup()
{
	local p

	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	ip netns del "$gen" 2>/dev/null
	ip netns del "$fw" 2>/dev/null
	rmmod nfprobe nfprobe_floor 2>/dev/null
	rm -f "$raw"
}
trap cleanup EXIT

# poll SECS CMD...: until CMD succeeds, every 50 ms
poll()
{
	local deadline=$((SECONDS + $1))

	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

fwx()
{
	ip netns exec "$fw" "$@"
}

genx()
{
	ip netns exec "$gen" "$@"
}

setup_topology()
{
	ip netns add "$gen" && ip netns add "$fw" || return 1
	ip -n "$gen" link add veth0 type veth peer name veth1 netns "$fw" || return 1
	ip -n "$gen" addr add 10.77.0.1/24 dev veth0
	ip -n "$fw" addr add 10.77.0.2/24 dev veth1
	ip -n "$gen" link set lo up
	ip -n "$fw" link set lo up
	ip -n "$gen" link set veth0 up
	ip -n "$fw" link set veth1 up
	ip -n "$fw" link add dummy0 type dummy
	ip -n "$fw" link set dummy0 up arp off
	ip -n "$fw" route add 198.18.0.0/16 dev dummy0
	ip -n "$fw" route add 198.19.0.0/16 dev dummy0
	fwx sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.veth1.rp_filter=0 || return 1
	# The flows outlive the benchmark's rounds; the dump test fills more.
	sysctl -qw net.netfilter.nf_conntrack_max=1048576 2>/dev/null ||
		{ modprobe nf_conntrack && sysctl -qw net.netfilter.nf_conntrack_max=1048576; }
	sysctl -qw net.core.netdev_max_backlog=10000
	setup_ruleset
}

# A typical host ruleset, 41 rules with conntrack: the benchmark's UDP
# meets 27 rules (8 of them in a user-defined chain) before the one
# accepting it; TCP to the host is accepted by INPUT's sixth rule.
setup_ruleset()
{
	local port
	{
		echo '*raw'
		echo ':PREROUTING ACCEPT [0:0]'
		echo ':OUTPUT ACCEPT [0:0]'
		echo '-A PREROUTING -p udp --dport 69 -j CT --helper tftp'
		echo 'COMMIT'
		echo '*mangle'
		echo ':PREROUTING ACCEPT [0:0]'
		echo ':FORWARD ACCEPT [0:0]'
		echo '-A PREROUTING -p tcp --dport 22 -j DSCP --set-dscp-class af21'
		echo '-A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu'
		echo 'COMMIT'
		echo '*filter'
		echo ':INPUT DROP [0:0]'
		echo ':FORWARD DROP [0:0]'
		echo ':OUTPUT ACCEPT [0:0]'
		echo ':blocklist - [0:0]'
		echo '-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT'
		echo '-A INPUT -i lo -j ACCEPT'
		echo '-A INPUT -m conntrack --ctstate INVALID -j DROP'
		echo '-A INPUT -p icmp --icmp-type echo-request -j ACCEPT'
		echo '-A INPUT -p tcp --dport 22 -j ACCEPT'
		echo '-A INPUT -p tcp --dport 8080 -j ACCEPT'
		echo '-A INPUT -p udp --dport 53 -j ACCEPT'
		echo '-A INPUT -j REJECT --reject-with icmp-admin-prohibited'
		echo '-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT'
		echo '-A FORWARD -m conntrack --ctstate INVALID -j DROP'
		echo '-A FORWARD -j blocklist'
		for port in 21 23 25 110 135 137 138 139 445 1433 3306 3389 5432 5900; do
			echo "-A FORWARD -p tcp --dport $port -j DROP"
		done
		echo '-A FORWARD -p udp -d 198.19.0.0/16 -j DROP'
		echo '-A FORWARD -p tcp --dport 80 -j ACCEPT'
		echo '-A FORWARD -p tcp --dport 443 -j ACCEPT'
		echo '-A FORWARD -p udp -d 198.18.0.0/16 -j ACCEPT'
		echo '-A FORWARD -p icmp -j ACCEPT'
		echo '-A FORWARD -j REJECT --reject-with icmp-net-prohibited'
		for port in 1 2 3 4 5 6 7 8; do
			echo "-A blocklist -s 203.0.113.$port -j DROP"
		done
		echo 'COMMIT'
	} | fwx iptables-restore
}

# rule_packets DEST: packets counted by FORWARD's rule for DEST
rule_packets()
{
	fwx iptables -w -xvnL FORWARD | awk -v d="$1" '$9 == d { print $1; exit }'
}

sink_packets()
{
	fwx cat /sys/class/net/dummy0/statistics/tx_packets
}

pgset() # FILE CMD: one pktgen command, its result checked
{
	local out

	genx sh -c "echo '$2' > '$1'" || { log "pktgen: '$2' refused"; return 1; }
	case "$1" in */pgctrl|*/kpktgend_*) return 0 ;; esac
	out=$(genx sed -n 's/^Result: //p' "$1")
	case "$out" in
	OK*) return 0 ;;
	*) log "pktgen: '$2': $out"; return 1 ;;
	esac
}

# pktgen_add THREAD DEV: a pktgen device on CPU THREAD's thread sending
# 60-byte UDP over veth0, without clones (veth frees what it is given)
pktgen_add()
{
	local f=/proc/net/pktgen/$2 cmd

	pgset "/proc/net/pktgen/kpktgend_$1" "rem_device_all" &&
	pgset "/proc/net/pktgen/kpktgend_$1" "add_device $2" || return 1
	for cmd in "clone_skb 0" "pkt_size 60" "delay 0" "dst_mac $veth1_mac" \
		   "udp_src_min 4000" "udp_src_max 4000" \
		   "udp_dst_min 9" "udp_dst_max 9"; do
		pgset "$f" "$cmd" || return 1
	done
}

# pktgen_flows DEV DST SRC_MIN SRC_MAX RND|!RND: what DEV sends
pktgen_flows()
{
	local f=/proc/net/pktgen/$1

	pgset "$f" "dst $2" && pgset "$f" "src_min $3" &&
		pgset "$f" "src_max $4" && pgset "$f" "flag ${5}IPSRC_RND"
}

# pktgen_go DEV COUNT [STARTER]: sends COUNT packets from every device;
# prints DEV's elapsed microseconds. STARTER (a command taking a file and
# a text, `insnmark`) writes the start command instead of the shell.
pktgen_go()
{
	pgset "/proc/net/pktgen/$1" "count $2" || return 1
	if [ -n "${3:-}" ]; then
		genx "$3" /proc/net/pktgen/pgctrl $'start\n' || return 1
	else
		pgset /proc/net/pktgen/pgctrl start || return 1
	fi
	genx sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' "/proc/net/pktgen/$1"
}

# udp_send TRAFFIC COUNT [STARTER]: sends TRAFFIC; prints the packets that
# reached their end and pktgen's elapsed microseconds
udp_send()
{
	local before after usec counter

	case "$1" in
	udp-1flow) pktgen_flows veth0 198.18.0.1 10.77.0.1 10.77.0.1 '!' ;;
	udp-churn) pktgen_flows veth0 198.18.0.1 10.78.0.0 10.78.255.255 '' ;;
	udp-drop) pktgen_flows veth0 198.19.0.1 10.77.0.1 10.77.0.1 '!' ;;
	esac || return 1
	if [ "$1" = udp-drop ]; then
		counter="rule_packets 198.19.0.0/16"
	else
		counter=sink_packets
	fi
	before=$($counter)
	usec=$(pktgen_go veth0 "$2" "${3:-}") || return 1
	after=$($counter)
	[ -n "$usec" ] && [ "$usec" -gt 0 ] || { log "pktgen: no result"; return 1; }
	echo "$((after - before)) $usec"
}

# udp_rate TRAFFIC COUNT: packets per second through the receive path
udp_rate()
{
	local sent

	# shellcheck disable=SC2086 # two numbers, split
	sent=$(udp_send "$1" "$2") && set -- $sent && [ $# -eq 2 ] || return 1
	awk -v n="$1" -v us="$2" 'BEGIN { printf "%.0f\n", n * 1e6 / us }'
}

tcp_rate()
{
	genx "$connrate" client 10.77.0.2 8080 "$seconds"
}

tcp_listening()
{
	fwx grep -q ' 00000000:1F90 00000000:0000 0A ' /proc/net/tcp
}

setup_traffic()
{
	modprobe pktgen || return 1
	veth1_mac=$(fwx cat /sys/class/net/veth1/address) || return 1
	pktgen_add 0 veth0 || return 1
	fwx "$connrate" server 8080 &
	pids+=($!)
	poll 10 tcp_listening || { log "connrate server did not start"; return 1; }
}

# A NETLINK_NETFILTER (12) socket in fw in group NFNLGRP_NFTRACE (9).
nft_listening()
{
	fwx cat /proc/net/netlink | {
		while read -r _ proto _ groups _; do
			[ "$proto" = 12 ] && [[ $groups =~ ^[0-9a-f]+$ ]] &&
				(( 0x$groups & 0x100 )) && exit 0
		done
		exit 1
	}
}

bpftrace_prog='
tracepoint:skb:kfree_skb
{
	$skb = (struct sk_buff *)args->skbaddr;
	$ip = (struct iphdr *)($skb->head + $skb->network_header);
	@drops[ntop($ip->saddr), ntop($ip->daddr), $ip->protocol,
	       args->location, args->reason] = count();
}
interval:ms:200 { printf("attached\n"); }'

bpftrace_out=/tmp/nfpbench-bpftrace.out
trace_err=/tmp/nfpbench-trace.err

bpftrace_attached()
{
	grep -q '^attached' "$bpftrace_out"
}

# config_up NAME: sets configuration NAME up; fails when it cannot be had
# here, saying why on stderr
config_up()
{
	case "$1" in
	base) ;;
	floor) insmod "$floor" ;;
	nfprobe) insmod "$module" ;;
	nfprobe-off) insmod "$module" && "$nfprobe" config enabled off >/dev/null ;;
	nfprobe-trace)
		insmod "$module" || return 1
		: >"$trace_err"
		fwx "$nfprobe" trace --src 192.0.2.99 --count 100000 --timeout 1h \
			>/dev/null 2>"$trace_err" &
		trace_pid=$!
		poll 20 grep -q "tracing up to" "$trace_err" ||
			{ log "nfprobe trace did not start: $(cat "$trace_err")"; return 1; }
		;;
	nft-trace)
		fwx nft -f - <<-'EOF' || return 1
		table ip nfpbench {
			chain pre {
				type filter hook prerouting priority -350;
				meta nftrace set 1
			}
		}
		EOF
		fwx nft monitor trace >/dev/null &
		monitor_pid=$!
		poll 20 nft_listening || { log "nft monitor trace did not start"; return 1; }
		;;
	nftrace-key)
		fwx nft -f - <<-'EOF'
		table ip nfpbenchkey {
			chain never {
				meta nftrace set 1
			}
		}
		EOF
		;;
	log)
		fwx iptables -w -I FORWARD 1 -m limit --limit 5/min --limit-burst 5 \
			-j LOG --log-prefix "nfpbench: "
		;;
	bpftrace)
		command -v bpftrace >/dev/null || { log "bpftrace is not installed"; return 1; }
		bpftrace -e "$bpftrace_prog" >"$bpftrace_out" 2>&1 &
		bpftrace_pid=$!
		if ! poll 120 bpftrace_attached; then
			log "bpftrace did not attach: $(head -c 300 "$bpftrace_out")"
			kill "$bpftrace_pid" 2>/dev/null
			wait "$bpftrace_pid" 2>/dev/null
			return 1
		fi
		;;
	*) return 1 ;;
	esac
}

config_down()
{
	case "$1" in
	floor) rmmod nfprobe_floor ;;
	nfprobe|nfprobe-off) rmmod nfprobe ;;
	nfprobe-trace)
		kill "$trace_pid" 2>/dev/null
		wait "$trace_pid" 2>/dev/null
		rmmod nfprobe
		;;
	nft-trace)
		kill "$monitor_pid" 2>/dev/null
		wait "$monitor_pid" 2>/dev/null
		fwx nft delete table ip nfpbench
		;;
	nftrace-key) fwx nft delete table ip nfpbenchkey ;;
	log) fwx iptables -w -D FORWARD 1 ;;
	bpftrace)
		kill -INT "$bpftrace_pid" 2>/dev/null
		wait "$bpftrace_pid" 2>/dev/null
		;;
	esac
}

configs=(base floor nfprobe nfprobe-off nfprobe-trace nftrace-key nft-trace log
	bpftrace)
declare -A traffics=(
	[base]="udp-1flow udp-churn udp-drop tcp-conn"
	[floor]="udp-1flow udp-churn udp-drop tcp-conn"
	[nfprobe]="udp-1flow udp-churn udp-drop tcp-conn"
	[nfprobe-off]="udp-1flow"
	[nfprobe-trace]="udp-1flow udp-drop"
	[nftrace-key]="udp-1flow udp-drop"
	[nft-trace]="udp-1flow udp-drop"
	[log]="udp-1flow udp-drop"
	[bpftrace]="udp-1flow udp-drop"
)
declare -A udp_count

# A subset of the configurations, in the table's order; the baseline is
# always measured: every ratio is to it.
if [ -n "${NFPROBE_BENCH_CONFIGS:-}" ]; then
	for c in $NFPROBE_BENCH_CONFIGS; do
		[ -n "${traffics[$c]:-}" ] ||
			{ log "unknown configuration '$c' (known: ${configs[*]})"; exit 2; }
	done
	subset=(base)
	for c in "${configs[@]}"; do
		[[ " $NFPROBE_BENCH_CONFIGS " == *" $c "* ]] && [ "$c" != base ] &&
			subset+=("$c")
	done
	configs=("${subset[@]}")
fi

# measure TRAFFIC: one run's rate
measure()
{
	case "$1" in
	tcp-conn) tcp_rate ;;
	*) udp_rate "$1" "${udp_count[$1]}" ;;
	esac
}

# Each UDP run sends what the baseline forwards in $seconds.
calibrate()
{
	local t rate

	for t in udp-1flow udp-churn udp-drop; do
		rate=$(udp_rate "$t" 20000) || return 1
		[ "$rate" -gt 0 ] || { log "calibration: no $t packet arrived"; return 1; }
		udp_count[$t]=$(awk -v r="$rate" -v s="$seconds" 'BEGIN { printf "%d\n", r * s }')
		log "calibration: $t at $rate/s, $((udp_count[$t])) packets a run"
	done
}

# The rounds: every configuration once per round, in an order rotated by
# one each round, so that drift over the boot touches them all alike.
run_rounds()
{
	local r i n=${#configs[@]} c t rate

	for ((r = 0; r < rounds; r++)); do
		for ((i = 0; i < n; i++)); do
			c=${configs[(i + r) % n]}
			if [ -n "${unavailable[$c]:-}" ]; then
				continue
			fi
			if ! config_up "$c"; then
				unavailable[$c]=1
				config_down "$c" 2>/dev/null
				echo "unavailable $c" >>"$raw"
				continue
			fi
			for t in ${traffics[$c]}; do
				rate=$(measure "$t") || die "$c/$t: the run failed"
				echo "rate $t $c $r $rate" >>"$raw"
			done
			config_down "$c" || die "$c: cannot be undone"
		done
		log "round $((r + 1))/$rounds done"
	done
}
declare -A unavailable

meminfo() # FIELD: its kB
{
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# The module's memory at default parameters: what loading it took.
measure_memory()
{
	local f after

	sync
	echo 3 >/proc/sys/vm/drop_caches
	for f in MemAvailable Percpu VmallocUsed SUnreclaim; do
		before[$f]=$(meminfo "$f")
	done
	insmod "$module" || return 1
	for f in MemAvailable Percpu VmallocUsed SUnreclaim; do
		after=$(meminfo "$f")
		echo "mem $f $((after - before[$f]))" >>"$raw"
	done
	echo "mem coresize $(($(cat /sys/module/nfprobe/coresize) / 1024))" >>"$raw"
	rmmod nfprobe
}
declare -A before

ipv4() # N: 10.80.0.0 + N
{
	echo "10.$((80 + ($1 >> 16))).$((($1 >> 8) & 255)).$(($1 & 255))"
}

# wall_ms CMD...: one run's wall time, in ms
wall_ms()
{
	local t TIMEFORMAT=%R

	t=$( { time "$@" >/dev/null 2>&1; } 2>&1) || return 1
	awk -v t="$t" 'BEGIN { printf "%.0f\n", t * 1000 }'
}

# median LIST: the median of the numbers in LIST
median()
{
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# median_time CMD...: the median wall time of three runs, in ms
median_time()
{
	local i t times=()

	for i in 1 2 3; do
		t=$(wall_ms "$@") || return 1
		times+=("$t")
	done
	median "${times[@]}"
}

# A full table on each CPU: one flow per source address from each CPU's
# pktgen thread, conntrack keeping them all; then nfprobe show against
# conntrack -L in the same namespace, the two interleaved over five
# rounds, so that whatever else the guest does meanwhile (conntrack's
# garbage collection of 131,072 entries) weighs on both alike.
measure_dump()
{
	local ncpu n flows ct t_show t_ct

	ncpu=$(nproc)
	n=$show_flows
	insmod "$module" flows_per_cpu="$n" || return 1
	fwx sysctl -qw net.netfilter.nf_conntrack_udp_timeout=3600
	fwx conntrack -F 2>/dev/null
	local cpu
	for ((cpu = 0; cpu < ncpu; cpu++)); do
		pktgen_add "$cpu" "veth0@$cpu" || return 1
		pgset "/proc/net/pktgen/veth0@$cpu" "count $n" &&
		pktgen_flows "veth0@$cpu" 198.18.0.1 "$(ipv4 $((cpu * n)))" \
			"$(ipv4 $((cpu * n + n - 1)))" '!' || return 1
	done
	pgset /proc/net/pktgen/pgctrl start || return 1
	flows=$("$nfprobe" info | awk '$1 == "flows_in_use" { print $2 }')
	ct=$(fwx conntrack -C)
	local i t shows=() cts=()
	for i in 1 2 3 4 5; do
		t=$(wall_ms fwx "$nfprobe" show) || return 1
		shows+=("$t")
		t=$(wall_ms fwx conntrack -L) || return 1
		cts+=("$t")
	done
	t_show=$(median "${shows[@]}")
	t_ct=$(median "${cts[@]}")
	log "nfprobe show: ${shows[*]} ms; conntrack -L: ${cts[*]} ms"
	echo "dump nfprobe $flows $t_show" >>"$raw"
	echo "dump conntrack $ct $t_ct" >>"$raw"
	[ -n "${NFPROBE_BENCH_DUMP:-}" ] && dump_profile
	for ((cpu = 0; cpu < ncpu; cpu++)); do
		pgset "/proc/net/pktgen/kpktgend_$cpu" rem_device_all
	done
	rmmod nfprobe
}

# dump_profile: where the dumps' time goes, by perf's software clock (the
# tool and the kernel's side of its netlink dump together), and the parts
# of nfprobe show's time: the fetch alone (--limit 1 prints one flow), the
# kernel's walk alone (a filter no flow matches), and --json.
dump_profile()
{
	local what

	if command -v perf >/dev/null; then
		for what in "$nfprobe show" "conntrack -L"; do
			log "profile of $what"
			# shellcheck disable=SC2086 # a command line, split
			fwx perf record -q -F 2000 -e cpu-clock \
				-o /tmp/nfpbench.perf -- $what >/dev/null 2>&1
			perf report -i /tmp/nfpbench.perf --stdio --no-children \
				--sort dso,sym --percent-limit 1 2>/dev/null |
				grep -v '^#' | grep -v '^$' | head -30 >&2
		done
	else
		log "perf is not installed: no profile"
	fi
	log "nfprobe show --limit 1 (the fetch): $(median_time fwx "$nfprobe" show --limit 1) ms"
	log "nfprobe show --src 192.0.2.1 (the kernel's walk): $(median_time fwx "$nfprobe" show --src 192.0.2.1) ms"
	log "nfprobe show --json: $(median_time fwx "$nfprobe" show --json) ms"
}

# profile CONFIG TRAFFIC: where the time goes, by perf's software clock
# (TCG has no hardware counters), kernel and modules only
profile()
{
	local c=$1 t=${2:-udp-1flow} rate

	command -v perf >/dev/null || die "perf is not installed"
	calibrate || die "calibration failed"
	config_up "$c" || die "$c: cannot be set up"
	# perf takes seconds to start under TCG: the run starts well inside
	# its window and ends before it closes.
	perf record -q -a -e cpu-clock -o /tmp/nfpbench.perf -- \
		sleep $((8 + 2 * ${seconds%.*})) >/dev/null 2>&1 &
	pids+=($!)
	sleep 5
	rate=$(measure "$t") || die "$c/$t: the run failed"
	wait "${pids[-1]}"
	log "$c/$t: $rate per second under perf"
	perf report -i /tmp/nfpbench.perf --stdio --no-children --sort dso,sym --comms kpktgend_0 --percentage relative \
		--percent-limit 0.4 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60
	config_down "$c"
}

# insns: instructions per packet, counted by the QEMU plugin
# bench/insncount.c (bench/run --insns) on CPU 0, where pktgen's thread
# sends and runs the receive path: for each configuration and UDP
# traffic, one pktgen run of NFPROBE_BENCH_INSNS_PACKETS packets between
# the plugin's marks, after a run that warms flows and caches up. Nearly
# the same from run to run, where rates under TCG move by several
# percent; but an instruction count is not a time (memory accesses cost
# more under TCG than most instructions do).
insns()
{
	local list=/tmp/nfpbench.insns dir=/run/nfprobe-vm seq=0 c t sent
	local packets=${NFPROBE_BENCH_INSNS_PACKETS:-20000}

	[ "${NFPROBE_BENCH_QUICK:-}" = 1 ] && packets=2000

	[ -x "${NFPROBE_BENCH_INSNMARK:-}" ] || die "insnmark missing"
	: >"$list"
	for c in ${NFPROBE_BENCH_CONFIGS:-base floor nfprobe}; do
		config_up "$c" || die "$c: cannot be set up"
		# The module's functions are where it is loaded now.
		cp /proc/kallsyms "/tmp/nfpbench.kallsyms.$c"
		for t in udp-1flow udp-churn udp-drop; do
			udp_send "$t" 2000 >/dev/null || die "$c/$t: warm-up failed"
			sent=$(udp_send "$t" "$packets" "$NFPROBE_BENCH_INSNMARK") ||
				die "$c/$t: the run failed"
			[ -f "$dir/insns.$seq" ] ||
				die "no count from the plugin: run by bench/run --insns"
			echo "$c $t ${sent% *} $dir/insns.$seq /tmp/nfpbench.kallsyms.$c" >>"$list"
			seq=$((seq + 1))
		done
		config_down "$c"
	done
	python3 "$(dirname "$0")/insns.py" <"$list"
}

[ -r "$module" ] && [ -r "$floor" ] && [ -x "$nfprobe" ] && [ -x "$connrate" ] ||
	die "module, floor module, nfprobe or connrate missing"
lsmod | grep -q '^nfprobe ' && die "nfprobe is loaded: boot the guest with --no-module"

setup_topology || die "cannot set the topology up"
setup_traffic || die "cannot set the traffic up"
if [ -n "${NFPROBE_BENCH_INSNS:-}" ]; then
	insns
	exit
fi
if [ -n "${NFPROBE_BENCH_DUMP:-}" ]; then
	measure_dump || die "dump test failed"
	python3 "$(dirname "$0")/report.py" "$raw" "$(uname -r)" "$(nproc)" 0 0
	exit
fi
if [ -n "${NFPROBE_BENCH_PROFILE:-}" ]; then
	profile ${NFPROBE_BENCH_PROFILE/:/ }
	exit
fi
log "$(uname -r), $(nproc) CPUs, $rounds rounds of ${seconds}s runs"
calibrate || die "calibration failed"
run_rounds
if [ -z "${NFPROBE_BENCH_CONFIGS:-}" ]; then
	measure_memory || die "memory: cannot load the module"
	measure_dump || die "dump test failed"
fi
python3 "$(dirname "$0")/report.py" "$raw" "$(uname -r)" "$(nproc)" "$rounds" "$seconds"
