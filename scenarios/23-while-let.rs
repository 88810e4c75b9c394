//! 23 · while let: a consumer that stops when the last Sender is dropped
//!
//! The producer sends three jobs, then drops its Sender with `drop(jobs)` and goes on with
//! other work. The consumer's `recv()` returns `None` as soon as the channel is empty and no
//! Sender is left, which ends its `while let` loop, while the producer is still running.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

async fn producer(jobs: mpsc::Sender<u32>) {
    for job in 1..=3 {
        jobs.send(job).await.unwrap();
        sleep(Duration::from_millis(2)).await; // the next job takes 2 ms to prepare
    }
    drop(jobs); // no more jobs: the channel closes once it is empty
    sleep(Duration::from_millis(5)).await; // tidy up, long after the consumer has stopped
    println!("producer: done");
}

async fn consumer(mut jobs: mpsc::Receiver<u32>) {
    let mut total = 0;
    while let Some(job) = jobs.recv().await { // next job, or None when closed
        total += job;
        println!("consumer: job {}, total {}", job, total);
    }
    println!("consumer: no Sender left, the loop ends with total {}", total);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (jobs_tx, jobs_rx) = mpsc::channel::<u32>(1);
    let producer = tokio::spawn(producer(jobs_tx));
    let consumer = tokio::spawn(consumer(jobs_rx));
    producer.await.unwrap();
    consumer.await.unwrap();
}
