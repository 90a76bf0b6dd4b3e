#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packets that leave a hook neither accepted nor dropped by a verdict:
# fragments held by defragmentation until the datagram is whole (STOLEN,
# counted apart from drops), and packets queued by NFQUEUE with nobody
# listening, which the kernel frees inside the hook (a DROP in filter).
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#                                            conntrack on, udp 9999 listener

source "$(dirname "$0")/lib.sh"

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip iptables ping socat ss python3

tap_plan 6

client_server || tap_skip_all "cannot create namespaces"

ipt()
{
	ip netns exec "$server" iptables "$@"
}

# --- 1. defragmentation holds the fragments of a large datagram ---
# A conntrack rule makes the server defragment in PREROUTING.
ipt -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec "$client" ping -c 1 -W 5 -s 3000 $SERVER_IP >/dev/null
tap_result $? "defrag: a 3000-byte ping in fragments is answered"

# stolen_seen: the echo flow shows a fragment STOLEN in PREROUTING/defrag.
# Recorded when its tracking slot is reused, so ping on until it is.
stolen_seen()
{
	ip netns exec "$client" ping -c 2 -i 0.2 -W 1 $SERVER_IP >/dev/null
	ip netns exec "$server" "$NFPROBE" show --src $CLIENT_IP --proto icmp \
		--json | python3 -c '
import json, sys
flows = json.load(sys.stdin)["flows"]
sys.exit(0 if any(f["stolen"] > 0 and
                  any(e["verdict"] == "STOLEN" and e["hook"] == "PREROUTING"
                      and e["stage"] == "defrag" for e in f["events"])
                  for f in flows) else 1)'
}
poll 30 stolen_seen
tap_result $? "defrag: a fragment is STOLEN in PREROUTING/defrag"

nfp_expect "$server" --src $CLIENT_IP --proto icmp -- \
	'all(f["packets"] == f["accepted"] + f["dropped"] + f["rejected"]
	     for f in flows) and
	 any(f["stolen"] > 0 and f["dropped"] == 0 and f["accepted"] > 0
	     for f in flows)' \
	"defrag: stolen fragments are no drops; the whole datagram is accepted"
ip netns exec "$server" "$NFPROBE" show --src $CLIENT_IP --proto icmp |
	grep -Eq 'STOLEN +stage defrag' &&
ip netns exec "$server" "$NFPROBE" show --src $CLIENT_IP --proto icmp |
	grep -Eq 'stolen or queued in a hook: [1-9]'
tap_result $? "defrag: the human output shows STOLEN and the count"
ipt -F INPUT

# --- 2. NFQUEUE with no listener: the kernel drops inside the hook ---
ip netns exec "$server" socat -u UDP-RECV:9999 /dev/null &
poll 10 udp_bound "$server" 9999
tap_result $? "nfqueue: server listens on udp 9999"
if ipt -A INPUT -p udp --dport 9999 -j NFQUEUE --queue-num 7 2>/dev/null; then
	echo x | ip netns exec "$client" socat -u - \
		UDP:$SERVER_IP:9999,sourceport=45001
	nfp_expect "$server" --src $CLIENT_IP -- \
		'{(e["hook"], e["verdict"], e["stage"])
		  for f in flows if f.get("sport") == 45001
		  for e in f["events"] if e["verdict"] != "ACCEPT"} ==
		 {("INPUT", "DROP", "filter")}' \
		"nfqueue: no listener, so DROP in filter/INPUT"
else
	tap_result_skip "nfqueue: no listener, so DROP in filter/INPUT" \
		"no NFQUEUE target in this kernel"
fi

tap_exit
