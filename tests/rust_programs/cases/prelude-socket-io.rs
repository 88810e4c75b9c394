//! A scripted socket and listener: counts, EOF, back-pressure, a broken pipe, accept
//!
//! Times are checked on tokio's paused clock: each wait ends exactly at its script entry.

use pollscope::net::{ScriptedListener, ScriptedSocket};
use std::time::Duration;
use tokio::time::Instant;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let mut conn = ScriptedSocket::new()
        .send_buffer(10)
        .readable(ms(2), 30)
        .writable(ms(4), 5)
        .writable(ms(6), 20)
        .closed(ms(8));
    assert_eq!(conn.read_bytes(12).await.unwrap(), 12);
    assert_eq!(start.elapsed(), ms(2));
    assert_eq!(conn.read_bytes(100).await.unwrap(), 18);
    // 10 bytes fit at once, 5 more at 4 ms, the last 10 at 6 ms.
    assert_eq!(conn.write_bytes(25).await.unwrap(), 25);
    assert_eq!(start.elapsed(), ms(6));
    assert_eq!(conn.read_bytes(100).await.unwrap(), 0);
    assert_eq!(start.elapsed(), ms(8));
    assert!(conn.write_bytes(1).await.is_err());

    // A listener's script starts when it is created, like a socket's.
    let start = Instant::now();
    let first = ScriptedSocket::new().readable(ms(1), 1);
    let second = ScriptedSocket::new();
    let listener = ScriptedListener::new().connect(ms(10), first).connect(ms(12), second);
    let (mut a, addr_a) = listener.accept().await.unwrap();
    assert_eq!(start.elapsed(), ms(10));
    let (_b, addr_b) = listener.accept().await.unwrap();
    assert_eq!(start.elapsed(), ms(12));
    assert_ne!(addr_a, addr_b);
    assert_eq!(a.read_bytes(8).await.unwrap(), 1);
    println!("socket io: ok, accepted {} and {}", addr_a, addr_b);
}
