#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nfprobe trace names the rule that decided a packet's fate, with no
# change to the ruleset: a 27-rule ruleset over raw, mangle, nat and filter
# with user-defined chains, loaded once with iptables-nft and once as a
# native nft ruleset; then an iptables-legacy ruleset, whose rules only
# their counters can name. Packets of other flows are never marked, and a
# session whose tool is killed or stopped ends by itself.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#   client2 netns                           tcp 8080 8081 9090 listeners
#   192.0.2.5/24     c2 <---- veth ----> s1  192.0.2.10/24
#   client3 netns                           legacy netns
#   198.18.0.5/24    c3 <---- veth ----> l0  198.18.0.10/24, tcp 8080

source "$(dirname "$0")/lib.sh"

cleanup()
{
	[ -n "${tracer:-}" ] && kill -9 "$tracer" 2>/dev/null
	netns_cleanup
	[ -n "${monitor:-}" ] && kill "$monitor" 2>/dev/null
	rm -f "$out" "$err" "$monitor_out"
}
trap cleanup EXIT

nfp_require ip iptables-nft-restore iptables-legacy nft socat ss python3

tap_plan 22

out=$(mktemp)
err=$(mktemp)
monitor_out=$(mktemp)

client_server || tap_skip_all "cannot create namespaces"
netns_create client2 client3 legacy
veth_link "$client2" c2 192.0.2.5/24 "$server" s1 192.0.2.10/24
veth_link "$client3" c3 198.18.0.5/24 "$legacy" l0 198.18.0.10/24
for port in 8080 8081 9090; do
	ip netns exec "$server" socat TCP-LISTEN:$port,fork,reuseaddr \
		SYSTEM:'echo hello' 2>/dev/null &
done
ip netns exec "$legacy" socat TCP-LISTEN:8080,fork,reuseaddr \
	SYSTEM:'echo hello' 2>/dev/null &
poll 10 tcp_listening "$server" 9090 && poll 10 tcp_listening "$legacy" 8080
tap_result $? "servers listen"

IPT_RULESET='*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -s 10.99.0.0/16 -j DROP
-A PREROUTING -p udp --dport 5353 -j ACCEPT
-A OUTPUT -d 10.99.0.0/16 -j DROP
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:marks - [0:0]
-A PREROUTING -j marks
-A marks -p tcp --dport 22
-A marks -p tcp --dport 8080
-A marks -j RETURN
-A INPUT -p icmp -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp --dport 7070 -j DNAT --to-destination 203.0.113.10:9090
-A OUTPUT -p tcp --dport 6060 -j DNAT --to-destination 127.0.0.1:9090
-A POSTROUTING -o lo -j RETURN
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:web - [0:0]
:mgmt - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID -j DROP
-A INPUT -p tcp --dport 22 -j mgmt
-A INPUT -p tcp -j web
-A INPUT -p udp --dport 9999 -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A mgmt -s 10.0.0.0/8 -j ACCEPT
-A mgmt -j DROP
-A web -p tcp --dport 80 -j ACCEPT
-A web -p tcp --dport 443 -j ACCEPT
-A web -p tcp --dport 9090 -j ACCEPT
-A web -p tcp --dport 8080 -j DROP
-A web -p tcp --dport 8081 -j REJECT --reject-with tcp-reset
-A web -j RETURN
-A OUTPUT -d 10.98.0.0/16 -j REJECT
COMMIT'

NFT_RULESET='table inet fw {
	chain raw_pre {
		type filter hook prerouting priority raw; policy accept;
		ip saddr 10.99.0.0/16 drop
		udp dport 5353 accept
	}
	chain raw_out {
		type filter hook output priority raw; policy accept;
		ip daddr 10.99.0.0/16 drop
	}
	chain mangle_pre {
		type filter hook prerouting priority mangle; policy accept;
		jump marks
	}
	chain marks {
		tcp dport 22 meta mark set 0x22
		tcp dport 8080 meta mark set 0x80 counter
		return
	}
	chain mangle_in {
		type filter hook input priority mangle; policy accept;
		meta l4proto icmp accept
	}
	chain nat_pre {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 7070 dnat ip to 203.0.113.10:9090
	}
	chain nat_out {
		type nat hook output priority -100; policy accept;
		tcp dport 6060 dnat ip to 127.0.0.1:9090
	}
	chain nat_post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "lo" return
	}
	chain input {
		type filter hook input priority filter; policy accept;
		iifname "lo" accept
		ct state established,related accept
		ct state invalid drop
		tcp dport 22 jump mgmt
		meta l4proto tcp jump web
		udp dport 9999 accept
		meta l4proto icmp accept
	}
	chain mgmt {
		ip saddr 10.0.0.0/8 accept
		drop
	}
	chain web {
		tcp dport 80 accept
		tcp dport 443 accept
		tcp dport 9090 accept
		tcp dport 8080 drop
		tcp dport 8081 reject with tcp reset
		return
	}
	chain output {
		type filter hook output priority filter; policy accept;
		ip daddr 10.98.0.0/16 reject
	}
}'

