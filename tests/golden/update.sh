#!/usr/bin/env bash
# For humans only: rewrites the golden trace (tests/golden/NAME.txt) and the golden note
# placement (tests/golden/notes/NAME.txt) of the named lessons from the current build, and
# shows what changed. The tests (tests/cli/golden_lessons.sh, golden_notes.sh) never call this; they compare.
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
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) names+=("$(basename "$1" .json)"); shift ;;
    esac
done
[ ${#names[@]} -gt 0 ] || { echo "which lessons? (names, or --all)" >&2; exit 1; }
# replace OLD NEW: installs NEW as OLD, showing the difference; says whether it changed.
replace() {
    local golden=$1 new=$2 scenario=$3
    if [ -f "$golden" ] && cmp -s "$golden" "$new"; then
        echo "unchanged: $golden"
        rm -f "$new"
        return
    fi
    [ -f "$golden" ] && diff -u --label "$golden (old)" --label "$golden (new)" "$golden" "$new" || true
    mv "$new" "$golden"
    echo "updated: $golden  <- review it against $scenario"
}
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
mkdir -p tests/golden/notes
for name in "${names[@]}"; do
    scenario="scenarios/$name.json"
    [ -f "$scenario" ] || { echo "no lesson $scenario" >&2; exit 1; }
    work=$(mktemp -d)
    "$bin" run "$scenario" >"$work/log"
    "$bin" run "$scenario" --trace "$work/trace.json" >/dev/null 2>&1
    "$python" tests/golden/render_notes.py "$scenario" "$work/trace.json" "$work/log" >"$work/notes"
    replace "tests/golden/$name.txt" "$work/log" "$scenario"
    replace "tests/golden/notes/$name.txt" "$work/notes" "$scenario"
    rm -rf "$work"
done
