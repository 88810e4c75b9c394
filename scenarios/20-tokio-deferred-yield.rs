//! 20 · tokio's yield_now waits for the driver

use std::future::ready;
use tokio::sync::mpsc;
use tokio::task::yield_now;

async fn consumer(mut jobs: mpsc::Receiver<u32>) {
    let job = jobs.recv().await;
    println!("consumer: {:?}", job);
}

async fn yielder() -> u32 {
    yield_now().await; // let the others run
    ready(1).await
}

async fn producer(jobs: mpsc::Sender<u32>) {
    jobs.send(5).await.unwrap();
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (jobs_tx, jobs_rx) = mpsc::channel::<u32>(1);
    let consumer = tokio::spawn(consumer(jobs_rx));
    let yielder = tokio::spawn(yielder());
    let producer = tokio::spawn(producer(jobs_tx));
    consumer.await.unwrap();
    yielder.await.unwrap();
    producer.await.unwrap();
}
