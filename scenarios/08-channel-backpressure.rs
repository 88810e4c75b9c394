//! 08 · A bounded channel: back-pressure parks the producer
//!
//! Differs from the ops form: the consumer is `while let Some(job) = jobs.recv().await`, which
//! the ops form spells as five recv + sleep rounds and one last recv that returns None (-1).
//! The await points are the same: the sixth recv returns None because the producer's task has
//! ended and dropped the only Sender, and the loop stops.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

async fn producer(jobs: mpsc::Sender<u32>) {
    for job in 1..=5 {
        jobs.send(job).await.unwrap();
    }
}

async fn consumer(mut jobs: mpsc::Receiver<u32>) {
    while let Some(job) = jobs.recv().await { // next job; None once the channel is closed
        sleep(Duration::from_millis(3)).await; // work on it
        println!("consumer: job {} done", job);
    }
    println!("consumer: the channel is closed");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (jobs_tx, jobs_rx) = mpsc::channel::<u32>(2);
    let producer = tokio::spawn(producer(jobs_tx));
    let consumer = tokio::spawn(consumer(jobs_rx));
    producer.await.unwrap();
    consumer.await.unwrap();
}
