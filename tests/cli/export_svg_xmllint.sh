#!/usr/bin/env bash
# Exported SVG timelines are well-formed XML (xmllint --noout).
#
# Usage: tests/cli/export_svg_xmllint.sh PATH/TO/pollscope
# Uses `pollscope run SCENARIO --svg OUT.svg` on every scenarios/*.json when the command line
# has that option; otherwise (or in addition, for runs built in code) asks the unit-test binary
# next to it to write the SVG of every exporter test case.
set -u
bin=${1:?usage: $0 PATH/TO/pollscope}
if ! command -v xmllint >/dev/null 2>&1; then
    echo "SKIP: xmllint not found (apt-get install libxml2-utils)"
    exit 0
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/pollscope-svg.XXXXXX")
trap 'rm -rf "$out"' EXIT
count=0
fail=0

if "$bin" run --help 2>&1 | grep -q -- '--svg'; then
    for scenario in scenarios/*.json; do
        [ -e "$scenario" ] || continue
        name=$(basename "$scenario" .json)
        if "$bin" run "$scenario" --quiet --svg "$out/$name.svg" >/dev/null 2>&1; then
            :
        else
            status=$?
            # exit 2 = the scenario itself is invalid: the loader's tests deal with that
            [ "$status" -eq 2 ] && continue
            echo "FAIL: pollscope run $scenario --svg exited with $status"
            fail=1
        fi
    done
else
    echo "note: 'pollscope run --svg' is not available yet; using the test helper only"
fi

tests_bin="$(dirname "$bin")/tests/pollscope_tests"
if [ -x "$tests_bin" ]; then
    POLLSCOPE_SVG_OUT="$out" "$tests_bin" "[.svg-files]" >/dev/null || { echo "FAIL: $tests_bin [.svg-files]"; fail=1; }
else
    echo "note: $tests_bin not found; checking only what pollscope wrote"
fi

for svg in "$out"/*.svg; do
    [ -e "$svg" ] || continue
    count=$((count + 1))
    if ! xmllint --noout "$svg"; then
        echo "FAIL: $svg is not well-formed XML"
        fail=1
    fi
    # no half-written files, no leftovers of the atomic writer
done
if ls "$out" | grep -q '\.tmp\.'; then
    echo "FAIL: temporary files left behind: $(ls "$out" | grep '\.tmp\.')"
    fail=1
fi
if [ "$count" -eq 0 ]; then
    echo "SKIP: no SVG was produced (no --svg option and no test helper)"
    exit 0
fi
[ "$fail" -eq 0 ] && echo "ok: $count SVG files are well-formed"
exit $fail
