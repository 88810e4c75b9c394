#!/usr/bin/env bash
# Run > Policy and Run > Compare with (through --policy / --compare), and the File > Export
# dialog opening with Ctrl+E: the window renders and the state says what is shown.
source "$(dirname "$0")/common.bash" "$1"

lesson=scenarios/20-tokio-deferred-yield.json
if gui "$lesson" --policy fifo --dump-state "$TMP/fifo.txt" 2>"$TMP/err"; then
  grep -q '^policy: fifo$' "$TMP/fifo.txt" && pass "--policy re-runs the lesson under fifo" \
    || fail "--policy fifo: $(grep policy "$TMP/fifo.txt")"
else
  fail "--policy fifo exited non-zero: $(cat "$TMP/err")"
fi

if gui "$lesson" --compare fifo --step 24 --dump-state "$TMP/cmp.txt" --screenshot "$TMP/cmp.png" 2>"$TMP/err"; then
  grep -q '^policy: tokio-current-thread$' "$TMP/cmp.txt" && pass "the lesson's own policy stays the main run" \
    || fail "main run policy: $(grep policy "$TMP/cmp.txt")"
  grep -q '^compare: fifo, first divergence at task poll 3 (-1 = none)$' "$TMP/cmp.txt" \
    && pass "the comparison finds where tokio and fifo diverge" || fail "compare line: $(grep compare "$TMP/cmp.txt")"
  [ -s "$TMP/cmp.png" ] && pass "the comparison renders" || fail "no screenshot of the comparison"
else
  fail "--compare fifo exited non-zero: $(cat "$TMP/err")"
fi

if gui "$lesson" --compare nope 2>"$TMP/err"; then
  fail "an unknown policy was accepted"
else
  grep -q "unknown policy 'nope'" "$TMP/err" && pass "an unknown policy is refused with its name" \
    || fail "unexpected error: $(cat "$TMP/err")"
fi

if gui scenarios/08-channel-backpressure.json --step 30 --keys "Ctrl+E" --screenshot "$TMP/export.png" 2>"$TMP/err"; then
  [ -s "$TMP/export.png" ] && pass "Ctrl+E opens the export dialog and the window still renders" \
    || fail "no screenshot with the export dialog"
else
  fail "Ctrl+E run exited non-zero: $(cat "$TMP/err")"
fi
finish
