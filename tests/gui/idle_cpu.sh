#!/usr/bin/env bash
# A live window that shows a scenario and does nothing draws nothing: it uses (almost) no CPU.
# (It used to redraw four times a second: about 5% of a core under Xvfb.) Playing wakes only
# for each play tick; its figure is printed, not checked (it depends on the machine).
source "$(dirname "$0")/common.bash" "$1"
command -v xdotool >/dev/null || { echo "xdotool is missing (apt-get install xdotool; make deps-test)"; exit 1; }
export XDG_CONFIG_HOME="$TMP/config"

"$PS_BIN" gui scenarios/07-echo-server.json --size 1280x720 2>"$TMP/err" &   # not the gui function: $! must be pollscope
pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name '^pollscope$' | head -1)
[ -n "$wid" ] || { fail "the window did not appear"; kill "$pid"; finish; }
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
percent() { awk -v d="$1" -v hz="$hz" -v s="$2" 'BEGIN{printf "%.1f", 100 * d / hz / s}'; }
a=$(ticks); sleep 6; b=$(ticks)
idle=$(percent $((b - a)) 6)
awk -v p="$idle" 'BEGIN{exit !(p < 2.0)}' && pass "an idle window uses $idle% of a core (under 2%)" \
  || fail "an idle window uses $idle% of a core (expected under 2%)"
xdotool windowfocus --sync "$wid" 2>/dev/null; xdotool key space; sleep 1
a=$(ticks); sleep 4; b=$(ticks)
echo "playing at 4 events/s: $(percent $((b - a)) 4)% of a core"
kill "$pid"; wait "$pid" 2>/dev/null
finish
