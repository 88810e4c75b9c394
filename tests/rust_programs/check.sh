#!/usr/bin/env bash
# Builds every Rust program of the repository in one crate (scenarios/*.rs and
# tests/rust_programs/cases/*.rs, see build.rs) with Debian's cargo and crates, offline, and
# fails on any compile error or warning (each program is compiled with #[deny(warnings)]).
# Then runs each program on real tokio: it must end with status 0 within RUN_SECONDS, except
# the ones in never_end.txt, which must still be running after HANG_SECONDS.
#   usage: tests/rust_programs/check.sh [TARGET_DIR]     (default: build/rust-target)
# Exit 77 (ctest: skipped) when Debian's cargo or tokio crates are not installed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
target=${1:-$repo/build/rust-target}
RUN_SECONDS=${RUN_SECONDS:-30}
HANG_SECONDS=${HANG_SECONDS:-3}
DEBIAN_PATH=/usr/sbin:/usr/bin:/sbin:/bin

for crate in tokio-1. tokio-stream-0. tokio-macros-; do
    if ! PATH=$DEBIAN_PATH command -v cargo >/dev/null 2>&1 ||
        ! ls -d /usr/share/cargo/registry/$crate* >/dev/null 2>&1; then
        echo "SKIPPED: needs cargo, librust-tokio-dev, librust-tokio-macros-dev, librust-tokio-stream-dev"
        exit 77
    fi
done

begin=$(date +%s)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! (cd "$here" && PATH=$DEBIAN_PATH cargo build --offline --target-dir "$target" 2>"$log"); then
    # Compiler messages name the copies build.rs made; point them at the sources.
    sed -E -e "s#[^ ]*/out/programs/scenarios/#scenarios/#g" \
           -e "s#[^ ]*/out/programs/cases/#tests/rust_programs/cases/#g" "$log" >&2
    echo "FAILED: a Rust program does not compile (messages above)" >&2
    exit 1
fi
echo "== built every Rust program in $(($(date +%s) - begin)) s (Debian cargo, offline)"

bin=$target/debug/rust-programs
programs=$("$bin" list) || { echo "FAILED: $bin list" >&2; exit 1; }
[ -n "$programs" ] || { echo "FAILED: no programs found" >&2; exit 1; }
never_end=$(grep -v '^#' "$here/never_end.txt" | awk 'NF { print $1 }')
failed=0
count=0
for program in $programs; do
    count=$((count + 1))
    if printf '%s\n' "$never_end" | grep -qx -- "$program"; then
        timeout "$HANG_SECONDS" "$bin" run "$program" >/dev/null 2>&1
        status=$?
        if [ "$status" -ne 124 ]; then
            echo "FAILED: $program ended (status $status) but should run forever (never_end.txt)" >&2
            failed=1
        fi
    else
        if ! output=$(timeout "$RUN_SECONDS" "$bin" run "$program" 2>&1); then
            printf '%s\n' "$output" >&2
            echo "FAILED: $program did not end with status 0 within $RUN_SECONDS s" >&2
            failed=1
        fi
    fi
done
[ "$failed" -eq 0 ] || exit 1
echo "== all $count programs compile; each ran as expected on real tokio"
