#!/usr/bin/env bash
# The lessons' Rust programs (scenarios/*.rs) run to their end, deterministically, and tell the
# lesson's story. For every program:
#   1. `pollscope run PROGRAM --trace A` twice, with byte-identical logs and traces (every
#      scenario runs twice with identical traces);
#   2. `pollscope run PROGRAM --format polls --max-events 1000` prints exactly
#      tests/golden/rust/<name>.txt (one line per task poll; 1000 events as the ops form of
#      lesson 12 has, so the busy loop stops there; every other lesson ends well before).
# A program without a golden fails; a golden without its program fails.
#
# Goldens are reviewed by reading them against the lesson; to update one on purpose:
#   build/pollscope run scenarios/NAME.rs --format polls --max-events 1000 >tests/golden/rust/NAME.txt
# Usage (from the repository root): bash tests/cli/golden_programs.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
golden_dir=tests/golden/rust
checked=0
shopt -s nullglob
programs=(scenarios/*.rs)
[ ${#programs[@]} -gt 0 ] || { echo "FAIL: no programs found in scenarios/ (run from the repository root)"; exit 1; }

for program in "${programs[@]}"; do
    name=$(basename "$program" .rs)
    checked=$((checked + 1))
    "$bin" run "$program" --trace "$tmp/a.json" >"$tmp/a.log" 2>"$tmp/a.err"
    rc_a=$?
    "$bin" run "$program" --trace "$tmp/b.json" >"$tmp/b.log" 2>"$tmp/b.err"
    rc_b=$?
    if [ "$rc_a" -ne 0 ]; then
        fail "pollscope run $program exited with $rc_a"
        sed 's/^/  stderr: /' "$tmp/a.err" | head -10
        continue
    fi
    if [ "$rc_a" -ne "$rc_b" ] || ! cmp -s "$tmp/a.json" "$tmp/b.json" || ! cmp -s "$tmp/a.log" "$tmp/b.log"; then
        fail "two runs of $program differ"
        diff -u --label "first run" --label "second run" "$tmp/a.log" "$tmp/b.log" | head -40
    fi
    golden="$golden_dir/$name.txt"
    "$bin" run "$program" --format polls --max-events 1000 >"$tmp/polls" 2>"$tmp/err"
    if [ ! -f "$golden" ]; then
        fail "$program has no golden poll summary ($golden)"
    elif ! cmp -s "$golden" "$tmp/polls"; then
        fail "$program differs from $golden:"
        diff -u --label "$golden" --label "pollscope run $program --format polls" "$golden" "$tmp/polls" | head -80
    fi
done
for golden in "$golden_dir"/*.txt; do
    [ -f "scenarios/$(basename "$golden" .txt).rs" ] ||
        fail "$golden has no program scenarios/$(basename "$golden" .txt).rs"
done

finish golden_programs "all $checked lesson programs run twice identically and match their golden poll summaries" \
    "$failures failure(s) in $checked program(s)"
