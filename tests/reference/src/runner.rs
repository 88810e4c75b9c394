//! Runs a scenario on tokio's current_thread runtime with the clock paused, recording every
//! task-level poll.
//!
//! - `Shared` holds the scenario's resources as tokio primitives, the output, the instances.
//! - `TaskFuture` is the recording wrapper that each task spec instance is spawned as.
//! - `Main` is the `block_on` future: it registers the IO script timers and the deadlock
//!   sentinel, spawns every start:true task in file order, then waits (without being woken
//!   in between) until no task is left.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};

use tokio::sync::{mpsc, oneshot, Notify, OwnedMutexGuard};
use tokio::task::JoinHandle;
use tokio::time::{Duration, Instant, Sleep};

use crate::ops::{make, Op};
use crate::scenario::{Kind, ResKind, Scenario, Spec};
use crate::waker::{borrowed, Counts, WakerInner};

pub const EXIT_UNSUPPORTED: i32 = 3;
pub const EXIT_DEADLOCK: i32 = 4;
pub const EXIT_LIMIT: i32 = 5;

/// 700 days: past anything a scenario can reach before the poll limit (one op waits at most
/// 3600 s), below tokio's wheel maximum of 2^36 ms. The clock only gets there when every task
/// is parked and no timer is left: a deadlock.
const SENTINEL: Duration = Duration::from_secs(700 * 86_400);

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Interest {
    Readable,
    Writable,
}

pub struct Registration {
    pub task: usize,
    pub interest: Interest,
    pub waker: Option<Waker>,
}

#[derive(Default)]
pub struct SocketState {
    pub readable: i64,
    pub write_space: i64,
    pub closed: bool,
    pub backlog: VecDeque<usize>,
    /// One registration per (task, interest), in creation order, like the engine's reactor.
    pub regs: Vec<Registration>,
}

pub enum Res {
    Socket(Mutex<SocketState>),
    Channel {
        /// The Sender the task senders are cloned from; dropped when the last task whose body
        /// sends on the channel has finished, which closes the channel.
        template: Mutex<Option<mpsc::Sender<i64>>>,
        /// Never dropped: senders never see a closed receiver (the engine has no such state).
        rx: Mutex<mpsc::Receiver<i64>>,
        live: AtomicUsize,
    },
    Oneshot {
        tx: Mutex<Option<oneshot::Sender<i64>>>,
        rx: Mutex<Option<oneshot::Receiver<i64>>>,
        live: AtomicUsize,
    },
    Mutex(Arc<tokio::sync::Mutex<()>>),
    Notify(Arc<Notify>),
}

