//! 13 · Counting waker clones: what a Waker really is
//!
//! The ops form's third branch, an async block repeating `yield_now`, is the async fn
//! `yields` here.

use pollscope::Scripted;
use std::time::Duration;
use tokio::task::yield_now;
use tokio::time::sleep;

async fn yields() {
    for _ in 0..3 {
        yield_now().await; // gets the task polled again
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (_, v, _) = tokio::join!(
        sleep(Duration::from_millis(10)), // keeps its clone (will_wake)
        // naive: a fresh clone on every poll
        Scripted::new().pending_store().pending_store().pending_store().ready(1),
        yields(),
    );
    println!("main: the hand-written future gave {}", v);
}
