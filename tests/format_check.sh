#!/usr/bin/env bash
# Every C++ file git tracks is formatted as .clang-format says (clang-format 14, as in
# Debian 12). Prints the files that differ and how to fix them.
#
# Usage (from anywhere): bash tests/format_check.sh [ROOT]   (default: this checkout)
set -u
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$root" || exit 2
fmt=$(command -v clang-format-14 || command -v clang-format) || {
    echo "format_check: clang-format is not installed (make test installs it)"
    exit 1
}
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "format_check: $root is not a git checkout; nothing to check against"
    exit 1
fi
bad=0
while IFS= read -r f; do
    [ -f "$f" ] || continue
    if ! "$fmt" --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "$f: not formatted (fix: $fmt -i $f)"
        bad=$((bad + 1))
    fi
done < <(git ls-files '*.cpp' '*.hpp' '*.h' ':!tests/reference')
if [ "$bad" -gt 0 ]; then
    echo "FAIL: $bad file(s) differ from .clang-format"
    exit 1
fi
echo "format_check: every C++ file is formatted"
