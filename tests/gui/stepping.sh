#!/usr/bin/env bash
# Keyboard stepping through the real input path: stepping forward then back gives a state
# identical to never having moved; Home/End land on the first/last step.
source "$(dirname "$0")/common.bash" "$1"

dump() {   # dump NAME ARGS...
  local name=$1; shift
  if ! gui "$@" --dump-state "$TMP/$name.txt" 2>"$TMP/err"; then
    fail "$name: pollscope gui exited non-zero: $(cat "$TMP/err")"
  fi
}

same() {   # same A B WHAT (the state, not where the timeline happened to draw it)
  grep -v '^timeline ' "$TMP/$1.txt" >"$TMP/$1.state"
  grep -v '^timeline ' "$TMP/$2.txt" >"$TMP/$2.state"
  if cmp -s "$TMP/$1.state" "$TMP/$2.state"; then pass "$3"
  else fail "$3"; diff "$TMP/$1.state" "$TMP/$2.state" | head -20; fi
}

check_file() {   # check_file ARGS... (the document arguments)
  dump at5 "$@" --step 5
  dump fwd_back "$@" --step 5 --keys "Right,Right,Right,Left,Left,Left"
  same at5 fwd_back "three steps forward then three back returns to the identical state"
  dump polls_back "$@" --step 5 --keys "N,N,],N,P,Left,Left,Left,Left,Left,Left,Left,Left,Left,Left,Left,Left"
  dump direct "$@" --step "$(sed -n 's/^cursor step: //p' "$TMP/polls_back.txt")"
  same direct polls_back "jumping by polls and wakes then stepping back equals opening at that step"
  dump at8 "$@" --step 8
  dump right3 "$@" --step 5 --keys "Right,Right,Right"
  same at8 right3 "three Right presses from step 5 equal opening at step 8"
  dump start "$@"
  dump end_home "$@" --step 7 --keys "End,Home"
  same start end_home "End then Home returns to the start"
  grep -q '^cursor step: -1$' "$TMP/start.txt" && pass "the start is before the first event" \
    || fail "the start is not step -1: $(grep cursor "$TMP/start.txt")"
  dump end "$@" --keys "End"
  local events; events=$(sed -n 's/^events: //p' "$TMP/end.txt")
  grep -q "^cursor step: $((events - 1))\$" "$TMP/end.txt" && pass "End goes to the last step ($((events - 1)))" \
    || fail "End: $(grep cursor "$TMP/end.txt"), events $events"
  dump back_from_end "$@" --keys "End,Left"
  grep -q "^cursor step: $((events - 2))\$" "$TMP/back_from_end.txt" && pass "Left after End steps back once" \
    || fail "Left after End: $(grep cursor "$TMP/back_from_end.txt")"
}

# The mouse path: a click on a poll in the timeline moves the cursor to that poll's start.
# The dump says where the last frame drew each poll, so the click does not depend on fonts.
if [ -f scenarios/02-sleep.json ]; then
  dump layout scenarios/02-sleep.json --step 7
  at=$(sed -n 's/^timeline poll: task 0 poll #2 at //p' "$TMP/layout.txt")
  if [ -z "$at" ]; then
    fail "the dump does not say where poll #2 of task 0 is drawn: $(grep '^timeline' "$TMP/layout.txt")"
  else
    dump clicked scenarios/02-sleep.json --step 7 --mouse "$at,click"
    grep -q '^event: .*poll #2 of task 0 .* begins' "$TMP/clicked.txt" \
      && pass "clicking a poll bar at $at moves the cursor to its poll_begin ($(sed -n 's/^cursor step: //p' "$TMP/clicked.txt"))" \
      || fail "click on the timeline at $at: $(grep -E '^(cursor step|event):' "$TMP/clicked.txt")"
    dump hovered scenarios/02-sleep.json --step 7 --mouse "$at"
    grep -q '^cursor step: 7$' "$TMP/hovered.txt" && pass "hovering without a click leaves the cursor alone" \
      || fail "hover moved the cursor: $(grep cursor "$TMP/hovered.txt")"
  fi
fi

# A lesson with a few tasks and a hundred events if there is one, else the first lesson.
lesson=$(ls scenarios/07-*.json 2>/dev/null | head -1)
[ -n "$lesson" ] || lesson=$(lessons | head -1)
if [ -n "$lesson" ]; then
  echo "lesson: $lesson"
  check_file "$lesson"
else
  echo "(no lessons in scenarios/ yet: using the synthetic demo trace)"
  check_file --demo 300
fi
finish
