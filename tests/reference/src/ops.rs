//! Each scenario op as a future built from tokio primitives.
//!
//! An op is polled with the task's Context and the task's `TaskEnv` (the guards, Senders and
//! handles the task owns), which is why ops are not plain `std::future::Future`s. Leaves wrap
//! the real tokio future (Sleep, mpsc send/recv, Mutex::lock_owned, Notify::notified,
//! yield_now, JoinHandle, oneshot); join and biased select are tokio's own `join!` and
//! `select!` over the child ops (see MacroOp); async blocks, repeats and timeout are written out
//! (timeout polls its future, then its timer, as tokio's Timeout does).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, AtomicPtr, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use tokio::sync::{oneshot, OwnedMutexGuard};
use tokio::task::JoinHandle;
use tokio::time::{Duration, Sleep};

use crate::runner::{lock, Interest, Registration, Res, Shared, TaskEnv, EXIT_LIMIT, EXIT_UNSUPPORTED};
use crate::scenario::{Kind, Spec, WakerAction};

pub trait Op: Send {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64>;
}

type BoxFut<T> = Pin<Box<dyn Future<Output = T> + Send>>;

const MAX_ITERATIONS_PER_POLL: u64 = 1_000_000;

fn nanos(d: i64) -> Duration {
    Duration::from_nanos(d.max(0) as u64)
}

fn resource(env: &TaskEnv, name: &str) -> usize {
    match env.shared.sc.resource_index(name) {
        Some(r) => r,
        None => env.shared.fatal(2, &format!("unknown resource '{}'", name)),
    }
}

pub fn make(spec: &'static Spec, env: &mut TaskEnv) -> Box<dyn Op> {
    match spec.kind {
        Kind::Block => Box::new(Block { spec, index: 0, current: None, last: 0 }),
        Kind::Repeat => Box::new(Repeat { block: Block { spec, index: 0, current: None, last: 0 }, iteration: 0 }),
        Kind::Join => Box::new(MacroOp::new(spec)),
        Kind::Select if spec.biased || spec.children.len() <= 1 => Box::new(MacroOp::new(spec)),
        Kind::Select => Box::new(Select { spec, kids: None }),
        Kind::Timeout => Box::new(Timeout { spec, sleep: Box::pin(tokio::time::sleep(nanos(spec.duration))), child: None }),
        Kind::Ready => Box::new(Ready(spec.amount)),
        Kind::Sleep => Box::new(SleepOp(Box::pin(tokio::time::sleep(nanos(spec.duration))))),
        Kind::YieldNow => Box::new(Wrapped(Box::pin(async {
            tokio::task::yield_now().await;
            0
        }))),
        Kind::Read | Kind::Write | Kind::Accept => {
            let res = resource(env, &spec.resource);
            Box::new(Io { spec, res, remaining: spec.amount, reg: None, done: false, shared: env.shared.clone(), task: env.inst })
        }
        Kind::Send => make_send(spec, env),
        Kind::Recv => {
            let res = resource(env, &spec.resource);
            match &env.shared.res[res] {
                Res::Oneshot { .. } => Box::new(OneshotRecv { res, rx: None, shared: env.shared.clone() }),
                _ => Box::new(Recv { res }),
            }
        }
        Kind::Lock => {
            let res = resource(env, &spec.resource);
            let m = match &env.shared.res[res] {
                Res::Mutex(m) => m.clone(),
                _ => env.shared.fatal(2, &format!("'{}' is not a mutex", spec.resource)),
            };
            let fut: BoxFut<OwnedMutexGuard<()>> = Box::pin(m.lock_owned());
            Box::new(Lock { res, fut })
        }
        Kind::Unlock => Box::new(Unlock { res: resource(env, &spec.resource) }),
        Kind::Notified => {
            let n = notify(env, &spec.resource);
            Box::new(Wrapped(Box::pin(async move {
                n.notified().await;
                0
            })))
        }
        Kind::NotifyOne | Kind::NotifyWaiters => Box::new(NotifyOp { spec }),
        Kind::Spawn => Box::new(SpawnOp { spec }),
        Kind::JoinHandle => Box::new(JoinHandleOp { spec, handle: None }),
        Kind::Scripted => Box::new(Scripted { spec, next: 0, stored: None }),
        Kind::Compute => Box::new(Compute(spec.duration)),
    }
}

