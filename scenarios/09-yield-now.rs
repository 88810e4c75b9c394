//! 09 · yield_now: giving the thread back on purpose
//!
//! `pollscope::compute` is a plain (blocking) call, not an await point: the ops form shows it
//! as a leaf future that is Ready in the poll that reaches it, so the task polls are the same.

use pollscope::compute;
use std::time::Duration;
use tokio::task::yield_now;

async fn worker() {
    for _ in 0..3 {
        compute(Duration::from_millis(2)); // a chunk of CPU work
        yield_now().await; // let the others run
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let a = tokio::spawn(worker());
    let b = tokio::spawn(worker());
    a.await.unwrap();
    b.await.unwrap();
    println!("main: a and b are done");
}
