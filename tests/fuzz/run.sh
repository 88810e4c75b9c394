#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for a bounded time:
#   scenario   fuzz_scenario_load: the scenario loader
#   trace      fuzz_trace_load: the trace loader, then save/reload, snapshots, causality,
#              narration and every exporter on each trace that loads
#   rust       fuzz_rust_parse: the Rust front end (lexer and parser)
# Usage (from anywhere): bash tests/fuzz/run.sh [SECONDS] [scenario|trace ...]
#   SECONDS is per target (default 60); with no target named, all run, one after the other.
# Exits non-zero when libFuzzer finds a crash, a hang (>5 s), a leak or a broken invariant in
# any target (the others still run); the input that did it is saved in
# build-fuzz/fuzz-artifacts/TARGET/. Reproduce with
#   build-fuzz/tests/fuzz/fuzz_trace_load build-fuzz/fuzz-artifacts/trace/crash-...
set -euo pipefail
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario trace rust)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="$root/build-fuzz"
shopt -s nullglob

for target in "${targets[@]}"; do
    case "$target" in
        scenario | trace | rust) ;;
        *) echo "run.sh: unknown target \"$target\" (expected scenario, trace or rust)" >&2; exit 2 ;;
    esac
done

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPOLLSCOPE_FUZZ=ON -DPOLLSCOPE_GUI=OFF -DPOLLSCOPE_BENCH=OFF -DPOLLSCOPE_TESTS=OFF >/dev/null
build_targets=()
binary() { [ "$1" = rust ] && echo fuzz_rust_parse || echo "fuzz_$1_load"; }
for target in "${targets[@]}"; do build_targets+=("$(binary "$target")"); done
cmake --build "$build" -j2 --target "${build_targets[@]}"

# Runs one target; the working corpus keeps what earlier runs found, the seeds are copied in
# every time. $1 = target, $2 = max input length, $3 = dictionary, the rest = seed files.
fuzz() {
    local target=$1 max_len=$2 dict=$3
    shift 3
    local corpus="$build/fuzz-corpus/$target" artifacts="$build/fuzz-artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    for seed in "$@"; do cp "$seed" "$corpus/seed-$(basename "$seed")"; done
    echo "== $(binary "$target") for ${seconds}s"
    "$build/tests/fuzz/$(binary "$target")" "$corpus" -dict="$dict" \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=5 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1
}

status=0
for target in "${targets[@]}"; do
    case "$target" in
        # Lesson files are a few KiB; 12 KiB leaves room to grow and to cross the tiny limits.
        scenario)
            fuzz scenario 12288 "$root/tests/fuzz/scenario.dict" \
                "$root"/scenarios/*.json "$root"/tests/malformed/*.json "$root"/tests/scenario_load/*.json ||
                status=1
            ;;
        # The seed traces are at most 18 KiB (a multi-worker lesson).
        trace)
            fuzz trace 20480 "$root/tests/fuzz/trace.dict" \
                "$root"/tests/fuzz/trace-seeds/*.json "$root"/tests/malformed-traces/*.json || status=1
            ;;
        # Student programs are a few KiB; 16 KiB leaves room to cross the tiny limits.
        rust)
            fuzz rust 16384 "$root/tests/fuzz/rust.dict" "$root"/tests/fuzz/rust-seeds/*.rs || status=1
            ;;
    esac
done
exit $status
