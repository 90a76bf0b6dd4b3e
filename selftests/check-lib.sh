# SPDX-License-Identifier: GPL-2.0
#
# The TAP bookkeeping `make check` (selftests/check) and `make matrix`
# (selftests/matrix) share: run each test, keep its log in $logdir, add up
# the results; check_summary prints the last line, "N passed, N failed[,
# N skipped]", and returns non-zero if anything failed.

passed=0
failed=0
skipped=0
failures=()

# count LOG NAME: adds up the TAP results in LOG
count()
{
	local log=$1 name=$2 p f s

	p=$(grep -Ec '^ok ' "$log" | tr -d ' ')
	s=$(grep -Ec '^ok .*# *SKIP' "$log" | tr -d ' ')
	f=$(grep -Ec '^not ok ' "$log" | tr -d ' ')
	passed=$((passed + p - s))
	skipped=$((skipped + s))
	failed=$((failed + f))
	while IFS= read -r line; do
		failures+=("$name: $line")
	done < <(grep -E '^not ok ' "$log")
}

# step NAME CMD...: a command that is one test, passing when it exits 0
step()
{
	local name=$1; shift
	local log="$logdir/$name.log"

	echo "# $name: $*"
	if "$@" >"$log" 2>&1; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		echo "not ok - $name (see $log)"
		tail -n 20 "$log" | sed 's/^/#   /'
		failed=$((failed + 1))
		failures+=("$name")
	fi
}

# tap NAME CMD...: a command printing TAP; a non-zero exit without a
# failed test line is a failure of its own (crash, timeout, kernel splat).
tap()
{
	local name=$1; shift
	local log="$logdir/$name.log"

	echo "# $name: $*"
	"$@" 2>&1 | tee "$log"
	tap_status "$name" "${PIPESTATUS[0]}"
}

# tap_quiet NAME CMD...: tap's command with its TAP kept in the log only,
# and its exit status beside it, for tests run in parallel; tap_shown NAME
# then shows that log and adds it up.
tap_quiet()
{
	local name=$1; shift

	"$@" >"$logdir/$name.log" 2>&1
	echo $? >"$logdir/$name.rc"
}

tap_shown()
{
	local name=$1

	echo "# $name:"
	cat "$logdir/$name.log"
	tap_status "$name" "$(cat "$logdir/$name.rc")"
}

# tap_status NAME RC: adds up NAME's log, and RC when no test line failed
tap_status()
{
	local name=$1 rc=$2 log="$logdir/$1.log"

	count "$log" "$name"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$log"; then
		echo "not ok - $name exited with status $rc"
		failed=$((failed + 1))
		failures+=("$name: exited with status $rc")
	fi
}

check_summary()
{
	echo "# took $(( $(date +%s) - start )) s"
	if [ ${#failures[@]} -gt 0 ]; then
		echo "# failed:"
		printf '#   %s\n' "${failures[@]}"
	fi
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
}
