#!/usr/bin/env bash
# Golden traces of the lessons: for every scenarios/*.json, `pollscope run` must print exactly
# tests/golden/<name>.txt (narrated log, per-task summary, diagnostics, end line).
# A mismatch prints a unified diff and fails; a lesson without a golden fails; a golden whose
# lesson is gone fails too.
#
# Goldens are reviewed by reading them against the lesson's text and notes, never regenerated
# blindly. To update one on purpose after an engine change: bash tests/golden/update.sh NAME...
#
# Usage (from the repository root): bash tests/cli/golden_lessons.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
golden_dir=tests/golden
checked=0
load_lessons

for scenario in "${lessons[@]}"; do
    name=$(basename "$scenario" .json)
    golden="$golden_dir/$name.txt"
    checked=$((checked + 1))
    if [ ! -f "$golden" ]; then
        fail "$scenario has no golden trace ($golden)"
        continue
    fi
    "$bin" run "$scenario" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "pollscope run $scenario exited with $rc"
        sed 's/^/  stderr: /' "$tmp/err" | head -20
        continue
    fi
    if [ -s "$tmp/err" ]; then
        fail "pollscope run $scenario wrote to stderr"
        sed 's/^/  stderr: /' "$tmp/err" | head -20
    fi
    if ! cmp -s "$golden" "$tmp/out"; then
        fail "$scenario differs from $golden:"
        diff -u --label "$golden" --label "pollscope run $scenario" "$golden" "$tmp/out" | head -200
    fi
done
every_golden_has_its_lesson "$golden_dir"

finish golden_lessons "all $checked lessons match their golden traces" "$failures failure(s) in $checked lesson(s)"
