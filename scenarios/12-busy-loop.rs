//! 12 · The busy loop: a future that wakes itself on every poll
//!
//! `spinner` never finishes: on real tokio this program spins forever (pollscope stops it at
//! the lesson's event limit).

use pollscope::Scripted;
use std::time::Duration;
use tokio::task::yield_now;
use tokio::time::sleep;

async fn spinner() {
    // always Pending, always wakes itself
    Scripted::<()>::new().pending_wake_by_ref().repeat_last().await;
}

async fn worker() {
    for _ in 0..3 {
        yield_now().await; // a well-behaved neighbour
    }
}

async fn ticker() {
    sleep(Duration::from_micros(500)).await; // due at 0.5 ms
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let spinner = tokio::spawn(spinner());
    let worker = tokio::spawn(worker());
    let ticker = tokio::spawn(ticker());
    spinner.await.unwrap();
    worker.await.unwrap();
    ticker.await.unwrap();
}