pub struct Instance {
    pub name: String,
    pub spec: usize,
    pub done: bool,
    pub counts: Arc<Counts>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum End {
    Complete,
    Deadlock,
}

pub struct Shared {
    pub sc: &'static Scenario,
    pub start: Instant,
    pub res: Vec<Res>,
    /// Per task spec: channels and oneshots its body sends on, in order of first appearance.
    pub sends_of: Vec<Vec<usize>>,
    out: Mutex<String>,
    polls: AtomicU64,
    max_polls: u64,
    live: AtomicUsize,
    main_waker: Mutex<Option<Waker>>,
    deadlock: AtomicBool,
    pub instances: Mutex<Vec<Instance>>,
    pub handles: Mutex<HashMap<usize, JoinHandle<i64>>>,
    /// Timers owned by "other threads" (IO script entries, wake_after, the sentinel).
    keep: Mutex<Vec<Pin<Box<Sleep>>>>,
    pub rng: Mutex<u64>,
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn collect_sends(spec: &Spec, sc: &Scenario, out: &mut Vec<usize>) {
    if spec.kind == Kind::Send {
        if let Some(r) = sc.resource_index(&spec.resource) {
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    for c in &spec.children {
        collect_sends(c, sc, out);
    }
}

impl Shared {
    pub fn new(sc: &'static Scenario, start: Instant, max_polls: u64) -> Shared {
        let res = sc
            .resources
            .iter()
            .map(|r| match r.kind {
                ResKind::Socket | ResKind::Listener => Res::Socket(Mutex::new(SocketState {
                    write_space: if r.kind == ResKind::Socket { r.capacity } else { 0 },
                    ..Default::default()
                })),
                ResKind::Channel => {
                    let (tx, rx) = mpsc::channel(r.capacity.max(1) as usize);
                    Res::Channel { template: Mutex::new(Some(tx)), rx: Mutex::new(rx), live: AtomicUsize::new(0) }
                }
                ResKind::Oneshot => {
                    let (tx, rx) = oneshot::channel();
                    Res::Oneshot { tx: Mutex::new(Some(tx)), rx: Mutex::new(Some(rx)), live: AtomicUsize::new(0) }
                }
                ResKind::Mutex => Res::Mutex(Arc::new(tokio::sync::Mutex::new(()))),
                ResKind::Notify => Res::Notify(Arc::new(Notify::new())),
            })
            .collect();
        let sends_of = sc
            .tasks
            .iter()
            .map(|t| {
                let mut v = Vec::new();
                collect_sends(&t.body, sc, &mut v);
                v
            })
            .collect();
        Shared {
            sc,
            start,
            res,
            sends_of,
            out: Mutex::new(String::new()),
            polls: AtomicU64::new(0),
            max_polls,
            live: AtomicUsize::new(0),
            main_waker: Mutex::new(None),
            deadlock: AtomicBool::new(false),
            instances: Mutex::new(Vec::new()),
            handles: Mutex::new(HashMap::new()),
            keep: Mutex::new(Vec::new()),
            rng: Mutex::new(1),
        }
    }

    pub fn now_ns(&self) -> u128 {
        (Instant::now() - self.start).as_nanos()
    }

    pub fn flush_output(&self) {
        let out = std::mem::take(&mut *lock(&self.out));
        let stdout = std::io::stdout();
        let mut w = stdout.lock();
        let _ = w.write_all(out.as_bytes());
        let _ = w.flush();
    }

    /// Stops the whole run: prints what was recorded so far, the message, and exits.
    pub fn fatal(&self, code: i32, msg: &str) -> ! {
        self.flush_output();
        eprintln!("pollscope-reference: {}", msg);
        std::process::exit(code)
    }

    fn record(&self, t: u128, name: &str, ready: bool) {
        {
            let mut out = lock(&self.out);
            out.push_str(&t.to_string());
            out.push(' ');
            out.push_str(name);
            out.push_str(if ready { " ready\n" } else { " pending\n" });
        }
        let n = self.polls.fetch_add(1, SeqCst) + 1;
        if n >= self.max_polls {
            self.fatal(
                EXIT_LIMIT,
                &format!("stopped at the poll limit ({} polls; --max-polls to change it)", self.max_polls),
            );
        }
    }

    /// A timer that belongs to no task ("another thread"): polled once here with `waker`, then
    /// kept until the end of the run. Returns true if it had already expired.
    pub fn keep_timer(&self, mut sleep: Pin<Box<Sleep>>, waker: Waker) -> bool {
        let mut cx = Context::from_waker(&waker);
        if sleep.as_mut().poll(&mut cx).is_ready() {
            return true;
        }
        lock(&self.keep).push(sleep);
        false
    }

    pub fn socket(&self, r: usize) -> &Mutex<SocketState> {
        match &self.res[r] {
            Res::Socket(s) => s,
            _ => self.fatal(2, &format!("resource '{}' is not a socket or listener", self.sc.resources[r].name)),
        }
    }

    /// Applies one IO script entry (at its virtual time) and wakes the registrations it makes
    /// ready, in registration order (like the engine's Reactor::apply_io).
    pub fn apply_io(&self, r: usize, index: usize) {
        let ev = &self.sc.resources[r].script[index];
        let mut wakers = Vec::new();
        {
            let mut s = lock(self.socket(r));
            let mut take = |s: &mut SocketState, interest: Option<Interest>| {
                for reg in s.regs.iter_mut() {
                    if interest.map_or(true, |i| i == reg.interest) {
                        if let Some(w) = reg.waker.take() {
                            wakers.push(w);
                        }
                    }
                }
            };
            if !ev.connect.is_empty() {
                let conn = self.sc.resource_index(&ev.connect).unwrap_or(usize::MAX);
                s.backlog.push_back(conn);
                take(&mut s, Some(Interest::Readable));
            }
            if ev.readable > 0 {
                s.readable += ev.readable;
                take(&mut s, Some(Interest::Readable));
            }
            if ev.writable > 0 {
                s.write_space += ev.writable;
                take(&mut s, Some(Interest::Writable));
            }
            if ev.closed {
                s.closed = true;
                take(&mut s, None);
            }
        }
        for w in wakers {
            w.wake();
        }
    }

    /// tokio::spawn of a new instance of task spec `spec`; returns the instance number.
    pub fn spawn_instance(self: &Arc<Self>, spec: usize) -> usize {
        let (inst, fut) = self.new_instance(spec);
        let handle = tokio::spawn(fut);
        lock(&self.handles).insert(inst, handle);
        inst
    }

    /// A new instance of task spec `spec`, not spawned yet: its recording future.
    fn new_instance(self: &Arc<Self>, spec: usize) -> (usize, TaskFuture) {
        let ts = &self.sc.tasks[spec];
        let counts = Arc::new(Counts::default());
        let inst = {
            let mut v = lock(&self.instances);
            let same = v.iter().filter(|i| i.spec == spec).count();
            let name = if same == 0 { ts.name.clone() } else { format!("{}#{}", ts.name, same + 1) };
            v.push(Instance { name, spec, done: false, counts: counts.clone() });
            v.len() - 1
        };
        let name = lock(&self.instances)[inst].name.clone();
        self.live.fetch_add(1, SeqCst);
        let mut senders = Vec::new();
        for &r in &self.sends_of[spec] {
            match &self.res[r] {
                Res::Channel { template, live, .. } => {
                    live.fetch_add(1, SeqCst);
                    senders.push((r, lock(template).clone()));
                }
                Res::Oneshot { live, .. } => {
                    live.fetch_add(1, SeqCst);
                }
                _ => {}
            }
        }
        let mut env = TaskEnv {
            shared: self.clone(),
            inst,
            spec,
            guards: Vec::new(),
            senders,
            handles: HashMap::new(),
            iters: 0,
        };
        let body = make(&ts.body, &mut env);
        (inst, TaskFuture { env, body, name, counts, waker: None, done: false })
    }

    pub fn latest_instance(&self, spec_name: &str) -> Option<usize> {
        let v = lock(&self.instances);
        (0..v.len()).rev().find(|&i| self.sc.tasks[v[i].spec].name == spec_name)
    }

    fn task_finished(&self) {
        if self.live.fetch_sub(1, SeqCst) == 1 {
            if let Some(w) = lock(&self.main_waker).take() {
                w.wake();
            }
        }
    }
}

/// What one task instance owns besides its future tree: the guards it holds, its Senders,
/// the handles of the tasks it spawned.
pub struct TaskEnv {
    pub shared: Arc<Shared>,
    pub inst: usize,
    pub spec: usize,
    /// Mutex guards held, in acquisition order (released at unlock or at the end of the task).
    pub guards: Vec<(usize, OwnedMutexGuard<()>)>,
    /// The task's own clone of each channel's Sender (None if the channel had closed already).
    pub senders: Vec<(usize, Option<mpsc::Sender<i64>>)>,
    /// Task spec name -> instance this task spawned last.
    pub handles: HashMap<String, usize>,
    /// Loop iterations in the current poll (a guard against loops that never await).
    pub iters: u64,
}

/// The recording wrapper: every poll of a task is one output line.
struct TaskFuture {
    env: TaskEnv,
    body: Box<dyn Op>,
    name: String,
    counts: Arc<Counts>,
    waker: Option<Arc<WakerInner>>,
    done: bool,
}

impl TaskFuture {
    /// What dropping the task's async block would do, in the order Rust does it: the guards it
    /// still holds (locals), then its Senders (captured); tokio wakes the JoinHandle after this.
    fn finish(&mut self) {
        let shared = self.env.shared.clone();
        for (_, guard) in self.env.guards.drain(..) {
            drop(guard);
        }
        for &r in &shared.sends_of[self.env.spec] {
            match &shared.res[r] {
                Res::Channel { template, live, .. } => {
                    if let Some(pos) = self.env.senders.iter().position(|s| s.0 == r) {
                        let (_, own) = self.env.senders.remove(pos);
                        drop(own);
                    }
                    if live.fetch_sub(1, SeqCst) == 1 {
                        let last = lock(template).take();
                        drop(last); // the last Sender: the channel closes, the receiver is woken
                    }
                }
                Res::Oneshot { tx, live, .. } => {
                    if live.fetch_sub(1, SeqCst) == 1 {
                        let last = lock(tx).take();
                        drop(last);
                    }
                }
                _ => {}
            }
        }
        for r in &shared.res {
            if let Res::Socket(s) = r {
                lock(s).regs.retain(|reg| reg.task != self.env.inst);
            }
        }
        lock(&shared.instances)[self.env.inst].done = true;
        shared.task_finished();
    }
}

impl Future for TaskFuture {
    type Output = i64;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<i64> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(0);
        }
        let counts = this.counts.clone();
        let inner = this.waker.get_or_insert_with(|| WakerInner::new(cx.waker().clone(), counts)).clone();
        let waker = borrowed(&inner);
        let mut cx2 = Context::from_waker(&waker);
        let shared = this.env.shared.clone();
        let t = shared.now_ns();
        this.env.iters = 0;
        let result = this.body.poll(&mut cx2, &mut this.env);
        if result.is_ready() {
            this.done = true;
            this.finish();
        }
        shared.record(t, &this.name, result.is_ready());
        result
    }
}

struct IoEntryWaker {
    shared: Arc<Shared>,
    res: usize,
    index: usize,
    fired: AtomicBool,
}

impl Wake for IoEntryWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }
    fn wake_by_ref(self: &Arc<Self>) {
        if !self.fired.swap(true, SeqCst) {
            self.shared.apply_io(self.res, self.index);
        }
    }
}

