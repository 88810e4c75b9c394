#!/usr/bin/env bash
# A bad file never replaces the scenario on screen: the loader's exact error text is shown
# (and dumped) while the previous document stays loaded. Invalid input on the command line
# exits 2 with the same text; no display exits 1 with a clear message; a --dump-state that
# cannot be written exits 1 and names the path.
source "$(dirname "$0")/common.bash" "$1"

bad="$TMP/bad.json"
printf '{ "title": "broken", "tasks": [ { "name": 12 ' >"$bad"
expected=$("$PS_BIN" gui "$bad" 2>&1 >/dev/null); rc=$?
[ "$rc" = 2 ] && pass "invalid scenario on the command line exits 2" || fail "invalid scenario exit code $rc"
[ -n "$expected" ] && pass "it prints the loader's error: $expected" || fail "no error text printed"

lesson=$(lessons | head -1)
if [ -n "$lesson" ]; then good=("$lesson"); else good=(--demo 300); fi
gui "${good[@]}" --step 3 --open-after "$bad" --dump-state "$TMP/after.txt" --screenshot "$TMP/after.png" \
  || fail "gui with --open-after exited non-zero"
before_doc=$(gui "${good[@]}" --step 3 --dump-state "$TMP/before.txt" && sed -n 's/^document: //p' "$TMP/before.txt")
after_doc=$(sed -n 's/^document: //p' "$TMP/after.txt")
[ -n "$after_doc" ] && [ "$after_doc" = "$before_doc" ] && pass "the previous document stays loaded ($after_doc)" \
  || fail "document after the bad open: '$after_doc' (before: '$before_doc')"
grep -q '^cursor step: 3$' "$TMP/after.txt" && pass "the cursor stays where it was" \
  || fail "cursor moved: $(grep cursor "$TMP/after.txt")"
err_line=$(sed -n 's/^last error: //p' "$TMP/after.txt")
first_expected=$(printf '%s\n' "$expected" | head -1)
[ "$err_line" = "$first_expected" ] && pass "the GUI shows the loader's exact text" \
  || fail "error text differs: GUI '$err_line' vs command line '$first_expected'"
python3 "$HERE/png_check.py" "$TMP/after.png" >/dev/null && pass "the error modal renders" \
  || fail "screenshot with the error modal is blank"

missing="$TMP/no-such-dir/state.txt"
out=$(gui "${good[@]}" --dump-state "$missing" 2>&1); rc=$?
[ "$rc" = 1 ] && pass "a dump into a missing directory exits 1" || fail "dump into a missing directory: exit code $rc"
case "$out" in *"cannot write \"$missing\": No such file or directory"*) pass "it says which file it could not write" ;;
  *) fail "dump write error message: '$out'" ;; esac

out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$PS_BIN" gui "${good[@]}" --screenshot "$TMP/x.png" 2>&1); rc=$?
[ "$rc" = 1 ] && pass "no display exits 1" || fail "no display: exit code $rc"
case "$out" in *"no display: run under xvfb-run -a"*) pass "no display says how to fix it" ;;
  *) fail "no display message: $out" ;; esac
[ -e "$TMP/x.png" ] && fail "a PNG was written without a display"
finish
