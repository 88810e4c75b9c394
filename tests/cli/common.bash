# Shared by the command-line tests (sourced, not run by ctest: only *.sh files are tests).
# Usage in a test, run from the repository root with the binary's path:
#   source "$(dirname "$0")/common.bash" "$@"
# Gives: $bin (pollscope), $tmp (a private directory, removed on exit), $failures, fail,
# load_lessons, every_golden_has_its_lesson and finish.
set -u
bin=${1:?usage: bash $0 PATH_TO_pollscope}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# fail MESSAGE: prints it and counts one failure.
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# load_lessons: sets lessons=(scenarios/*.json); stops the test when there are none.
load_lessons() {
    shopt -s nullglob
    lessons=(scenarios/*.json)
    if [ ${#lessons[@]} -eq 0 ]; then
        echo "FAIL: no lessons found in scenarios/ (run from the repository root)"
        exit 1
    fi
}

# every_golden_has_its_lesson DIR: each DIR/NAME.txt needs scenarios/NAME.json (a golden goes
# with its lesson).
every_golden_has_its_lesson() {
    local golden
    for golden in "$1"/*.txt; do
        [ -f "scenarios/$(basename "$golden" .txt).json" ] ||
            fail "$golden has no lesson scenarios/$(basename "$golden" .txt).json (remove the golden with its lesson)"
    done
}

# finish NAME PASSED FAILED: ends the test, printing "NAME: FAILED" and exiting 1 if anything
# failed, else "NAME: PASSED".
finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$1: $3"
        exit 1
    fi
    echo "$1: $2"
}
