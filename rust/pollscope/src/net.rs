//! A connection and a listener whose other end follows a script.
//!
//! Real network IO cannot follow a lesson's timeline, so a lesson's sockets are scripted: the
//! script says what the peer does, and when (times count from the moment the socket or
//! listener is created, normally the start of `main`). The socket carries byte counts, not
//! bytes: `read_bytes(max)` stands for `read(&mut buf)` with a buffer of `max` bytes and
//! `write_bytes(n)` for `write_all(&buf[..n])`. A listener's `accept()` is the one of
//! `TcpListener`.
//!
//! What a script entry changes, as in pollscope's reactor:
//!
//! | entry | effect |
//! |---|---|
//! | `.readable(at, n)` | `n` bytes arrive: a read takes what is there (at most its buffer) |
//! | `.writable(at, n)` | the peer drained `n` bytes: that much more send-buffer space |
//! | `.closed(at)` | the peer closed: a read returns 0 (EOF) once the data is consumed, a write fails |
//! | `.connect(at, socket)` | (listener) `socket` connects; `accept()` returns it |
//!
//! A read or write that cannot go on waits for the next entry that can change that; the
//! waiting is done with a tokio timer, so no extra task runs.

use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

/// The send buffer a socket has unless [`ScriptedSocket::send_buffer`] says otherwise.
pub const DEFAULT_SEND_BUFFER: usize = 65536;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Readable(usize),
    Writable(usize),
    Closed,
}

/// A connected socket (think `tokio::net::TcpStream`) whose peer follows a script:
///
/// ```no_run
/// # async fn f() {
/// use pollscope::net::ScriptedSocket;
/// use std::time::Duration;
/// let conn = ScriptedSocket::new()
///     .readable(Duration::from_millis(5), 100)   // 100 bytes arrive at 5 ms
///     .readable(Duration::from_millis(9), 200)
///     .closed(Duration::from_millis(12));        // then the peer hangs up
/// # }
/// ```
///
/// The entries must be given in time order. The send buffer starts empty, with
/// [`DEFAULT_SEND_BUFFER`] bytes of room.
pub struct ScriptedSocket {
    origin: Instant,
    script: Vec<(Duration, Change)>,
    applied: usize,
    readable: usize,
    write_space: usize,
    closed: bool,
    timer: Option<Pin<Box<Sleep>>>,
}

impl ScriptedSocket {
    /// A socket whose peer does nothing until entries are added; its script starts now.
    pub fn new() -> ScriptedSocket {
        ScriptedSocket {
            origin: Instant::now(),
            script: Vec::new(),
            applied: 0,
            readable: 0,
            write_space: DEFAULT_SEND_BUFFER,
            closed: false,
            timer: None,
        }
    }

    fn entry(mut self, at: Duration, change: Change) -> ScriptedSocket {
        if let Some((last, _)) = self.script.last() {
            assert!(*last <= at, "ScriptedSocket: script entries must be in time order");
        }
        self.script.push((at, change));
        self
    }

    /// At `at`, `bytes` bytes arrive from the peer.
    pub fn readable(self, at: Duration, bytes: usize) -> ScriptedSocket {
        self.entry(at, Change::Readable(bytes))
    }

    /// At `at`, the peer has drained `bytes` bytes: the send buffer has that much more room.
    pub fn writable(self, at: Duration, bytes: usize) -> ScriptedSocket {
        self.entry(at, Change::Writable(bytes))
    }

    /// At `at`, the peer closes the connection.
    pub fn closed(self, at: Duration) -> ScriptedSocket {
        self.entry(at, Change::Closed)
    }

    /// The send buffer holds `bytes` bytes (a write waits when it is full).
    pub fn send_buffer(mut self, bytes: usize) -> ScriptedSocket {
        self.write_space = bytes;
        self
    }

    /// Applies every entry that is due.
    fn catch_up(&mut self) {
        let now = Instant::now();
        while let Some((at, change)) = self.script.get(self.applied).copied() {
            if self.origin + at > now {
                break;
            }
            match change {
                Change::Readable(n) => self.readable += n,
                Change::Writable(n) => self.write_space += n,
                Change::Closed => self.closed = true,
            }
            self.applied += 1;
        }
    }

    /// Pending until the next entry that `matters` says can change the outcome (forever if
    /// there is none: the peer stays silent).
    fn wait<T>(&mut self, cx: &mut Context<'_>, matters: fn(Change) -> bool) -> Poll<T> {
        self.timer = None;
        let next = self.script[self.applied..].iter().find(|(_, change)| matters(*change));
        if let Some((at, _)) = next {
            let mut timer = Box::pin(tokio::time::sleep_until(self.origin + *at));
            if timer.as_mut().poll(cx).is_ready() {
                cx.waker().wake_by_ref();
            }
            self.timer = Some(timer);
        }
        Poll::Pending
    }
}

