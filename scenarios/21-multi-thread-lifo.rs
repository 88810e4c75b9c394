//! 21 · tokio's multi-thread scheduler: the LIFO slot and work stealing
//!
//! `main` spawns `parent` from outside the workers (the injection queue), as the ops form's
//! start task is. `a` to `d` run the same async fn. (tokio's paused clock exists only for
//! the current_thread flavor, so this one runs on the real clock: 2 ms or so.)

use pollscope::compute;
use std::time::Duration;
use tokio::time::sleep;

async fn child() {
    compute(Duration::from_millis(1));
    sleep(Duration::from_millis(1)).await;
}

async fn parent() {
    let a = tokio::spawn(child());
    let b = tokio::spawn(child());
    let c = tokio::spawn(child());
    let d = tokio::spawn(child());
    a.await.unwrap();
    b.await.unwrap();
    c.await.unwrap();
    d.await.unwrap();
    println!("parent: a, b, c and d are done");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let parent = tokio::spawn(parent());
    parent.await.unwrap();
}
