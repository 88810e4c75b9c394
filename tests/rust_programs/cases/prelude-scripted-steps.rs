//! Every step of a hand-written `pollscope::Scripted` future
//!
//! The steps that wake the task themselves (`pending_wake`, `pending_wake_by_ref`) need no
//! help; the ones that do not (`pending_store` with nobody to wake the clone,
//! `pending_drop_stored`) are carried along by a `join!` neighbour that yields, which gets the
//! whole task polled again.

use pollscope::Scripted;
use std::time::Duration;
use tokio::task::yield_now;
use tokio::time::Instant;

async fn yields(n: u32) {
    for _ in 0..n {
        yield_now().await;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (v, _) = tokio::join!(
        Scripted::new().pending_wake().pending_wake_by_ref().pending_store().pending_drop_stored().ready(5),
        yields(4),
    );
    assert_eq!(v, 5);
    let start = Instant::now();
    let w = Scripted::new().pending_store_wake_after(Duration::from_millis(3)).ready("late").await;
    assert_eq!(w, "late");
    assert_eq!(start.elapsed(), Duration::from_millis(3));
    let zero = Scripted::new().pending_store_wake_after(Duration::ZERO).ready(0u8).await;
    assert_eq!(zero, 0);
    // A repeated Pending step: polled three times, then the neighbour is done and nothing
    // wakes the task again (a lost wakeup), so the join is given up after 1 ms.
    let stuck = tokio::time::timeout(
        Duration::from_millis(1),
        async { tokio::join!(Scripted::<u8>::new().pending_store().repeat_last(), yields(2)) },
    );
    assert!(stuck.await.is_err());
    println!("scripted steps: {} {} {}", v, w, zero);
}
