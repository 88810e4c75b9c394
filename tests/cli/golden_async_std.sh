#!/usr/bin/env bash
# The lessons under the async-std policy: for every scenarios/*.json, `pollscope run --policy
# async-std --format polls` must print exactly tests/golden/async-std/<name>.txt (one line per
# task poll: time, task, Pending/Ready). The lessons are written for their own policy; these
# goldens pin what async-std's rules (A1-A7 in engine/model/policies.cpp) make of each one.
#
# To update one on purpose, run the command above into the golden and read the change against
# the rules before committing.
#
# Usage (from the repository root): bash tests/cli/golden_async_std.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
golden_dir=tests/golden/async-std
checked=0
load_lessons

for scenario in "${lessons[@]}"; do
    name=$(basename "$scenario" .json)
    golden="$golden_dir/$name.txt"
    checked=$((checked + 1))
    if [ ! -f "$golden" ]; then
        fail "$scenario has no async-std golden ($golden)"
        continue
    fi
    if ! "$bin" run "$scenario" --policy async-std --format polls >"$tmp/out" 2>"$tmp/err"; then
        fail "pollscope run $scenario --policy async-std failed"
        sed 's/^/  stderr: /' "$tmp/err" | head -20
        continue
    fi
    if ! cmp -s "$golden" "$tmp/out"; then
        fail "$scenario under async-std differs from $golden:"
        diff -u --label "$golden" --label "pollscope run $scenario --policy async-std" "$golden" "$tmp/out" | head -100
    fi
done
every_golden_has_its_lesson "$golden_dir"

finish golden_async_std "all $checked lessons match their async-std goldens" "$failures failure(s) in $checked lesson(s)"
