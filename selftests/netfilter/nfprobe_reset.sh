#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nfprobe reset forgets exactly the flows its filter names, in the caller's
# namespace only; forgotten flows come back with a history of their own.
#
#   client netns                            server netns
#   198.51.100.5/24  c0 <---- veth ----> s0  203.0.113.10/24
#                                            tcp 8080 REJECT (tcp-reset)

source "$(dirname "$0")/lib.sh"

cleanup()
{
	netns_cleanup
}
trap cleanup EXIT

nfp_require ip iptables socat python3 setpriv

tap_plan 8

client_server || tap_skip_all "cannot create namespaces"
ip netns exec "$server" iptables -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset

# connect SPORT: one connection attempt, rejected
connect()
{
	ip netns exec "$client" socat -T1 - \
		TCP:$SERVER_IP:8080,sourceport="$1",connect-timeout=1 \
		</dev/null >/dev/null 2>&1
}
connect 49001
connect 49002

out=$(ip netns exec "$server" "$NFPROBE" reset --sport 49001)
grep -Eq '^[1-9][0-9]* flow entries forgotten, 0 conntrack failure sources forgotten$' <<<"$out"
tap_result $? "reset --sport 49001 says what it forgot ($out)"
nfp_expect "$server" --src $CLIENT_IP -- \
	'[f["sport"] for f in flows] == [49002]' \
	"the flow of port 49001 is gone, 49002 is kept"

connect 49001
nfp_expect "$server" --sport 49001 -- \
	'len(flows) == 1 and flows[0]["rejected"] == 1 and
	 flows[0]["events_total"] == 4' \
	"49001 comes back with a history of its own"

ip netns exec "$server" "$NFPROBE" reset >/dev/null
# (IPv6 router solicitations may arrive meanwhile: IPv4 only.)
nfp_expect "$server" -4 -- 'flows == []' "reset without a filter forgets them all"
# The client's namespace saw the same connections leave: still there.
nfp_expect "$client" --dst $SERVER_IP -- \
	'sorted(f["sport"] for f in flows) == [49001, 49002]' \
	"another namespace's flows are untouched"

out=$(ip netns exec "$server" setpriv --reuid=65534 --regid=65534 \
	--clear-groups "$NFPROBE" reset 2>&1)
[ $? -eq 1 ] && grep -q "CAP_NET_ADMIN" <<<"$out"
tap_result $? "an unprivileged user may not reset"
ip netns exec "$server" "$NFPROBE" reset --verdict maybe 2>&1 |
	grep -q "invalid verdict list 'maybe' for --verdict"
tap_result $? "a bad filter is refused before anything is forgotten"

# A namespace's inode number goes to a later namespace once it is gone:
# the newcomer must not inherit the dead one's flows.
inum=$(ip netns exec "$server" stat -L -c %i /proc/self/ns/net)
ip netns del "$server"
reused()
{
	local ns=nfp-reuse-$rnd

	ip netns add "$ns" || return 1
	if [ "$(ip netns exec "$ns" stat -L -c %i /proc/self/ns/net)" = "$inum" ]; then
		NETNS_CREATED="${NETNS_CREATED:-} $ns"
		return 0
	fi
	ip netns del "$ns"
	return 1
}
if poll 20 reused; then
	nfp_expect "nfp-reuse-$rnd" -- 'flows == []' \
		"a new namespace with a dead one's number (${inum}) starts empty"
else
	tap_result_skip "a new namespace with a dead one's number starts empty" \
		"inode number $inum not reused within 20 s"
fi

tap_exit
