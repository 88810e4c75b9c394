use std::sync::Arc;
use tokio::sync::{oneshot, Mutex, Notify};
use tokio::time::{self, Duration, Instant};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (tx, mut rx) = oneshot::channel::<&'static str>();
    let m = Arc::new(Mutex::new(0u32));
    let n = Arc::new(Notify::new());
    let mut ticks = time::interval(Duration::from_millis(5));
    let start = Instant::now();
    let mut count = 0;
    loop {
        tokio::select! {
            biased;
            msg = &mut rx => { println!("{:?}", msg); break; }
            _ = ticks.tick(), if count < 3 => { count += 1; }
            _ = n.notified() => {}
            else => break,
        }
    }
    let r = match time::timeout(Duration::from_millis(1), async { 1 }).await {
        Ok(v) => v,
        Err(_) => { -1i64 as u32 }
    };
    *m.lock().await += r;
    assert_eq!(*m.lock().await, 1, "value {}", r);
    let (a, b) = tokio::join!(async { 1 }, async move { 'x' });
    /* nested /* comment */ */
    let s = r#"raw "str""#;
    let t = (a, b, s).0;
    let v = vec![t; 0];
}
