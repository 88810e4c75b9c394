//! 18 · Notify: a stored permit versus a lost notification

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::sleep;

async fn announcer(bell: Arc<Notify>, gong: Arc<Notify>) {
    bell.notify_one(); // nobody waits: a permit is stored
    gong.notify_waiters(); // nobody waits: lost
    sleep(Duration::from_millis(5)).await;
    gong.notify_waiters(); // wakes everyone waiting now
}

async fn early(gong: Arc<Notify>) {
    gong.notified().await; // wait for the gong
    println!("early: heard the gong");
}

async fn late(bell: Arc<Notify>, gong: Arc<Notify>) {
    sleep(Duration::from_millis(1)).await; // arrive after the first calls
    bell.notified().await; // takes the stored permit
    gong.notified().await; // waits for the next gong
    println!("late: heard the bell and the gong");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let bell = Arc::new(Notify::new());
    let gong = Arc::new(Notify::new());
    let announcer = tokio::spawn(announcer(bell.clone(), gong.clone()));
    let early = tokio::spawn(early(gong.clone()));
    let late = tokio::spawn(late(bell.clone(), gong.clone()));
    announcer.await.unwrap();
    early.await.unwrap();
    late.await.unwrap();
}