# A rule that never matches but sets nftrace keeps nf_tables reporting
# every packet that carries the mark, whoever set it: `nft monitor trace`
# then shows exactly the packets nfprobe marked.
CHECK_RULESET='table inet nfpcheck {
	chain pre {
		type filter hook prerouting priority 500; policy accept;
		ip saddr 203.0.113.99 meta nftrace set 1
	}
}'

# marked SRC SPORT: packets from SRC (SRC:SPORT) nf_tables traced
marked()
{
	grep -c "ip saddr $1 .*sport ${2:-}" "$monitor_out"
}

# connect NS DST PORT SPORT: one TCP connection attempt
connect()
{
	ip netns exec "$1" socat -T1 - \
		TCP:"$2":"$3",sourceport="$4",reuseaddr,connect-timeout=1 \
		</dev/null >/dev/null 2>&1
}

# trace_bg NS ARGS...: nfprobe trace in the background, output in $out;
# returns once the session is open
trace_bg()
{
	local ns=$1; shift

	: >"$out"
	: >"$err"
	ip netns exec "$ns" "$NFPROBE" trace "$@" >"$out" 2>"$err" &
	tracer=$!
	poll 5 grep -q "tracing up to" "$err"
}

# trace_wait: the background trace's exit status, within 15 s
trace_wait()
{
	local i

	for i in $(seq 150); do
		kill -0 "$tracer" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$tracer" 2>/dev/null
	wait "$tracer"
	local rc=$?
	tracer=
	return $rc
}

# expect_out DESCRIPTION PATTERN...: the trace printed every fixed string;
# a PATTERN starting with "~" is the rest as an extended regular expression
expect_out()
{
	local desc=$1 p rc=0; shift

	for p in "$@"; do
		if [ "${p#\~}" != "$p" ]; then
			grep -qE -- "${p#\~}" "$out"
		else
			grep -qF -- "$p" "$out"
		fi || { echo "# missing: $p"; rc=1; }
	done
	[ $rc -eq 0 ] || sed 's/^/#   /' "$out" "$err"
	tap_result $rc "$desc"
}

# drop_case KIND RULE-TEXT WHERE: a SYN to 8080 dropped by rule 4 of web
drop_case()
{
	local kind=$1 text=$2 where=$3 sport=$4

	trace_bg "$server" --src $CLIENT_IP --sport "$sport" --count 1 --timeout 8s
	connect "$client" $SERVER_IP 8080 "$sport"
	trace_wait
	tap_result $? "$kind: trace of a dropped SYN exits 0"
	expect_out "$kind: the drop is named: rule 4 of $where, with its text" \
		"DROP by rule 4 of $where: $text" "jump web" "nfprobe   DROP in filter"
	nfp_expect "$server" --src $CLIENT_IP --sport "$sport" -- \
		"any(f[\"rule\"] and f[\"rule\"][\"text\"] == \"$text\" and
		     f[\"rule\"][\"position\"] == 4 and f[\"rule\"][\"verdict\"] == \"DROP\"
		     for f in flows)" \
		"$kind: show names the rule in the flow's history"
	ip netns exec "$server" "$NFPROBE" explain --src $CLIENT_IP \
		--sport "$sport" >"$out" 2>&1
	expect_out "$kind: explain names the rule" \
		"The rule, named by nfprobe trace: DROP by rule 4 of $where: $text"
}

# accept_case KIND WHERE: a SYN to 9090, accepted: its whole path
accept_case()
{
	local kind=$1 sport=$2; shift 2

	trace_bg "$server" --src $CLIENT_IP --sport "$sport" --dport 9090 --count 1
	connect "$client" $SERVER_IP 9090 "$sport"
	trace_wait
	expect_out "$kind: an accepted SYN's path, hook by hook" \
		"PREROUTING  $CLIENT_IP:$sport -> $SERVER_IP:9090 tcp  SYN" \
		"INPUT  $CLIENT_IP:$sport -> $SERVER_IP:9090 tcp  SYN" \
		"nfprobe   ACCEPT" "$@"
}

# --- iptables-nft ---
echo "$IPT_RULESET" | ip netns exec "$server" iptables-nft-restore
tap_result $? "iptables-nft ruleset of 27 rules loaded"
echo "$CHECK_RULESET" | ip netns exec "$server" nft -f -
ip netns exec "$server" nft monitor trace >"$monitor_out" 2>&1 &
monitor=$!

