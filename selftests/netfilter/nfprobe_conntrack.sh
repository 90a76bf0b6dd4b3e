#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Conntrack and forwarding cases of the troubleshooting guides: replies
# dropped for want of an ESTABLISHED rule, INVALID packets dropped, a full
# conntrack table, a FORWARD policy DROP, a DOCKER-USER-style reject, and
# a DNAT port forward whose FORWARD accept is missing.
#
#   client                 router                          server
#   198.51.100.5/24 c0 <-> r0 198.51.100.1/24
#                          r1 203.0.113.1/24 <-> s0 203.0.113.10/24
#   (default routes via the router; tcp 8080 and 8081 listen on the server)

source "$(dirname "$0")/lib.sh"

CLIENT_IP=198.51.100.5
SERVER_IP=203.0.113.10
ct_max_saved=

MODULE=${NFPROBE_MODULE:-$REPO/build/$(uname -r)/nfprobe.ko}

cleanup()
{
	netns_cleanup
	[ -n "$ct_max_saved" ] &&
		sysctl -qw net.netfilter.nf_conntrack_max="$ct_max_saved"
	# Back to the defaults the runner loaded.
	rmmod nfprobe 2>/dev/null
	insmod "$MODULE"
}
trap cleanup EXIT

nfp_require ip iptables socat ss python3 conntrack
[ -f "$MODULE" ] || tap_skip_all "no module at $MODULE"

# Room for a whole connection attempt's history in each flow.
rmmod nfprobe && insmod "$MODULE" events_per_flow=24 ||
	tap_skip_all "cannot reload the module"

tap_plan 15

netns_create client router server
veth_link "$client" c0 $CLIENT_IP/24 "$router" r0 198.51.100.1/24
veth_link "$router" r1 203.0.113.1/24 "$server" s0 $SERVER_IP/24
ip -n "$client" route add default via 198.51.100.1
ip -n "$server" route add default via 203.0.113.1
ip netns exec "$router" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$router" sysctl -qw net.ipv4.icmp_ratelimit=0

ip netns exec "$server" socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo hello' 2>/dev/null &
ip netns exec "$server" socat TCP-LISTEN:8081,fork,reuseaddr SYSTEM:'echo hello' 2>/dev/null &
poll 10 tcp_listening "$server" 8080 && poll 10 tcp_listening "$server" 8081
tap_result $? "server listens on 8080 and 8081"

# connect DST PORT SPORT: one TCP connection attempt from the client
connect()
{
	ip netns exec "$client" socat -T2 - \
		TCP:"$1":"$2",sourceport="$3",reuseaddr,connect-timeout=2 \
		</dev/null 2>&1
}

# --- missing ESTABLISHED,RELATED: the client's own firewall drops replies ---
ip netns exec "$client" iptables -P INPUT DROP
ip netns exec "$client" iptables -A INPUT -i lo -j ACCEPT
ip netns exec "$client" iptables -A INPUT -p tcp --dport 22 \
	-m conntrack --ctstate NEW -j ACCEPT
out=$(connect $SERVER_IP 8080 41001)
! echo "$out" | grep -q hello
tap_result $? "est: the client's connection fails"
nfp_expect "$client" --src $CLIENT_IP -- \
	'[f for f in flows if f["sport"] == 41001 and
	  any(e["hook"] == "INPUT" and e["verdict"] == "DROP" and
	      e["stage"] == "filter" and e["ct"] == "ESTABLISHED" and
	      e["dir"] == "reply" and "SYN" in e["tcp_flags"] and
	      "ACK" in e["tcp_flags"] for e in f["events"])]' \
	"est: the SYN-ACK is dropped in filter/INPUT in state ESTABLISHED (reply)"
nfp_expect "$client" --src $CLIENT_IP -- \
	'any(e["hook"] == "OUTPUT" and e["ct"] == "NEW" and e["verdict"] == "ACCEPT"
	     for f in flows if f["sport"] == 41001 for e in f["events"])' \
	"est: the SYN left in state NEW, same flow"
ip netns exec "$client" iptables -P INPUT ACCEPT
ip netns exec "$client" iptables -F INPUT

# --- INVALID: a packet conntrack refuses, dropped by a ctstate rule ---
ip netns exec "$server" iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec "$client" python3 - $CLIENT_IP $SERVER_IP <<'EOF'
# A TCP segment with SYN and FIN both set: conntrack calls it invalid.
import socket, struct, sys
src, dst = sys.argv[1], sys.argv[2]
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
tcp = struct.pack("!HHIIBBHHH", 41002, 8080, 1, 0, 5 << 4, 0x03, 8192, 0, 0)
pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(tcp))
tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
for _ in range(2):
    s.sendto(tcp, (dst, 0))
EOF
nfp_expect "$server" --src $CLIENT_IP -- \
	'[(e["hook"], e["verdict"], e["stage"], e["ct"]) for f in flows
	  if f["sport"] == 41002 for e in f["events"] if e["verdict"] != "ACCEPT"] ==
	 [("INPUT", "DROP", "filter", "INVALID")] * 2' \
	"invalid: SYN+FIN dropped in filter/INPUT, state INVALID"
