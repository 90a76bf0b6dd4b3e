#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPv6 REJECT and DROP, an nftables-native ruleset whose chains sit at
# custom priorities (each drop must land in the stage holding its
# priority), and forwarded, DNATed IPv6 through a router.
#
#   client netns                               server netns
#   2001:db8:1::5/64  c0 <---- veth ----> s0   2001:db8:1::10/64
#                                              tcp 8080, udp 9999 listeners
#
#   fwc netns                  router netns                 fws netns
#   2001:db8:2::5/64 c0 <-> r0 2001:db8:2::1/64
#                              r1 2001:db8:3::1/64 <-> s0   2001:db8:3::10/64
#   (default routes via the router; DNAT [2001:db8:2::1]:80 -> :8081)
#
# Each case uses its own client source port, so each is its own flow.

source "$(dirname "$0")/lib.sh"

CLIENT_IP=2001:db8:1::5
SERVER_IP=2001:db8:1::10

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip ip6tables nft socat ss python3

tap_plan 15

netns_create client server || tap_skip_all "cannot create namespaces"
veth_link "$client" c0 $CLIENT_IP/64 "$server" s0 $SERVER_IP/64
ip netns exec "$server" sysctl -qw net.ipv6.icmp.ratelimit=0

ip netns exec "$server" socat TCP6-LISTEN:8080,fork,reuseaddr SYSTEM:'echo hello' 2>/dev/null &
ip netns exec "$server" socat -u UDP6-RECV:9999 /dev/null &
poll 10 tcp_listening "$server" 8080 && poll 10 udp_bound "$server" 9999
tap_result $? "server listens on tcp 8080 and udp 9999 (IPv6)"

# connect PORT SPORT
connect()
{
	ip netns exec "$client" socat -T2 - \
		TCP6:[$SERVER_IP]:"$1",sourceport="$2",reuseaddr,connect-timeout=2 \
		</dev/null 2>&1
}