struct SentinelWaker {
    shared: Arc<Shared>,
}

impl Wake for SentinelWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref()
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.shared.deadlock.store(true, SeqCst);
        if let Some(w) = lock(&self.shared.main_waker).take() {
            w.wake();
        }
    }
}

/// The future given to `Runtime::block_on`: the first task's own future when it is the block_on
/// future (#[tokio::main]'s body, see Scenario::block_on_task), then a wait until every spawned
/// task has finished. Without a block_on task it only spawns and waits.
struct Main {
    shared: Arc<Shared>,
    started: bool,
    body: Option<TaskFuture>,
}

impl Main {
    fn setup(&mut self) {
        let shared = &self.shared;
        let sentinel = Waker::from(Arc::new(SentinelWaker { shared: shared.clone() }));
        shared.keep_timer(Box::pin(tokio::time::sleep(SENTINEL)), sentinel);
        // IO script entries in (time, resource, entry) order, as the engine's reactor sorts them.
        let mut entries = Vec::new();
        for (r, res) in shared.sc.resources.iter().enumerate() {
            for (i, ev) in res.script.iter().enumerate() {
                entries.push((ev.at, r, i));
            }
        }
        entries.sort();
        for (at, r, i) in entries {
            let w = Arc::new(IoEntryWaker { shared: shared.clone(), res: r, index: i, fired: AtomicBool::new(false) });
            let sleep = Box::pin(tokio::time::sleep_until(shared.start + Duration::from_nanos(at as u64)));
            if shared.keep_timer(sleep, Waker::from(w.clone())) {
                w.wake_by_ref();
            }
        }
        let main = shared.sc.block_on_task();
        if let Some(m) = main {
            self.body = Some(shared.new_instance(m).1);
        }
        // The other start tasks are spawned from inside block_on, before its body runs: they
        // are the first entries of the local run queue, as in pollscope's start().
        for (i, t) in shared.sc.tasks.iter().enumerate() {
            if t.start && Some(i) != main {
                shared.spawn_instance(i);
            }
        }
    }
}

