#!/usr/bin/env bash
# No function in engine/ or app/ is longer than 120 lines (counted like clang-tidy's
# readability-function-size: closing brace line minus opening brace line). Prints each one as
#   file:line: function NAME is N lines (limit 120)
# and fails if there is any. The scan is tests/function_size.py (python3, a few seconds at most).
#
# Usage (from anywhere): bash tests/function_size.sh [ROOT]   (default: this checkout)
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${1:-$here/..}
cd "$root" || exit 2
limit=120

python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
command -v "$python" >/dev/null || { echo "FAIL: python3 is needed (Debian: apt-get install python3)"; exit 1; }

mapfile -t sources < <(find engine app -type f \( -name '*.cpp' -o -name '*.hpp' \) | LC_ALL=C sort)
[ ${#sources[@]} -gt 0 ] || { echo "FAIL: no sources found under $PWD/engine and app"; exit 1; }
exec "$python" "$here/function_size.py" "$limit" "${sources[@]}"