# event_is SPORT HOOK VERDICT STAGE [REJECT]: the flow's non-ACCEPT events
# are exactly that, at least once
event_is()
{
	local reject=None want

	[ -n "${5:-}" ] && reject="\"$5\""
	want="(\"$2\", \"$3\", \"$4\", $reject)"

	echo "{(e[\"hook\"], e[\"verdict\"], e[\"stage\"], e[\"reject\"])
	       for f in flows if f.get(\"sport\") == $1 for e in f[\"events\"]
	       if e[\"verdict\"] != \"ACCEPT\"} == {$want}"
}

ip netns exec "$server" ip6tables -A INPUT -p tcp --dport 8080 \
	-j REJECT --reject-with tcp-reset
connect 8080 43001 | grep -q "Connection refused"
tap_result $? "v6: client sees 'Connection refused'"
nfp_expect "$server" --src $CLIENT_IP -- "$(event_is 43001 INPUT REJECT filter tcp-reset)" \
	"v6: REJECT tcp-reset in filter/INPUT"
ip netns exec "$server" ip6tables -F INPUT

ip netns exec "$server" ip6tables -A INPUT -p tcp --dport 8080 -j DROP
connect 8080 43002 >/dev/null
nfp_expect "$server" --src $CLIENT_IP -- "$(event_is 43002 INPUT DROP filter)" \
	"v6: DROP in filter/INPUT"
ip netns exec "$server" ip6tables -F INPUT

ip netns exec "$server" ip6tables -A INPUT -p udp --dport 9999 -j REJECT
echo ping | ip netns exec "$client" socat -u - UDP6:[$SERVER_IP]:9999,sourceport=43003
nfp_expect "$server" --src $CLIENT_IP -- \
	"$(event_is 43003 INPUT REJECT filter icmp6-port-unreachable)" \
	"v6: REJECT icmp6-port-unreachable in filter/INPUT"
ip netns exec "$server" ip6tables -F INPUT

nfp_expect "$server" --src 2001:db8:1::/64 -6 -- \
	'{f.get("sport") for f in flows} >= {43001, 43002, 43003} and
	 all(f["family"] == "ipv6" for f in flows)' \
	"v6: --src 2001:db8:1::/64 finds the three flows"

# nftables chains at custom priorities, one drop each.
ip netns exec "$server" nft -f - <<'EOF'
table inet t {
	chain at_m150 { type filter hook input priority -150; tcp dport 8083 drop; }
	chain at_m10 { type filter hook input priority -10; tcp dport 8081 drop; }
	chain at_p10 { type filter hook input priority 10; tcp dport 8082 drop; }
	chain at_p30 { type filter hook input priority 30; tcp dport 8084 drop; }
}
EOF
for p in 8081 8082 8083 8084; do
	connect "$p" $((43000 + p - 8000)) >/dev/null
done
nfp_expect "$server" --src $CLIENT_IP -- "$(event_is 43081 INPUT DROP filter)" \
	"nft: a chain at priority -10 drops in stage filter"
nfp_expect "$server" --src $CLIENT_IP -- "$(event_is 43082 INPUT DROP filter)" \
	"nft: a chain at priority 10 drops in stage filter"
nfp_expect "$server" --src $CLIENT_IP -- "$(event_is 43083 INPUT DROP mangle)" \
	"nft: a chain at priority -150 drops in stage mangle"
nfp_expect "$server" --src $CLIENT_IP -- "$(event_is 43084 INPUT DROP security)" \
	"nft: a chain at priority 30 drops in stage security"
ip netns exec "$server" nft flush ruleset

# --- forwarded and DNATed IPv6, the FORWARD accept missing ---
VIP=2001:db8:2::1
BACKEND=2001:db8:3::10
netns_create fwc router fws
veth_link "$fwc" c0 2001:db8:2::5/64 "$router" r0 $VIP/64
veth_link "$router" r1 2001:db8:3::1/64 "$fws" s0 $BACKEND/64
ip -n "$fwc" -6 route add default via $VIP
ip -n "$fws" -6 route add default via 2001:db8:3::1
ip netns exec "$router" sysctl -qw net.ipv6.conf.all.forwarding=1
ip netns exec "$fws" socat TCP6-LISTEN:8081,fork,reuseaddr SYSTEM:'echo backend' 2>/dev/null &
poll 10 tcp_listening "$fws" 8081
tap_result $? "v6 forward: the backend listens on 8081"

ip6t()
{
	ip netns exec "$router" ip6tables "$@"
}
ip6t -t nat -A PREROUTING -d $VIP -p tcp --dport 80 \
	-j DNAT --to-destination "[$BACKEND]:8081"
ip6t -P FORWARD DROP
# vip_connect SPORT: one attempt to the service address
vip_connect()
{
	ip netns exec "$fwc" socat -T2 - \
		TCP6:[$VIP]:80,sourceport="$1",reuseaddr,connect-timeout=2 \
		</dev/null 2>/dev/null
}
vip_connect 43101
nfp_expect "$router" --dst $VIP -- \
	'{(e["hook"], e["verdict"], e["stage"], e["iif"], e["oif"])
	  for f in flows if f.get("sport") == 43101 for e in f["events"]
	  if e["verdict"] != "ACCEPT"} ==
	 {("FORWARD", "DROP", "filter", "r0", "r1")}' \
	"v6 dnat: found by the pre-NAT address, dropped in filter/FORWARD"
nfp_expect "$router" --dst $BACKEND -- \
	'any(f.get("sport") == 43101 and f["nat"] and
	     f["nat"]["dst"] == "'$BACKEND'" and f["nat"]["dport"] == 8081
	     for f in flows)' \
	"v6 dnat: found by the post-NAT address, NAT shown"

# With FORWARD open the connection goes through, replies in the same flow.
ip6t -P FORWARD ACCEPT
[ "$(vip_connect 43102)" = backend ]
tap_result $? "v6 forward: with FORWARD open the backend answers"
nfp_expect "$router" --dst $VIP -- \
	'any(f.get("sport") == 43102 and f["dropped"] == 0 and
	     any(e["hook"] == "FORWARD" and e["dir"] == "orig" for e in f["events"]) and
	     any(e["hook"] == "FORWARD" and e["dir"] == "reply" and
	         e["ct"] == "ESTABLISHED" for e in f["events"])
	     for f in flows)' \
	"v6 forward: request and replies are one flow, replies ESTABLISHED"

tap_exit
