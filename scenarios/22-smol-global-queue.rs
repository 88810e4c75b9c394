//! 22 · smol's executor: one global queue, local queues fed from it
//!
//! A tokio program with two workers, like every lesson program; the lesson runs it under the
//! smol policy (its JSON's runtime), which is what it teaches. `t1` to `t6` run the same
//! async fn.

use tokio::task::yield_now;

async fn yielder() {
    for _ in 0..3 {
        yield_now().await;
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let t1 = tokio::spawn(yielder());
    let t2 = tokio::spawn(yielder());
    let t3 = tokio::spawn(yielder());
    let t4 = tokio::spawn(yielder());
    let t5 = tokio::spawn(yielder());
    let t6 = tokio::spawn(yielder());
    t1.await.unwrap();
    t2.await.unwrap();
    t3.await.unwrap();
    t4.await.unwrap();
    t5.await.unwrap();
    t6.await.unwrap();
    println!("main: t1 to t6 are done");
}
