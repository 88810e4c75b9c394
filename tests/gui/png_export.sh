#!/usr/bin/env bash
# File > Export > PNG of the window, clicked in a live window (xdotool): the picture is of the
# window, not of the export dialog (it used to contain the dialog), and nothing is left behind.
# Positions come from the dump of the dialog (no guessed pixels).
source "$(dirname "$0")/common.bash" "$1"
command -v xdotool >/dev/null || { echo "xdotool is missing (apt-get install xdotool; make deps-test)"; exit 1; }
export XDG_CONFIG_HOME="$TMP/config"
LESSON=$PWD/scenarios/05-select-timeout.json
cd "$TMP" || exit 1   # the export's default path is out/NAME.png under the working directory

# live NAME CLICKS...: opens the export dialog (Ctrl+E), clicks at each X,Y, quits with Ctrl+Q.
live() {
  local name=$1; shift
  "$PS_BIN" gui "$LESSON" --step 29 --size 1280x720 --dump-state-on-exit "$TMP/$name.txt" 2>"$TMP/$name.err" &
  local pid=$! wid
  wid=$(timeout 20 xdotool search --sync --onlyvisible --name '^pollscope$' | head -1)
  [ -n "$wid" ] || { fail "$name: no window"; kill "$pid"; return; }
  xdotool windowfocus --sync "$wid" 2>/dev/null; sleep 0.5
  xdotool key ctrl+e; sleep 0.5
  for at in "$@"; do xdotool mousemove --window "$wid" "${at%,*}" "${at#*,}" click 1; sleep 0.7; done
  xdotool key ctrl+q; wait "$pid" || fail "$name: exit status $?"
}
where() { sed -n "s/^export dialog: Export button at \([0-9]*,[0-9]*\), PNG choice at \([0-9]*,[0-9]*\)$/\\$2/p" "$TMP/$1.txt"; }

live dialog
png=$(where dialog 2)
[ -n "$png" ] || { fail "the dump does not say where the dialog is: $(grep export "$TMP/dialog.txt")"; finish; }
live chosen "$png"
button=$(where chosen 1)
live exported "$png" "$button"
out=out/05-select-timeout.png
if [ ! -s "$out" ]; then fail "no PNG written at $out (Export at $button)"; finish; fi
pass "clicking PNG ($png) then Export ($button) writes $out"
ls out | grep -q '\.tmp' && fail "a temporary file was left in out/"
grep -q "^status: wrote $out\$" "$TMP/exported.txt" && pass "the status line then says 'wrote $out' (not 'writing')" \
  || fail "status after the export: $(grep '^status' "$TMP/exported.txt")"
gui "$LESSON" --step 29 --size 1280x720 --screenshot "$TMP/plain.png" || fail "plain screenshot"
gui "$LESSON" --step 29 --size 1280x720 --keys "Ctrl+E" --screenshot "$TMP/with_dialog.png" || fail "dialog screenshot"
differ() {   # differ A B: how many pixels differ
  python3 - "$1" "$2" "$HERE" <<'PY'
import sys
sys.path.insert(0, sys.argv[3])
from png_check import read_png
a, b = read_png(sys.argv[1]), read_png(sys.argv[2])
if a[:3] != b[:3]:
    print(10**9)
else:
    n = a[2]
    print(sum(1 for ra, rb in zip(a[3], b[3]) for x in range(0, len(ra), n) if ra[x:x + n] != rb[x:x + n]))
PY
}
plain=$(differ "$out" "$TMP/plain.png"); dialog=$(differ "$out" "$TMP/with_dialog.png")
[ "$plain" -lt 20000 ] && [ "$dialog" -gt "$plain" ] \
  && pass "the exported picture is the window without the dialog ($plain pixels differ from a plain screenshot, $dialog from one with the dialog)" \
  || fail "the exported picture: $plain pixels differ from the plain window, $dialog from the window with the dialog"
finish
