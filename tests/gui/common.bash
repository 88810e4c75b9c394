# Shared by the GUI tests (sourced, not run by ctest: only *.sh files are tests).
# Usage in a test: source "$(dirname "$0")/common.bash" "$1"
set -u
PS_BIN=${1:?usage: $0 PATH_TO_pollscope}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILS=0

# Runs pollscope gui under a private X server with a fixed screen size.
gui() { xvfb-run -a -s "-screen 0 1600x900x24" "$PS_BIN" gui "$@"; }

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
