#!/usr/bin/env bash
# Every lesson opens and renders a real (non-blank) screenshot at several steps, at
# 1600x900 and at 1280x720; the PNG is written atomically and the exit code is 0.
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
  shot "$base-start" 1600 900 "$f"
  shot "$base-step5" 1600 900 "$f" --step 5
  shot "$base-end" 1600 900 "$f" --step 100000000
  shot "$base-small" 1280 720 "$f" --step 12 --axis steps
done
if [ "$found" = 0 ]; then
  echo "(no lessons in scenarios/ yet: using the synthetic demo trace)"
fi
shot demo-time 1600 900 --demo 2000 --step 40
shot demo-steps 1280 720 --demo 2000 --step 40 --axis steps
shot demo-light 1600 900 --demo 500 --step 10 --light
finish
