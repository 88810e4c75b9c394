#!/usr/bin/env bash
# pollscope (full tracing) against real tokio (no tracing), side by side, in one invocation.
#
#   bash tests/bench/vs-tokio.sh [PATH_TO_pollscope] [--rounds N] [--quick]
#
# Builds tests/bench/vs-tokio (a small tokio 1.24 program with the workloads of `pollscope
# bench`: yield, spawn, timers; current_thread, paused clock for the timers) offline with
# Debian's cargo and crates, into build/vs-tokio. Then runs it and `pollscope bench` (fifo and
# tokio-current-thread) alternately, N rounds (default 3), and prints each round's pair and the
# median ratio per workload: ns per task poll for yield and spawn, ns per timer for timers.
# It measures; it never asserts. Not part of `make test`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
POLLSCOPE=$ROOT/build/pollscope
ROUNDS=3
QUICK=()
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS=$2; shift 2 ;;
        --quick) QUICK=(--quick); shift ;;
        *) POLLSCOPE=$1; shift ;;
    esac
done
DEBIAN_PATH=/usr/sbin:/usr/bin:/sbin:/bin
if ! PATH=$DEBIAN_PATH command -v cargo >/dev/null 2>&1 || ! ls -d /usr/share/cargo/registry/tokio-1.* >/dev/null 2>&1; then
    echo "SKIPPED: cargo/librust-tokio-dev not installed (apt-get install cargo librust-tokio-dev)"
    exit 0
fi
[ -x "$POLLSCOPE" ] || { echo "no pollscope binary at $POLLSCOPE (build it first)" >&2; exit 2; }

echo "== building tests/bench/vs-tokio (Debian cargo, offline, into build/vs-tokio)"
(cd "$ROOT/tests/bench/vs-tokio" && PATH=$DEBIAN_PATH cargo build --release --offline --quiet)
TOKIO=$ROOT/build/vs-tokio/release/vs-tokio
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# tokio's lines: "yield 35.1 -"; pollscope's rows end with
# "... ns/task-poll ns/timer ns/event bytes/event peak-MiB".
tokio_figures() {  # file -> "yield P\nspawn P\ntimers T"
    awk '$1=="yield"||$1=="spawn"{print $1, $2} $1=="timers"{print $1, $3}' "$1"
}
pollscope_figures() {
    awk '$1=="yield:"||$1=="spawn:"{print substr($1,1,length($1)-1), $(NF-4)}
         $1=="timers:"{print "timers", $(NF-3)}' "$1"
}

POLICIES=(fifo tokio-current-thread)
for r in $(seq 1 "$ROUNDS"); do
    echo "== round $r"
    "$TOKIO" --repeat 3 "${QUICK[@]}" >"$OUT/tokio.txt"
    tokio_figures "$OUT/tokio.txt" >"$OUT/tokio.$r"
    for p in "${POLICIES[@]}"; do
        "$POLLSCOPE" bench --policy "$p" --repeat 3 "${QUICK[@]}" >"$OUT/ps.txt"
        pollscope_figures "$OUT/ps.txt" >"$OUT/$p.$r"
    done
    for p in "${POLICIES[@]}"; do
        join "$OUT/tokio.$r" "$OUT/$p.$r" |
            awk -v p="$p" '{printf "  %-7s pollscope %-21s %9.1f ns   tokio %8.1f ns   ratio %5.2fx\n", $1, p, $3, $2, $3/$2}'
    done
done

echo "== median over $ROUNDS rounds (per task poll for yield and spawn, per timer for timers)"
for p in "${POLICIES[@]}"; do
    for w in yield spawn timers; do
        for r in $(seq 1 "$ROUNDS"); do
            t=$(awk -v w=$w '$1==w{print $2}' "$OUT/tokio.$r")
            s=$(awk -v w=$w '$1==w{print $2}' "$OUT/$p.$r")
            echo "$t $s"
        done | awk -v p="$p" -v w="$w" '
            { tk[NR]=$1; ps[NR]=$2; ra[NR]=$2/$1 }
            function med(a, n,   i, j, t) {
                for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                return a[int((n + 1) / 2)]
            }
            END { n = NR; printf "  %-7s %-21s pollscope %9.1f ns   tokio %8.1f ns   ratio %5.2fx\n", w, p, med(ps, n), med(tk, n), med(ra, n) }'
    done
done
