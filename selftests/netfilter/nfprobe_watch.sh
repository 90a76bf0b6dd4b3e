#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nfprobe watch streams drops and rejects as they happen, each to its own
# namespace's listeners and, for the host's admin, all of them; the rate
# limit holds and says how much it held back. nfprobe config switches the
# probes off and on and narrows which flows are tracked. --netns reaches
# another namespace's flows by name, by pid, or all of them.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#                                            tcp 8080 REJECT (tcp-reset)
#                                            udp 9999, 7777 DROP

source "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
cleanup()
{
	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	# The module outlives this scenario: leave its settings as found.
	"$NFPROBE" config enabled on event-rate 1000 track all >/dev/null 2>&1
	netns_cleanup
	rm -rf "$tmp"
}
trap cleanup EXIT

nfp_require ip iptables socat python3 setpriv timeout

tap_plan 22

client_server || tap_skip_all "cannot create namespaces"
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset
for port in 7777 9999; do
	ip netns exec "$server" iptables -A INPUT -p udp --dport $port -j DROP
done
server_inum=$(ip netns exec "$server" stat -L -c %i /proc/self/ns/net)
client_inum=$(ip netns exec "$client" stat -L -c %i /proc/self/ns/net)

connect()
{
	ip netns exec "$client" socat -T1 - \
		TCP:$SERVER_IP:8080,connect-timeout=1 </dev/null >/dev/null 2>&1
	return 0
}

# udp PORT [COUNT]: datagrams to the server, dropped there
udp()
{
	ip netns exec "$client" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(int(sys.argv[3])):
    s.sendto(b"x", (sys.argv[1], int(sys.argv[2])))
' $SERVER_IP "$1" "${2:-1}"
}

# until_seen FILE CMD...: repeats CMD until FILE has a line (the watcher
# subscribed and got it), for at most 10 s
until_seen()
{
	local file=$1 i; shift

	for i in $(seq 50); do
		"$@"
		sleep 0.1
		[ -s "$file" ] && return 0
		sleep 0.1
		[ -s "$file" ] && return 0
	done
	return 1
}

# --- watch -----------------------------------------------------------------
ip netns exec "$server" "$NFPROBE" watch --json --count 1 --dport 8080 \
	>"$tmp/reject" 2>"$tmp/reject.err" &
ip netns exec "$client" timeout 15 "$NFPROBE" watch --json \
	>"$tmp/client" 2>&1 &
client_watch=$!
"$NFPROBE" watch --netns all --json --count 1 --dport 8080 \
	>"$tmp/all" 2>"$tmp/all.err" &
until_seen "$tmp/reject" connect
until_seen "$tmp/all" connect
python3 - "$tmp/reject" "$server_inum" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
e = json.loads(lines[0])
ev = e["event"]
assert e["version"] == 1 and e["proto"] == "tcp", e
assert e["src"] == "198.51.100.5" and e["dst"] == "203.0.113.10", e
assert e["dport"] == 8080 and e["netns"] == int(sys.argv[2]), e
assert ev["verdict"] == "REJECT" and ev["reject"] == "tcp-reset", ev
assert ev["hook"] == "INPUT" and ev["stage"] == "filter", ev
assert ev["ct"] == "none" and ev["iif"] == "s0" and ev["tcp_flags"] == ["SYN"], ev
EOF
tap_result $? "watch --json: the REJECT tcp-reset in INPUT/filter, as it happened ($(head -c 300 "$tmp/reject"))"

python3 - "$tmp/all" "$server_inum" <<'EOF'
import json, sys
e = json.loads(open(sys.argv[1]).readline())
assert e["netns"] == int(sys.argv[2]) and e["event"]["verdict"] == "REJECT", e
# Another namespace's interfaces have no name here.
assert e["event"]["iif"].startswith("if#"), e
EOF
tap_result $? "watch --netns all: the host's admin sees the server namespace's events"

