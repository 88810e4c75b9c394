#!/usr/bin/env bash
# Every key press counts: real X key events (xdotool, as fast as it can send them, each a
# press and its release back to back) to a live window, read back with --dump-state-on-exit
# after Ctrl+Q. Quick taps, as presenter clickers and remote desktops send them, must each
# move the cursor once. The keyboard's other shortcuts are checked headless (--keys).
source "$(dirname "$0")/common.bash" "$1"
command -v xdotool >/dev/null || { echo "xdotool is missing (apt-get install xdotool; make deps-test)"; exit 1; }
export XDG_CONFIG_HOME="$TMP/config"   # the live window saves settings: not into the user's

LESSON=scenarios/05-select-timeout.json

# live NAME KEYS...: opens the window at step 0, sends the keys, quits with Ctrl+Q.
live() {
  local name=$1; shift
  rm -f "$TMP/$name.txt"
  "$PS_BIN" gui "$LESSON" --step 0 --size 1024x768 --dump-state-on-exit "$TMP/$name.txt" 2>"$TMP/$name.err" &
  local pid=$!
  local wid
  wid=$(timeout 20 xdotool search --sync --onlyvisible --name '^pollscope$' | head -1)
  if [ -z "$wid" ]; then fail "$name: the window did not appear"; kill "$pid"; return; fi
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  sleep 0.5                                  # the first frames
  xdotool key --clearmodifiers --delay "${KEY_DELAY_MS:-12}" "$@"
  sleep 0.3
  xdotool key ctrl+q
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then fail "$name: Ctrl+Q did not close the window"; kill "$pid"; fi
  wait "$pid" || fail "$name: exit status $? ($(cat "$TMP/$name.err"))"
  [ -s "$TMP/$name.txt" ] || fail "$name: no state written on exit"
}

step_of() { sed -n 's/^cursor step: //p' "$TMP/$1.txt"; }

rights=(); for _ in $(seq 30); do rights+=(Right); done
live taps30 "${rights[@]}"
[ "$(step_of taps30)" = 30 ] && pass "30 quick Right taps move the cursor 30 steps (0 -> 30)" \
  || fail "30 quick Right taps: cursor at $(step_of taps30), expected 30"

lefts=(); for _ in $(seq 12); do lefts+=(Left); done
live back12 "${rights[@]}" "${lefts[@]}"
[ "$(step_of back12)" = 18 ] && pass "30 Right then 12 Left taps land on step 18" \
  || fail "30 Right then 12 Left: cursor at $(step_of back12), expected 18"

# PgDn/PgUp (what presenter clickers send): the live window agrees with the headless hook,
# and each lands on a note.
live clicker Next Next Next Prior
dump() { local name=$1; shift; gui "$LESSON" --dump-state "$TMP/$name.txt" "$@" 2>"$TMP/err" || fail "$name: $(cat "$TMP/err")"; }
dump hl_clicker --step 0 --keys "PageDown,PageDown,PageDown,PageUp"
[ -n "$(step_of clicker)" ] && [ "$(step_of clicker)" = "$(step_of hl_clicker)" ] \
  && pass "PgDn x3, PgUp live equals the same keys headless (step $(step_of clicker))" \
  || fail "PgDn/PgUp live $(step_of clicker) vs headless $(step_of hl_clicker)"
grep -q "^note: step $(step_of clicker)\$" "$TMP/clicker.txt" && pass "PgDn/PgUp land on a note" \
  || fail "PgDn/PgUp: cursor $(step_of clicker) is not on a note ($(grep '^note' "$TMP/clicker.txt"))"

# The other keys, headless: next/previous wake, next diagnostic, zoom and pan.
dump wake --keys "],],],["
grep -q '^event: .*wake' "$TMP/wake.txt" && pass "] ] ] [ lands on a wake ($(step_of wake))" \
  || fail "] ] ] [: $(grep '^event' "$TMP/wake.txt")"
dump wake2 --keys "],]"
[ "$(step_of wake)" = "$(step_of wake2)" ] && pass "[ goes back to the previous wake" \
  || fail "[ after three ]: $(step_of wake), two ]: $(step_of wake2)"
range() { sed -n 's/^timeline range: //p' "$TMP/$1.txt"; }
width() { range "$1" | awk '{print $3 - $1}'; }
dump z0 --step 10; dump zin --step 10 --keys "W,W"; dump zout --step 10 --keys "W,W,S"
awk -v a="$(width z0)" -v b="$(width zin)" -v c="$(width zout)" 'BEGIN{exit !(b < a && c > b)}' \
  && pass "W zooms in, S zooms out (widths $(width z0), $(width zin), $(width zout))" \
  || fail "zoom keys: widths $(width z0), $(width zin), $(width zout)"
dump pr --step 10 --keys "W,W,W,D"; dump pl --step 10 --keys "W,W,W,D,A"; dump p0 --step 10 --keys "W,W,W"
awk -v a="$(range p0 | cut -d' ' -f1)" -v r="$(range pr | cut -d' ' -f1)" -v l="$(range pl | cut -d' ' -f1)" \
  'BEGIN{exit !(r > a && l < r)}' && pass "D pans right, A pans left" \
  || fail "pan keys: $(range p0) / D: $(range pr) / D,A: $(range pl)"
dump f5 --keys "F5"; dump f5twice --keys "F5,F5"; dump f5esc --keys "F5,Escape"; dump presenting --present
grep -q '^view: .*presenting' "$TMP/f5.txt" && grep -q '^view: .*presenting' "$TMP/presenting.txt" \
  && pass "F5 (like --present) turns presentation mode on" || fail "F5: $(grep '^view' "$TMP/f5.txt")"
! grep -q 'presenting' "$TMP/f5twice.txt" && ! grep -q 'presenting' "$TMP/f5esc.txt" \
  && pass "F5 again, or Escape, leaves presentation mode" || fail "F5 twice / F5,Escape still presenting"
dump hkey --keys "H"; dump hopt --hide-future; dump hboth --hide-future --keys "H"
grep -q 'hiding the future' "$TMP/hkey.txt" && grep -q 'hiding the future' "$TMP/hopt.txt" \
  && ! grep -q 'hiding the future' "$TMP/hboth.txt" \
  && pass "H (like --hide-future) hides the future, H again shows it" \
  || fail "H: $(grep '^view' "$TMP/hkey.txt") / $(grep '^view' "$TMP/hboth.txt")"
# The help names the timeline's real default axis (steps), which --dump-state confirms.
"$PS_BIN" gui --help | grep -q -- '--axis steps|time .*one step per event (default)' \
  && grep -q 'step axis' "$TMP/z0.txt" && pass "--help names steps as the default axis, as the window starts" \
  || fail "--axis help: $("$PS_BIN" gui --help | grep -- --axis)"
diags=scenarios/11-lost-wakeup.json
if [ -f "$diags" ]; then
  gui "$diags" --dump-state "$TMP/diag.txt" --keys "E" 2>"$TMP/err" || fail "E: $(cat "$TMP/err")"
  grep -q '^diagnostics so far: 1$' "$TMP/diag.txt" && pass "E goes to the first diagnostic's step" \
    || fail "E: $(grep -E '^(cursor step|diagnostics so far)' "$TMP/diag.txt")"
fi
finish
