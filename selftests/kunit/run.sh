#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs nfprobe's KUnit suites inside the KUnit/debug kernel guest:
#   selftests/vm/run --kernel kunit -- selftests/kunit/run.sh
# Loading a test module succeeds even when its tests fail, so the KTAP it
# prints to the kernel log is parsed instead, by the kernel's own parser
# (tools/testing/kunit/kunit.py parse, from the tree the kernel was built
# from); its summary is shown as TAP comments and each case becomes one
# flat TAP line "ok - SUITE.CASE" / "not ok - SUITE.CASE" for make check.
module=${NFPROBE_MODULE:?the runner exports NFPROBE_MODULE}
test_module=$(dirname "$module")/nfprobe_test.ko
cache=${NFPROBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nfprobe}
kunit_py=$(cat "$cache/kunit/srcdir" 2>/dev/null)/tools/testing/kunit/kunit.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -f "$test_module" ] || { echo "not ok - no test module at $test_module"; exit 1; }
[ -f "$kunit_py" ] || { echo "not ok - no kunit.py at $kunit_py"; exit 1; }

before=$(dmesg | wc -l)
insmod "$test_module" || { echo "not ok - insmod nfprobe_test.ko failed"; exit 1; }
dmesg | tail -n +"$((before + 1))" | sed -E 's/^\[[^]]*\] ?//' >"$tmp/ktap"
rmmod nfprobe_test

python3 "$kunit_py" parse --json="$tmp/json" "$tmp/ktap" 2>&1 | sed 's/^/# /'
parse_rc=${PIPESTATUS[0]}

python3 - "$tmp/json" "$parse_rc" <<'PY'
import json, sys

try:
    result = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("not ok - kunit.py parse gave no results (%s)" % e)
    sys.exit(1)

cases = failed = 0
def walk(group, prefix):
    global cases, failed
    for case in group.get("test_cases", []):
        status = case["status"]
        name = prefix + case["name"]
        if status == "PASS":
            print("ok - " + name)
        elif status == "SKIP":
            print("ok - %s # SKIP" % name)
        else:
            print("not ok - %s (%s)" % (name, status))
            failed += 1
        cases += 1
    for sub in group.get("sub_groups", []):
        walk(sub, prefix + sub["name"] + ".")

walk(result, "")
if not cases:
    print("not ok - the test module printed no KTAP results")
    sys.exit(1)
sys.exit(1 if failed or sys.argv[2] != "0" else 0)
PY
