#!/usr/bin/env bash
# Golden traces of the lessons: for every scenarios/*.json, `pollscope run` must print exactly
# tests/golden/<name>.txt (narrated log, per-task summary, diagnostics, end line).
# A mismatch prints a unified diff and fails; a lesson without a golden fails; a golden whose
# lesson is gone fails too. The same lessons under the async-std policy must print exactly
# tests/golden/async-std/<name>.txt (`--policy async-std --format polls`; to update one, run
# that command into it and read the change against the rules).
#
# Goldens are reviewed by reading them against the lesson's text and notes, never regenerated
# blindly. To update one on purpose after an engine change: bash tests/golden/update.sh NAME...
#
# Usage (from the repository root): bash tests/cli/golden_lessons.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
checked=0
load_lessons

# check_goldens DIR ARGS...: for every lesson, `pollscope run LESSON ARGS...` must print exactly
# DIR/<name>.txt.
check_goldens() {
    local golden_dir=$1 scenario name golden rc
    shift
    for scenario in "${lessons[@]}"; do
        name=$(basename "$scenario" .json)
        golden="$golden_dir/$name.txt"
        checked=$((checked + 1))
        if [ ! -f "$golden" ]; then
            fail "$scenario has no golden trace ($golden)"
            continue
        fi
        "$bin" run "$scenario" "$@" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        if [ "$rc" -ne 0 ]; then
            fail "pollscope run $scenario $* exited with $rc"
            sed 's/^/  stderr: /' "$tmp/err" | head -20
            continue
        fi
        if [ -s "$tmp/err" ]; then
            fail "pollscope run $scenario $* wrote to stderr"
            sed 's/^/  stderr: /' "$tmp/err" | head -20
        fi
        if ! cmp -s "$golden" "$tmp/out"; then
            fail "$scenario $* differs from $golden:"
            diff -u --label "$golden" --label "pollscope run $scenario $*" "$golden" "$tmp/out" | head -200
        fi
    done
    every_golden_has_its_lesson "$golden_dir"
}

check_goldens tests/golden
# The lessons are written for their own policy; these pin what async-std's rules (A1-A7 in
# engine/model/policies.cpp) make of each one, one line per task poll.
check_goldens tests/golden/async-std --policy async-std --format polls

finish golden_lessons "all $checked lesson runs match their golden traces" "$failures failure(s) in $checked lesson run(s)"
