#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside the guest by selftests/demo: a client (198.51.100.5)
# connects to a server (203.0.113.10:8080) whose firewall rejects the port.
source "$(dirname "$0")/netfilter/lib.sh"
trap netns_cleanup EXIT

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

netns_create client server
veth_link "$client" c0 198.51.100.5/24 "$server" s0 203.0.113.10/24
ip -n "$client" route add 203.0.113.0/24 dev c0
ip -n "$server" route add 198.51.100.0/24 dev s0
ip netns exec "$server" socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo hello' &
poll 10 tcp_listening "$server" 8080

say "The server's firewall has a REJECT rule for port 8080:"
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset
ip netns exec "$server" iptables -S INPUT

say "The client connects, twice, and is refused:"
for i in 1 2; do
	ip netns exec "$client" socat -T2 - TCP:203.0.113.10:8080,connect-timeout=2 </dev/null 2>&1 |
		sed 's/^.*E /client: /' || true
done

say "On the server, nfprobe tells where and why:"
echo "# nfprobe show --src 198.51.100.5"
ip netns exec "$server" "$NFPROBE" show --src 198.51.100.5
