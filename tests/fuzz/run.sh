#!/usr/bin/env bash
# Builds the scenario-loader fuzzer with clang in build-fuzz/ and runs it for a bounded time.
# Usage (from anywhere): bash tests/fuzz/run.sh [SECONDS]      (default 60)
# Exits non-zero when libFuzzer finds a crash, a hang (>5 s), a leak or a broken invariant;
# the input that did it is saved in build-fuzz/fuzz-artifacts/. Reproduce with
#   build-fuzz/tests/fuzz/fuzz_scenario_load build-fuzz/fuzz-artifacts/crash-...
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="$root/build-fuzz"

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPOLLSCOPE_FUZZ=ON -DPOLLSCOPE_GUI=OFF -DPOLLSCOPE_BENCH=OFF -DPOLLSCOPE_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target fuzz_scenario_load

# The working corpus keeps what earlier runs found; the seeds are copied in every time.
corpus="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
mkdir -p "$corpus" "$artifacts"
shopt -s nullglob
for seed in "$root"/scenarios/*.json "$root"/tests/malformed/*.json "$root"/tests/scenario_load/*.json; do
    cp "$seed" "$corpus/seed-$(basename "$seed")"
done

# Lesson files are a few KiB; 12 KiB leaves room to grow and to cross the tiny limits.
"$build/tests/fuzz/fuzz_scenario_load" "$corpus" \
    -dict="$root/tests/fuzz/scenario.dict" \
    -max_total_time="$seconds" -max_len=12288 -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1
