//! 01 · A future that is ready at once
//!
//! `std::future::ready(42)` is Ready on its first poll: the task is polled once and completes.

use std::future::ready;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let answer = ready(42).await; // the answer, already known
    println!("main: the answer is {}", answer);
}
