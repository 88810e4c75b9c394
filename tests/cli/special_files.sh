#!/usr/bin/env bash
# Files that are not regular files. As inputs (check, run, view) a FIFO or a device is refused
# at once with "not a regular file (a FIFO)": never a hang in open() or read(), never a read of
# /dev/zero up to the size limit. As export targets (--trace and the rest) a FIFO, directory or
# device is refused and left as it was, and a symbolic link is written through to its file.
# Every command runs under `timeout 5`, so a hang fails the test instead of blocking ctest.
# Usage (from the repository root): bash tests/cli/special_files.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
lesson=scenarios/01-ready.json
checks=0
[ -f "$lesson" ] || { echo "FAIL: $lesson is missing (run from the repository root)"; exit 1; }

# try ARGS...: runs pollscope with a 5 s limit; sets rc, and err to its stderr.
try() {
    timeout 5 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    checks=$((checks + 1))
    err=$(cat "$tmp/err")
}

# refused NAME EXPECTED_STDERR: the last `try` failed at once (no hang, no success) saying exactly that.
refused() {
    if [ "$rc" -eq 124 ]; then
        fail "$1: still running after 5 s"
    elif [ "$rc" -eq 0 ]; then
        fail "$1: succeeded"
    fi
    [ "$err" = "$2" ] || fail "$1: stderr is '$err', expected '$2'"
}

fifo="$tmp/pipe"
mkfifo "$fifo"

# Inputs: a FIFO with no writer (a blocking open would wait for one forever).
try check "$fifo"
refused "check on a FIFO with no writer" "$fifo: not a regular file (a FIFO) [scenario.io.104]"
try run "$fifo"
refused "run on a FIFO with no writer" "$fifo: not a regular file (a FIFO) [scenario.io.104]"

# A FIFO with a writer holding it open and some text in it (a blocking read would wait for more).
exec 3<>"$fifo"
printf '{"format": ' >&3
try check "$fifo"
refused "check on a FIFO with a writer" "$fifo: not a regular file (a FIFO) [scenario.io.104]"
try run "$fifo"
refused "run on a FIFO with a writer" "$fifo: not a regular file (a FIFO) [scenario.io.104]"
exec 3>&-

# `view` loads the trace before it needs a display; skipped in a build without the GUI.
try view "$fifo"
if [ "$err" != "pollscope view: this build has no GUI (configure with -DPOLLSCOPE_GUI=ON)" ]; then
    refused "view on a FIFO" "$fifo: not a regular file (a FIFO) [trace.io.002]"
fi
gui_build=$([ "$err" != "pollscope view: this build has no GUI (configure with -DPOLLSCOPE_GUI=ON)" ] && echo 1)

# A character device: our own node for /dev/zero in $tmp (never a real system device), as root.
zero="$tmp/zero"
if [ "$(id -u)" = 0 ] && mknod "$zero" c 1 5 2>/dev/null; then
    try check "$zero"
    refused "check on a character device" "$zero: not a regular file (a character device) [scenario.io.104]"
    if [ -n "$gui_build" ]; then
        try view "$zero"
        refused "view on a character device" "$zero: not a regular file (a character device) [trace.io.002]"
    fi
else
    echo "skipped: the character device checks need root and mknod"
fi

# Export targets: refused, and left exactly as they were.
try run "$lesson" --quiet --trace "$fifo"
refused "--trace onto a FIFO" "pollscope run: cannot write \"$fifo\": it is a FIFO, not a regular file"
[ -p "$fifo" ] || fail "--trace onto a FIFO: the FIFO is gone"

mkdir "$tmp/dir"
try run "$lesson" --quiet --chrome "$tmp/dir"
refused "--chrome onto a directory" "pollscope run: cannot write \"$tmp/dir\": it is a directory, not a regular file"
[ -d "$tmp/dir" ] || fail "--chrome onto a directory: the directory is gone"

if [ -e "$zero" ]; then
    try run "$lesson" --quiet --svg "$zero"
    refused "--svg onto a character device" "pollscope run: cannot write \"$zero\": it is a character device, not a regular file"
    [ -c "$zero" ] || fail "--svg onto a character device: it is no longer a character device"
fi

# Through a symbolic link: the file it points to gets the trace; the link stays a link.
mkdir "$tmp/real"
echo old >"$tmp/real/trace.json"
ln -s real/trace.json "$tmp/link.json"
try run "$lesson" --quiet --trace "$tmp/link.json"
[ "$rc" -eq 0 ] || fail "--trace through a symbolic link: exit $rc ($err)"
[ -L "$tmp/link.json" ] || fail "--trace through a symbolic link: the link was replaced by a file"
grep -q '"format": "pollscope-trace/1"' "$tmp/real/trace.json" ||
    fail "--trace through a symbolic link: the file it points to was not written"

finish special_files "all $checks commands refuse or write through as they should" \
    "$failures failure(s) in $checks commands"
