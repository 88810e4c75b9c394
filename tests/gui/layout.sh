#!/usr/bin/env bash
# The layout reflows: panels tile the window below the toolbar with no gap or overlap, hidden
# panels give their space back (presentation mode hides five), and dragging the splitter
# between two panels resizes them. Read back from --dump-state ("panel: NAME at X,Y size WxH").
source "$(dirname "$0")/common.bash" "$1"
LESSON=scenarios/05-select-timeout.json

dump() { local name=$1; shift; gui "$LESSON" --dump-state "$TMP/$name.txt" "$@" 2>"$TMP/err" || fail "$name: $(cat "$TMP/err")"; }
panel() { sed -n "s/^panel: $2 at \([0-9]*\),\([0-9]*\) size \([0-9]*\)x\([0-9]*\)$/\1 \2 \3 \4/p" "$TMP/$1.txt"; }

# tiles NAME W H: the panels' areas add up to the window below the toolbar, none past an edge.
tiles() {
  local name=$1 w=$2 h=$3
  awk -v W="$w" -v H="$h" '
    /^panel: / { n = split($0, a, / at |,| size |x/); x = a[n-3]; y = a[n-2]; pw = a[n-1]; ph = a[n]
                 area += pw * ph; if (top == "" || y < top) top = y
                 if (x < 0 || y < 0 || x + pw > W || y + ph > H) bad = bad " " $0 }
    END { want = W * (H - top); if (bad != "" || area != want) { print "area " area " of " want bad; exit 1 } }' \
    "$TMP/$name.txt"
}

for size in 1024x768 1280x720 1920x1080; do
  w=${size%x*}; h=${size#*x}
  for mode in normal present; do
    extra=(); [ "$mode" = present ] && extra=(--present)
    scale=1; [ "$w" = 1024 ] && scale=1.5
    dump "$mode-$size" --size "$size" --font-scale "$scale" --step 29 "${extra[@]}"
    if out=$(tiles "$mode-$size" "$w" "$h"); then pass "$mode $size x$scale: the panels tile the window"
    else fail "$mode $size: $out"; fi
  done
done

n=$(grep -c '^panel: ' "$TMP/present-1280x720.txt")
[ "$n" = 3 ] && pass "presentation mode shows three panels (timeline, note, code)" || fail "presentation mode shows $n panels"
read -r _ _ tw _ <<<"$(panel present-1280x720 Timeline)"
[ "$tw" = 1280 ] && pass "the hidden panels' space goes to the timeline (full width)" || fail "timeline width $tw in presentation mode"

read -r lx _ lw _ <<<"$(panel normal-1280x720 Lesson)"
edge=$((lx + lw))
dump dragged --size 1280x720 --mouse "$edge,400,drag,$((edge + 200)),400"
read -r _ _ lw2 _ <<<"$(panel dragged Lesson)"
read -r tx2 _ _ _ <<<"$(panel dragged Timeline)"
[ "$lw2" -ge $((lw + 190)) ] && [ "$lw2" -le $((lw + 210)) ] && [ "$tx2" = "$lw2" ] \
  && pass "dragging the splitter 200 px widens the lesson column ($lw -> $lw2) and moves the timeline" \
  || fail "splitter drag: lesson $lw -> $lw2, timeline at $tx2"
if out=$(tiles dragged 1280 720); then pass "after the drag the panels still tile the window"; else fail "after the drag: $out"; fi
finish