fn notify(env: &TaskEnv, name: &str) -> Arc<tokio::sync::Notify> {
    match &env.shared.res[resource(env, name)] {
        Res::Notify(n) => n.clone(),
        _ => env.shared.fatal(2, &format!("'{}' is not a notify", name)),
    }
}

// ---- async blocks, loops, join, select, timeout -------------------------------------------

/// `async { a.await; b.await; ... }`: when an await point completes the block goes straight on
/// to the next one within the same poll; the completed future is dropped first.
struct Block {
    spec: &'static Spec,
    index: usize,
    current: Option<Box<dyn Op>>,
    last: i64,
}

impl Op for Block {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        while self.index < self.spec.children.len() {
            if self.current.is_none() {
                self.current = Some(make(&self.spec.children[self.index], env));
            }
            match self.current.as_mut().unwrap().poll(cx, env) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(v) => {
                    self.last = v;
                    self.current = None;
                    self.index += 1;
                }
            }
        }
        Poll::Ready(self.last)
    }
}

/// `for _ in 0..n { body }` or `loop { body }`.
struct Repeat {
    block: Block,
    iteration: i64,
}

impl Op for Repeat {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        loop {
            env.iters += 1;
            if env.iters > MAX_ITERATIONS_PER_POLL {
                env.shared.fatal(
                    EXIT_LIMIT,
                    "a loop ran a million iterations in one poll without awaiting anything (tokio would spin forever)",
                );
            }
            let v = match self.block.poll(cx, env) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(v) => v,
            };
            self.iteration += 1;
            if self.block.spec.count >= 0 && self.iteration >= self.block.spec.count {
                return Poll::Ready(v);
            }
            self.block.index = 0;
        }
    }
}

fn make_all(spec: &'static Spec, env: &mut TaskEnv) -> Vec<Option<Box<dyn Op>>> {
    spec.children.iter().map(|c| Some(make(c, env))).collect()
}

/// The task's TaskEnv, for child ops polled from inside tokio's own macros (whose futures are
/// plain std futures): the op that owns the macro's future sets it just before polling it.
type EnvSlot = Arc<AtomicPtr<TaskEnv>>;

/// One child op as a std Future, for tokio::join! and tokio::select!.
struct OpFut {
    op: Box<dyn Op>,
    env: EnvSlot,
    last: Arc<AtomicI64>,
}

impl Future for OpFut {
    type Output = i64;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i64> {
        let this = self.get_mut();
        // Safety: the slot holds the TaskEnv of the op polling the macro's future, which is
        // borrowed mutably for the whole of that poll and touched by nothing else meanwhile.
        let env = unsafe { &mut *this.env.load(SeqCst) };
        let p = this.op.poll(cx, env);
        if let Poll::Ready(v) = p {
            this.last.store(v, SeqCst);
        }
        p
    }
}

/// The most children tokio's macros are instantiated for here (the lessons use up to 3, the
/// generator 2); support::check refuses more.
pub const MAX_MACRO_BRANCHES: usize = 6;

/// A join!/select! op built on tokio's macro: the children become OpFuts at the first poll.
struct MacroOp {
    spec: &'static Spec,
    fut: Option<BoxFut<i64>>,
    slot: EnvSlot,
    last: Arc<AtomicI64>,
}

impl MacroOp {
    fn new(spec: &'static Spec) -> MacroOp {
        MacroOp { spec, fut: None, slot: Arc::new(AtomicPtr::new(std::ptr::null_mut())), last: Arc::new(AtomicI64::new(0)) }
    }
}

impl Op for MacroOp {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        if self.fut.is_none() {
            let kids: Vec<OpFut> = self
                .spec
                .children
                .iter()
                .map(|c| OpFut { op: make(c, env), env: self.slot.clone(), last: self.last.clone() })
                .collect();
            self.fut = Some(if self.spec.kind == Kind::Join { tokio_join(kids, self.last.clone()) } else { tokio_select_biased(kids) });
        }
        self.slot.store(env as *mut TaskEnv, SeqCst);
        let p = self.fut.as_mut().unwrap().as_mut().poll(cx);
        if p.is_ready() {
            self.fut = None;
        }
        p
    }
}