kill "$client_watch" 2>/dev/null
wait "$client_watch" 2>/dev/null
! grep -q '"verdict"' "$tmp/client"
tap_result $? "a watcher in the client namespace sees none of the server's events"

ip netns exec "$server" "$NFPROBE" watch --count 1 --proto udp \
	>"$tmp/human" 2>&1 &
until_seen "$tmp/human" udp 9999
grep -Eq '^[0-9-]+ [0-9:.]+  DROP +INPUT/filter  198\.51\.100\.5:[0-9]+ -> 203\.0\.113\.10:9999 udp  ct none  orig  in s0  29B  netns '"$server_inum"'$' "$tmp/human"
tap_result $? "watch: one human line per drop ($(cat "$tmp/human"))"

# Two watchers start together; once the unfiltered one sees drops to 9999,
# the narrow one listens too.
ip netns exec "$server" "$NFPROBE" watch --count 1 --dport 7777 \
	>"$tmp/narrow" 2>&1 &
narrow=$!
ip netns exec "$server" "$NFPROBE" watch --count 1 --dport 9999 \
	>"$tmp/wide" 2>&1 &
until_seen "$tmp/wide" udp 9999
udp 9999 3
udp 7777
poll 5 test -s "$tmp/narrow"
wait "$narrow"
[ $? -eq 0 ] && [ "$(wc -l <"$tmp/narrow")" -eq 1 ] && grep -q ':7777 udp' "$tmp/narrow"
tap_result $? "watch --dport 7777 skips the drops to 9999 and exits after --count 1"

# The rate limit: a burst of 300 drops, at most 5 a second sent.
"$NFPROBE" config event-rate 5 >/dev/null
# (Appending, so that emptying the file below starts it over.)
ip netns exec "$server" "$NFPROBE" watch --json --proto udp \
	>>"$tmp/burst" 2>&1 &
burst=$!
until_seen "$tmp/burst" udp 9999
sleep 1.2	# the bucket refills: 5 tokens
: >"$tmp/burst"
udp 9999 300
sleep 1.2
udp 7777	# carries the count of what was held back
poll 5 grep -q '"dport":7777' "$tmp/burst"
kill "$burst"
python3 - "$tmp/burst" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
shown = sum(1 for l in lines if l["dport"] == 9999)
held = sum(l["suppressed"] for l in lines)
assert 5 <= shown <= 12, (shown, held)
assert 300 <= shown + held <= 305, (shown, held)
EOF
tap_result $? "event-rate 5: of a burst of 300 drops, 5 to 12 are sent, the rest counted as suppressed"
"$NFPROBE" info | awk '$1 == "events_suppressed" && $2 >= 288 { ok = 1 } END { exit !ok }'
tap_result $? "info counts the suppressed events"
"$NFPROBE" config event-rate 1000 >/dev/null

out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NFPROBE" watch 2>&1)
[ $? -eq 1 ] && grep -q "CAP_NET_ADMIN" <<<"$out"
tap_result $? "an unprivileged user may not watch ($out)"
rc=0
for cmd in watch show ct; do
	out=$(ip netns exec "$server" "$NFPROBE" $cmd --netns all 2>&1)
	[ $? -eq 1 ] && grep -q "need CAP_NET_ADMIN in the initial namespaces" <<<"$out" ||
		{ rc=1; echo "# $cmd: $out"; }
done
tap_result $rc "watch, show and ct --netns all are refused outside the initial namespace"

# --- config ----------------------------------------------------------------
"$NFPROBE" config --json | python3 -c '
import json, sys
c = json.load(sys.stdin)
assert c == {"version": 1, "enabled": True, "event_rate": 1000, "track": None}, c'
tap_result $? "config --json: the defaults"

events_8080()
{
	ip netns exec "$server" "$NFPROBE" show --dport 8080 --json |
		python3 -c 'import json, sys; print(sum(f["events_total"] for f in json.load(sys.stdin)["flows"]))'
}
before=$(events_8080)
"$NFPROBE" config enabled off | grep -q '^enabled     no$'
tap_result $? "config enabled off"
connect
[ "$(events_8080)" = "$before" ]
tap_result $? "disabled: a rejected connection leaves no trace"
"$NFPROBE" config enabled on >/dev/null
connect
[ "$(events_8080)" -gt "$before" ]
tap_result $? "enabled again: it is recorded"

