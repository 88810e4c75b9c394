//! 06 · Reading a socket: the reactor, readiness and edges
//!
//! The socket's script (what the peer does, and when) is spelled out with
//! `pollscope::net::ScriptedSocket`. `conn.read_bytes(60)` is `conn.read(&mut buf)` with a
//! 60-byte buffer: the prelude's socket carries byte counts, not bytes.

use pollscope::net::ScriptedSocket;
use std::time::Duration;

async fn reader(mut conn: ScriptedSocket) {
    let n = conn.read_bytes(60).await.unwrap(); // read up to 60 bytes
    println!("reader: {} bytes", n);
    let n = conn.read_bytes(4096).await.unwrap(); // read what is left
    println!("reader: {} bytes", n);
    let n = conn.read_bytes(4096).await.unwrap(); // read the next burst
    println!("reader: {} bytes", n);
    let n = conn.read_bytes(4096).await.unwrap(); // read until EOF
    println!("reader: {} bytes (0 is EOF)", n);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let conn = ScriptedSocket::new()
        .readable(Duration::from_millis(5), 100)
        .readable(Duration::from_millis(9), 200)
        .closed(Duration::from_millis(12));
    let reader = tokio::spawn(reader(conn));
    reader.await.unwrap();
}
