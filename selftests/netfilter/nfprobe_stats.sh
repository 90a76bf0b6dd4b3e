#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nfprobe stats: the packet counters move by exactly the packets a
# scripted REJECT and DROP produce; the Prometheus output parses with the
# Prometheus client library's own parser; JSON and the table agree; and
# the host-wide counters are refused to a namespace's own root; the
# systemd unit's command (dist/systemd/nfprobe-textfile.service) replaces
# node_exporter's textfile atomically, and leaves it alone on failure.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#                                            tcp 8080 REJECT (tcp-reset)
#                                            udp 8081 DROP

source "$(dirname "$0")/lib.sh"

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip iptables socat python3 unshare setpriv

tap_plan 9

client_server || tap_skip_all "cannot create namespaces"
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset
ip netns exec "$server" iptables -A INPUT -p udp --dport 8081 -j DROP

# count VERDICT: the ipv4 INPUT/filter counter of VERDICT, from --json
count()
{
	"$NFPROBE" stats --json | python3 -c '
import json, sys
doc = json.load(sys.stdin)
print(sum(c["packets"] for c in doc["counters"]
          if (c["family"], c["hook"], c["stage"], c["verdict"]) ==
             ("ipv4", "INPUT", "filter", sys.argv[1])))' "$1"
}

rejects=$(count REJECT)
drops=$(count DROP)
for sport in 48001 48002 48003; do
	ip netns exec "$client" socat -T1 - \
		TCP:$SERVER_IP:8080,sourceport=$sport,connect-timeout=1 \
		</dev/null >/dev/null 2>&1
done
for sport in 48011 48012; do
	echo x | ip netns exec "$client" socat -u - UDP:$SERVER_IP:8081,sourceport=$sport
done
# The UDP drops happen after socat returns: wait for them to be counted.
drops_counted()
{
	[ "$(count DROP)" -ge $((drops + 2)) ]
}
poll 5 drops_counted
[ "$(count REJECT)" -eq $((rejects + 3)) ]
tap_result $? "3 connections rejected: REJECT in ipv4 INPUT/filter grew by 3"
[ "$(count DROP)" -eq $((drops + 2)) ]
tap_result $? "2 datagrams dropped: DROP in ipv4 INPUT/filter grew by 2"

# The exposition format, read by the Prometheus client library's parser.
"$NFPROBE" stats --format prometheus | python3 -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
text = sys.stdin.read()
fams = {f.name: f for f in text_string_to_metric_families(text)}
want = int(sys.argv[1])
got = [s.value for s in fams["nfprobe_packets"].samples
       if s.name == "nfprobe_packets_total" and s.labels ==
       {"family": "ipv4", "hook": "input", "stage": "filter",
        "verdict": "reject"}]
ok = (fams["nfprobe_packets"].type == "counter" and got == [want] and
      fams["nfprobe_flows_in_use"].type == "gauge" and
      fams["nfprobe_flows_in_use"].samples[0].value > 0)
sys.exit(0 if ok else 1)' "$(count REJECT)"
tap_result $? "prometheus: parses; the REJECT counter and the table gauge are there"

# With conntrack in use in this namespace, its figures join in.
unshare -n sh -c '
	iptables -A INPUT -m conntrack --ctstate INVALID -j DROP &&
	"$1" stats --format prometheus' sh "$NFPROBE" | python3 -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
fams = {f.name: f for f in text_string_to_metric_families(sys.stdin.read())}
sys.exit(0 if fams["nfprobe_conntrack_max"].samples[0].value > 0 and
         fams["nfprobe_conntrack_entries"].type == "gauge" else 1)'
tap_result $? "prometheus: conntrack count and max where conntrack is in use"

"$NFPROBE" stats | grep -Eq "^ipv4 +INPUT +filter +REJECT +$(count REJECT)\$"
tap_result $? "the table shows the REJECT counter"

# The textfile unit's own command line, with this tree's tool and a
# scratch directory in place of node_exporter's.
textdir=$(mktemp -d)
cleanup()
{
	netns_cleanup
	rm -rf "$textdir"
}
unit=$REPO/dist/systemd/nfprobe-textfile.service
cmd=$(sed -n 's/^ExecStart=//p' "$unit")
cmd=${cmd//\/usr\/sbin\/nfprobe/$NFPROBE}
cmd=${cmd//\/var\/lib\/prometheus\/node-exporter/$textdir}
# shellcheck disable=SC2086 # the unit's words, as systemd splits them
$cmd && [ "$(stat -c %a "$textdir/nfprobe.prom")" = 644 ] &&
	[ "$(ls "$textdir")" = nfprobe.prom ] &&
	python3 -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[1]).read())}
got = [s.value for s in fams["nfprobe_packets"].samples
       if s.name == "nfprobe_packets_total" and s.labels["verdict"] == "reject"]
sys.exit(0 if int(sys.argv[2]) in got else 1)' "$textdir/nfprobe.prom" "$(count REJECT)"
tap_result $? "textfile unit: writes nfprobe.prom, mode 0644, parsing, no temporary left"

before=$(md5sum <"$textdir/nfprobe.prom")
chmod 777 "$textdir"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$NFPROBE" stats --format prometheus --output "$textdir/nfprobe.prom" 2>&1)
[ $? -eq 1 ] && [ "$(md5sum <"$textdir/nfprobe.prom")" = "$before" ] &&
	[ "$(ls "$textdir")" = nfprobe.prom ]
tap_result $? "textfile: figures that cannot be read leave the file as it was (exit 1)"

# Host-wide counters: not for root of a user namespace, nor for nobody.
if unshare -Urn true 2>/dev/null; then
	out=$(unshare -Urn "$NFPROBE" stats 2>&1)
	[ $? -eq 1 ] && grep -q "CAP_NET_ADMIN" <<<"$out"
	tap_result $? "a user namespace's root is refused, told CAP_NET_ADMIN is needed"
else
	tap_result_skip "a user namespace's root is refused, told CAP_NET_ADMIN is needed" \
		"no user namespaces in this kernel"
fi
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NFPROBE" stats 2>&1)
[ $? -eq 1 ] && grep -q "CAP_NET_ADMIN" <<<"$out"
tap_result $? "an unprivileged user is refused"

tap_exit
