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

# step_took NAME BEGIN [END]: how long NAME took and when it was done,
# counted from the run's $start: what a cold run's length is made of
step_took()
{
	local end=${3:-$(date +%s)}

	echo "# $1 took $((end - $2)) s, done at $((end - start)) s"
}

# step NAME CMD...: a command that is one test, passing when it exits 0
step()
{
	local name=$1; shift
	local log="$logdir/$name.log" begin rc

	echo "# $name: $*"
	begin=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	step_took "$name" "$begin"
	step_status "$name" $rc
}

# step_status NAME RC: counts a step by its exit status
step_status()
{
	local name=$1 log="$logdir/$1.log"

	if [ "$2" -eq 0 ]; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		echo "not ok - $name (see $log)"
		tail -n 20 "$log" | sed 's/^/#   /'
		failed=$((failed + 1))
		failures+=("$name")
	fi
}

# step_bg NAME CMD...: step's command, started in the background;
# step_wait NAME waits for it and counts it as step would have.
step_bg()
{
	local name=$1; shift

	echo "# $name (in the background): $*"
	start_logged "$name" "$@"
}

step_wait()
{
	wait_logged "$1"
	step_took "$1" $(cat "$logdir/$1.time")
	step_status "$1" "$(cat "$logdir/$1.rc")"
}

# tap NAME CMD...: a command printing TAP; a non-zero exit without a
# failed test line is a failure of its own (crash, timeout, kernel splat).
tap()
{
	local name=$1; shift
	local log="$logdir/$name.log" begin rc

	echo "# $name: $*"
	begin=$(date +%s)
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	step_took "$name" "$begin"
	tap_status "$name" "$rc"
}

# run_logged NAME CMD...: CMD with its output in NAME's log only and its
# exit status beside it (NAME.rc), for what runs in the background.
run_logged()
{
	local name=$1; shift
	local begin rc

	begin=$(date +%s)
	"$@" >"$logdir/$name.log" 2>&1
	rc=$?
	echo "$begin $(date +%s)" >"$logdir/$name.time"
	echo $rc >"$logdir/$name.rc"
}

# start_logged NAME CMD...: run_logged in the background, its earlier
# status gone first so that wait_logged cannot take it for this one's
start_logged()
{
	rm -f "$logdir/$1.rc"
	run_logged "$@" &
}

# wait_logged NAME: until run_logged NAME is done
wait_logged()
{
	while [ ! -s "$logdir/$1.rc" ]; do
		sleep 2
	done
}

# tap_shown NAME: shows the TAP run_logged kept for NAME and adds it up.
tap_shown()
{
	local name=$1

	echo "# $name:"
	cat "$logdir/$name.log"
	step_took "$name" $(cat "$logdir/$name.time")
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
