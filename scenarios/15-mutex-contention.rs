//! 15 · An async mutex under contention: waiters queue up, woken in order
//!
//! Differs from the ops form only in what the lock guards: a counter (`Mutex<u32>`, each
//! holder adds one) instead of `()`. `first`, `second` and `third` run the same async fn.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::sleep;

async fn worker(m: Arc<Mutex<u32>>) {
    let mut guard = m.lock().await;
    *guard += 1;
    sleep(Duration::from_millis(2)).await; // work while holding the lock
    drop(guard);
}

async fn latecomer(m: Arc<Mutex<u32>>) {
    sleep(Duration::from_millis(2)).await; // arrive just as first unlocks
    let guard = m.lock().await;
    println!("latecomer: the counter is {}", *guard);
    drop(guard);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let m = Arc::new(Mutex::new(0u32));
    let first = tokio::spawn(worker(m.clone()));
    let second = tokio::spawn(worker(m.clone()));
    let third = tokio::spawn(worker(m.clone()));
    let latecomer = tokio::spawn(latecomer(m.clone()));
    first.await.unwrap();
    second.await.unwrap();
    third.await.unwrap();
    latecomer.await.unwrap();
}