impl Future for Main {
    type Output = End;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<End> {
        if !self.started {
            self.started = true;
            *lock(&self.shared.main_waker) = Some(cx.waker().clone());
            self.setup();
        }
        if self.shared.deadlock.load(SeqCst) {
            return Poll::Ready(End::Deadlock);
        }
        if let Some(body) = self.body.as_mut() {
            if !body.done && Pin::new(body).poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
        if self.shared.live.load(SeqCst) == 0 {
            return Poll::Ready(End::Complete);
        }
        *lock(&self.shared.main_waker) = Some(cx.waker().clone());
        Poll::Pending
    }
}

pub struct Outcome {
    pub end: End,
    pub end_ns: u128,
    pub wakers: Vec<(String, String)>,
    /// Per task instance, every wake of its waker in order ('w' wake, 'r' wake_by_ref).
    pub wake_kinds: Vec<(String, String)>,
    pub pending: Vec<String>,
}

pub fn run(sc: &'static Scenario, max_polls: u64) -> (Arc<Shared>, Outcome) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("cannot build the tokio runtime");
    let start = {
        let _guard = rt.enter();
        Instant::now()
    };
    let shared = Arc::new(Shared::new(sc, start, max_polls));
    let end = rt.block_on(Main { shared: shared.clone(), started: false, body: None });
    let end_ns = {
        let _guard = rt.enter();
        if end == End::Deadlock {
            0
        } else {
            shared.now_ns()
        }
    };
    let pending: Vec<String> = lock(&shared.instances).iter().filter(|i| !i.done).map(|i| i.name.clone()).collect();
    drop(rt); // drops the tasks still pending (deadlock) and the timers
    lock(&shared.keep).clear();
    let wakers = lock(&shared.instances).iter().map(|i| (i.name.clone(), i.counts.line())).collect();
    let wake_kinds = lock(&shared.instances).iter().map(|i| (i.name.clone(), i.counts.kinds())).collect();
    (shared, Outcome { end, end_ns, wakers, wake_kinds, pending })
}
