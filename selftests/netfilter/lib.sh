# SPDX-License-Identifier: GPL-2.0
#
# Helpers for nfprobe's kselftest scenarios: TAP output, namespaces with
# random names, polling instead of sleeping, and assertions on what the
# nfprobe CLI reports. Sourced by the scenario scripts beside it.

ksft_skip=4
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NFPROBE=${NFPROBE:-$REPO/ctl/nfprobe}

tap_n=0
tap_failed=0

tap_plan()
{
	echo "TAP version 13"
	echo "1..$1"
}

# ok CONDITION-STATUS DESCRIPTION
tap_result()
{
	local status=$1; shift

	tap_n=$((tap_n + 1))
	if [ "$status" -eq 0 ]; then
		echo "ok $tap_n - $*"
	else
		echo "not ok $tap_n - $*"
		tap_failed=$((tap_failed + 1))
	fi
}

# tap_result_skip DESCRIPTION REASON: a test this system cannot run
tap_result_skip()
{
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

tap_skip_all()
{
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

tap_exit()
{
	[ "$tap_failed" -eq 0 ]
	exit $?
}

# nfp_require TOOL...: skips the whole scenario unless it runs as root,
# with these tools, the built nfprobe tool and the module loaded
nfp_require()
{
	local tool

	[ "$(id -u)" -eq 0 ] || tap_skip_all "needs root"
	for tool in "$@"; do
		command -v "$tool" >/dev/null || tap_skip_all "$tool not installed"
	done
	[ -x "$NFPROBE" ] || tap_skip_all "$NFPROBE not built"
	[ -d /sys/module/nfprobe ] || tap_skip_all "nfprobe module not loaded"
}

# Random suffix so scenarios can run side by side and never clash with
# namespaces someone else created.
rnd=$(mktemp -u XXXXXXXX)

# netns_create NAME...: sets the variables NAME to "NAME-<rnd>"
netns_create()
{
	local v ns

	for v in "$@"; do
		ns="$v-$rnd"
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		eval "$v=\$ns"
		NETNS_CREATED="${NETNS_CREATED:-} $ns"
	done
}

# veth_link NS1 IF1 ADDR1/LEN NS2 IF2 ADDR2/LEN: a veth pair between two
# namespaces, addressed (IPv6 without duplicate address detection) and up
veth_link()
{
	local ns1=$1 if1=$2 a1=$3 ns2=$4 if2=$5 a2=$6 nodad=

	ip link add "$if1" netns "$ns1" type veth peer name "$if2" netns "$ns2" ||
		return 1
	case "$a1" in *:*) nodad=nodad ;; esac
	ip -n "$ns1" addr add "$a1" dev "$if1" $nodad &&
		ip -n "$ns2" addr add "$a2" dev "$if2" $nodad &&
		ip -n "$ns1" link set "$if1" up &&
		ip -n "$ns2" link set "$if2" up
}

# client_server: the namespaces most scenarios use, routed to each other
#   client $CLIENT_IP/24 c0 <---- veth ----> s0 $SERVER_IP/24 server
CLIENT_IP=198.51.100.5
SERVER_IP=203.0.113.10
client_server()
{
	netns_create client server &&
		veth_link "$client" c0 $CLIENT_IP/24 "$server" s0 $SERVER_IP/24 &&
		ip -n "$client" route add 203.0.113.0/24 dev c0 &&
		ip -n "$server" route add 198.51.100.0/24 dev s0
}

netns_cleanup()
{
	local ns

	for ns in ${NETNS_CREATED:-}; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	NETNS_CREATED=
}

# poll SECONDS CMD...: runs CMD every 0.1 s until it succeeds or time is up
poll()
{
	# A deadline, not a number of tries: a slow command (a ping, a
	# dump) must not stretch N seconds past the scenario's timeout.
	local deadline=$((SECONDS + $1)); shift

	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

tcp_listening()
{
	ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q LISTEN
}

udp_bound()
{
	ip netns exec "$1" ss -Hlun "sport = :$2" | grep -q .
}

# nfp_show NS ARGS...: nfprobe show, as seen from inside NS
nfp_show()
{
	local ns=$1; shift

	ip netns exec "$ns" "$NFPROBE" show "$@"
}

# nfp_expect NS SHOW-ARGS -- PYTHON-EXPR DESCRIPTION
#
# Runs `nfprobe show SHOW-ARGS --json` in NS and evaluates PYTHON-EXPR with
# `flows` bound to the decoded list, e.g.
#   any(e["hook"] == "INPUT" for f in flows for e in f["events"])
# Prints the human output on failure, so a failing test explains itself.
nfp_expect()
{
	local ns=$1; shift
	local args=() expr desc

	while [ "$1" != "--" ]; do args+=("$1"); shift; done
	shift
	expr=$1 desc=$2

	ip netns exec "$ns" "$NFPROBE" show "${args[@]}" --json |
		python3 -c '
import json, sys
doc = json.load(sys.stdin)
flows = doc["flows"]
def events(**want):
    return [e for f in flows for e in f["events"]
            if all(e.get(k) == v for k, v in want.items())]
sys.exit(0 if eval("(" + sys.argv[1] + ")") else 1)
' "$expr"
	local rc=$?
	if [ $rc -ne 0 ]; then
		echo "# expected: $expr"
		nfp_show "$ns" "${args[@]}" 2>&1 | sed 's/^/#   /'
	fi
	tap_result $rc "$desc"
}
