#!/usr/bin/env bash
# A scenario file's "program": the Rust program next to it (or inline) makes the tasks, and the
# file's title, notes and runtime options apply; a missing or bad program is an error that
# names the scenario file, line and column of the key, or the program's own position.
#
# Usage (from the repository root): bash tests/cli/program_key.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
source "$(dirname "$0")/run_helpers.bash"

cat >"$tmp/tick.rs" <<'RS'
use std::time::Duration;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    tokio::time::sleep(Duration::from_millis(3)).await;
    println!("tick");
}
RS
cat >"$tmp/lesson.json" <<'JSON'
{
  "format": "pollscope-scenario/1",
  "title": "a titled program",
  "runtime": {"poll_cost": "0ns"},
  "program": "tick.rs",
  "notes": [{"when": {"event": "task_complete", "task": "main", "nth": 1}, "text": "done"}]
}
JSON
run run "$tmp/lesson.json" --notes
status_is 0 "a scenario file runs its sibling program"
has "$tmp/out" "\"a titled program\" (policy tokio-current-thread, seed 1, poll cost 0ns)" "the file's title and runtime apply, the program's flavor picks the policy"
has "$tmp/out" "    stdout: tick" "the program runs"
has "$tmp/out" "note: done" "the file's notes land on the program's trace"
has "$tmp/out" "at t=3.000ms" "poll_cost 0ns from the file"

printf '{"format": "pollscope-scenario/1", "title": "x",\n "program": "gone.rs"}\n' >"$tmp/missing.json"
run run "$tmp/missing.json"
status_is 1 "a missing program file fails as an unreadable scenario file does"
has "$tmp/err" "missing.json:2:2" "the error names the file, line and column of the key"
has "$tmp/err" "cannot read the program" "the error says what failed"
has "$tmp/err" "[scenario.io.105]" "the error has its id"

printf '{"format": "pollscope-scenario/1", "title": "x", "program": "tick.rs",\n "tasks": []}\n' >"$tmp/both.json"
run run "$tmp/both.json"
status_is 2 "program and tasks together are refused"
has "$tmp/err" "[scenario.schema.318]" "both keys: its own id"

printf '#[tokio::main]\nasync fn main() {\n    let f = g();\n}\nasync fn g() {}\n' >"$tmp/bad.rs"
printf '{"format": "pollscope-scenario/1", "title": "x", "program": "bad.rs"}\n' >"$tmp/bad.json"
run run "$tmp/bad.json"
status_is 2 "a program the front end refuses is an invalid scenario"
has "$tmp/err" "bad.rs:3:" "the error is at the program's line"

python3 -c 'import json; print(json.dumps({"format": "pollscope-scenario/1", "title": "inline", "program": open("'"$tmp"'/tick.rs").read()}))' >"$tmp/inline.json"
run run "$tmp/inline.json"
status_is 0 "a program given inline runs"
has "$tmp/out" "    stdout: tick" "the inline program runs"

printf '{"format": "pollscope-scenario/1", "title": "x", "program": "tick.rs",\n "notes": [{"when": {"event": "poll_end", "task": "nobody"}, "text": "t"}]}\n' >"$tmp/note.json"
run run "$tmp/note.json"
status_is 2 "a note naming a task the program does not have is refused"
has "$tmp/err" "unknown task \"nobody\"" "the error names the task"

# The prelude's values flow into the programs (pollscope::net sockets, Scripted futures).
run run scenarios/06-socket-read.rs
has "$tmp/out" "    stdout: reader: 40 bytes" "read_bytes(4096) takes what is left of the first burst"
has "$tmp/out" "    stdout: reader: 0 bytes (0 is EOF)" "a closed ScriptedSocket reads 0"
run run scenarios/07-echo-server.rs
has "$tmp/out" "    stdout: handler: echoed 48 bytes, then read 0" "accept gives the connected socket; write_bytes waits for room"
run run scenarios/17-timeout-fires.rs
has "$tmp/out" "    stdout: main: no reply within 5 ms" "a read inside timeout gives Err(Elapsed)"
run run scenarios/13-waker-clones.rs
has "$tmp/out" "    stdout: main: the hand-written future gave 1" "Scripted's ready(v) is the await's value"
run run scenarios/26-blocking-sleep.rs
has "$tmp/out" "[blocking_compute] task 2 'poller' kept the executor busy for 20.03ms" "std::thread::sleep burns the poll's time"

finish program_key "a scenario file's program runs with the file's lesson, notes and runtime" \
    "$failures failure(s)"
