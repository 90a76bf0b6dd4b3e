#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nfprobe explain reaches the guides' diagnoses by itself: a REJECT is the
# "connection refused" and names the chain it sits in; a DROP policy; a
# client firewall without ESTABLISHED,RELATED; a FORWARD policy; and it
# says so when nothing was lost.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#                                            tcp 8080 listener

source "$(dirname "$0")/lib.sh"

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip iptables nft socat ss

tap_plan 7

client_server || tap_skip_all "cannot create namespaces"
ip netns exec "$server" socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo hello' 2>/dev/null &
poll 10 tcp_listening "$server" 8080
tap_result $? "server listens on tcp 8080"

# connect SPORT: one connection attempt from the client
connect()
{
	ip netns exec "$client" socat -T1 - \
		TCP:$SERVER_IP:8080,sourceport="$1",reuseaddr,connect-timeout=1 \
		</dev/null 2>/dev/null
}
# explain NS ARGS...: nfprobe explain in NS
explain()
{
	local ns=$1; shift

	ip netns exec "$ns" "$NFPROBE" explain "$@"
}
# expect DESCRIPTION PATTERN...: the last explain output holds each pattern
expect()
{
	local desc=$1 p rc=0; shift

	for p in "$@"; do
		grep -Eq -- "$p" <<<"$out" || { rc=1; echo "# missing: $p"; }
	done
	[ $rc -eq 0 ] || sed 's/^/#   /' <<<"$out"
	tap_result $rc "$desc"
}

connect 50000 >/dev/null
out=$(explain "$server" --src $CLIENT_IP)
expect "nothing lost: says so" "^No matching flow lost packets"

ip netns exec "$server" iptables -A INPUT -p tcp --sport 50001 -j REJECT --reject-with tcp-reset
connect 50001 >/dev/null
out=$(explain "$server" --sport 50001)
expect "REJECT: the 'connection refused', in filter/INPUT, chain named" \
	"REJECT tcp-reset in filter/INPUT" '"connection refused"' \
	"chains there: ip filter INPUT \(priority 0\)"
ip netns exec "$server" iptables -F INPUT

ip netns exec "$server" iptables -P INPUT DROP
connect 50002 >/dev/null
out=$(explain "$server" --sport 50002)
expect "DROP by policy: the chain's drop policy is named" \
	"DROP in filter/INPUT" "the client times out" \
	"has policy drop" "ip filter INPUT \(priority 0, policy drop\)"
ip netns exec "$server" iptables -P INPUT ACCEPT

ip netns exec "$client" iptables -P INPUT DROP
ip netns exec "$client" iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT
connect 50003 >/dev/null
out=$(explain "$client" --sport 50003)
expect "replies dropped in ESTABLISHED: the missing ESTABLISHED,RELATED rule" \
	"DROP in filter/INPUT, state ESTABLISHED, replies" "ESTABLISHED,RELATED"
ip netns exec "$client" iptables -P INPUT ACCEPT
ip netns exec "$client" iptables -F INPUT

# An nftables chain of its own, at priority filter - 10.
ip netns exec "$server" nft -f - <<'NFT'
table inet guard {
	chain in { type filter hook input priority filter - 10; tcp sport 50004 drop; }
}
NFT
connect 50004 >/dev/null
out=$(explain "$server" --sport 50004)
expect "an nftables chain at priority -10 is named" \
	"DROP in filter/INPUT" "inet guard in \(priority -10\)"
ip netns exec "$server" nft delete table inet guard

out=$(explain "$server" --sport 50005)
expect "no such flow: says so" "no matching flow recorded"

tap_exit
