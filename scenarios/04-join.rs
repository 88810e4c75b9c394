//! 04 · join!: one task, two futures, polled together
//!
//! The ops form joins two async blocks; here they are the async fns `a` and `b`, whose
//! futures `join!` polls in the same way.

use std::future::ready;
use std::time::Duration;
use tokio::time::sleep;

async fn a() -> u32 {
    sleep(Duration::from_millis(5)).await; // a: one long wait
    ready(1).await
}

async fn b() -> u32 {
    sleep(Duration::from_millis(2)).await; // b: first short wait
    sleep(Duration::from_millis(2)).await; // b: second short wait
    ready(2).await
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (x, y) = tokio::join!(a(), b());
    println!("main: joined ({}, {})", x, y);
}
