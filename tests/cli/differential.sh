#!/usr/bin/env bash
# Differential test: pollscope's tokio-current-thread policy against real tokio 1.24.
#
#   bash tests/cli/differential.sh PATH_TO_pollscope [SCENARIO.json ...]
#
# Run from the repository root (ctest does). Builds the reference runner in tests/reference
# with Debian's cargo, offline, against Debian's crates, checks it still reproduces its recorded
# tokio test vectors (tests/reference/golden); then, for every scenarios/*.json the runner
# supports, every test vector, and DIFFERENTIAL_COUNT generated scenarios (seeds DIFFERENTIAL_SEED,
# DIFFERENTIAL_SEED+1, ...), compares the sequence of task polls
#     <time_ns> <task_name> <pending|ready>
# printed by `pollscope run FILE --policy tokio-current-thread --format polls --poll-cost 0ns`
# with the one real tokio gives, and then, per task, the kind of every wake of its waker in
# order (wake or wake_by_ref: `pollscope-reference run --wake-kinds` against the waker events
# of pollscope's log). Runs that never end (a busy loop) are compared over the first
# DIFFERENTIAL_MAX_POLLS polls (their wakes are not compared). With SCENARIO.json arguments,
# compares only those files.
#
# Environment: DIFFERENTIAL_COUNT (default 300), DIFFERENTIAL_SEED (default 1),
# DIFFERENTIAL_MAX_POLLS (default 10000: runs stopped there are compared up to that point),
# DIFFERENTIAL_OUT (default build/differential-failures), DIFFERENTIAL_SHOW (mismatches
# printed in full, default 5), DIFFERENTIAL_GEN_ARGS (extra generator arguments, e.g.
# "--without compute,cancel-recv" to find out which behaviour a set of mismatches needs).
set -u

if [ $# -lt 1 ]; then
    echo "usage: bash tests/cli/differential.sh PATH_TO_pollscope [SCENARIO.json ...]" >&2
    exit 2
fi
POLLSCOPE=$1
shift
case $POLLSCOPE in /*) ;; *) POLLSCOPE=$PWD/$POLLSCOPE ;; esac
COUNT=${DIFFERENTIAL_COUNT:-300}
SEED0=${DIFFERENTIAL_SEED:-1}
MAX_POLLS=${DIFFERENTIAL_MAX_POLLS:-10000}
OUT=${DIFFERENTIAL_OUT:-build/differential-failures}
SHOW=${DIFFERENTIAL_SHOW:-5}
GEN_ARGS=${DIFFERENTIAL_GEN_ARGS:-}
REF_DIR=tests/reference
DEBIAN_PATH=/usr/sbin:/usr/bin:/sbin:/bin
started=$(date +%s)

if [ ! -d "$REF_DIR" ] || [ ! -x "$POLLSCOPE" ]; then
    echo "FAILED: run from the repository root with the path of the pollscope binary (got '$POLLSCOPE')" >&2
    exit 1
fi

# ---- 1. the reference runner (Debian's cargo and crates only) ------------------------------
if ! PATH=$DEBIAN_PATH command -v cargo >/dev/null 2>&1 ||
    [ ! -d /usr/share/cargo/registry ] || ! ls -d /usr/share/cargo/registry/tokio-1.* >/dev/null 2>&1; then
    echo "SKIPPED: cargo/librust-tokio-dev not installed (apt-get install cargo librust-tokio-dev librust-serde-json-dev)"
    exit 0
fi
echo "== building the reference runner (Debian cargo $(PATH=$DEBIAN_PATH cargo --version | cut -d' ' -f2), offline)"
if ! (cd "$REF_DIR" && PATH=$DEBIAN_PATH cargo build --release --offline --quiet); then
    echo "FAILED: the reference runner does not build (see the cargo messages above)" >&2
    exit 1
fi
REF=$PWD/$REF_DIR/target/release/pollscope-reference

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The runner's own regression check: tests/reference/golden/*.json with the polls tokio gave
# when they were written (each one shows a tokio rule: see tests/reference/README.md).
for g in "$REF_DIR"/golden/*.json; do
    "$REF" run "$g" >"$TMP/golden.out" 2>/dev/null
    if ! cmp -s "$TMP/golden.out" "${g%.json}.polls"; then
        echo "FAILED: the reference runner no longer gives the recorded tokio polls for $g:" >&2
        diff "${g%.json}.polls" "$TMP/golden.out" | head -10 >&2
        exit 1
    fi
done

# ---- 2. is the pollscope side there? -----------------------------------------------------------
"$REF" gen --seed 1 >"$TMP/probe.json"
if ! "$POLLSCOPE" run "$TMP/probe.json" --policy tokio-current-thread --format polls --poll-cost 0ns \
    >"$TMP/probe.out" 2>"$TMP/probe.err" && [ ! -s "$TMP/probe.out" ]; then
    echo "FAILED: the pollscope side is unavailable: this build of pollscope cannot run" >&2
    echo "  $POLLSCOPE run FILE --policy tokio-current-thread --format polls --poll-cost 0ns" >&2
    echo "It said:" >&2
    sed 's/^/  | /' "$TMP/probe.err" | head -5 >&2
    exit 1
fi

# ---- 3. compare ------------------------------------------------------------------------------
compared=0
matched=0
wakes_compared=0
wakes_total=0
wakes_by_ref=0
skipped=0
mismatched=0
errors=0
truncated=0
skip_reasons=""

# first_diff A B: the first line number where A and B differ (0 if they are equal).
first_diff() {
    awk -v other="$2" '
        BEGIN { n = 0; while ((getline line < other) > 0) b[++n] = line }
        { if (FNR > n || $0 != b[FNR]) { print FNR; found = 1; exit } }
        END { if (!found) { if (NR < n) print NR + 1; else print 0 } }' "$1"
}

# wake_kinds_ps LOG: per task of a pollscope log, "NAME KINDS" with every wake of its waker in
# order (w = wake, r = wake_by_ref), sorted by name; tasks never woken are left out.
wake_kinds_ps() {
    sed -nE "s/^.* step [0-9]+: (waker #[0-9]+|the borrowed waker) of task [0-9]+ '([^']*)' woken (and consumed|by reference): .*/\2 \3/p" "$1" |
        awk '{ k = ($2 == "and") ? "w" : "r"; if (!($1 in s)) order[++n] = $1; s[$1] = s[$1] k }
             END { for (i = 1; i <= n; i++) print order[i], s[order[i]] }' | LC_ALL=C sort
}

