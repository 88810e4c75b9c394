//! 02 · Sleeping: Pending, a waker for the timer, a wake
//!
//! The sleep is Pending on its first poll and leaves a clone of the task's waker with the
//! timer; 10 ms later the timer wakes the task, and the second poll finishes.

use std::future::ready;
use std::time::Duration;
use tokio::time::sleep;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    sleep(Duration::from_millis(10)).await; // nap
    let after = ready(1).await; // after the nap
    println!("main: awake, {}", after);
}
