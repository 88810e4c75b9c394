# Shared by the GUI tests (sourced, not run by ctest: only *.sh files are tests).
# Usage in a test: source "$(dirname "$0")/common.bash" "$1"
#
# A test script re-runs itself once under xvfb-run (one private X server with a 1920x1080x24
# screen for all its pollscope runs: starting a server per run would cost seconds each).
set -u
PS_BIN=${1:?usage: $0 PATH_TO_pollscope}
case "$PS_BIN" in /*) ;; *) PS_BIN="$PWD/$PS_BIN" ;; esac
if [ -z "${PS_UNDER_XVFB:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "xvfb-run is missing (apt-get install xvfb xauth)"; exit 1; }
  PS_UNDER_XVFB=1 exec xvfb-run -a -s "-screen 0 1920x1080x24" bash "$0" "$PS_BIN"
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILS=0

# Runs pollscope gui on the private X server.
gui() { "$PS_BIN" gui "$@"; }

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }

# Lesson files to test; until the lessons exist, the loader's every-op scenario.
lessons() {
  ls scenarios/[0-9][0-9]-*.json 2>/dev/null && return
  ls tests/scenario_load/every_op.json 2>/dev/null
}

finish() {
  if [ "$FAILS" -ne 0 ]; then echo "$FAILS check(s) failed"; exit 1; fi
  echo "all checks passed"
}
