#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rulesets that go wrong the way the troubleshooting guides describe: a
# DROP above the ACCEPT, a DROP policy with no allow rule, no loopback
# allow, a rate limit, and an allow rule bound to the wrong interface.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#   client2 netns
#   192.0.2.5/24     c2 <---- veth ----> s1  192.0.2.10/24
#                                            tcp 8080, udp 9999 listeners
#
# Each case uses its own client source port, so each is its own flow.

source "$(dirname "$0")/lib.sh"

CLIENT_IP=198.51.100.5
SERVER_IP=203.0.113.10

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip iptables socat ss python3

tap_plan 9

netns_create client client2 server || tap_skip_all "cannot create namespaces"
veth_link "$client" c0 $CLIENT_IP/24 "$server" s0 $SERVER_IP/24
veth_link "$client2" c2 192.0.2.5/24 "$server" s1 192.0.2.10/24
ip -n "$client" route add 203.0.113.0/24 dev c0
ip -n "$server" route add 198.51.100.0/24 dev s0

ip netns exec "$server" socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo hello' 2>/dev/null &
ip netns exec "$server" socat -u UDP-RECV:9999 /dev/null &
poll 10 tcp_listening "$server" 8080 && poll 10 udp_bound "$server" 9999
tap_result $? "server listens on tcp 8080 and udp 9999"

ipt()
{
	ip netns exec "$server" iptables "$@"
}

# connect NS DST SPORT: one TCP connection attempt to DST:8080
connect()
{
	ip netns exec "$1" socat -T2 - \
		TCP:"$2":8080,sourceport="$3",reuseaddr,connect-timeout=2 \
		</dev/null 2>&1
}

# drops_are SPORT HOOK STAGE: the flow's only non-ACCEPT verdicts are DROPs
# there, and there is one at least
drops_are()
{
	echo "{(e[\"hook\"], e[\"verdict\"], e[\"stage\"])
	       for f in flows if f.get(\"sport\") == $1 for e in f[\"events\"]
	       if e[\"verdict\"] != \"ACCEPT\"} == {(\"$2\", \"DROP\", \"$3\")}"
}

# --- 1. a DROP inserted above the ACCEPT for the port ---
ipt -A INPUT -p tcp --dport 8080 -j ACCEPT
ipt -I INPUT 1 -p tcp --dport 8080 -j DROP
connect "$client" $SERVER_IP 44001 >/dev/null
nfp_expect "$server" --src $CLIENT_IP -- "$(drops_are 44001 INPUT filter)" \
	"rule order: DROP above the ACCEPT drops in filter/INPUT"
ipt -F INPUT

# --- 2. default INPUT policy DROP, no allow rule ---
ipt -P INPUT DROP
connect "$client" $SERVER_IP 44002 >/dev/null
nfp_expect "$server" --src $CLIENT_IP -- "$(drops_are 44002 INPUT filter)" \
	"policy DROP: dropped in filter/INPUT"

# --- 3. no loopback allow rule: a local client to 127.0.0.1 ---
ipt -A INPUT -p tcp --dport 8080 -s 198.51.100.0/24 -j ACCEPT
connect "$server" 127.0.0.1 44003 >/dev/null
nfp_expect "$server" --src 127.0.0.1 -- \
	"$(drops_are 44003 INPUT filter) and
	 {e[\"iif\"] for f in flows if f.get(\"sport\") == 44003
	  for e in f[\"events\"] if e[\"verdict\"] == \"DROP\"} == {\"lo\"}" \
	"loopback: 127.0.0.1 dropped in filter/INPUT, in on lo"
nfp_expect "$server" --src 127.0.0.1 -- \
	'any(e["hook"] == "OUTPUT" and e["verdict"] == "ACCEPT"
	     for f in flows if f.get("sport") == 44003 for e in f["events"])' \
	"loopback: the same packet left through OUTPUT accepted"

# --- 12. allow rule bound to the wrong interface ---
ipt -F INPUT
ipt -A INPUT -i s1 -p tcp --dport 8080 -j ACCEPT
connect "$client2" 192.0.2.10 44012 | grep -q hello
tap_result $? "interface: the client behind s1 connects"
connect "$client" $SERVER_IP 44013 >/dev/null
nfp_expect "$server" --src $CLIENT_IP -- \
	"$(drops_are 44013 INPUT filter) and
	 {e[\"iif\"] for f in flows if f.get(\"sport\") == 44013
	  for e in f[\"events\"] if e[\"verdict\"] == \"DROP\"} == {\"s0\"}" \
	"interface: the client behind s0 falls to the policy, event shows in s0"
ipt -F INPUT
ipt -P INPUT ACCEPT

# --- 7. rate limit: accepted, then dropped ---
ipt -A INPUT -p udp --dport 9999 -m limit --limit 1/minute --limit-burst 3 -j ACCEPT
ipt -A INPUT -p udp --dport 9999 -j DROP
for i in $(seq 10); do
	echo "$i" | ip netns exec "$client" socat -u - \
		UDP:$SERVER_IP:9999,sourceport=44007,reuseaddr
done
nfp_expect "$server" --src $CLIENT_IP --proto udp -- \
	'[(f["packets"], f["accepted"], f["dropped"]) for f in flows
	  if f.get("sport") == 44007] == [(10, 3, 7)]' \
	"rate limit: 10 packets, 3 accepted, 7 dropped"
nfp_expect "$server" --src $CLIENT_IP --proto udp -- "$(drops_are 44007 INPUT filter)" \
	"rate limit: the drops are in filter/INPUT"
ipt -F INPUT

tap_exit
