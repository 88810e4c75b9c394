//! 03 · Two tasks take turns on one thread
//!
//! `main` spawns `fast` and `slow` (the ops form starts them directly) and awaits both.

use std::time::Duration;
use tokio::time::sleep;

async fn fast() {
    for i in 0..3 {
        sleep(Duration::from_millis(2)).await; // tick every 2 ms
        println!("fast: tick {}", i);
    }
}

async fn slow() {
    for i in 0..2 {
        sleep(Duration::from_millis(3)).await; // tick every 3 ms
        println!("slow: tick {}", i);
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let fast = tokio::spawn(fast());
    let slow = tokio::spawn(slow());
    fast.await.unwrap();
    slow.await.unwrap();
}
