#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where nfprobe registers its probes: the first and last of every hook of
# every namespace, and one more wherever two stages' hook functions in a
# hook must be told apart, added when such functions appear.
#
#   client netns                           server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#                                            nft: ip INPUT chains at -150,
#                                            -10, +10, +30 dropping udp
#                                            8083, 8081, 8082, 8084
#
#   1. two namespaces add 40 probes: 2 per hook, 5 hooks, 2 families
#   2. the chains occupy mangle, filter and security in INPUT: the filter
#      and security stages get their probes (the first probe precedes
#      mangle), within the placement worker's interval
#   3. a datagram dropped by each chain is attributed to that chain's stage
#   4. a chain at exactly a probe's priority (25, where security begins),
#      alone in the server's OUTPUT, then with a filter chain that makes
#      nfprobe add the probe at 25 before it: security both times
#   5. the chains deleted, the probes stay: removing a hook function would
#      drop the packets netfilter queued to userspace in that namespace
#   6. the namespaces deleted, their probes go

source "$(dirname "$0")/lib.sh"

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip nft socat python3

tap_plan 13

probes()
{
	"$NFPROBE" info | awk '$1 == "probes" { print $2 }'
}

# The count holds still: namespaces of earlier scenarios are gone for good.
probes_settled()
{
	local before

	before=$(probes)
	sleep 0.5
	[ -n "$before" ] && [ "$before" = "$(probes)" ]
}

# probes_are N: the count is N
probes_are()
{
	[ "$(probes)" = "$1" ]
}

poll 20 probes_settled
base=$(probes)
[ -n "$base" ] && [ "$base" -ge 20 ]
tap_result $? "info counts the probes ($base, at least the initial namespace's 20)"

client_server || tap_skip_all "cannot create namespaces"
probes_are $((base + 40))
tap_result $? "1: two new namespaces add 2 probes per hook and family: 40"

ip netns exec "$server" nft -f - <<EOF
table ip stages {
	chain at_m150 { type filter hook input priority -150; udp dport 8083 drop; }
	chain at_m10 { type filter hook input priority -10; udp dport 8081 drop; }
	chain at_p10 { type filter hook input priority 10; udp dport 8082 drop; }
	chain at_p30 { type filter hook input priority 30; udp dport 8084 drop; }
}
EOF
poll 3 probes_are $((base + 42))
tap_result $? "2: INPUT's filter and security stages get a probe each (+2)"

# send_udp NS DST SPORT DPORT: one datagram from NS (a drop in its own
# OUTPUT fails socat's write: not an error here)
send_udp()
{
	echo x | ip netns exec "$1" \
		socat -u - UDP:"$2":"$4",sourceport="$3" 2>/dev/null
}
for port in 8081 8082 8083 8084; do
	send_udp "$client" $SERVER_IP $((port + 32000)) $port
done
# dropped_in FROM SRC DPORT HOOK STAGE DESC: FROM's flows from SRC to port
# DPORT have one drop, in HOOK and STAGE
dropped_in()
{
	nfp_expect "$1" --src "$2" --proto udp -- \
		"[(e[\"hook\"], e[\"stage\"]) for f in flows if f[\"dport\"] == $3
		  for e in f[\"events\"] if e[\"verdict\"] == \"DROP\"] ==
		 [(\"$4\", \"$5\")]" "$6"
}
stage_of()
{
	dropped_in "$server" $CLIENT_IP "$1" INPUT "$2" \
		"3: the chain at priority $3 drops in stage $2"
}
stage_of 8083 mangle -150
stage_of 8081 filter -10
stage_of 8082 filter 10
stage_of 8084 security 30

ip netns exec "$server" nft add table ip ties
ip netns exec "$server" nft add chain ip ties at_p25 \
	"{ type filter hook output priority 25; }"
ip netns exec "$server" nft add rule ip ties at_p25 udp sport 9025 drop
send_udp "$server" $CLIENT_IP 9025 7001
dropped_in "$server" $SERVER_IP 7001 OUTPUT security \
	"4: a chain at 25, alone in OUTPUT, drops in stage security"
ip netns exec "$server" nft add chain ip ties at_0 \
	"{ type filter hook output priority 0; }"
ip netns exec "$server" nft add rule ip ties at_0 udp sport 9000 drop
poll 3 probes_are $((base + 43))
tap_result $? "4: a filter chain beside it: OUTPUT gets the probe at 25 (+1)"
send_udp "$server" $CLIENT_IP 9025 7002
send_udp "$server" $CLIENT_IP 9000 7003
dropped_in "$server" $SERVER_IP 7002 OUTPUT security \
	"4: the chain at 25, after the probe at 25, still drops in security"
dropped_in "$server" $SERVER_IP 7003 OUTPUT filter \
	"4: the chain at 0 drops in filter"

ip netns exec "$server" nft delete table ip stages
ip netns exec "$server" nft delete table ip ties
sleep 0.3
probes_are $((base + 43))
tap_result $? "5: the chains gone, their probes stay"

netns_cleanup
poll 20 probes_are "$base"
tap_result $? "6: the namespaces gone, so are their probes ($(probes) of $base)"

tap_exit
