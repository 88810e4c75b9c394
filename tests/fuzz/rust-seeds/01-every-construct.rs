#!/usr/bin/env run-cargo-script
//! Producer and consumer
//! with a channel.
#![allow(unused)]
use std::sync::Arc;
use tokio::sync::{mpsc, Mutex, Notify as N, oneshot::{self, Sender}};
use tokio::time::{sleep, Duration, Instant};

const LIMIT: u32 = 5;

async fn producer(tx: mpsc::Sender<u32>, n: u32) -> Result<(), String> {
    for i in 0..n {
        tx.send(i).await.unwrap();
        sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(1);
    let counter = Arc::new(Mutex::new(0u32));
    let producer = tokio::spawn(producer(tx.clone(), LIMIT));
    drop(tx);
    let mut total: u64 = 0;
    while let Some(v) = rx.recv().await {
        total += v as u64;
        if v % 2 == 0 { println!("even {}", v); } else if v > 3 { eprintln!("big {v:?}"); } else {}
    }
    let c2 = counter.clone();
    let h = tokio::spawn(async move {
        let mut guard = c2.lock().await;
        *guard += 1;
    });
    h.await.unwrap();
    let mut handles = Vec::new();
    for i in [1, 2, 3] {
        handles.push(tokio::spawn(async move { i * 2 }));
    }
    for h in handles { let x = h.await.unwrap(); assert!(x > 0, "x was {}", x); }
    let (a, b) = tokio::join!(async { 1 }, async { 2 });
    assert_eq!(a + 1, b);
    let pair = (1, (2, 3));
    let z = pair.1.0;
    let mut k = 0;
    loop {
        k += 1;
        if k == 3 { continue; }
        if k > 5 { break; }
    }
    let (otx, orx) = oneshot::channel::<&'static str>();
    let _ = otx.send("hi");
    tokio::select! {
        biased;
        Ok(msg) = orx => println!("got {msg}"),
        _ = sleep(Duration::from_secs(1)) => { println!("timeout") }
        else => {}
    }
    let r = match tokio::time::timeout(Duration::from_millis(5), sleep(Duration::from_millis(1))).await {
        Ok(()) => 1,
        Err(_) if k > 1 => 2,
        Err(e) => { 3 }
    };
    let v = vec![1u8, 2, 3];
    let s = format!("{} {{}} {:>4} {name}", r, z, name = 5);
    'outer: for i in 0..=10 { while i < 3 { break 'outer; } }
    let t = -1i64;
    let ok = !true || (1 < 2 && 3 >= 2);
    let x = match t { -1 => "neg", 0..=9 => "small", _ => "big" };
    producer.await.unwrap().unwrap();
}