/// tokio::join!(a, b, ...) (tokio 1.24 starts each poll one branch further on: `skip_next_time`);
/// its value is the value of the child that completed last, as in pollscope.
fn tokio_join(kids: Vec<OpFut>, last: Arc<AtomicI64>) -> BoxFut<i64> {
    let n = kids.len();
    let mut it = kids.into_iter();
    let mut k = move || it.next().unwrap();
    match n {
        0 => Box::pin(async move { last.load(SeqCst) }),
        1 => { let a = k(); Box::pin(async move { tokio::join!(a); last.load(SeqCst) }) }
        2 => { let (a, b) = (k(), k()); Box::pin(async move { tokio::join!(a, b); last.load(SeqCst) }) }
        3 => { let (a, b, c) = (k(), k(), k()); Box::pin(async move { tokio::join!(a, b, c); last.load(SeqCst) }) }
        4 => {
            let (a, b, c, d) = (k(), k(), k(), k());
            Box::pin(async move { tokio::join!(a, b, c, d); last.load(SeqCst) })
        }
        5 => {
            let (a, b, c, d, e) = (k(), k(), k(), k(), k());
            Box::pin(async move { tokio::join!(a, b, c, d, e); last.load(SeqCst) })
        }
        _ => {
            let (a, b, c, d, e, f) = (k(), k(), k(), k(), k(), k());
            Box::pin(async move { tokio::join!(a, b, c, d, e, f); last.load(SeqCst) })
        }
    }
}

/// tokio::select! { biased; ... }: the value is the index of the branch that won; the branch
/// futures are all dropped when the select! ends (the winner has completed, so its drop does
/// nothing, and the others are dropped in order, as the engine does).
fn tokio_select_biased(kids: Vec<OpFut>) -> BoxFut<i64> {
    let n = kids.len();
    let mut it = kids.into_iter();
    let mut k = move || it.next().unwrap();
    match n {
        1 => { let a = k(); Box::pin(async move { tokio::select! { biased; _ = a => 0 } }) }
        2 => { let (a, b) = (k(), k()); Box::pin(async move { tokio::select! { biased; _ = a => 0, _ = b => 1 } }) }
        3 => {
            let (a, b, c) = (k(), k(), k());
            Box::pin(async move { tokio::select! { biased; _ = a => 0, _ = b => 1, _ = c => 2 } })
        }
        4 => {
            let (a, b, c, d) = (k(), k(), k(), k());
            Box::pin(async move { tokio::select! { biased; _ = a => 0, _ = b => 1, _ = c => 2, _ = d => 3 } })
        }
        5 => {
            let (a, b, c, d, e) = (k(), k(), k(), k(), k());
            Box::pin(async move { tokio::select! { biased; _ = a => 0, _ = b => 1, _ = c => 2, _ = d => 3, _ = e => 4 } })
        }
        _ => {
            let (a, b, c, d, e, f) = (k(), k(), k(), k(), k(), k());
            Box::pin(async move {
                tokio::select! { biased; _ = a => 0, _ = b => 1, _ = c => 2, _ = d => 3, _ = e => 4, _ = f => 5 }
            })
        }
    }
}

/// select! without `biased` (only with --allow-random-select): written out by hand, the start
/// branch drawn from the runner's own generator (tokio's thread RNG cannot be matched); the
/// first Ready wins, the other branches are dropped.
struct Select {
    spec: &'static Spec,
    kids: Option<Vec<Option<Box<dyn Op>>>>,
}

impl Op for Select {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        if self.kids.is_none() {
            self.kids = Some(make_all(self.spec, env));
        }
        let kids = self.kids.as_mut().unwrap();
        let n = kids.len();
        let start = if self.spec.biased || n <= 1 {
            0
        } else {
            let mut s = lock(&env.shared.rng);
            *s ^= *s << 13;
            *s ^= *s >> 7;
            *s ^= *s << 17;
            (*s % n as u64) as usize
        };
        for k in 0..n {
            let i = (start + k) % n;
            let ready = match kids[i].as_mut() {
                Some(f) => f.poll(cx, env).is_ready(),
                None => false,
            };
            if ready {
                kids[i] = None;
                for other in kids.iter_mut() {
                    *other = None;
                }
                return Poll::Ready(i as i64);
            }
        }
        Poll::Pending
    }
}

/// tokio::time::timeout(d, f): the deadline is fixed when the op is created; f is polled first,
/// then the timer (registered at its first poll); on expiry f is dropped and the result is -1.
struct Timeout {
    spec: &'static Spec,
    sleep: Pin<Box<Sleep>>,
    child: Option<Box<dyn Op>>,
}

