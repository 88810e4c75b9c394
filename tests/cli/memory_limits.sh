#!/usr/bin/env bash
# Runs stay bounded: the live-task limit stops a run that spawns without end, with a
# diagnostic; running out of memory ends with a message and exit status 1, not an abort.
#
# Usage (from the repository root): bash tests/cli/memory_limits.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"

# tree MAX_EVENTS MAX_LIVE_TASKS: a scenario whose tasks spawn two more each.
tree() {
    cat <<JSON
{"format": "pollscope-scenario/1", "title": "spawn tree",
 "runtime": {"max_events": $1, "max_live_tasks": $2},
 "tasks": [
  {"name": "main", "body": [{"spawn": "node"}]},
  {"name": "node", "start": false, "body": [{"spawn": "node"}, {"spawn": "node"}]}
 ]}
JSON
}

# A spawn tree stops at the live-task limit, with a diagnostic naming the setting.
tree 100000 50 >"$tmp/tree50.json"
"$bin" run "$tmp/tree50.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || fail "spawn tree with max_live_tasks 50: exit status $rc, expected 0"
grep -qF "[event_limit] more than 50 tasks were alive at once and the run was stopped (max_live_tasks)" "$tmp/out" ||
    fail "spawn tree with max_live_tasks 50: no live-task diagnostic in the summary"
grep -qF "stopped at the live-task limit (50 tasks)" "$tmp/out" ||
    fail "spawn tree with max_live_tasks 50: the run did not end at the live-task limit"

# The setting is checked like the others.
tree 1000 0 >"$tmp/tree0.json"
"$bin" check "$tmp/tree0.json" >"$tmp/out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "max_live_tasks 0: check exit status $rc, expected 2"
grep -qF "/runtime/max_live_tasks" "$tmp/out" || fail "max_live_tasks 0: the error does not point at the setting"

# Out of memory: a run that needs more than `ulimit -v` allows. The cap is set above what a
# small run needs (checked first, so a build that reserves much address space skips).
cap_kb=400000
tree 10000000 1000000 >"$tmp/big.json"
if (ulimit -v "$cap_kb" && "$bin" run --quiet scenarios/01-ready.json >/dev/null 2>&1); then
    (ulimit -v "$cap_kb" && exec "$bin" run --quiet "$tmp/big.json") >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] || fail "out of memory: exit status $rc, expected 1"
    grep -qF "pollscope: out of memory:" "$tmp/err" || fail "out of memory: no message; stderr: $(head -c 300 "$tmp/err")"
else
    echo "SKIP: out-of-memory check (this build needs more than ${cap_kb} kB of address space)"
fi

finish memory_limits PASSED FAILED
