//! 07 · An echo server: accept, read, write
//!
//! Differs from the ops form: the two handlers are one `async fn handler`, spawned once per
//! connection, that echoes as many bytes as it read (64 for c1, 48 for c2: the ops form spells
//! those counts out in two task specs). `acceptor` does not await its handlers, as in the ops
//! form; it hands their JoinHandles to `main`, which awaits them so that the runtime does not
//! shut down under them.

use pollscope::net::{ScriptedListener, ScriptedSocket};
use std::time::Duration;
use tokio::task::JoinHandle;

async fn handler(mut socket: ScriptedSocket) {
    let n = socket.read_bytes(1024).await.unwrap(); // request
    socket.write_bytes(n).await.unwrap(); // echo it back
    let more = socket.read_bytes(1024).await.unwrap(); // next request, or EOF
    println!("handler: echoed {} bytes, then read {}", n, more);
}

async fn acceptor(listener: ScriptedListener) -> (JoinHandle<()>, JoinHandle<()>) {
    let (c1, _) = listener.accept().await.unwrap(); // wait for client 1
    let handler_1 = tokio::spawn(handler(c1));
    let (c2, _) = listener.accept().await.unwrap(); // wait for client 2
    let handler_2 = tokio::spawn(handler(c2));
    (handler_1, handler_2)
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let c1 = ScriptedSocket::new()
        .readable(Duration::from_millis(3), 64)
        .closed(Duration::from_millis(8));
    let c2 = ScriptedSocket::new()
        .send_buffer(32)
        .readable(Duration::from_millis(4), 48)
        .writable(Duration::from_millis(6), 64)
        .closed(Duration::from_millis(9));
    let listener = ScriptedListener::new()
        .connect(Duration::from_millis(1), c1)
        .connect(Duration::from_millis(2), c2);
    let acceptor = tokio::spawn(acceptor(listener));
    let (handler_1, handler_2) = acceptor.await.unwrap();
    handler_1.await.unwrap();
    handler_2.await.unwrap();
}
