#!/usr/bin/env bash
# Every lesson opens and renders a real (non-blank) screenshot at several steps (step 9 on
# the time axis at 1600x900, the last step on the step axis at 1280x720, plus the start
# and the light theme for the first lesson); the PNG is written atomically, exit code 0.
source "$(dirname "$0")/common.bash" "$1"

shot() {   # shot NAME W H ARGS...
  local name=$1 w=$2 h=$3; shift 3
  local out="$TMP/$name.png"
  if ! gui "$@" --size "${w}x${h}" --screenshot "$out" 2>"$TMP/err"; then
    fail "$name: pollscope gui exited non-zero: $(cat "$TMP/err")"; return
  fi
  [ -e "$out.tmp" ] && fail "$name: temporary file left behind"
  if python3 "$HERE/png_check.py" "$out" "$w" "$h" >"$TMP/check"; then
    pass "$name ($(cat "$TMP/check"))"
  else
    fail "$name: $(cat "$TMP/check")"
  fi
}

found=0
for f in $(lessons); do
  found=1
  base=$(basename "$f" .json)
  shot "$base-step9" 1600 900 "$f" --step 9 --axis time
  shot "$base-end" 1280 720 "$f" --step 100000000
done
first=$(lessons | head -1)
if [ -n "$first" ]; then
  shot first-start 1600 900 "$first"
  shot first-light-large 1600 900 "$first" --step 6 --light --font-scale 1.5
fi
if [ "$found" = 0 ]; then
  echo "(no lessons in scenarios/ yet: using the synthetic demo trace)"
fi
# In front of a class: the normal layout and presentation mode at a projector's 1024x768 with
# larger text, at 1280x720 and at 1920x1080 (the layout reflows; nothing may fail to render).
select=scenarios/05-select-timeout.json
[ -f "$select" ] || select=$first
if [ -n "$select" ]; then
  for mode in normal present; do
    extra=(); [ "$mode" = present ] && extra=(--present)
    shot "$mode-1024x768-large" 1024 768 "$select" --step 29 --font-scale 1.5 "${extra[@]}"
    shot "$mode-1280x720" 1280 720 "$select" --step 29 "${extra[@]}"
    shot "$mode-1920x1080" 1920 1080 "$select" --step 29 "${extra[@]}"
  done
  shot f5-present 1280 720 "$select" --step 29 --keys F5
  shot hide-future 1280 720 "$select" --step 20 --hide-future
  shot hide-future-present 1024 768 "$select" --step 20 --hide-future --present --font-scale 1.5
fi
# A Rust program: its own source with each task's frame beside its await point, and the
# Console panel with the lines printed up to the cursor (also hiding the future).
program=scenarios/23-while-let.rs
if [ -f "$program" ]; then
  shot program-while-let 1600 900 "$program" --step 40
  shot program-hide-future 1280 720 "$program" --step 40 --hide-future
fi
shot demo-time 1600 900 --demo 2000 --step 40
shot demo-steps 1280 720 --demo 2000 --step 40 --axis steps
shot demo-light 1600 900 --demo 500 --step 10 --light
finish
