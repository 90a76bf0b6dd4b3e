#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs every nfprobe_*.sh scenario beside this file (or those named), one
# after the other, in the current (guest) system. Each scenario's TAP goes
# to stdout under a "# scenario: NAME" line; a scenario that exits non-zero
# without reporting a failed test gets a "not ok" line of its own, and one
# that exits 4 a "# SKIP" line, so that nothing is lost in the count.
cd "$(dirname "$0")" || exit 1

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(nfprobe_*.sh)

rc=0
for t in "${scenarios[@]}"; do
	echo "# scenario: ${t%.sh}"
	out=$(mktemp)
	begin=$SECONDS
	timeout "${NFPROBE_SCENARIO_TIMEOUT:-300}" ./"$t" 2>&1 | tee "$out"
	status=${PIPESTATUS[0]}
	echo "# scenario ${t%.sh} took $((SECONDS - begin)) s"
	if [ "$status" -eq 4 ]; then
		echo "ok - ${t%.sh} # SKIP"
	elif [ "$status" -ne 0 ]; then
		rc=1
		grep -q '^not ok' "$out" ||
			echo "not ok - ${t%.sh} exited with status $status"
	fi
	rm -f "$out"
done
exit $rc
