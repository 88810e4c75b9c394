#!/usr/bin/env bash
# `pollscope run` on the command line: help, usage errors, a missing or invalid scenario, the
# event limit, --quiet, and the exit statuses documented in app/cmd_run.cpp:
#   0 the run ended (a detected deadlock is a normal ending), 2 the scenario is invalid,
#   1 any other error (a scenario file that cannot be opened included).
#
# Usage (from the repository root): bash tests/cli/run_cli.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
source "$(dirname "$0")/run_helpers.bash"

lesson=scenarios/01-ready.json
busy=scenarios/12-busy-loop.json
deadlock=scenarios/16-deadlock.json
for f in "$lesson" "$busy" "$deadlock"; do
    [ -f "$f" ] || { echo "FAIL: $f not found (run from the repository root)"; exit 1; }
done

# ---- help
for flag in --help -h; do
    run run "$flag"
    status_is 0 "run $flag"
    has "$tmp/out" "Usage: pollscope run SCENARIO [options]" "run $flag"
    has "$tmp/out" "--max-events N" "run $flag"
    has "$tmp/out" "Exit status:" "run $flag"
    empty "$tmp/err" "run $flag"
done

# ---- usage errors: exit 1, a message on stderr, nothing on stdout
run run
status_is 1 "run without a scenario"
has "$tmp/err" "which scenario?" "run without a scenario"
empty "$tmp/out" "run without a scenario"

run run "$lesson" --bogus
status_is 1 "unknown option"
has "$tmp/err" "pollscope run: unknown option '--bogus'" "unknown option"
has "$tmp/err" "Usage: pollscope run" "unknown option"
empty "$tmp/out" "unknown option"

run run "$lesson" "$busy"
status_is 1 "two scenarios"
has "$tmp/err" "only one scenario at a time" "two scenarios"

run run "$lesson" --policy lifo
status_is 1 "unknown policy"
has "$tmp/err" "pollscope run: unknown policy 'lifo' (known: fifo" "unknown policy"
empty "$tmp/out" "unknown policy"

# the limit is the scenario format's runtime.max_events limit (scenarios/README.md)
for bad in 0 -3 ten 10000001 100000000; do
    run run "$lesson" --max-events "$bad"
    status_is 1 "--max-events $bad"
    has "$tmp/err" "--max-events expects an integer from 1 to 10000000, got '$bad'" "--max-events $bad"
done

run run "$lesson" --seed minus-one
status_is 1 "--seed minus-one"
has "$tmp/err" "--seed expects a non-negative integer, got 'minus-one'" "--seed minus-one"

run run "$lesson" --seed
status_is 1 "--seed without a value"
has "$tmp/err" "pollscope run: --seed needs a value" "--seed without a value"

# ---- the scenario file cannot be opened: exit 1 (2 is for invalid scenarios), the loader's message
missing="$tmp/no-such-lesson.json"
run run "$missing"
status_is 1 "missing file"
has "$tmp/err" "$missing: no such file" "missing file"
empty "$tmp/out" "missing file"
# the same message `pollscope check` prints for it
"$bin" check "$missing" >/dev/null 2>"$tmp/check.err"
grep -F -- "$missing: no such file" "$tmp/check.err" >"$tmp/check.line"
grep -F -- "$missing: no such file" "$tmp/err" >"$tmp/run.line"
cmp -s "$tmp/check.line" "$tmp/run.line" || fail "missing file: run and check word the loader's message differently"

printf '{"format": "pollscope-scenario/1"\n' >"$tmp/truncated.json"
run run "$tmp/truncated.json"
status_is 2 "invalid scenario"
has "$tmp/err" "$tmp/truncated.json:2:1:" "invalid scenario (file:line:column)"
empty "$tmp/out" "invalid scenario"

# ---- runs that end
run run "$lesson"
status_is 0 "run $lesson"
has "$tmp/out" "poll #1 of task 0 'main' begins" "run $lesson"
has "$tmp/out" "Run ended after" "run $lesson"
empty "$tmp/err" "run $lesson"

run run "$lesson" --quiet
status_is 0 "run --quiet"
lacks "$tmp/out" "step 0:" "run --quiet"
has "$tmp/out" "Tasks:" "run --quiet"
has "$tmp/out" "Diagnostics:" "run --quiet"
has "$tmp/out" "Run ended after 9 events" "run --quiet"

# a detected deadlock is a normal ending: exit 0, diagnosed
run run "$deadlock"
status_is 0 "deadlock lesson"
has "$tmp/out" "[deadlock]" "deadlock lesson"
has "$tmp/out" "nothing is left that could wake them" "deadlock lesson"

# ---- the event limit: --max-events overrides the scenario's max_events
run run "$busy" --max-events 50
status_is 0 "--max-events 50 on the busy loop"
has "$tmp/out" "[event_limit] the run did not end within 50 events and was stopped (max_events)" "--max-events 50"
has "$tmp/out" "stopped at the event limit (50 events)" "--max-events 50"
lacks "$tmp/out" "[busy_loop]" "--max-events 50 (stops before the busy loop is diagnosed)"
events=$(grep -c '^t=.* step [0-9]*: ' "$tmp/out")
[ "$events" -le 60 ] || fail "--max-events 50: printed $events events"

run run "$busy"
status_is 0 "busy loop at its own max_events"
has "$tmp/out" "[busy_loop]" "busy loop lesson"
has "$tmp/out" "stopped at the event limit (1000 events)" "busy loop lesson"

# ---- --seed is recorded in the header
run run "$lesson" --seed 7
status_is 0 "--seed 7"
has "$tmp/out" "(policy fifo, seed 7," "--seed 7"

finish run_cli "$checks runs behave as documented" "$failures failure(s) in $checks runs"
