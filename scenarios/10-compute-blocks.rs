//! 10 · Blocking the executor: a long compute starves everyone
//!
//! `compute(30 ms)` blocks the thread inside one poll of `cruncher`; the ticker's timer is due
//! meanwhile but nobody can poll it. (With tokio's paused clock the real run does not see the
//! 30 ms pass; pollscope moves its virtual clock.)

use pollscope::compute;
use std::time::Duration;
use tokio::time::sleep;

async fn ticker() {
    for i in 0..3 {
        sleep(Duration::from_millis(5)).await; // tick every 5 ms
        println!("ticker: tick {}", i);
    }
}

async fn cruncher() {
    sleep(Duration::from_millis(1)).await; // start a little later
    compute(Duration::from_millis(30)); // 30 ms of work in one poll
    println!("cruncher: done");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let ticker = tokio::spawn(ticker());
    let cruncher = tokio::spawn(cruncher());
    ticker.await.unwrap();
    cruncher.await.unwrap();
}