impl Default for ScriptedSocket {
    fn default() -> Self {
        ScriptedSocket::new()
    }
}

fn read_matters(change: Change) -> bool {
    matches!(change, Change::Readable(_) | Change::Closed)
}

fn write_matters(change: Change) -> bool {
    matches!(change, Change::Writable(_) | Change::Closed)
}

impl ScriptedSocket {
    /// Reads at most `max` bytes, as `read(&mut [u8; max])` does on a `TcpStream`: waits until
    /// the socket is readable, then takes what is there (at most `max`). Returns how many bytes
    /// were read; 0 means the peer closed the connection (EOF). The socket carries byte counts,
    /// not bytes: there is no buffer to read into.
    pub async fn read_bytes(&mut self, max: usize) -> io::Result<usize> {
        ReadBytes { socket: self, max }.await
    }

    /// Writes `n` bytes, as `write_all(&buf[..n])` does: waits for send-buffer room until all
    /// of them are written, and returns `n`. Fails with `BrokenPipe` once the peer has closed.
    pub async fn write_bytes(&mut self, n: usize) -> io::Result<usize> {
        WriteBytes { socket: self, total: n, remaining: n }.await
    }

    fn poll_read_count(&mut self, cx: &mut Context<'_>, max: usize) -> Poll<io::Result<usize>> {
        self.catch_up();
        if max == 0 || (self.closed && self.readable == 0) {
            return Poll::Ready(Ok(0));
        }
        if self.readable == 0 {
            return self.wait(cx, read_matters);
        }
        let n = self.readable.min(max);
        self.readable -= n;
        Poll::Ready(Ok(n))
    }

    fn poll_write_count(&mut self, cx: &mut Context<'_>, len: usize) -> Poll<io::Result<usize>> {
        self.catch_up();
        if self.closed {
            return Poll::Ready(Err(io::ErrorKind::BrokenPipe.into()));
        }
        if len == 0 {
            return Poll::Ready(Ok(0));
        }
        if self.write_space == 0 {
            return self.wait(cx, write_matters);
        }
        let n = self.write_space.min(len);
        self.write_space -= n;
        Poll::Ready(Ok(n))
    }
}

struct ReadBytes<'a> {
    socket: &'a mut ScriptedSocket,
    max: usize,
}

impl Future for ReadBytes<'_> {
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.socket.poll_read_count(cx, this.max)
    }
}

struct WriteBytes<'a> {
    socket: &'a mut ScriptedSocket,
    total: usize,
    remaining: usize,
}

impl Future for WriteBytes<'_> {
    type Output = io::Result<usize>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        while this.remaining > 0 {
            match this.socket.poll_write_count(cx, this.remaining) {
                Poll::Ready(Ok(n)) => this.remaining -= n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(this.total))
    }
}

/// A listening socket (think `tokio::net::TcpListener`) whose clients connect per a script:
///
/// ```no_run
/// # async fn f() {
/// use pollscope::net::{ScriptedListener, ScriptedSocket};
/// use std::time::Duration;
/// let c1 = ScriptedSocket::new().readable(Duration::from_millis(3), 64);
/// let listener = ScriptedListener::new().connect(Duration::from_millis(1), c1);
/// let (socket, _addr) = listener.accept().await.unwrap();
/// # }
/// ```
pub struct ScriptedListener {
    origin: Instant,
    backlog: Mutex<VecDeque<(Duration, ScriptedSocket)>>,
    accepted: Mutex<u16>,
}

impl ScriptedListener {
    /// A listener nobody connects to until entries are added; its script starts now.
    pub fn new() -> ScriptedListener {
        ScriptedListener {
            origin: Instant::now(),
            backlog: Mutex::new(VecDeque::new()),
            accepted: Mutex::new(0),
        }
    }

    /// At `at`, `socket` connects (entries in time order).
    pub fn connect(self, at: Duration, socket: ScriptedSocket) -> ScriptedListener {
        self.backlog.lock().unwrap().push_back((at, socket));
        self
    }

    /// Waits for the next connection and returns it with the client's (made-up) address.
    /// With no connection left in the script it waits forever.
    pub async fn accept(&self) -> io::Result<(ScriptedSocket, SocketAddr)> {
        let next = self.backlog.lock().unwrap().front().map(|(at, _)| *at);
        match next {
            Some(at) => tokio::time::sleep_until(self.origin + at).await,
            None => std::future::pending::<()>().await,
        }
        let (_, socket) = self.backlog.lock().unwrap().pop_front().expect("one accept at a time");
        let mut accepted = self.accepted.lock().unwrap();
        *accepted += 1;
        Ok((socket, SocketAddr::from(([127, 0, 0, 1], 40000 + *accepted))))
    }
}

impl Default for ScriptedListener {
    fn default() -> Self {
        ScriptedListener::new()
    }
}
