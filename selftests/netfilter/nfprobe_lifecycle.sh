#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's life around traffic and the tool's errors.
#
#   a netns                                b netns
#   192.0.2.1/24  a0 <---- veth ----> b0  192.0.2.2/24
#   (UDP and TCP traffic keeps flowing while the module is unloaded and
#    loaded again)
#
# - unload and reload under traffic, several times, cleanly (the VM runner
#   fails the run on any kernel warning and checks the final unload);
# - namespaces created after load are probed;
# - bad module parameters are refused with a message, odd ones rounded;
# - the tool's errors: bad address (exit 2), module not loaded (exit 1),
#   not permitted (exit 1);
# - the shipped /etc/modprobe.d/nfprobe.conf, its example uncommented,
#   sets the parameters when modprobe loads the module;
# - the kernel features the module reports (info, --version) are those
#   this kernel's version has.

source "$(dirname "$0")/lib.sh"

MODULE=${NFPROBE_MODULE:-$REPO/build/$(uname -r)/nfprobe.ko}
flood_pid=

# The flood and its python, whether or not bash forked for it.
flood_stop()
{
	pkill -P "$flood_pid" 2>/dev/null
	kill "$flood_pid" 2>/dev/null
	wait "$flood_pid" 2>/dev/null
	flood_pid=
}

cleanup()
{
	[ -n "$flood_pid" ] && flood_stop
	netns_cleanup
	# Leave the module loaded as the runner loaded it.
	[ -d /sys/module/nfprobe ] || insmod "$MODULE" 2>/dev/null
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || tap_skip_all "needs root"
[ -x "$NFPROBE" ] || tap_skip_all "$NFPROBE not built"
[ -f "$MODULE" ] || tap_skip_all "no module at $MODULE"
[ -d /sys/module/nfprobe ] || tap_skip_all "nfprobe module not loaded"
command -v socat >/dev/null || tap_skip_all "socat not installed"

tap_plan 17

netns_create a b
veth_link "$a" a0 192.0.2.1/24 "$b" b0 192.0.2.2/24
ip netns exec "$b" iptables -A INPUT -p udp --dport 7 -j DROP
ip netns exec "$b" socat TCP-LISTEN:7,fork,reuseaddr SYSTEM:'echo up' &

# A steady stream of packets that are dropped and of connections accepted,
# each from a new port, by one process: tools forked in a loop would take
# the emulated CPU from everything else.
flood()
{
	ip netns exec "$a" python3 -c '
import socket, time
while True:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b"x", ("192.0.2.2", 7))
    u.close()
    try:
        t = socket.create_connection(("192.0.2.2", 7), timeout=1)
        t.recv(16)
        t.close()
    except OSError:
        pass
    time.sleep(0.02)
'
}
# Both kinds of traffic have been seen since the last (re)load.
traffic_seen()
{
	local out

	out=$(nfp_show "$b" --src 192.0.2.1) &&
		grep -Eq 'INPUT +DROP +stage filter' <<<"$out" &&
		grep -Eq 'INPUT +ACCEPT' <<<"$out"
}
poll 10 tcp_listening "$b" 7
flood &
flood_pid=$!
poll 20 traffic_seen

nfp_expect "$b" --src 192.0.2.1 -- \
	'events(hook="INPUT", verdict="DROP", stage="filter") and
	 events(hook="INPUT", verdict="ACCEPT")' \
	"a namespace created after load is probed"

ok=0
for i in 1 2 3 4 5; do
	rmmod nfprobe || break
	insmod "$MODULE" || break
	ok=$i
done
[ "$ok" -eq 5 ]
tap_result $? "unload and load again 5 times under traffic"

poll 20 traffic_seen
nfp_expect "$b" --src 192.0.2.1 -- \
	'events(hook="INPUT", verdict="DROP", stage="filter")' \
	"after reloading, drops are seen again"

flood_stop

out=$(ip netns exec "$b" "$NFPROBE" show --src 192.0.2.1/33 2>&1)
rc=$?
[ $rc -eq 2 ] && echo "$out" | grep -q -- "--src"
tap_result $? "bad prefix: exit 2 and the message names --src"

out=$(ip netns exec "$b" "$NFPROBE" show --src 192.0.2.x 2>&1)
[ $? -eq 2 ] && echo "$out" | grep -q "192.0.2.x"
tap_result $? "bad address: exit 2 and the message quotes it"

out=$(ip netns exec "$b" setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all "$NFPROBE" show 2>&1)
[ $? -eq 1 ] && echo "$out" | grep -q "CAP_NET_ADMIN"
tap_result $? "unprivileged: exit 1, says CAP_NET_ADMIN is needed"

rmmod nfprobe
out=$("$NFPROBE" show 2>&1)
[ $? -eq 1 ] && echo "$out" | grep -q "not loaded"
tap_result $? "module not loaded: exit 1, says so"

"$NFPROBE" --version >/dev/null 2>&1
tap_result $? "--version works without the module"

