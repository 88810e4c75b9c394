//! 26 · The bug: std::thread::sleep inside async code
//!
//! `poller` means to wait 20 ms between checks but calls `std::thread::sleep`, which blocks
//! the executor's only thread, instead of `tokio::time::sleep(..).await`, which would return
//! Pending and let others run. `heartbeat` should beat every 5 ms; while `poller` sleeps
//! nobody can poll it, and its beats come late. pollscope flags each 20 ms poll as blocking
//! the executor. (On real tokio with the paused clock the virtual time does not see the
//! blocking; the thread really stops for 60 ms.)

use std::time::Duration;
use tokio::task::yield_now;
use tokio::time::sleep;

async fn heartbeat() {
    for i in 0..6 {
        sleep(Duration::from_millis(5)).await; // beat every 5 ms
        println!("heartbeat: beat {}", i);
    }
}

async fn poller() {
    for i in 0..3 {
        println!("poller: check {}", i);
        std::thread::sleep(Duration::from_millis(20)); // BUG: blocks the thread for 20 ms
        yield_now().await;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let heartbeat = tokio::spawn(heartbeat());
    let poller = tokio::spawn(poller());
    heartbeat.await.unwrap();
    poller.await.unwrap();
}
