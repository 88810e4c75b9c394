//! 24 · A select! loop: the branch that wins steers the next round
//!
//! A watcher waits for events with a patience that doubles each time the timer wins and goes
//! back to 2 ms each time an event wins; when the channel closes, the loop breaks. Which
//! branch won decides the sleep the next round creates.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

async fn source(events: mpsc::Sender<u32>) {
    sleep(Duration::from_millis(1)).await;
    events.send(1).await.unwrap();
    sleep(Duration::from_millis(1)).await;
    events.send(2).await.unwrap();
    sleep(Duration::from_millis(7)).await; // a long quiet spell
    events.send(3).await.unwrap();
}

async fn watcher(mut events: mpsc::Receiver<u32>) {
    let mut patience = 2;
    loop {
        tokio::select! {
            biased;
            event = events.recv() => match event { // an event, or None when closed
                Some(n) => {
                    println!("watcher: event {}, patience back to 2 ms", n);
                    patience = 2;
                }
                None => {
                    println!("watcher: the source is gone");
                    break;
                }
            },
            _ = sleep(Duration::from_millis(patience)) => { // nothing for a while
                println!("watcher: quiet for {} ms", patience);
                patience = patience * 2;
            }
        }
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (events_tx, events_rx) = mpsc::channel::<u32>(4);
    let source = tokio::spawn(source(events_tx));
    let watcher = tokio::spawn(watcher(events_rx));
    source.await.unwrap();
    watcher.await.unwrap();
}