insmod "$MODULE" flows_per_cpu=5 2>/dev/null
[ $? -ne 0 ] && dmesg | tail -n 5 | grep -q "flows_per_cpu: 5 is out of range"
tap_result $? "flows_per_cpu=5 is refused with a message"

insmod "$MODULE" events_per_flow=1000 2>/dev/null
[ $? -ne 0 ] && dmesg | tail -n 5 | grep -q "events_per_flow: 1000 is out of range"
tap_result $? "events_per_flow=1000 is refused with a message"

insmod "$MODULE" flows_per_cpu=banana 2>/dev/null
[ $? -ne 0 ] && dmesg | tail -n 5 | grep -q "flows_per_cpu: 'banana' is not a number"
tap_result $? "flows_per_cpu=banana is refused with a message"

insmod "$MODULE" flows_per_cpu=100 events_per_flow=4 &&
	[ "$(cat /sys/module/nfprobe/parameters/flows_per_cpu)" = 128 ]
tap_result $? "flows_per_cpu=100 is rounded up to 128"

# Small table: many distinct flows must recycle entries, not grow.
ip netns exec "$a" python3 -c '
import socket
for port in range(20000, 20301):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("192.0.2.1", port))
    s.sendto(b"x", ("192.0.2.2", 7))
    s.close()
'
ip netns exec "$b" "$NFPROBE" info | grep -Eq 'evictions +[1-9]'
tap_result $? "a full table recycles entries and counts evictions"
n=$(ip netns exec "$b" "$NFPROBE" show --src 192.0.2.1 --json |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)["flows"]))')
[ "$n" -le $((128 * $(nproc))) ] && [ "$n" -gt 0 ]
tap_result $? "the table holds at most flows_per_cpu flows per CPU ($n)"

rmmod nfprobe && insmod "$MODULE"
tap_result $? "loads again with default parameters"

# The shipped modprobe.d file, its example line uncommented, applies when
# modprobe loads the module from a module tree: one of the test's own with
# nfprobe alone in it, as depmod of the kernel's whole tree takes a minute
# under emulation. /etc/modprobe.d is the system's (this guest's root is a
# scratch overlay: nothing reaches the host).
tree=$(mktemp -d)
moddir=$tree/lib/modules/$(uname -r)/updates
conf=/etc/modprobe.d/nfprobe.conf
want_flows=$(sed -n 's/^#options nfprobe .*flows_per_cpu=\([0-9]*\).*/\1/p' "$REPO/dist/modprobe.d/nfprobe.conf")
want_events=$(sed -n 's/^#options nfprobe .*events_per_flow=\([0-9]*\).*/\1/p' "$REPO/dist/modprobe.d/nfprobe.conf")
# The index files depmod expects of a kernel's tree, empty.
mkdir -p "$moddir" /etc/modprobe.d &&
	touch "$moddir"/../modules.{order,builtin,builtin.modinfo} &&
	cp "$MODULE" "$moddir/" && depmod -b "$tree" &&
	sed 's/^#options/options/' "$REPO/dist/modprobe.d/nfprobe.conf" > "$conf" &&
	rmmod nfprobe && modprobe -d "$tree" nfprobe &&
	[ -n "$want_flows" ] && [ -n "$want_events" ] &&
	[ "$(cat /sys/module/nfprobe/parameters/flows_per_cpu)" = "$want_flows" ] &&
	[ "$(cat /sys/module/nfprobe/parameters/events_per_flow)" = "$want_events" ]
tap_result $? "modprobe.d: the shipped example sets flows_per_cpu=$want_flows events_per_flow=$want_events"
rm -rf "$conf" "$tree"
rmmod nfprobe 2>/dev/null
insmod "$MODULE"

# What the module says this kernel gives it, against the kernel's version
# (Debian's kernels: drop reasons for netfilter from 5.18, namespace
# cookies from 5.12, nf_trace always).
ver=$(uname -r | awk -F'[.-]' '{ print $1 * 1000 + $2 }')
want=()
missing=()
if [ "$ver" -ge 5018 ]; then want+=(drop-reasons); else missing+=(drop-reasons); fi
if [ "$ver" -ge 5012 ]; then want+=(netns-cookies); else missing+=(netns-cookies); fi
want+=(nf-trace)
join() { local IFS=,; echo "$*" | sed 's/,/, /g'; }
info=$("$NFPROBE" info)
version=$("$NFPROBE" --version)
lacks=$(grep -c "^module: kernel lacks" <<<"$version")
grep -qx "features *$(join "${want[@]}")" <<<"$info" &&
	grep -qx "features_missing *$( [ ${#missing[@]} -gt 0 ] && join "${missing[@]}" || echo none)" <<<"$info" &&
	[ "$lacks" -eq ${#missing[@]} ]
tap_result $? "features for $(uname -r): $(join "${want[@]}")${missing:+; missing: $(join "${missing[@]}")}"

tap_exit