# wake_kinds_ref ERR: the same from the reference runner's `wake-kinds NAME KINDS` lines.
wake_kinds_ref() {
    sed -n 's/^wake-kinds \([^ ]*\) \([wr][wr]*\)$/\1 \2/p' "$1" | LC_ALL=C sort
}

context() { # FILE LINE
    awk -v at="$2" 'NR >= at - 3 && NR <= at + 3 { printf "    %s%5d  %s\n", (NR == at ? ">" : " "), NR, $0 }
                    END { if (NR < at) printf "    >%5d  (end: %d polls)\n", at, NR }' "$1"
}

# compare LABEL FILE
compare() {
    local label=$1 file=$2 rc_ref rc_ps
    "$REF" run "$file" --max-polls "$MAX_POLLS" --wake-kinds >"$TMP/ref.out" 2>"$TMP/ref.err"
    rc_ref=$?
    case $rc_ref in
        0 | 4 | 5) ;;
        3)
            skipped=$((skipped + 1))
            skip_reasons+="  $label: $(sed 's/^pollscope-reference: unsupported: [^:]*: //' "$TMP/ref.err" | head -1)"$'\n'
            return
            ;;
        *)
            errors=$((errors + 1))
            echo "ERROR: $label: the reference runner failed (exit $rc_ref): $(head -3 "$TMP/ref.err")"
            return
            ;;
    esac
    # A run that never ends is compared up to the runner's poll limit: give pollscope enough
    # events to get past it (a lesson's own max_events may stop it much earlier).
    "$POLLSCOPE" run "$file" --policy tokio-current-thread --format polls --poll-cost 0ns \
        --max-events $((MAX_POLLS * 50)) >"$TMP/ps.out" 2>"$TMP/ps.err"
    rc_ps=$?
    if [ $rc_ps -ne 0 ] && [ ! -s "$TMP/ps.out" ]; then
        errors=$((errors + 1))
        echo "ERROR: $label: pollscope failed (exit $rc_ps): $(head -3 "$TMP/ps.err")"
        return
    fi
    compared=$((compared + 1))
    local ref_lines ps_lines line
    ref_lines=$(wc -l <"$TMP/ref.out")
    ps_lines=$(wc -l <"$TMP/ps.out")
    if [ $rc_ref -eq 5 ]; then
        # The reference stopped at the poll limit: compare that prefix only.
        truncated=$((truncated + 1))
        head -n "$ref_lines" "$TMP/ps.out" >"$TMP/ps.cut"
        line=$(first_diff "$TMP/ref.out" "$TMP/ps.cut")
    else
        line=$(first_diff "$TMP/ref.out" "$TMP/ps.out")
    fi
    if [ "$line" = 0 ] && [ $rc_ref -ne 5 ]; then
        "$POLLSCOPE" run "$file" --policy tokio-current-thread --format log --poll-cost 0ns \
            --max-events $((MAX_POLLS * 50)) >"$TMP/ps.log" 2>/dev/null
        wake_kinds_ps "$TMP/ps.log" >"$TMP/ps.wakes"
        wake_kinds_ref "$TMP/ref.err" >"$TMP/ref.wakes"
        if ! cmp -s "$TMP/ps.wakes" "$TMP/ref.wakes"; then
            mismatched=$((mismatched + 1))
            mkdir -p "$OUT"
            local wbase
            wbase=$OUT/$(basename "$file" .json)
            cp "$file" "$wbase.json"
            cp "$TMP/ref.wakes" "$wbase.tokio-wakes.txt"
            cp "$TMP/ps.wakes" "$wbase.pollscope-wakes.txt"
            echo "MISMATCH: $label: same polls, different wake kinds per task (w = wake, r = wake_by_ref)" \
                "(saved as $wbase.json, .tokio-wakes.txt, .pollscope-wakes.txt)"
            diff "$TMP/ref.wakes" "$TMP/ps.wakes" | sed -n 's/^</  tokio    /p; s/^>/  pollscope/p' | head -6
            return
        fi
        wakes_compared=$((wakes_compared + 1))
        local kinds
        kinds=$(cut -d' ' -f2 "$TMP/ref.wakes" | tr -d '\n')
        wakes_total=$((wakes_total + ${#kinds}))
        kinds=${kinds//w/}
        wakes_by_ref=$((wakes_by_ref + ${#kinds}))
    fi
    if [ "$line" = 0 ]; then
        matched=$((matched + 1))
        return
    fi
    mismatched=$((mismatched + 1))
    mkdir -p "$OUT"
    local base
    base=$OUT/$(basename "$file" .json)
    cp "$file" "$base.json"
    cp "$TMP/ref.out" "$base.tokio.txt"
    cp "$TMP/ps.out" "$base.pollscope.txt"
    if [ $mismatched -le "$SHOW" ]; then
        echo "MISMATCH: $label (saved as $base.json, .tokio.txt, .pollscope.txt)"
        echo "  first difference at poll $line: tokio has '$(sed -n "${line}p" "$TMP/ref.out")'," \
            "pollscope has '$(sed -n "${line}p" "$TMP/ps.out")' ($ref_lines polls in tokio, $ps_lines in pollscope)"
        echo "  tokio (tests/reference):"
        context "$TMP/ref.out" "$line"
        echo "  pollscope --policy tokio-current-thread:"
        context "$TMP/ps.out" "$line"
    else
        echo "MISMATCH: $label at poll $line: tokio '$(sed -n "${line}p" "$TMP/ref.out")'," \
            "pollscope '$(sed -n "${line}p" "$TMP/ps.out")' (saved as $base.json)"
    fi
}

if [ $# -gt 0 ]; then
    echo "== comparing $# given scenario(s)"
    for f in "$@"; do compare "$f" "$f"; done
else
    lessons=(scenarios/*.json)
    if [ -e "${lessons[0]}" ]; then
        echo "== comparing the lessons in scenarios/"
        for f in "${lessons[@]}"; do
            # A lesson that carries its Rust program has no ops for the reference runner; the
            # program itself runs on real tokio in tests/rust_programs/check.sh.
            grep -q '^  "program":' "$f" && continue
            compare "$f" "$f"
        done
    fi
    echo "== comparing the tokio test vectors in $REF_DIR/golden/"
    for f in "$REF_DIR"/golden/*.json; do compare "$f" "$f"; done
    echo "== comparing $COUNT generated scenarios (seeds $SEED0..$((SEED0 + COUNT - 1)))"
    for ((seed = SEED0; seed < SEED0 + COUNT; seed++)); do
        # shellcheck disable=SC2086
        "$REF" gen --seed "$seed" $GEN_ARGS >"$TMP/gen-$seed.json"
        compare "generated seed $seed (pollscope-reference gen --seed $seed${GEN_ARGS:+ $GEN_ARGS})" "$TMP/gen-$seed.json"
        rm -f "$TMP/gen-$seed.json"
    done
fi

if [ $skipped -gt 0 ]; then
    echo "Skipped as unsupported by the reference runner:"
    printf '%s' "$skip_reasons"
fi
echo "differential: $compared scenarios compared, $matched matched, $mismatched mismatched," \
    "$skipped skipped as unsupported, $errors errors ($truncated compared up to the $MAX_POLLS-poll limit);" \
    "$(($(date +%s) - started)) s"
echo "wake kinds: compared on $wakes_compared scenarios, $wakes_total wakes ($wakes_by_ref of them wake_by_ref)," \
    "the same kind in the same order per task on both sides"
if [ $mismatched -gt 0 ] || [ $errors -gt 0 ]; then
    [ $mismatched -gt 0 ] && echo "FAILED: pollscope's tokio-current-thread policy differs from tokio; failing scenarios are in $OUT/"
    [ $errors -gt 0 ] && echo "FAILED: $errors scenario(s) could not be run"
    exit 1
fi
echo "PASSED"
