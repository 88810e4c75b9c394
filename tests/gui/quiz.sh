#!/usr/bin/env bash
# Quiz mode: the question before a poll and the end summary render at 1600x900 and at
# 1024x768 with larger text; keys answer (1-9 pick the task, P / R answer) and the score is in
# --dump-state; N at the end of a lesson opens the next one.
source "$(dirname "$0")/common.bash" "$1"
lesson=scenarios/03-two-tasks.json

shot() {   # shot NAME W H ARGS...
  local name=$1 w=$2 h=$3; shift 3
  local out="$TMP/$name.png"
  if ! gui "$@" --size "${w}x${h}" --screenshot "$out" 2>"$TMP/err"; then
    fail "$name: pollscope gui exited non-zero: $(cat "$TMP/err")"; return
  fi
  if python3 "$HERE/png_check.py" "$out" "$w" "$h" >"$TMP/check"; then
    pass "$name ($(cat "$TMP/check"))"
  else
    fail "$name: $(cat "$TMP/check")"
  fi
}

dump() {   # dump ARGS...: the state after the keys, in $TMP/state.txt
  gui "$lesson" --quiz "$@" --dump-state "$TMP/state.txt" 2>"$TMP/err" || fail "dump $*: $(cat "$TMP/err")"
}

# Stepping to the end stops before the first poll, which is asked.
dump --keys End
grep -q "quiz: 0 of 0 polls right (0 of 0 points), asking which task is polled next" "$TMP/state.txt" \
  && pass "End stops at the first question" || fail "End did not stop at a question: $(grep -E '^(quiz|step)' "$TMP/state.txt")"

# The first question: task 1 (main, the only live task) and Ready or Pending; one of them is right.
dump --keys End,1,P,End,1,R
grep -Eq "quiz: [0-9] of 2 polls right \(([1-4]) of 4 points\)" "$TMP/state.txt" \
  && pass "two answers scored: $(grep '^quiz' "$TMP/state.txt")" || fail "answers not scored: $(grep '^quiz' "$TMP/state.txt")"

# N at the end of a lesson (quiz off) opens the next lesson.
gui "$lesson" --step 100000000 --keys N --dump-state "$TMP/next.txt" 2>"$TMP/err" || fail "N: $(cat "$TMP/err")"
grep -q "04-join.json" "$TMP/next.txt" && pass "N at the end opens 04-join.json" \
  || fail "N did not open the next lesson: $(head -3 "$TMP/next.txt")"

shot quiz-question-1600x900 1600 900 "$lesson" --quiz --step 5
shot quiz-question-1024x768-large 1024 768 "$lesson" --quiz --step 5 --font-scale 1.5
keys=$(python3 -c "print(','.join(['End','1','P'] * 40 + ['End']))")
shot quiz-summary-1600x900 1600 900 "$lesson" --quiz --keys "$keys"
shot quiz-summary-1024x768-large 1024 768 "$lesson" --quiz --keys "$keys" --font-scale 1.5
finish
