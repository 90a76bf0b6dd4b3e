#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nfprobe keeps working while conntrack comes and goes: with conntrack in
# use, after nf_conntrack is unloaded under traffic (nfprobe does not
# depend on it), and once it is loaded again.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#                                            REJECT tcp 8080 (tcp-reset)

source "$(dirname "$0")/lib.sh"

cleanup()
{
	[ -n "${flood_pid:-}" ] && kill "$flood_pid" 2>/dev/null
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip iptables socat python3 modprobe
# A built-in conntrack (the KUnit/debug kernel) cannot be unloaded.
[ -e /sys/module/nf_conntrack/initstate ] || modprobe nf_conntrack 2>/dev/null
[ -e /sys/module/nf_conntrack/initstate ] ||
	tap_skip_all "nf_conntrack is built in or missing"

tap_plan 6

client_server || tap_skip_all "cannot create namespaces"

# connect SPORT: one attempt to the server's port 8080
connect()
{
	ip netns exec "$client" socat -T2 - \
		TCP:$SERVER_IP:8080,sourceport="$1",reuseaddr,connect-timeout=2 \
		</dev/null >/dev/null 2>&1
}

# rejected_in SPORT CT: the flow was rejected with a reset in
# filter/INPUT, the packet in conntrack state CT
rejected_in()
{
	echo "any(e[\"hook\"] == \"INPUT\" and e[\"verdict\"] == \"REJECT\" and
	          e[\"stage\"] == \"filter\" and e[\"reject\"] == \"tcp-reset\" and
	          e[\"ct\"] == \"$2\"
	          for f in flows if f.get(\"sport\") == $1 for e in f[\"events\"])"
}

# unload_conntrack: nf_conntrack and every module holding it, users first
unload_conntrack()
{
	local mod=$1 holder

	for holder in /sys/module/"$mod"/holders/*; do
		[ -e "$holder" ] || continue
		unload_conntrack "$(basename "$holder")" || return 1
	done
	rmmod "$mod"
}

# --- with conntrack in use ---
ipt()
{
	ip netns exec "$server" iptables "$@"
}
ipt -A INPUT -m conntrack --ctstate INVALID -j DROP
ipt -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset
connect 46001
nfp_expect "$server" --src $CLIENT_IP -- "$(rejected_in 46001 NEW)" \
	"conntrack in use: REJECT tcp-reset in filter/INPUT, state NEW"

# --- nf_conntrack unloaded while packets flow ---
ipt -F INPUT
ipt -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset
flood()
{
	while :; do
		ip netns exec "$client" ping -c 20 -i 0.01 -W 1 -q $SERVER_IP
	done >/dev/null 2>&1
}
flood &
flood_pid=$!
# Rules of other namespaces may still hold conntrack: those of earlier
# scenarios are gone, so what is left is ours to remove. Their namespaces'
# cleanup runs in a workqueue, seconds late on a busy machine.
tries=0
until unload_conntrack nf_conntrack 2>/dev/null || [ $tries -ge 60 ]; do
	tries=$((tries + 1))
	sleep 0.5
done
[ ! -e /sys/module/nf_conntrack ]
tap_result $? "nf_conntrack unloads while nfprobe is loaded and packets flow"
[ -d /sys/module/nfprobe ]
tap_result $? "nfprobe stays loaded"

# seen SPORT CT: connects, and finds the REJECT in state CT. Conntrack's
# use in a namespace is looked up at most once a second: poll it.
seen()
{
	connect "$1"
	ip netns exec "$server" "$NFPROBE" show --src $CLIENT_IP --json |
		python3 -c "import json, sys
flows = json.load(sys.stdin)['flows']
sys.exit(0 if $(rejected_in "$1" "$2") else 1)"
}
poll 10 seen 46002 none
tap_result $? "without conntrack: REJECT tcp-reset in filter/INPUT, no state"
kill "$flood_pid"
wait "$flood_pid" 2>/dev/null
flood_pid=

# --- conntrack back: a rule that needs it loads it ---
ipt -I INPUT 1 -m conntrack --ctstate INVALID -j DROP
[ -d /sys/module/nf_conntrack ]
tap_result $? "nf_conntrack loads again with a conntrack rule"
poll 10 seen 46003 NEW
tap_result $? "conntrack back: the state is NEW again"

tap_exit
