//! 16 · Deadlock: two tasks wait for each other
//!
//! Neither task ever gets past its first await, so this program never ends.

use tokio::sync::oneshot;

async fn alice(to_alice: oneshot::Receiver<u32>, to_bob: oneshot::Sender<u32>) {
    let msg = to_alice.await.unwrap(); // wait for bob's message
    to_bob.send(1).unwrap(); // then answer
    println!("alice: got {}", msg);
}

async fn bob(to_bob: oneshot::Receiver<u32>, to_alice: oneshot::Sender<u32>) {
    let msg = to_bob.await.unwrap(); // wait for alice's message
    to_alice.send(2).unwrap(); // then answer
    println!("bob: got {}", msg);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (to_alice_tx, to_alice_rx) = oneshot::channel::<u32>();
    let (to_bob_tx, to_bob_rx) = oneshot::channel::<u32>();
    let alice = tokio::spawn(alice(to_alice_rx, to_bob_tx));
    let bob = tokio::spawn(bob(to_bob_rx, to_alice_tx));
    alice.await.unwrap();
    bob.await.unwrap();
}
