//! The prelude of pollscope's lessons: what a lesson needs beyond tokio.
//!
//! A lesson is an ordinary async Rust program against tokio 1.24. Where real code would talk
//! to the network, or contain a future written by hand, the lesson uses the few items here
//! instead, so that the same program both compiles with rustc and runs in pollscope's
//! simulator:
//!
//! - [`net::ScriptedSocket`] and [`net::ScriptedListener`]: a connection and a listener whose
//!   other end follows a script ("100 bytes arrive at 5 ms, the peer closes at 12 ms");
//! - [`Scripted`]: a hand-written `impl Future` whose polls are spelled out one by one
//!   (Pending after storing the waker, Pending after forgetting it, ..., then Ready);
//! - [`compute`]: blocking CPU work inside async code.
//!
//! ```no_run
//! use pollscope::net::ScriptedSocket;
//! use std::time::Duration;
//!
//! #[tokio::main(flavor = "current_thread", start_paused = true)]
//! async fn main() {
//!     let mut conn = ScriptedSocket::new()
//!         .readable(Duration::from_millis(5), 100)
//!         .closed(Duration::from_millis(12));
//!     let n = conn.read_bytes(1024).await.unwrap();
//!     println!("read {} bytes", n);
//! }
//! ```

pub mod net;
mod scripted;

pub use scripted::Scripted;

use std::time::Duration;

/// Blocking work that takes `duration`, standing in for a CPU-heavy computation inside async
/// code: the thread is busy and the executor can poll nothing else meanwhile. (It sleeps the
/// thread, which is what a long computation looks like to the executor; with tokio's paused
/// clock the virtual time does not move.)
pub fn compute(duration: Duration) {
    std::thread::sleep(duration);
}
