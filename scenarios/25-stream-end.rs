//! 25 · A Stream: poll_next until Ready(None)
//!
//! `ReceiverStream` turns a channel's Receiver into a `Stream`; `StreamExt::next` awaits its
//! `poll_next`: `Ready(Some(v))` for each value, `Pending` while the channel is empty, and
//! `Ready(None)` once it is closed and drained: the stream has ended.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::StreamExt;

async fn numbers(out: mpsc::Sender<u32>) {
    for n in [10, 20, 30] {
        out.send(n).await.unwrap();
        sleep(Duration::from_millis(3)).await;
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (tx, rx) = mpsc::channel::<u32>(2);
    let numbers = tokio::spawn(numbers(tx));
    let mut stream = ReceiverStream::new(rx);
    while let Some(n) = stream.next().await { // poll_next: Ready(Some), Pending, or Ready(None)
        println!("main: the stream gave {}", n);
    }
    println!("main: poll_next returned Ready(None): the stream has ended");
    numbers.await.unwrap();
}
