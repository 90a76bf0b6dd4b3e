#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The runner's own contract, checked on the host (TAP): COMMAND's status
# comes back, arguments arrive intact, the working directory is the same,
# a kernel warning fails an otherwise passing run (125), a hung guest is
# killed (124), and nothing the guest writes reaches the host.
here=$(cd "$(dirname "$0")" && pwd)
run=$here/run
kernel=${1:-6.1}
n=0
failed=0

result()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

marker=/var/tmp/nfprobe-vm-selftest.$$
out=$(cd /usr/share && "$run" --kernel "$kernel" --no-module -- \
	sh -c 'printf "%s|" "$@"; pwd; touch '"$marker"'; exit 3' sh 'a b' "c'd" '$x')
rc=$?
[ $rc -eq 3 ]
result $? "$kernel: COMMAND's exit status (3) is the runner's"
[ "$out" = "a b|c'd|\$x|/usr/share" ]
result $? "$kernel: arguments arrive intact, in the caller's directory"
[ ! -e "$marker" ]
result $? "$kernel: the guest's writes stay in the guest"

"$run" --kernel "$kernel" --no-module -- \
	sh -c "echo '<4>WARNING: selftest splat' >/dev/kmsg" >/dev/null 2>&1
[ $? -eq 125 ]
result $? "$kernel: a kernel warning fails the run (125)"

"$run" --kernel "$kernel" --no-module --timeout 20 -- sleep 600 >/dev/null 2>&1
[ $? -eq 124 ]
result $? "$kernel: a hung command is killed at the timeout (124)"

"$run" --kernel "$kernel" -- sh -c 'test -d /sys/module/nfprobe' >/dev/null 2>&1
result $? "$kernel: the module is loaded by default"

echo "1..$n"
[ $failed -eq 0 ]
