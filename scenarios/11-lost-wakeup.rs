//! 11 · The lost wakeup: Pending with no waker left behind
//!
//! `pollscope::Scripted` is a hand-written `impl Future` whose polls are spelled out. `buggy`
//! is never woken again, so this program never ends (nor does `main`, which awaits it).

use pollscope::Scripted;
use std::time::Duration;

async fn correct() {
    // stores its waker with a helper thread
    let v = Scripted::new().pending_store_wake_after(Duration::from_millis(3)).ready(1).await;
    println!("correct: {}", v);
}

async fn buggy() {
    let v = Scripted::new().pending_forget().ready(1).await; // forgets the waker
    println!("buggy: {}", v);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let correct = tokio::spawn(correct());
    let buggy = tokio::spawn(buggy());
    correct.await.unwrap();
    buggy.await.unwrap();
}
