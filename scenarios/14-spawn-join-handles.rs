//! 14 · spawn and JoinHandle: a parent awaits its children
//!
//! `main` spawns `parent` (the ops form starts it directly).

use std::future::ready;
use std::time::Duration;
use tokio::time::sleep;

async fn slow() -> u32 {
    sleep(Duration::from_millis(5)).await;
    ready(1).await
}

async fn quick() -> u32 {
    sleep(Duration::from_millis(2)).await;
    ready(2).await
}

async fn parent() {
    let slow = tokio::spawn(slow());
    let quick = tokio::spawn(quick());
    let s = slow.await.unwrap(); // wait for slow
    let q = quick.await.unwrap(); // then for quick
    println!("parent: slow gave {}, quick gave {}", s, q);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let parent = tokio::spawn(parent());
    parent.await.unwrap();
}
