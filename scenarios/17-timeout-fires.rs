//! 17 · timeout(): when the deadline wins
//!
//! The timeout's result steers nothing here (as in the ops form); the `match` only reports it.

use pollscope::net::ScriptedSocket;
use std::time::Duration;
use tokio::time::timeout;

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let mut conn = ScriptedSocket::new().readable(Duration::from_millis(8), 32);
    // give it 5 ms
    match timeout(Duration::from_millis(5), conn.read_bytes(1024)).await { // a reply we hope for
        Ok(n) => println!("main: {} bytes in time", n.unwrap()),
        Err(_) => println!("main: no reply within 5 ms"),
    }
    let n = conn.read_bytes(1024).await.unwrap(); // try again without a deadline
    println!("main: {} bytes", n);
}
