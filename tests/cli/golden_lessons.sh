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
set -u
bin=${1:?usage: golden_lessons.sh PATH_TO_pollscope}
golden_dir=tests/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checked=0

shopt -s nullglob
lessons=(scenarios/*.json)
if [ ${#lessons[@]} -eq 0 ]; then
    echo "FAIL: no lessons found in scenarios/ (run from the repository root)"
    exit 1
fi

for scenario in "${lessons[@]}"; do
    name=$(basename "$scenario" .json)
    golden="$golden_dir/$name.txt"
    checked=$((checked + 1))
    if [ ! -f "$golden" ]; then
        echo "FAIL: $scenario has no golden trace ($golden)"
        failures=$((failures + 1))
        continue
    fi
    "$bin" run "$scenario" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "FAIL: pollscope run $scenario exited with $rc"
        sed 's/^/  stderr: /' "$tmp/err" | head -20
        failures=$((failures + 1))
        continue
    fi
    if [ -s "$tmp/err" ]; then
        echo "FAIL: pollscope run $scenario wrote to stderr"
        sed 's/^/  stderr: /' "$tmp/err" | head -20
        failures=$((failures + 1))
    fi
    if ! cmp -s "$golden" "$tmp/out"; then
        echo "FAIL: $scenario differs from $golden:"
        diff -u --label "$golden" --label "pollscope run $scenario" "$golden" "$tmp/out" | head -200
        failures=$((failures + 1))
    fi
done

for golden in "$golden_dir"/*.txt; do
    name=$(basename "$golden" .txt)
    if [ ! -f "scenarios/$name.json" ]; then
        echo "FAIL: $golden has no lesson scenarios/$name.json (remove the golden with its lesson)"
        failures=$((failures + 1))
    fi
done

if [ "$failures" -ne 0 ]; then
    echo "golden_lessons: $failures failure(s) in $checked lesson(s)"
    exit 1
fi
echo "golden_lessons: all $checked lessons match their golden traces"
