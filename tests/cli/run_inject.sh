#!/usr/bin/env bash
# run --inject STEP:ACTION: the teacher's hand on the reactor, as a teacher types it.
source "$(dirname "$0")/common.bash" "$@"

check() { if ! eval "$2"; then fail "$1"; fi; }

out=$("$bin" run --help)
for form in fire-timer:TASK readable:SOCKET:BYTES writable:SOCKET:BYTES close:SOCKET send:CHANNEL:VALUE \
    wake:WAKER_ID drop-waker:WAKER_ID; do
    check "run --help documents $form" 'grep -q "^  $form " <<<"$out"'
done

out=$("$bin" run scenarios/02-sleep.json --inject 8:fire-timer:main); rc=$?
check "a run with --inject exits 0" '[ $rc -eq 0 ]'
check "the inject event is narrated in plain words" \
  'grep -qx "t=0.010ms step 8: the teacher fired timer #0 (fires at 10.000ms) of task 0 .main. now" <<<"$out"'
check "the sleep is Ready at once" 'grep -qx "t=0.020ms step 14: sleep(10ms) (main/0) returned Ready" <<<"$out"'

out=$("$bin" run scenarios/11-lost-wakeup.json --inject 10:drop-waker:0 --inject 4:readable:x:1 2>&1); rc=$?
check "a socket the scenario lacks is refused with exit 1" '[ $rc -eq 1 ]'
check "the error names the injection and the reason" \
  '[ "$out" = "pollscope run: --inject 4:readable:x:1: no socket named '"'"'x'"'"' in this scenario (it has no sockets)" ]'

out=$("$bin" run scenarios/11-lost-wakeup.json --inject 10:drop-waker:0 --quiet)
check "drop-waker gives a lost wakeup diagnostic" \
  'grep -q "step 12 \[lost_wakeup\] task 0 .correct. waits at" <<<"$out"'

expect_error() {  # ARGS... -- EXPECTED
    local args=() expected
    while [ "$1" != "--" ]; do args+=("$1"); shift; done
    expected=$2
    local got rc
    got=$("$bin" run "${args[@]}" 2>&1); rc=$?
    [ $rc -eq 1 ] || fail "exit 1 for ${args[*]} (got $rc)"
    [ "$got" = "$expected" ] || fail "message for ${args[*]}: got '$got'"
}
expect_error scenarios/02-sleep.json --inject 8 -- \
  "pollscope run: --inject 8: expected STEP:ACTION, e.g. 12:fire-timer:main"
expect_error scenarios/02-sleep.json --inject 8:poke:main -- \
  "pollscope run: --inject 8:poke:main: unknown action 'poke' (expected fire-timer, readable, writable, close, send, wake or drop-waker)"
expect_error scenarios/02-sleep.json --inject 8:fire-timer:nobody -- \
  "pollscope run: --inject 8:fire-timer:nobody: no task named 'nobody' in this scenario (its tasks: main)"
expect_error scenarios/02-sleep.json --inject 500:fire-timer:main -- \
  "pollscope run: --inject 500:fire-timer:main: step 500 is past the end of the run (the last step an action can apply at is 20)"
expect_error scenarios/02-sleep.json --inject 12:fire-timer:main -- \
  "pollscope run: --inject 12:fire-timer:main: no pending timer of task 'main' at step 12"

# A saved demonstration keeps its interventions; a plain trace has none.
"$bin" run scenarios/02-sleep.json --inject 8:fire-timer:main --quiet --trace "$tmp/demo.json" >/dev/null 2>&1
check "the trace keeps the interventions" \
  'grep -q "\"injections\": \[{\"step\": 8, \"action\": \"fire-timer:main\"}\]" "$tmp/demo.json"'
check "the trace has the inject event" 'grep -q "\"kind\":\"inject\"" "$tmp/demo.json"'
"$bin" run scenarios/02-sleep.json --quiet --trace "$tmp/plain.json" >/dev/null 2>&1
check "a plain trace has no injections" '! grep -q injections "$tmp/plain.json"'
"$bin" run scenarios/02-sleep.json --inject 8:fire-timer:main --quiet --trace "$tmp/again.json" >/dev/null 2>&1
check "the same injections give the same trace" 'cmp -s "$tmp/demo.json" "$tmp/again.json"'
"$bin" run scenarios/02-sleep.json --inject 8:fire-timer:main --quiet --chrome "$tmp/demo.chrome.json" \
  --markdown "$tmp/demo.md" >/dev/null 2>&1
check "Chrome JSON shows the inject event" 'grep -q "\"name\":\"inject\"" "$tmp/demo.chrome.json"'
check "Markdown narrates it" 'grep -q "the teacher fired timer #0" "$tmp/demo.md"'

finish run_inject "all checks passed" "some checks failed"
