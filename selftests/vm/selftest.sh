#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftest.sh [KERNEL]: the runner's own contract, checked from the host
# (TAP): COMMAND's status comes back, its arguments arrive intact, it runs
# in the caller's directory with the caller's NFPROBE_* variables, its
# stdout and stderr stay apart and lose nothing, nothing it writes reaches
# the host, a kernel warning fails an otherwise passing run (125), a hung
# guest is killed (124), the module is loaded by default, packet
# timestamps are held on (guest-init) and a module that will not unload
# fails the run (125).
# shellcheck disable=SC2016 # literal $ in arguments, on purpose
here=$(cd "$(dirname "$0")" && pwd)
run=$here/run
kernel=${1:-6.1}
abi=$(awk -v k="$kernel" '!/^#/ && NF == 3 && $1 == k { print $2 }' "$here/kernels")
n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

result()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $kernel: $2"
	else
		echo "not ok $n - $kernel: $2"
		failed=$((failed + 1))
	fi
}

marker=/var/tmp/nfprobe-vm-selftest.$$
(cd /usr/share && NFPROBE_SELFTEST='x "y" $z' "$run" --kernel "$kernel" --no-module -- \
	sh -c 'printf "%s|" "$@"; pwd; echo "$NFPROBE_SELFTEST"; echo to-stderr >&2
		touch "$0"; seq 100000; exit 3' "$marker" 'a b' "c'd" '$x' '' \
	>"$tmp/out" 2>"$tmp/err")
rc=$?
[ $rc -eq 3 ]
result $? "COMMAND's exit status (3) is the runner's"
[ "$(sed -n 1p "$tmp/out")" = "a b|c'd|\$x||/usr/share" ]
result $? "arguments arrive intact, in the caller's directory"
[ "$(sed -n 2p "$tmp/out")" = 'x "y" $z' ]
result $? "NFPROBE_* variables are passed"
[ "$(cat "$tmp/err")" = to-stderr ]
result $? "stderr is kept apart from stdout"
[ "$(tail -n +3 "$tmp/out" | md5sum)" = "$(seq 100000 | md5sum)" ]
result $? "100000 lines of output arrive whole"
[ ! -e "$marker" ]
result $? "the guest's writes stay in the guest"

"$run" --kernel "$kernel" --no-module -- \
	sh -c "echo '<4>WARNING: selftest splat' >/dev/kmsg" >/dev/null 2>&1
[ $? -eq 125 ]
result $? "a kernel warning fails the run (125)"

"$run" --kernel "$kernel" --no-module --timeout 20 -- sleep 600 >/dev/null 2>&1
[ $? -eq 124 ]
result $? "a hung command is killed at the timeout (124)"

"$run" --kernel "$kernel" -- sh -c 'test -d /sys/module/nfprobe && echo module
	sleep 1; pgrep -x -f "socat -u UDP4-RECV:9,so-timestamp /dev/null" >/dev/null &&
	echo tstamp-hold' \
	>"$tmp/out" 2>/dev/null
grep -qx module "$tmp/out"
result $? "the module is loaded by default"
grep -qx tstamp-hold "$tmp/out"
result $? "packet timestamps are held on while COMMAND runs"

# A module without an exit function cannot be unloaded.
headers=/usr/src/linux-headers-$abi
if [ -d "$headers" ]; then
	mkdir "$tmp/stuck"
	printf '%s\n' '#include <linux/module.h>' \
		'static int __init stuck_init(void) { return 0; }' \
		'module_init(stuck_init);' 'MODULE_LICENSE("GPL");' >"$tmp/stuck/stuck.c"
	echo 'obj-m := stuck.o' >"$tmp/stuck/Kbuild"
	make -s -C "$headers" M="$tmp/stuck" modules >/dev/null 2>&1
	"$run" --kernel "$kernel" --module "$tmp/stuck/stuck.ko" -- true >/dev/null 2>&1
	[ $? -eq 125 ]
	result $? "a module that does not unload fails the run (125)"
else
	n=$((n + 1))
	echo "ok $n - $kernel: a module that does not unload fails the run # SKIP no $headers"
fi

echo "1..$n"
[ $failed -eq 0 ]
