#!/usr/bin/env bash
# Runs `pollscope check` on every tests/malformed/NN-name.json and compares stderr with
# NN-name.expected word for word; each must exit 2 with nothing on stdout and no crash.
# Also checks the command's own behaviour: ok files, --quiet, --help, usage errors, I/O errors.
# Usage (from the repository root): bash tests/cli/check_malformed.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
checked=0

# expect NAME STATUS EXPECTED_STDOUT_FILE EXPECTED_STDERR_FILE -- ARGS...
expect() {
    local name=$1 status=$2 out=$3 err=$4
    shift 5
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    checked=$((checked + 1))
    [ "$rc" -eq "$status" ] || fail "$name: exit status $rc, expected $status"
    cmp -s "$tmp/out" "$out" || { fail "$name: stdout differs"; diff "$out" "$tmp/out" | head -20; }
    cmp -s "$tmp/err" "$err" || { fail "$name: stderr differs"; diff "$err" "$tmp/err" | head -20; }
}

: >"$tmp/empty"
count=0
for json in tests/malformed/*.json; do
    expected=${json%.json}.expected
    if [ ! -f "$expected" ]; then
        fail "$json has no ${expected##*/}"
        continue
    fi
    count=$((count + 1))
    expect "$json" 2 "$tmp/empty" "$expected" -- check "$json"
done
[ "$count" -ge 45 ] || fail "only $count malformed files (want at least 45)"

# A valid file prints "FILE: ok"; --quiet prints nothing; a mix exits 2.
good=tests/scenario_load/every_op.json
echo "$good: ok" >"$tmp/ok"
expect "valid file" 0 "$tmp/ok" "$tmp/empty" -- check "$good"
expect "valid file, --quiet" 0 "$tmp/empty" "$tmp/empty" -- check --quiet "$good"
cat tests/malformed/31-unknown-op-key.expected >"$tmp/mixed_err"
expect "valid and invalid" 2 "$tmp/ok" "$tmp/mixed_err" -- check "$good" tests/malformed/31-unknown-op-key.json

# I/O errors.
echo "tests/malformed/no-such-file.json: no such file [scenario.io.101]" >"$tmp/missing"
expect "missing file" 1 "$tmp/empty" "$tmp/missing" -- check tests/malformed/no-such-file.json
echo "tests/malformed: this is a directory, not a scenario file [scenario.io.102]" >"$tmp/dir"
expect "directory" 1 "$tmp/empty" "$tmp/dir" -- check tests/malformed

# A file over 1 MiB, made here rather than committed.
big="$tmp/big.json"
head -c 1048577 /dev/zero | tr '\0' ' ' >"$big"
echo "$big: the file is 1048577 bytes, above the limit of 1048576 bytes [scenario.limit.501]" >"$tmp/big_err"
expect "file over the size limit" 2 "$tmp/empty" "$tmp/big_err" -- check "$big"

# 1 MiB of '[' (at the size limit): refused by the depth check, no stack overflow.
deep="$tmp/deep.json"
head -c 1048576 /dev/zero | tr '\0' '[' >"$deep"
echo "$deep:1:65: nesting is deeper than 64 levels of '[' and '{' (the limit) [scenario.limit.502]" >"$tmp/deep_err"
expect "one mebibyte of brackets" 2 "$tmp/empty" "$tmp/deep_err" -- check "$deep"

# Usage.
"$bin" check --help >"$tmp/out" 2>"$tmp/err"
rc=$?
checked=$((checked + 1))
[ "$rc" -eq 0 ] || fail "--help: exit status $rc"
grep -q '^Usage: pollscope check' "$tmp/out" || fail "--help: no usage on stdout"
[ -s "$tmp/err" ] && fail "--help: wrote to stderr"

"$bin" check >"$tmp/out" 2>"$tmp/err"
rc=$?
checked=$((checked + 1))
[ "$rc" -eq 1 ] || fail "no arguments: exit status $rc, expected 1"
grep -q 'Usage: pollscope check' "$tmp/err" || fail "no arguments: no usage on stderr"
[ -s "$tmp/out" ] && fail "no arguments: wrote to stdout"

"$bin" check --frobnicate "$good" >"$tmp/out" 2>"$tmp/err"
rc=$?
checked=$((checked + 1))
[ "$rc" -eq 1 ] || fail "unknown option: exit status $rc, expected 1"
grep -q "unknown option '--frobnicate'" "$tmp/err" || fail "unknown option: not named on stderr"

finish check_malformed "all $checked checks passed ($count malformed files)" "$failures of $checked checks failed"
