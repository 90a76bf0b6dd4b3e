#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs nfprobe's KUnit suites inside the KUnit/debug kernel guest:
#   selftests/vm/run --kernel kunit -- selftests/kunit/run.sh
# Loading a test module succeeds even when its tests fail, so the KTAP it
# prints to the kernel log is parsed instead: each case becomes one flat TAP
# line "ok - SUITE.CASE" / "not ok - SUITE.CASE" for make check's count.
module=${NFPROBE_MODULE:?the runner exports NFPROBE_MODULE}
test_module=$(dirname "$module")/nfprobe_test.ko
ktap=$(mktemp)
trap 'rm -f "$ktap"' EXIT

[ -f "$test_module" ] || { echo "not ok - no test module at $test_module"; exit 1; }

before=$(dmesg | wc -l)
insmod "$test_module" || { echo "not ok - insmod nfprobe_test.ko failed"; exit 1; }
dmesg | tail -n +"$((before + 1))" | sed -E 's/^\[[^]]*\] ?//' >"$ktap"
rmmod nfprobe_test

python3 - "$ktap" <<'PY'
import re, sys

suite, cases, failed = None, 0, 0
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    m = re.match(r"^\s+# Subtest: (\S+)", line)
    if m:
        suite = m.group(1)
        continue
    # A case sits one level below its suite: indented result lines.
    m = re.match(r"^\s+(not ok|ok) \d+ (\S+)(.*)$", line)
    if m and suite:
        status, case, rest = m.groups()
        skip = "# SKIP" in rest
        print("%s - %s.%s%s" % (status, suite, case, " # SKIP" if skip else ""))
        cases += 1
        failed += status == "not ok"
if not cases:
    print("not ok - the test module printed no KTAP results")
    sys.exit(1)
sys.exit(1 if failed else 0)
PY
