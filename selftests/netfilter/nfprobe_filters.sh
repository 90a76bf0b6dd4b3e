#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Each filter of `nfprobe show` narrows to exactly the flows it names:
# ports (numbers and service names), verdict, hook and stage sets (matched
# on one event together), age and count.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#                                            tcp 8080 REJECT (tcp-reset)
#                                            tcp 8081 DROP
#                                            udp 9999 listener, accepted

source "$(dirname "$0")/lib.sh"

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip iptables socat ss ping python3

tap_plan 12

client_server || tap_skip_all "cannot create namespaces"
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8081 -j DROP
ip netns exec "$server" socat -u UDP-RECV:9999 /dev/null &
poll 10 udp_bound "$server" 9999
tap_result $? "server listens on udp 9999"

ip netns exec "$client" socat -T1 - TCP:$SERVER_IP:8080,sourceport=47001,connect-timeout=1 </dev/null >/dev/null 2>&1
ip netns exec "$client" socat -T1 - TCP:$SERVER_IP:8081,sourceport=47002,connect-timeout=1 </dev/null >/dev/null 2>&1
echo x | ip netns exec "$client" socat -u - UDP:$SERVER_IP:9999,sourceport=47003
ip netns exec "$client" ping -c 1 -W 1 $SERVER_IP >/dev/null

# sports ARGS... -- EXPECTED DESCRIPTION: show -4 ARGS lists exactly the
# flows of these client ports ("icmp" for the ping), oldest first
sports()
{
	local args=()

	while [ "$1" != "--" ]; do args+=("$1"); shift; done
	nfp_expect "$server" -4 "${args[@]}" -- \
		"[f.get(\"sport\", \"icmp\") for f in flows] == $2" "$3"
}

sports --src $CLIENT_IP -- '[47001, 47002, 47003, "icmp"]' \
	"no filter but the address: the four flows, oldest first"
sports --dport 8080 -- '[47001]' "--dport 8080: the rejected connection"
sports --proto tcp --dport http-alt -- '[47001]' \
	"--dport http-alt (/etc/services) is 8080"
sports --sport 47002 -- '[47002]' "--sport 47002: the dropped connection"
sports --verdict reject -- '[47001]' "--verdict reject"
sports --verdict DROP,reject -- '[47001, 47002]' "--verdict DROP,reject"
sports --hook input --verdict accept -- '[47003, "icmp"]' \
	"--hook input --verdict accept: what got through"
sports --verdict drop --hook prerouting -- '[]' \
	"--verdict drop --hook prerouting: one event must match both"
sports --stage filter -- '[47001, 47002]' "--stage filter"
sports --limit 2 -- '[47003, "icmp"]' "--limit 2: the two flows seen last"

# Nothing new arrives from the client for a while: --since excludes all.
sleep 2
sports --src $CLIENT_IP --since 1s -- '[]' "--since 1s after 2 s of quiet: nothing"

tap_exit