drop_case iptables-nft "-A web -p tcp -m tcp --dport 8080 -j DROP" \
	"ip filter web" 41001
accept_case iptables-nft 41002 "marks" "-A marks -j RETURN" \
	"-A web -p tcp -m tcp --dport 9090 -j ACCEPT" "ip filter INPUT"

# --- other flows stay unmarked, while the traced one is marked ---
trace_bg "$server" --src $CLIENT_IP --dport 9090 --count 3 --timeout 8s
connect "$client2" 192.0.2.10 9090 41003
connect "$client" $SERVER_IP 9090 41004
trace_wait
[ "$(marked 192.0.2.5)" = 0 ] && [ "$(marked 198.51.100.5 41004)" -gt 0 ]
tap_result $? "only the traced flow's packets carry nf_trace ($(marked 192.0.2.5) other, $(marked 198.51.100.5 41004) traced)"

# --- a session whose tool dies ends at once ---
# still_marking SPORT: a new connection's packets get nf_trace
still_marking()
{
	connect "$client" $SERVER_IP 9090 "$1"
	sleep 0.2
	[ "$(marked 198.51.100.5 "$1")" -gt 0 ]
}
trace_bg "$server" --src $CLIENT_IP --dport 9090 --count 1000 --timeout 60s
still_marking 41005
tap_result $? "an open session marks the flow's packets"
kill -9 "$tracer"
wait "$tracer" 2>/dev/null
tracer=
sport=41010
ended=1
for i in $(seq 20); do
	sport=$((sport + 1))
	if ! still_marking $sport; then ended=0; break; fi
	sleep 0.2
done
tap_result $ended "a killed tool's session ends by itself"

# --- a session whose tool hangs ends at its timeout ---
trace_bg "$server" --src $CLIENT_IP --dport 9090 --count 1000 --timeout 2s
kill -STOP "$tracer"
sleep 2.5
still_marking 41030
ended=$((! $?))
kill -9 "$tracer"
kill -CONT "$tracer" 2>/dev/null
wait "$tracer" 2>/dev/null
tracer=
tap_result $ended "a stopped tool's session ends at its timeout"

ip netns exec "$server" iptables-nft -F -t filter
ip netns exec "$server" iptables-nft -F -t nat
ip netns exec "$server" iptables-nft -F -t mangle
ip netns exec "$server" iptables-nft -F -t raw
ip netns exec "$server" nft flush ruleset

# --- native nft ---
echo "$NFT_RULESET" | ip netns exec "$server" nft -f -
tap_result $? "native nft ruleset of 27 rules loaded"
drop_case nft "tcp dport 8080 drop" "inet fw web" 42001
accept_case nft 42002 "inet fw marks" "tcp dport 9090 accept" \
	"inet fw input" "inet fw mangle_pre"

# --- the REJECT, named the same way ---
trace_bg "$server" --src $CLIENT_IP --sport 42003 --count 1 --timeout 8s
connect "$client" $SERVER_IP 8081 42003
trace_wait
expect_out "nft: a REJECT is named with its text" \
	"nfprobe   REJECT tcp-reset in filter" \
	"REJECT by rule 5 of inet fw web: tcp dport 8081 reject with tcp reset"

# --- bad input ---
ip netns exec "$server" "$NFPROBE" trace --count 0 >/dev/null 2>&1
[ $? -eq 2 ]
tap_result $? "--count 0 is a usage error"
ip netns exec "$server" "$NFPROBE" trace --verdict drop >/dev/null 2>&1
[ $? -eq 2 ]
tap_result $? "--verdict does not apply to a trace"

# --- iptables-legacy: named by its counters ---
ip netns exec "$legacy" iptables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT
ip netns exec "$legacy" iptables-legacy -A INPUT -p tcp --dport 8080 -j DROP
ip netns exec "$legacy" iptables-legacy -A INPUT -p tcp --dport 9090 -j ACCEPT
trace_bg "$legacy" --src 198.18.0.5 --sport 43001 --count 1 --timeout 8s
connect "$client3" 198.18.0.10 8080 43001
trace_wait
# The SYN's retransmission a second later may come in before the
# session ends (a slow guest): the rule's counters then moved by two.
expect_out "iptables-legacy: said plainly, and the rule found by its counters" \
	"iptables-legacy (xtables) rules are not" \
	"~counters moved \(\+[12]\): -A INPUT -p tcp -m tcp --dport 8080 -j DROP"
nfp_expect "$legacy" --src 198.18.0.5 -- \
	"any(f[\"rule\"] and f[\"rule\"][\"source\"] == \"counters\" and
	     f[\"rule\"][\"text\"] == \"-A INPUT -p tcp -m tcp --dport 8080 -j DROP\"
	     for f in flows)" \
	"iptables-legacy: the rule is recorded, marked as found by counters"

tap_exit
