//! 05 · select!: the first to finish wins, the loser is dropped
//!
//! The server's send happens after the client has given up and dropped its receiver: in Rust
//! the send then returns the value as an `Err`, which the server reports.

use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::sleep;

async fn client(reply: oneshot::Receiver<u32>) {
    tokio::select! {
        answer = reply => println!("client: the answer is {}", answer.unwrap()), // the answer
        _ = sleep(Duration::from_millis(5)) => println!("client: gave up"), // give up after 5 ms
    }
}

async fn server(reply: oneshot::Sender<u32>) {
    sleep(Duration::from_millis(20)).await; // a slow server
    match reply.send(7) {
        Ok(()) => println!("server: answered"),
        Err(_) => println!("server: nobody is listening any more"),
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (reply_tx, reply_rx) = oneshot::channel::<u32>();
    let client = tokio::spawn(client(reply_rx));
    let server = tokio::spawn(server(reply_tx));
    client.await.unwrap();
    server.await.unwrap();
}
