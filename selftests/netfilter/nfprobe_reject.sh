#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "Connection refused" or "timed out": nfprobe must say which rule's kind
# of verdict hit a flow, in which hook and stage.
#
#   client netns                           server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#   (routes the other /24 on-link)           tcp 8080, udp 9999 listeners
#
# Each case uses its own client source port, so each is its own flow.
#   1. REJECT --reject-with tcp-reset   -> REJECT tcp-reset, INPUT, filter
#   2. DROP                             -> DROP, INPUT, filter
#   3. REJECT (udp, port-unreachable)   -> REJECT icmp-port-unreachable
#   4. no rule                          -> ACCEPT in PREROUTING and INPUT
# nfprobe show runs inside the server namespace and sees that namespace's
# flows only.

source "$(dirname "$0")/lib.sh"

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip iptables socat ss python3

tap_plan 16

client_server || tap_skip_all "cannot create namespaces"
# One ICMP error per case must not be eaten by the rate limit.
ip netns exec "$server" sysctl -qw net.ipv4.icmp_ratelimit=0

ip netns exec "$server" socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo hello' &
ip netns exec "$server" socat -u UDP-RECV:9999 /dev/null &
poll 10 tcp_listening "$server" 8080 && poll 10 udp_bound "$server" 9999
tap_result $? "server listens on tcp 8080 and udp 9999"

# connect SPORT: one TCP connection attempt from the client, 2 s at most
connect()
{
	ip netns exec "$client" socat -T2 - \
		TCP:$SERVER_IP:8080,sourceport="$1",reuseaddr,connect-timeout=2 \
		</dev/null 2>&1
}

# --- 1. REJECT with tcp-reset: "connection refused" ---
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8080 \
	-j REJECT --reject-with tcp-reset
out=$(connect 40001)
echo "$out" | grep -q "Connection refused"
tap_result $? "1: client sees 'Connection refused'"
nfp_expect "$server" --src $CLIENT_IP -- \
	'[e["stage"] for f in flows if f["sport"] == 40001 for e in f["events"]
	  if e["hook"] == "INPUT" and e["verdict"] == "REJECT" and e["reject"] == "tcp-reset"] == ["filter"]' \
	"1: nfprobe reports REJECT tcp-reset in filter/INPUT"
nfp_expect "$server" --src $CLIENT_IP -- \
	'[(f["rejected"], f["dropped"]) for f in flows if f["sport"] == 40001] == [(1, 0)] and
	 not events(hook="INPUT", verdict="ACCEPT", dir="orig")' \
	"1: flow totals: 1 rejected, 0 dropped; nothing accepted in INPUT"
nfp_show "$server" --src $CLIENT_IP |
	grep -Eq 'INPUT +REJECT tcp-reset +stage filter'
tap_result $? "1: human output shows 'INPUT  REJECT tcp-reset  stage filter'"
ip netns exec "$server" iptables -F INPUT

# --- 2. DROP: the client times out ---
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8080 -j DROP
out=$(connect 40002)
rc=$?
[ $rc -ne 0 ] && ! echo "$out" | grep -q "refused"
tap_result $? "2: client times out (no answer)"
nfp_expect "$server" --src $CLIENT_IP -- \
	'{(e["hook"], e["verdict"], e["stage"]) for f in flows if f["sport"] == 40002
	  for e in f["events"] if e["verdict"] != "ACCEPT"} == {("INPUT", "DROP", "filter")}' \
	"2: nfprobe reports DROP in filter/INPUT, nothing else"
nfp_expect "$server" --src $CLIENT_IP -- \
	'all(f["dropped"] >= 1 and f["rejected"] == 0 and f["accepted"] == 0
	     for f in flows if f["sport"] == 40002) and
	 any(f["sport"] == 40002 for f in flows)' \
	"2: flow totals: dropped, none rejected or accepted"
ip netns exec "$server" iptables -F INPUT

# --- 3. REJECT (default icmp-port-unreachable) of a UDP flow ---
ip netns exec "$server" iptables -A INPUT -p udp --dport 9999 -j REJECT
echo ping | ip netns exec "$client" socat -u - UDP:$SERVER_IP:9999,sourceport=40003
nfp_expect "$server" --src $CLIENT_IP --proto udp -- \
	'[(e["hook"], e["stage"], e["reject"]) for f in flows if f["sport"] == 40003
	  for e in f["events"] if e["verdict"] == "REJECT"] ==
	 [("INPUT", "filter", "icmp-port-unreachable")]' \
	"3: nfprobe reports REJECT icmp-port-unreachable in filter/INPUT"
nfp_show "$server" --src $CLIENT_IP --proto udp |
	grep -Eq 'INPUT +REJECT icmp-port-unreachable +stage filter'
tap_result $? "3: human output shows the ICMP reject"
ip netns exec "$server" iptables -F INPUT

# --- 4. no rule: the connection succeeds ---
out=$(connect 40004)
[ "$out" = "hello" ]
tap_result $? "4: connection succeeds"
nfp_expect "$server" --src $CLIENT_IP -- \
	'{e["hook"] for f in flows if f["sport"] == 40004 for e in f["events"]
	  if e["dir"] == "orig"} == {"PREROUTING", "INPUT"} and
	 all(e["verdict"] == "ACCEPT" for f in flows if f["sport"] == 40004
	     for e in f["events"])' \
	"4: nfprobe reports ACCEPT on PREROUTING and INPUT, nothing dropped"
nfp_expect "$server" --src $CLIENT_IP -- \
	'{e["hook"] for f in flows if f["sport"] == 40004 for e in f["events"]
	  if e["dir"] == "reply"} == {"OUTPUT", "POSTROUTING"}' \
	"4: the server's replies belong to the same flow (OUTPUT, POSTROUTING)"

# --- the filter: a prefix matches, another address does not ---
nfp_expect "$server" --src 198.51.100.0/24 -- \
	'{f["sport"] for f in flows} >= {40001, 40002, 40003, 40004}' \
	"--src 198.51.100.0/24 finds all four flows"
nfp_expect "$server" --src 198.51.100.6 -- 'flows == []' \
	"--src 198.51.100.6 finds nothing"

# The dump, parse and merge paths on real data, under valgrind.
if command -v valgrind >/dev/null; then
	ip netns exec "$server" valgrind -q --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		"$NFPROBE" show --src 198.51.100.0/24 --json >/dev/null
	tap_result $? "valgrind: nfprobe show is clean on real flows"
else
	tap_result 0 "valgrind: nfprobe show is clean on real flows # SKIP valgrind not installed"
fi

tap_exit