impl Op for Timeout {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        if self.child.is_none() {
            if let Some(c) = self.spec.children.first() {
                self.child = Some(make(c, env));
            }
        }
        if let Some(child) = self.child.as_mut() {
            if let Poll::Ready(v) = child.poll(cx, env) {
                self.child = None;
                return Poll::Ready(v);
            }
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.child = None;
            return Poll::Ready(-1);
        }
        Poll::Pending
    }
}

// ---- leaves -------------------------------------------------------------------------------

struct Ready(i64);

impl Op for Ready {
    fn poll(&mut self, _: &mut Context<'_>, _: &mut TaskEnv) -> Poll<i64> {
        Poll::Ready(self.0)
    }
}

struct SleepOp(Pin<Box<Sleep>>);

impl Op for SleepOp {
    fn poll(&mut self, cx: &mut Context<'_>, _: &mut TaskEnv) -> Poll<i64> {
        self.0.as_mut().poll(cx).map(|_| 0)
    }
}

/// Any real tokio future that needs nothing from the task (yield_now, notified, mpsc send).
struct Wrapped(BoxFut<i64>);

impl Op for Wrapped {
    fn poll(&mut self, cx: &mut Context<'_>, _: &mut TaskEnv) -> Poll<i64> {
        self.0.as_mut().poll(cx)
    }
}

fn make_send(spec: &'static Spec, env: &mut TaskEnv) -> Box<dyn Op> {
    let res = resource(env, &spec.resource);
    let value = spec.amount;
    match &env.shared.res[res] {
        Res::Channel { .. } => {
            let tx = env.senders.iter().find(|s| s.0 == res).and_then(|s| s.1.clone());
            let tx = match tx {
                Some(tx) => tx,
                None => env.shared.fatal(
                    EXIT_UNSUPPORTED,
                    &format!(
                        "a task sends on channel '{}' after it had closed (every earlier sender task had finished): \
                         in Rust there is no Sender left to clone",
                        spec.resource
                    ),
                ),
            };
            Box::new(Wrapped(Box::pin(async move {
                match tx.send(value).await {
                    Ok(()) => 0,
                    Err(_) => -1,
                }
            })))
        }
        Res::Oneshot { .. } => Box::new(OneshotSend { res, value }),
        _ => env.shared.fatal(2, &format!("'{}' is not a channel", spec.resource)),
    }
}

struct OneshotSend {
    res: usize,
    value: i64,
}

impl Op for OneshotSend {
    fn poll(&mut self, _: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        let tx = match &env.shared.res[self.res] {
            Res::Oneshot { tx, .. } => lock(tx).take(),
            _ => None,
        };
        match tx {
            Some(tx) => Poll::Ready(if tx.send(self.value).is_ok() { 0 } else { -1 }),
            None => env.shared.fatal(EXIT_UNSUPPORTED, "a oneshot is sent on twice (a tokio oneshot Sender is used once)"),
        }
    }
}

/// rx.recv() on the channel's one Receiver; None (-1) once every Sender is gone.
struct Recv {
    res: usize,
}

impl Op for Recv {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        match &env.shared.res[self.res] {
            Res::Channel { rx, .. } => lock(rx).poll_recv(cx).map(|v| v.unwrap_or(-1)),
            _ => Poll::Ready(-1),
        }
    }
}

/// Awaiting the oneshot Receiver; if the op is dropped first, the Receiver goes back to the
/// resource (so the oneshot stays open, as in the engine).
struct OneshotRecv {
    res: usize,
    rx: Option<oneshot::Receiver<i64>>,
    shared: Arc<Shared>,
}

