//! 19 · Request and reply: an mpsc request, a oneshot answer
//!
//! Differs from the ops form as the lesson says Rust would: the oneshot Sender for the answer
//! travels inside the request, `(7, reply_tx)`, instead of being a fixed resource; the server
//! computes the answer from the request (7 * 7) instead of sending a fixed 49. The await
//! points are the same.

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::sleep;

async fn client(requests: mpsc::Sender<(u32, oneshot::Sender<u32>)>) {
    let (reply_tx, reply_rx) = oneshot::channel::<u32>();
    requests.send((7, reply_tx)).await.unwrap(); // ask: what is 7 squared?
    let answer = reply_rx.await.unwrap(); // await the answer
    println!("client: 7 squared is {}", answer);
}

async fn server(mut requests: mpsc::Receiver<(u32, oneshot::Sender<u32>)>) {
    let (n, reply) = requests.recv().await.unwrap(); // next request
    sleep(Duration::from_millis(3)).await; // work out the answer
    reply.send(n * n).unwrap(); // answer on the oneshot
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (requests_tx, requests_rx) = mpsc::channel::<(u32, oneshot::Sender<u32>)>(4);
    let client = tokio::spawn(client(requests_tx));
    let server = tokio::spawn(server(requests_rx));
    client.await.unwrap();
    server.await.unwrap();
}
