#!/usr/bin/env bash
# `pollscope run|check PROGRAM.rs`: a Rust program runs with its own task names and prints into
# the log; the attribute picks the policy; errors name the file, line and column with an id.
#
# Usage (from the repository root): bash tests/cli/run_rust.sh PATH_TO_pollscope
source "$(dirname "$0")/common.bash" "$@"
source "$(dirname "$0")/run_helpers.bash"

cat >"$tmp/pipe.rs" <<'RS'
//! A producer and a consumer
use std::time::Duration;
use tokio::sync::mpsc;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(1);
    let producer = tokio::spawn(async move {
        for i in 0..3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
            tx.send(i).await.unwrap();
        }
    });
    while let Some(v) = rx.recv().await {
        println!("got {v}");
    }
    producer.await.unwrap();
}
RS

run run "$tmp/pipe.rs"
status_is 0 "a program runs"
has "$tmp/out" "\"A producer and a consumer\" (policy tokio-current-thread," "title and policy from the program"
has "$tmp/out" "task 1 'producer' spawned by task 0 'main'" "the let binding names the task"
has "$tmp/out" "    stdout: got 2" "println! appears in the log"
has "$tmp/out" "all 2 tasks completed" "the run ends when the sender is dropped"

run check "$tmp/pipe.rs"
status_is 0 "check accepts the program"

printf '#[tokio::main]\nasync fn main() {\n    let f = g();\n}\nasync fn g() {}\n' >"$tmp/bad.rs"
run check "$tmp/bad.rs"
status_is 2 "check refuses a stored future"
has "$tmp/err" "bad.rs:3:13: not supported: keeping the future of \`g(..)\`" "the refusal names line and column"
has "$tmp/err" "[rust.unsupported.301]" "the refusal has its id"

printf 'fn main() {}\n' >"$tmp/nomain.rs"
run run "$tmp/nomain.rs"
status_is 2 "run refuses a program without #[tokio::main]"
has "$tmp/err" "[rust.run.501]" "no #[tokio::main]: its id"

run run "$tmp/missing.rs"
status_is 1 "a missing program is an unreadable file (exit 1)"

finish run_rust "PASSED ($checks runs)" "FAILED ($failures of $checks checks)"
