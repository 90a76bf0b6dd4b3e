#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A large table dumped across many netlink messages: 50,000 distinct flows
# come back complete (each flow once, none missing but those the table
# itself recycled, which `info` counts) and show's JSON parses.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#   50,000 UDP datagrams, each from its own source port
#
# NFPROBE_DUMP_FLOWS changes the count.

source "$(dirname "$0")/lib.sh"

MODULE=${NFPROBE_MODULE:-$REPO/build/$(uname -r)/nfprobe.ko}
FLOWS=${NFPROBE_DUMP_FLOWS:-50000}

cleanup()
{
	netns_cleanup
	# Leave the module as the other scenarios expect it.
	if [ "$(cat /sys/module/nfprobe/parameters/flows_per_cpu 2>/dev/null)" != 2048 ]; then
		rmmod nfprobe 2>/dev/null
		insmod "$MODULE" 2>/dev/null
	fi
}
trap cleanup EXIT

nfp_require ip python3 rmmod insmod
[ -f "$MODULE" ] || tap_skip_all "no module at $MODULE"

tap_plan 5

# Room for all of them: 262144 entries per CPU keep bucket overflows rare.
rmmod nfprobe && insmod "$MODULE" flows_per_cpu=262144 events_per_flow=2
tap_result $? "loads with 262144 flows per CPU"

client_server || tap_skip_all "cannot create namespaces"
evictions()
{
	ip netns exec "$client" "$NFPROBE" info | awk '$1 == "evictions" { print $2 }'
}
before=$(evictions)
ip netns exec "$client" python3 - $CLIENT_IP $SERVER_IP "$FLOWS" <<'PY'
import socket, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
for i in range(n):
    sport = 10000 + i % 50000
    dport = 9 + i // 50000
    # UDP header, no checksum: distinct source ports, distinct flows.
    s.sendto(sport.to_bytes(2, "big") + dport.to_bytes(2, "big") +
             (8).to_bytes(2, "big") + b"\0\0", (dst, 0))
PY
tap_result $? "$FLOWS datagrams sent, each its own flow"
evicted=$(( $(evictions) - before ))

ip netns exec "$client" "$NFPROBE" show --dst $SERVER_IP --proto udp --json |
	python3 -c '
import json, sys
flows = json.load(sys.stdin)["flows"]
keys = [(f["sport"], f["dport"]) for f in flows]
want, evicted = int(sys.argv[1]), int(sys.argv[2])
print("# %d flows shown, %d entries recycled" % (len(keys), evicted))
sys.exit(0 if len(set(keys)) == len(keys) and
         want - evicted <= len(keys) <= want else 1)' "$FLOWS" "$evicted"
tap_result $? "the dump has every flow once ($evicted recycled by the table)"

# Nothing changes between two dumps: they must agree flow for flow.
dump_keys()
{
	ip netns exec "$client" "$NFPROBE" show --dst $SERVER_IP --proto udp --json |
		python3 -c '
import json, sys
for f in json.load(sys.stdin)["flows"]:
    print(f["sport"], f["dport"], f["packets"], f["events_total"])' | sort
}
first=$(dump_keys)
second=$(dump_keys)
[ -n "$first" ] && [ "$first" = "$second" ]
tap_result $? "two dumps of an unchanged table are identical"

rmmod nfprobe && insmod "$MODULE"
tap_result $? "loads again with default parameters"

tap_exit