ip netns exec "$server" "$NFPROBE" reset >/dev/null
out=$("$NFPROBE" config track --proto udp --dport 7777 --netns all)
grep -q '^track       --proto udp --dport 7777  (all namespaces)$' <<<"$out"
tap_result $? "config track: the filter as the module holds it ($(tail -1 <<<"$out"))"
drops_before=$("$NFPROBE" stats --json | python3 -c '
import json, sys
print(sum(c["packets"] for c in json.load(sys.stdin)["counters"]
          if c["verdict"] == "DROP" and c["hook"] == "INPUT"))')
udp 9999 3
udp 7777 2
nfp_expect "$server" -4 --proto udp -- \
	'[(f["dport"], f["dropped"]) for f in flows] == [(7777, 2)]' \
	"tracking --dport 7777: only that flow gets a history"
"$NFPROBE" stats --json | python3 -c '
import json, sys
print(sum(c["packets"] for c in json.load(sys.stdin)["counters"]
          if c["verdict"] == "DROP" and c["hook"] == "INPUT"))' |
	{ read -r after; [ "$after" -ge $((drops_before + 5)) ]; }
tap_result $? "untracked drops are still counted in stats"
"$NFPROBE" config track all | grep -q '^track       all$'
udp 9999
nfp_expect "$server" -4 --dport 9999 -- 'len(flows) == 1' "track all: every flow again"

ip netns exec "$server" "$NFPROBE" config --json track --src 198.51.100.0/24 |
	python3 -c '
import json, sys
t = json.load(sys.stdin)["track"]
assert t["netns"] == int(sys.argv[1]) and t["src"] == "198.51.100.0/24", t
assert t["family"] == "ipv4" and t["proto"] is None, t' "$server_inum"
tap_result $? "config track in a namespace: that namespace's flows only (--json)"
"$NFPROBE" config track all >/dev/null

rc=0
"$NFPROBE" config event-rate lots 2>/dev/null; [ $? -eq 2 ] || rc=1
"$NFPROBE" config track --verdict drop 2>/dev/null; [ $? -eq 2 ] || rc=1
"$NFPROBE" config enabled maybe 2>/dev/null; [ $? -eq 2 ] || rc=1
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NFPROBE" config enabled off 2>&1)
[ $? -eq 1 ] && grep -q "CAP_NET_ADMIN" <<<"$out" || rc=1
"$NFPROBE" config | grep -q '^enabled     yes$' || rc=1
tap_result $rc "config refuses bad values and unprivileged users, and changes nothing then"

# --- --netns ----------------------------------------------------------------
connect
# nfp_expect_netns NS INUM...: show --netns NS lists the flows to port
# 8080 of exactly the namespaces INUM...
nfp_expect_netns()
{
	local ns=$1; shift

	"$NFPROBE" show --netns "$ns" --dport 8080 --json | python3 -c '
import json, sys
flows = json.load(sys.stdin)["flows"]
seen = sorted({f["netns"] for f in flows})
assert seen == sorted(int(n) for n in sys.argv[1:]), seen' "$@"
}
nfp_expect_netns "$server" "$server_inum"
tap_result $? "show --netns NAME: the named namespace's flows"
ip netns exec "$server" sleep 30 &
sleeper=$!
poll 5 test "$(stat -L -c %i /proc/$sleeper/ns/net 2>/dev/null)" = "$server_inum"
nfp_expect_netns "$sleeper" "$server_inum"
tap_result $? "show --netns PID: the namespace of that process"
kill "$sleeper"
nfp_expect_netns all "$server_inum" "$client_inum"
tap_result $? "show --netns all: the client's and the server's, each with its number"

tap_exit