ip netns exec "$server" iptables -F INPUT

# --- FORWARD policy DROP on the router ---
ip netns exec "$router" iptables -P FORWARD DROP
connect $SERVER_IP 8080 41003 >/dev/null
nfp_expect "$router" --src $CLIENT_IP -- \
	'{(e["hook"], e["verdict"], e["stage"], e["iif"], e["oif"]) for f in flows
	  if f["sport"] == 41003 for e in f["events"] if e["verdict"] != "ACCEPT"} ==
	 {("FORWARD", "DROP", "filter", "r0", "r1")}' \
	"forward: dropped in filter/FORWARD, from r0 towards r1"
ip netns exec "$router" iptables -P FORWARD ACCEPT

# --- a DOCKER-USER-style chain rejecting one source ---
ip netns exec "$router" iptables -N DOCKER-USER
ip netns exec "$router" iptables -I FORWARD -j DOCKER-USER
ip netns exec "$router" iptables -A DOCKER-USER -s $CLIENT_IP -j REJECT
out=$(connect $SERVER_IP 8080 41004)
echo "$out" | grep -qi "unreachable\|refused"
tap_result $? "docker-user: the client is told the port is unreachable"
nfp_expect "$router" --src $CLIENT_IP -- \
	'[(e["hook"], e["stage"], e["reject"]) for f in flows if f["sport"] == 41004
	  for e in f["events"] if e["verdict"] == "REJECT"][:1] ==
	 [("FORWARD", "filter", "icmp-port-unreachable")]' \
	"docker-user: REJECT icmp-port-unreachable in filter/FORWARD"
ip netns exec "$router" iptables -F FORWARD
ip netns exec "$router" iptables -F DOCKER-USER
ip netns exec "$router" iptables -X DOCKER-USER

# --- DNAT port forward, FORWARD accept missing ---
ip netns exec "$router" iptables -t nat -A PREROUTING -d 198.51.100.1 \
	-p tcp --dport 80 -j DNAT --to-destination $SERVER_IP:8081
ip netns exec "$router" iptables -P FORWARD DROP
connect 198.51.100.1 80 41005 >/dev/null
nfp_expect "$router" --dst 198.51.100.1 -- \
	'[(e["hook"], e["verdict"], e["stage"]) for f in flows if f["sport"] == 41005
	  for e in f["events"] if e["verdict"] != "ACCEPT"][:1] ==
	 [("FORWARD", "DROP", "filter")]' \
	"dnat: found by the pre-NAT address, dropped in filter/FORWARD"
nfp_expect "$router" --dst $SERVER_IP -- \
	'[(f["dport"], f["nat"]["dst"], f["nat"]["dport"]) for f in flows
	  if f["sport"] == 41005] == [(80, "203.0.113.10", 8081)]' \
	"dnat: found by the post-NAT address, NAT shown"
nfp_show "$router" --dst $SERVER_IP | grep -Eq 'nat 198.51.100.5:41005 -> 203.0.113.10:8081'
tap_result $? "dnat: human output shows the NAT"
ip netns exec "$router" iptables -P FORWARD ACCEPT
ip netns exec "$router" iptables -t nat -F

# --- conntrack table full: allocation failures per source ---
ip netns exec "$server" iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ct_max_saved=$(sysctl -n net.netfilter.nf_conntrack_max)
sysctl -qw net.netfilter.nf_conntrack_max=6
pids=()
for i in $(seq 1 40); do
	connect $SERVER_IP 8081 $((42000 + i)) >/dev/null &
	pids+=($!)
done
wait "${pids[@]}"
json=$(ip netns exec "$server" "$NFPROBE" ct --json)
echo "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
src = [s for s in d["sources"] if s["addr"] == "198.51.100.5"]
ct = d["conntrack"]
sys.exit(0 if src and src[0]["alloc_failed"] > 0 and ct and
         src[0]["alloc_failed"] == ct["stats"]["drop"] else 1)'
tap_result $? "ct full: allocation failures of 198.51.100.5 equal conntrack's drop count"
echo "$json" | python3 -c '
import json, sys
ct = json.load(sys.stdin)["conntrack"]
sys.exit(0 if ct["max"] == 6 and 0 < ct["count"] <= 6 else 1)'
tap_result $? "ct full: conntrack count and max reported (max 6)"
nfp_expect "$server" --src $CLIENT_IP -- \
	'sum(f["ct_alloc_failed"] for f in flows if f["sport"] > 42000) > 0 and
	 all(e["stage"] == "conntrack" and e["hook"] == "PREROUTING" and
	     e["ct_fail"] == "alloc" for f in flows if f["sport"] > 42000
	     for e in f["events"] if e["verdict"] == "DROP")' \
	"ct full: the flows show DROP in conntrack/PREROUTING, ct table full"
ip netns exec "$server" "$NFPROBE" ct | grep -Eq '^198\.51\.100\.5 +[1-9]'
tap_result $? "ct full: nfprobe ct lists the source"
sysctl -qw net.netfilter.nf_conntrack_max="$ct_max_saved"
ct_max_saved=

tap_exit
