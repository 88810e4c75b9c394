#!/usr/bin/env bash
# Same scenario + same seed + same policy => byte-identical output. Runs every scenarios/*.json
# twice with its own seed and twice with --seed 7, and compares each pair byte for byte.
#
# Usage (from the repository root): bash tests/cli/determinism.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
runs=0
load_lessons

# twice LABEL ARGS...: runs pollscope twice with ARGS and compares stdout, stderr and status.
twice() {
    local label=$1
    shift
    "$bin" "$@" >"$tmp/a.out" 2>"$tmp/a.err"
    local rc_a=$?
    "$bin" "$@" >"$tmp/b.out" 2>"$tmp/b.err"
    local rc_b=$?
    runs=$((runs + 1))
    if [ "$rc_a" -ne 0 ]; then
        fail "$label: pollscope $* exited with $rc_a"
        return
    fi
    if [ "$rc_a" -ne "$rc_b" ] || ! cmp -s "$tmp/a.out" "$tmp/b.out" || ! cmp -s "$tmp/a.err" "$tmp/b.err"; then
        fail "$label: two runs of pollscope $* differ"
        diff -u --label "first run" --label "second run" "$tmp/a.out" "$tmp/b.out" | head -40
    fi
}

for scenario in "${lessons[@]}"; do
    twice "$scenario (its own seed)" run "$scenario"
    twice "$scenario (--seed 7)" run "$scenario" --seed 7
done

finish determinism "$runs pairs of runs over ${#lessons[@]} scenarios are byte-identical" \
    "$failures of $runs pairs of runs differ"
