//! Producer and consumer
use tokio::sync::mpsc;
use tokio::time::{sleep, Duration};

async fn producer(tx: mpsc::Sender<u32>, n: u32) {
    for i in 0..n {
        if tx.send(i).await.is_err() { break; }
        sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(1);
    let p = tokio::spawn(producer(tx, 3));
    while let Some(v) = rx.recv().await {
        println!("got {v}");
    }
    p.await.unwrap();
}
