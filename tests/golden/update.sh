#!/usr/bin/env bash
# For humans only: rewrites the golden trace of the named lessons from the current build and
# shows what changed. The test (tests/cli/golden_lessons.sh) never calls this; it compares.
#
# After running it, READ each changed golden against its lesson's text and notes: does the run
# still show what the lesson claims? Fix the lesson (or report the engine bug) before committing.
#
# Usage (from the repository root):
#   bash tests/golden/update.sh [--bin build/pollscope] NAME...   e.g. 05-select-timeout
#   bash tests/golden/update.sh [--bin build/pollscope] --all
set -eu
bin=build/pollscope
names=()
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin=$2; shift 2 ;;
        --all) for f in scenarios/*.json; do names+=("$(basename "$f" .json)"); done; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) names+=("$(basename "$1" .json)"); shift ;;
    esac
done
[ ${#names[@]} -gt 0 ] || { echo "which lessons? (names, or --all)" >&2; exit 1; }
for name in "${names[@]}"; do
    scenario="scenarios/$name.json"
    golden="tests/golden/$name.txt"
    [ -f "$scenario" ] || { echo "no lesson $scenario" >&2; exit 1; }
    tmp=$(mktemp)
    "$bin" run "$scenario" >"$tmp"
    if [ -f "$golden" ] && cmp -s "$golden" "$tmp"; then
        echo "unchanged: $golden"
        rm -f "$tmp"
        continue
    fi
    [ -f "$golden" ] && diff -u --label "$golden (old)" --label "$golden (new)" "$golden" "$tmp" || true
    mv "$tmp" "$golden"
    echo "updated: $golden  <- review it against $scenario"
done