impl Op for OneshotRecv {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        if self.rx.is_none() {
            self.rx = match &env.shared.res[self.res] {
                Res::Oneshot { rx, .. } => lock(rx).take(),
                _ => None,
            };
            if self.rx.is_none() {
                env.shared.fatal(EXIT_UNSUPPORTED, "a oneshot is received from twice (a tokio oneshot is used once)");
            }
        }
        let p = Pin::new(self.rx.as_mut().unwrap()).poll(cx);
        match p {
            Poll::Ready(r) => {
                self.rx = None;
                Poll::Ready(r.unwrap_or(-1))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for OneshotRecv {
    fn drop(&mut self) {
        if let Some(r) = self.rx.take() {
            if let Res::Oneshot { rx, .. } = &self.shared.res[self.res] {
                *lock(rx) = Some(r);
            }
        }
    }
}

struct Lock {
    res: usize,
    fut: BoxFut<OwnedMutexGuard<()>>,
}

impl Op for Lock {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        match self.fut.as_mut().poll(cx) {
            Poll::Ready(guard) => {
                env.guards.push((self.res, guard));
                Poll::Ready(0)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// drop(guard): the first guard this task holds on that mutex; nothing if it holds none.
struct Unlock {
    res: usize,
}

impl Op for Unlock {
    fn poll(&mut self, _: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        if let Some(pos) = env.guards.iter().position(|g| g.0 == self.res) {
            let (_, guard) = env.guards.remove(pos);
            drop(guard);
        }
        Poll::Ready(0)
    }
}

struct NotifyOp {
    spec: &'static Spec,
}

impl Op for NotifyOp {
    fn poll(&mut self, _: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        let n = notify(env, &self.spec.resource);
        if self.spec.kind == Kind::NotifyOne {
            n.notify_one();
        } else {
            n.notify_waiters();
        }
        Poll::Ready(0)
    }
}

struct SpawnOp {
    spec: &'static Spec,
}

impl Op for SpawnOp {
    fn poll(&mut self, _: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        let spec = match env.shared.sc.task_index(&self.spec.task) {
            Some(s) => s,
            None => env.shared.fatal(2, &format!("unknown task '{}'", self.spec.task)),
        };
        let inst = env.shared.spawn_instance(spec);
        env.handles.insert(self.spec.task.clone(), inst);
        Poll::Ready(inst as i64)
    }
}

/// handle.await: the handle of the instance this task spawned last, else of the latest
/// instance. tokio has one JoinHandle per task: a second await of the same instance is not
/// supported. A join_handle op dropped before completion detaches (drops) the handle.
struct JoinHandleOp {
    spec: &'static Spec,
    handle: Option<JoinHandle<i64>>,
}

impl Op for JoinHandleOp {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        if self.handle.is_none() {
            let name = &self.spec.task;
            let target = env.handles.get(name).copied().or_else(|| env.shared.latest_instance(name));
            let target = match target {
                Some(t) => t,
                None => env.shared.fatal(
                    EXIT_UNSUPPORTED,
                    &format!("join_handle of task '{}' before any instance was spawned (no handle exists in Rust)", name),
                ),
            };
            self.handle = lock(&env.shared.handles).remove(&target);
            if self.handle.is_none() {
                env.shared.fatal(
                    EXIT_UNSUPPORTED,
                    &format!("the join handle of task '{}' is awaited twice (tokio has one JoinHandle per task)", name),
                );
            }
        }
        match Pin::new(self.handle.as_mut().unwrap()).poll(cx) {
            Poll::Ready(r) => {
                self.handle = None;
                Poll::Ready(r.unwrap_or(-1))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

// ---- sockets and listeners ----------------------------------------------------------------

/// Readiness IO against the scripted socket state (see runner.rs apply_io): Ready when the
/// data / space / connection is there, else the task's registration for (socket, interest)
/// stores a waker clone. The script entries are timers that apply the change and wake the
/// registrations.
struct Io {
    spec: &'static Spec,
    res: usize,
    remaining: i64,
    reg: Option<Interest>,
    done: bool,
    shared: Arc<Shared>,
    task: usize,
}

impl Io {
    fn wait(&mut self, s: &mut crate::runner::SocketState, cx: &Context<'_>, interest: Interest) -> Poll<i64> {
        let task = self.task;
        match s.regs.iter_mut().find(|r| r.task == task && r.interest == interest) {
            Some(r) => {
                let keep = r.waker.as_ref().map_or(false, |w| w.will_wake(cx.waker()));
                if !keep {
                    r.waker = Some(cx.waker().clone());
                }
            }
            None => s.regs.push(Registration { task, interest, waker: Some(cx.waker().clone()) }),
        }
        self.reg = Some(interest);
        Poll::Pending
    }
}

impl Op for Io {
    fn poll(&mut self, cx: &mut Context<'_>, _: &mut TaskEnv) -> Poll<i64> {
        let shared = self.shared.clone();
        let mut s = lock(shared.socket(self.res));
        let p = match self.spec.kind {
            Kind::Read => {
                if s.readable > 0 {
                    let n = if self.spec.amount > 0 { self.spec.amount.min(s.readable) } else { s.readable };
                    s.readable -= n;
                    Poll::Ready(n)
                } else if s.closed {
                    Poll::Ready(0)
                } else {
                    self.wait(&mut s, cx, Interest::Readable)
                }
            }
            Kind::Write => {
                if s.closed {
                    Poll::Ready(-1)
                } else {
                    let n = self.remaining.min(s.write_space);
                    s.write_space -= n;
                    self.remaining -= n;
                    if self.remaining <= 0 {
                        Poll::Ready(self.spec.amount)
                    } else {
                        self.wait(&mut s, cx, Interest::Writable)
                    }
                }
            }
            _ => match s.backlog.pop_front() {
                Some(conn) => Poll::Ready(conn as i64),
                None => self.wait(&mut s, cx, Interest::Readable),
            },
        };
        if p.is_ready() {
            self.done = true;
        }
        p
    }
}

impl Drop for Io {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if let Some(interest) = self.reg {
            let task = self.task;
            let w = {
                let mut s = lock(self.shared.socket(self.res));
                s.regs.iter_mut().find(|r| r.task == task && r.interest == interest).and_then(|r| r.waker.take())
            };
            drop(w);
        }
    }
}

/// Blocking work inside async code: the executor thread is busy for `d` while time passes.
/// tokio's paused clock does not move by itself during blocking work, so the op moves it,
/// synchronously, within the poll: `tokio::time::advance(d)` advances the clock at its first
/// poll and then yields; we poll it once with a waker that does nothing and drop it. Its
/// yield_now leaves that do-nothing waker in the runtime's defer list, which only makes the
/// next idle turn a `park_yield` instead of a `park`; both fire the timers that are due, and
/// no task can be polled between that and the following `park`, so no poll order changes.
struct Compute(i64);

impl Op for Compute {
    fn poll(&mut self, _: &mut Context<'_>, _: &mut TaskEnv) -> Poll<i64> {
        let waker = noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut advance = Box::pin(tokio::time::advance(nanos(self.0)));
        let _ = advance.as_mut().poll(&mut cx);
        Poll::Ready(0)
    }
}

fn noop_waker() -> Waker {
    use std::task::{RawWaker, RawWakerVTable};
    fn clone(_: *const ()) -> RawWaker {
        RawWaker::new(std::ptr::null(), &NOOP)
    }
    fn noop(_: *const ()) {}
    static NOOP: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &NOOP)) }
}

// ---- a hand-written impl Future -----------------------------------------------------------

/// "Another thread" holding a clone of the task's waker and waking it when its timer fires.
struct ThreadWaker {
    task_waker: Mutex<Option<Waker>>,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }
    fn wake_by_ref(self: &Arc<Self>) {
        let w = lock(&self.task_waker).take();
        if let Some(w) = w {
            w.wake();
        }
    }
}

struct Scripted {
    spec: &'static Spec,
    next: usize,
    stored: Option<Waker>,
}

impl Op for Scripted {
    fn poll(&mut self, cx: &mut Context<'_>, env: &mut TaskEnv) -> Poll<i64> {
        let script = &self.spec.script;
        if script.is_empty() {
            return Poll::Ready(0);
        }
        let i = self.next.min(script.len() - 1);
        if self.next < script.len() {
            self.next += 1;
        }
        let step = &script[i];
        if step.ready {
            self.stored = None;
            return Poll::Ready(step.value);
        }
        match step.action {
            WakerAction::Store => {
                if step.wake_after >= 0 {
                    let thread = Arc::new(ThreadWaker { task_waker: Mutex::new(Some(cx.waker().clone())) });
                    let sleep = Box::pin(tokio::time::sleep(nanos(step.wake_after)));
                    if env.shared.keep_timer(sleep, Waker::from(thread.clone())) {
                        thread.wake_by_ref(); // already due: the thread wakes it at once
                    }
                } else {
                    self.stored = None; // a fresh clone on every Pending, the old one dropped
                    self.stored = Some(cx.waker().clone());
                }
            }
            WakerAction::WakeByRef => cx.waker().wake_by_ref(),
            WakerAction::Wake => cx.waker().clone().wake(),
            WakerAction::Forget => {}
            WakerAction::DropStored => self.stored = None,
        }
        Poll::Pending
    }
}
