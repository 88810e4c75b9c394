# Helpers for tests that run `pollscope` once per check (sourced after common.bash, not run by
# ctest: only *.sh files are tests). Gives run, status_is, has, lacks, empty and err_is; counts
# runs in $checks.
checks=0

# run ARGS...: runs pollscope, leaving $rc, $tmp/out and $tmp/err.
run() {
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    checks=$((checks + 1))
}

status_is() {   # status_is EXPECTED WHAT
    [ "$rc" -eq "$1" ] || { fail "$2: exit status $rc, expected $1"; sed 's/^/  stderr: /' "$tmp/err" | head -5; }
}
has() {         # has FILE FIXED_TEXT WHAT
    grep -qF -- "$2" "$1" || { fail "$3: expected '$2' in $(basename "$1")"; sed 's/^/  | /' "$1" | head -10; }
}
lacks() {       # lacks FILE FIXED_TEXT WHAT
    if grep -qF -- "$2" "$1"; then fail "$3: did not expect '$2' in $(basename "$1")"; fi
}
empty() {       # empty FILE WHAT
    [ ! -s "$1" ] || { fail "$2: expected empty $(basename "$1")"; sed 's/^/  | /' "$1" | head -10; }
}
err_is() {      # err_is EXACT_TEXT WHAT: stderr is exactly this one line
    printf '%s\n' "$1" >"$tmp/want"
    cmp -s "$tmp/want" "$tmp/err" || { fail "$2: stderr differs"; diff "$tmp/want" "$tmp/err" | head -6; }
}
