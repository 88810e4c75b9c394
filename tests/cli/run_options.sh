#!/usr/bin/env bash
# `pollscope run`'s option checks and the limits it shares with scenario and trace files:
# messages that name the option, exports that would overwrite each other, --from/--to without
# an export, the --max-events limit, files that cannot be opened (exit 1, not 2), and scenario
# values at their edges (a byte-order mark, seed -0 and 2^64).
#
# Usage (from the repository root): bash tests/cli/run_options.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
source "$(dirname "$0")/run_helpers.bash"

lesson=scenarios/01-ready.json
[ -f "$lesson" ] || { echo "FAIL: $lesson not found (run from the repository root)"; exit 1; }

# ---- a bad step number names the option and the range
for opt in --from --to; do
    for bad in -5 abc 10000001; do
        run run "$lesson" --trace "$tmp/t.json" "$opt" "$bad"
        status_is 1 "$opt $bad"
        err_is "pollscope run: $opt expects a step number from 0 to 10000000, got '$bad'" "$opt $bad"
        empty "$tmp/out" "$opt $bad"
    done
done

# ---- the same limit as runtime.max_events in a scenario file
run run "$lesson" --max-events 10000001
status_is 1 "--max-events over the scenario limit"
err_is "pollscope run: --max-events expects an integer from 1 to 10000000, got '10000001'" "--max-events 10000001"
run run "$lesson" --max-events 10000000 --quiet
status_is 0 "--max-events at the scenario limit"

# ---- two exports to one file: refused before the run, nothing written
run run "$lesson" --trace "$tmp/same.out" --svg "$tmp/same.out"
status_is 1 "--trace and --svg to one file"
err_is "pollscope run: --trace and --svg both write '$tmp/same.out'; give each export its own file" \
    "--trace and --svg to one file"
empty "$tmp/out" "--trace and --svg to one file"
[ -e "$tmp/same.out" ] && fail "--trace and --svg to one file: a file was written"
run run "$lesson" --chrome "$tmp/same.out" --markdown "$tmp/x/../same.out"
status_is 1 "--chrome and --markdown to one file spelt two ways"
err_is "pollscope run: --chrome and --markdown both write '$tmp/x/../same.out'; give each export its own file" \
    "--chrome and --markdown to one file spelt two ways"

# ---- --from/--to need an export to apply to
for opt in --from --to; do
    run run "$lesson" "$opt" 2
    status_is 1 "$opt without an export"
    err_is "pollscope run: --from and --to choose the steps to export; give --trace, --chrome, --svg or --markdown too" \
        "$opt without an export"
    empty "$tmp/out" "$opt without an export"
done
# exports are written by a plain run only: with --compare or --format polls they were ignored
run run "$lesson" --compare fifo --trace "$tmp/c.json"
status_is 1 "--trace with --compare"
err_is "pollscope run: --compare prints no run to export; give --trace, --chrome, --svg and --markdown without it" \
    "--trace with --compare"
run run "$lesson" --format polls --svg "$tmp/p.svg"
status_is 1 "--svg with --format polls"
err_is "pollscope run: --format polls prints no run to export; give --trace, --chrome, --svg and --markdown without it" \
    "--svg with --format polls"
# an empty range is refused before the run, not after it
run run "$lesson" --trace "$tmp/r.json" --from 3 --to 1
status_is 1 "--to before --from"
err_is "pollscope run: --to 1 is before --from 3" "--to before --from"
empty "$tmp/out" "--to before --from"
run run "$lesson" --trace "$tmp/r.json" --from 1 --to 3 --quiet
status_is 0 "a step range with an export"
grep -q '"first_step": 1' "$tmp/r.json" || fail "a step range with an export: first_step is not 1"

# ---- a file that cannot be opened: exit 1 for run and check; an invalid one stays 2
run run "$tmp/missing.json"
status_is 1 "run on a missing file"
err_is "$tmp/missing.json: no such file [scenario.io.101]" "run on a missing file"
run check "$tmp/missing.json"
status_is 1 "check on a missing file"
run check "$tmp/missing.json" tests/malformed/07-missing-comma.json
status_is 1 "check on a missing file and an invalid one"
run check tests/malformed/07-missing-comma.json
status_is 2 "check on an invalid file"

# ---- scenario values at their edges
printf '\357\273\277' >"$tmp/bom.json"
cat "$lesson" >>"$tmp/bom.json"
run check "$tmp/bom.json"
status_is 0 "a scenario starting with a byte-order mark"
sed 's/"seed": 1,/"seed": -0,/' "$lesson" >"$tmp/seed0.json"
run run "$tmp/seed0.json" --quiet
status_is 0 "seed -0"
grep -q "seed 0," "$tmp/out" || fail "seed -0: the run does not use seed 0"
sed 's/"seed": 1,/"seed": 18446744073709551616,/' "$lesson" >"$tmp/seed64.json"
run check "$tmp/seed64.json"
status_is 2 "seed 2^64"
grep -q "expected a non-negative integer of at most 18446744073709551615, got 18446744073709551616 \[scenario.schema.307\]" \
    "$tmp/err" || fail "seed 2^64: not called out of range: $(cat "$tmp/err")"

finish run_options "$checks runs behave as documented" "$failures failure(s) in $checks runs"
