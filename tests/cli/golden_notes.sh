#!/usr/bin/env bash
# Where the lesson notes land. `pollscope run` does not print notes, so the golden traces do
# not show them; this test does. For every scenarios/*.json it
#   1. fails if a note in the scenario did not resolve to a step (its "when" matched nothing),
#   2. renders each resolved note with the narrated event it is pinned to, and compares that
#      with tests/golden/notes/<name>.txt (unified diff on mismatch; a missing golden fails).
# The notes come from the trace that `pollscope run --trace` writes (pollscope-trace/1).
# Needs python3 (Debian: python3, already pulled in by python3-glad) to read the JSON.
#
# To update after a reviewed change: bash tests/golden/update.sh NAME...
# Usage (from the repository root): bash tests/cli/golden_notes.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
golden_dir=tests/golden/notes
checked=0

# Prefer the system python: version-manager shims cost half a second per start.
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
command -v "$python" >/dev/null || { echo "FAIL: python3 is needed to read the trace JSON"; exit 1; }

load_lessons

for scenario in "${lessons[@]}"; do
    name=$(basename "$scenario" .json)
    checked=$((checked + 1))
    if ! "$bin" run "$scenario" --trace "$tmp/trace.json" >"$tmp/log" 2>"$tmp/err"; then
        fail "pollscope run $scenario --trace exited with an error"
        sed 's/^/  stderr: /' "$tmp/err" | head -10
        continue
    fi
    if ! "$python" tests/golden/render_notes.py "$scenario" "$tmp/trace.json" "$tmp/log" >"$tmp/notes" 2>"$tmp/err"; then
        fail "$scenario has notes that did not resolve to a step"
        sed 's/^/  /' "$tmp/err" | head -10
    fi
    golden="$golden_dir/$name.txt"
    if [ ! -f "$golden" ]; then
        fail "$scenario has no golden note placement ($golden)"
    elif ! cmp -s "$golden" "$tmp/notes"; then
        fail "the notes of $scenario moved; differences from $golden:"
        diff -u --label "$golden" --label "notes of $scenario" "$golden" "$tmp/notes" | head -80
    fi
done
every_golden_has_its_lesson "$golden_dir"

finish golden_notes "the notes of all $checked lessons resolve and sit where they were reviewed" \
    "$failures failure(s) in $checked lesson(s)"
