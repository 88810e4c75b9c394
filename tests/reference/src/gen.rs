//! `gen --seed N`: a random scenario, deterministic from the seed, that uses only what the
//! reference runner supports and always terminates on tokio.
//!
//! Why it terminates (no deadlock, no endless loop):
//! - Every task has a rank. A task waits without bound (recv, notified, join_handle, a lock
//!   held by another task) only on tasks of higher rank, or, for a channel, on the other
//!   members of its channel group (one receiver and its producers share a rank).
//! - Channel group: the receiver's recvs that surely run (not under select/timeout) are at
//!   least (sends - capacity), so no send waits forever; recvs past the last value return
//!   None once every producer has finished. Producers and the receiver are start:true tasks
//!   and each task is in at most one channel group.
//! - Notify: the notifier (a start task of higher rank) calls notify_one at least once where
//!   it surely runs. A notify has either one waiter whose notified() surely runs, or up to two
//!   waiters whose notified() is bounded (under a timeout or a select with a sleep);
//!   notify_waiters only when every waiter is bounded. A child's notified() is always bounded
//!   (a child spawned in a repeat has several instances, so several waiters).
//! - Mutex: a critical section is `lock, (sleep|yield_now|ready)*, unlock`, never under a
//!   select or timeout, so every holder unlocks after bounded work.
//! - A child task (start:false) is spawned by its parent where the spawn surely runs, before
//!   the parent's one join_handle on it; the child's rank is above its parent's.
//! - Every select has a bounded branch (sleep, yield_now, ready); repeats have small counts.
//! - compute (blocking work: the clock jumps within the poll) is bounded work too.

use std::fmt::Write as _;

use crate::scenario::{format_duration, Nanos, MICRO, MILLI};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }
}

#[derive(Clone)]
enum Step {
    WakeByRef,
    Wake,
    StoreWakeAfter(Nanos),
}

#[derive(Clone)]
enum Op {
    Sleep(Nanos),
    Yield,
    Ready(i64),
    Send(String, i64),
    Recv(String),
    Lock(String),
    Unlock(String),
    Notified(String),
    NotifyOne(String),
    NotifyWaiters(String),
    Spawn(String),
    JoinHandle(String),
    Join(Vec<Op>),
    Select(Vec<Op>),
    Timeout(Nanos, Box<Op>),
    Async(Vec<Op>),
    Repeat(u64, Vec<Op>),
    Scripted(Vec<Step>, i64),
    Compute(Nanos),
}

fn q(s: &str) -> String {
    format!("\"{}\"", s)
}

fn dur(ns: Nanos) -> String {
    q(&format_duration(ns))
}

fn list(ops: &[Op]) -> String {
    let parts: Vec<String> = ops.iter().map(json).collect();
    format!("[{}]", parts.join(", "))
}

fn json(op: &Op) -> String {
    match op {
        Op::Sleep(d) => format!("{{\"sleep\": {}}}", dur(*d)),
        Op::Yield => "{\"yield_now\": true}".to_string(),
        Op::Compute(d) => format!("{{\"compute\": {}}}", dur(*d)),
        Op::Ready(v) => format!("{{\"ready\": {}}}", v),
        Op::Send(c, v) => format!("{{\"send\": {}, \"value\": {}}}", q(c), v),
        Op::Recv(c) => format!("{{\"recv\": {}}}", q(c)),
        Op::Lock(m) => format!("{{\"lock\": {}}}", q(m)),
        Op::Unlock(m) => format!("{{\"unlock\": {}}}", q(m)),
        Op::Notified(n) => format!("{{\"notified\": {}}}", q(n)),
        Op::NotifyOne(n) => format!("{{\"notify_one\": {}}}", q(n)),
        Op::NotifyWaiters(n) => format!("{{\"notify_waiters\": {}}}", q(n)),
        Op::Spawn(t) => format!("{{\"spawn\": {}}}", q(t)),
        Op::JoinHandle(t) => format!("{{\"join_handle\": {}}}", q(t)),
        Op::Join(v) => format!("{{\"join\": {}}}", list(v)),
        Op::Select(v) => format!("{{\"select\": {}, \"biased\": true}}", list(v)),
        Op::Timeout(d, f) => format!("{{\"timeout\": {}, \"future\": {}}}", dur(*d), json(f)),
        Op::Async(v) => format!("{{\"async\": {}}}", list(v)),
        Op::Repeat(n, v) => format!("{{\"repeat\": {}, \"body\": {}}}", n, list(v)),
        Op::Scripted(steps, v) => {
            let mut parts: Vec<String> = steps
                .iter()
                .map(|s| match s {
                    Step::WakeByRef => "{\"pending\": \"wake_by_ref\"}".to_string(),
                    Step::Wake => "{\"pending\": \"wake\"}".to_string(),
                    Step::StoreWakeAfter(d) => format!("{{\"pending\": \"store\", \"wake_after\": {}}}", dur(*d)),
                })
                .collect();
            parts.push(format!("{{\"ready\": {}}}", v));
            format!("{{\"scripted\": [{}]}}", parts.join(", "))
        }
    }
}

/// Sends (anywhere) and recvs that surely run, per channel name, with repeat multiplicity.
fn count(op: &Op, mult: u64, sure: bool, ch: &str, sends: &mut u64, recvs: &mut u64) {
    match op {
        Op::Send(c, _) if c == ch => *sends += mult,
        Op::Recv(c) if c == ch && sure => *recvs += mult,
        Op::Join(v) | Op::Async(v) => v.iter().for_each(|o| count(o, mult, sure, ch, sends, recvs)),
        Op::Repeat(n, v) => v.iter().for_each(|o| count(o, mult * n, sure, ch, sends, recvs)),
        Op::Select(v) => v.iter().for_each(|o| count(o, mult, false, ch, sends, recvs)),
        Op::Timeout(_, f) => count(f, mult, false, ch, sends, recvs),
        _ => {}
    }
}

fn sure_notify_one(op: &Op, n: &str) -> bool {
    match op {
        Op::NotifyOne(x) => x == n,
        Op::Join(v) | Op::Async(v) | Op::Repeat(_, v) => v.iter().any(|o| sure_notify_one(o, n)),
        _ => false,
    }
}

struct Task {
    name: String,
    start: bool,
    rank: u64,
    /// Things this task must do, each one a unit placed among fillers.
    items: Vec<Vec<Op>>,
    /// Items that must come last, in this order (join_handle after spawn is handled by order).
    tail: Vec<Vec<Op>>,
    body: Vec<Op>,
}

/// Features `gen --without LIST` leaves out (to narrow down which behaviour a mismatch needs).
#[derive(Default, Clone, Copy)]
pub struct Without {
    pub compute: bool,
    pub subms: bool,
    pub wake_after_0: bool,
    pub cancel_recv: bool,
    pub notify_waiters: bool,
}

impl Without {
    pub const NAMES: &'static str = "compute, subms, wake-after-0, cancel-recv, notify-waiters";

    pub fn parse(list: &str) -> Result<Without, String> {
        let mut w = Without::default();
        for item in list.split(',').map(|x| x.trim()).filter(|x| !x.is_empty()) {
            match item {
                "compute" => w.compute = true,
                "subms" => w.subms = true,
                "wake-after-0" => w.wake_after_0 = true,
                "cancel-recv" => w.cancel_recv = true,
                "notify-waiters" => w.notify_waiters = true,
                _ => return Err(format!("unknown feature '{}' (known: {})", item, Without::NAMES)),
            }
        }
        Ok(w)
    }
}

struct Gen {
    w: Without,
    rng: Rng,
    /// Mostly whole milliseconds (many equal deadlines); sometimes sub-millisecond ones, which
    /// tokio rounds up to the next millisecond.
    sub_ms: bool,
}

impl Gen {
    fn duration(&mut self) -> Nanos {
        if self.sub_ms && self.rng.chance(25) {
            *self.rng.pick(&[500 * MICRO, 1500 * MICRO, 2500 * MICRO, 999 * MICRO, 1001 * MICRO])
        } else if self.rng.chance(4) {
            0
        } else {
            *self.rng.pick(&[1, 1, 2, 2, 3, 5, 10]) * MILLI
        }
    }

    fn timeout_duration(&mut self) -> Nanos {
        *self.rng.pick(&[1, 2, 3, 4, 5, 8]) * MILLI
    }

    fn scripted(&mut self) -> Op {
        let n = self.rng.range(1, 2);
        let steps = (0..n)
            .map(|_| match self.rng.below(3) {
                0 => Step::WakeByRef,
                1 => Step::Wake,
                _ => {
                    let d = self.duration();
                    Step::StoreWakeAfter(if self.w.wake_after_0 { d.max(MILLI) } else { d })
                }
            })
            .collect();
        Op::Scripted(steps, self.rng.range(1, 9) as i64)
    }

    /// Bounded work that needs nobody else.
    fn filler(&mut self) -> Op {
        match self.rng.below(100) {
            0..=39 => Op::Sleep(self.duration()),
            40..=64 => Op::Yield,
            65..=67 => Op::Ready(self.rng.range(0, 9) as i64),
            68..=69 if !self.w.compute => Op::Compute(self.duration()),
            68..=69 => Op::Ready(0),
            70..=77 => self.scripted(),
            78..=85 => {
                let a = self.filler_simple();
                let b = self.filler_simple();
                Op::Join(vec![a, b])
            }
            86..=93 => {
                let a = Op::Sleep(self.duration());
                let b = self.filler_simple();
                if self.rng.chance(50) {
                    Op::Select(vec![a, b])
                } else {
                    Op::Select(vec![b, a])
                }
            }
            94..=96 => {
                let n = self.rng.range(2, 3);
                let v = vec![self.filler_simple()];
                Op::Repeat(n, v)
            }
            97 => {
                // more than tokio's coop budget of 128 Ready sleeps in one poll
                Op::Repeat(self.rng.range(129, 140), vec![Op::Sleep(0)])
            }
            98 => {
                // a task that re-queues itself many times in a row (tokio's 61-poll driver interval)
                Op::Repeat(self.rng.range(20, 40), vec![Op::Scripted(vec![Step::WakeByRef], 0)])
            }
            _ => Op::Timeout(self.timeout_duration(), Box::new(Op::Sleep(self.duration()))),
        }
    }

    fn filler_simple(&mut self) -> Op {
        match self.rng.below(10) {
            0..=5 => Op::Sleep(self.duration()),
            6..=8 => Op::Yield,
            _ => Op::Ready(self.rng.range(0, 9) as i64),
        }
    }

    /// Wraps an op that may wait without bound into something bounded.
    fn bounded(&mut self, op: Op) -> Op {
        if self.rng.chance(50) {
            Op::Timeout(self.timeout_duration(), Box::new(op))
        } else {
            let s = Op::Sleep(self.duration().max(MILLI));
            if self.rng.chance(50) {
                Op::Select(vec![op, s])
            } else {
                Op::Select(vec![s, op])
            }
        }
    }

    /// Optionally joins a sure op with a filler, keeping it sure.
    fn maybe_join(&mut self, op: Op) -> Op {
        if self.rng.chance(20) {
            let f = self.filler_simple();
            if self.rng.chance(50) {
                Op::Join(vec![op, f])
            } else {
                Op::Join(vec![f, op])
            }
        } else {
            op
        }
    }

    fn critical_section(&mut self, m: &str) -> Vec<Op> {
        let mut v = vec![Op::Lock(m.to_string())];
        for _ in 0..self.rng.range(1, 2) {
            let f = self.filler_simple();
            v.push(f);
        }
        v.push(Op::Unlock(m.to_string()));
        if self.rng.chance(30) {
            vec![Op::Async(v)]
        } else {
            v
        }
    }
}

pub fn generate(seed: u64, without: Without) -> String {
    let mut g = Gen { w: without, rng: Rng(seed ^ 0x5eed_0f_7e57), sub_ms: false };
    g.sub_ms = g.rng.chance(15) && !without.subms;
    let rng = &mut g.rng;
    let n_start = *rng.pick(&[1, 2, 2, 3, 3, 3, 4, 4, 5]) as usize;
    let max_child = (5 - n_start).min(2);
    let min_child = if n_start == 1 { 1 } else { 0 };
    let n_child = rng.range(min_child as u64, max_child as u64) as usize;

    let mut tasks: Vec<Task> = Vec::new();
    for i in 0..n_start {
        tasks.push(Task { name: format!("task{}", i + 1), start: true, rank: 0, items: vec![], tail: vec![], body: vec![] });
    }

    // Channel groups among the start tasks, then ranks by group.
    let mut order: Vec<usize> = (0..n_start).collect();
    rng.shuffle(&mut order);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut channels: Vec<(String, u64, usize, Vec<usize>)> = Vec::new(); // name, capacity, receiver, producers
    let mut free = order.clone();
    let n_ch = if n_start >= 2 { rng.below(3).min((n_start / 2) as u64) } else { 0 };
    for c in 0..n_ch {
        if free.len() < 2 {
            break;
        }
        let rx = free.remove(0);
        let np = rng.range(1, (free.len() as u64).min(2)) as usize;
        let producers: Vec<usize> = free.drain(..np).collect();
        let cap = rng.range(1, 3);
        let mut group = vec![rx];
        group.extend(producers.iter().copied());
        groups.push(group);
        channels.push((format!("ch{}", c + 1), cap, rx, producers));
    }
    for t in free {
        groups.push(vec![t]);
    }
    rng.shuffle(&mut groups);
    for (gi, group) in groups.iter().enumerate() {
        for &t in group {
            tasks[t].rank = gi as u64 * 10;
        }
    }

    // Children: spawned by a start task (or the previous child), ranked just above the parent.
    let mut parent_of: Vec<usize> = Vec::new();
    for c in 0..n_child {
        let parent = if c > 0 && rng.chance(25) { n_start + c - 1 } else { rng.below(n_start as u64) as usize };
        let rank = tasks[parent].rank + 1;
        tasks.push(Task { name: format!("child{}", c + 1), start: false, rank, items: vec![], tail: vec![], body: vec![] });
        parent_of.push(parent);
    }

    let mut resources: Vec<String> = Vec::new();
    for (name, cap, _, _) in &channels {
        resources.push(format!("{{\"name\": {}, \"kind\": \"channel\", \"capacity\": {}}}", q(name), cap));
    }

    // Channel roles.
    for (name, _, rx, producers) in &channels {
        for &p in producers {
            let k = g.rng.range(1, 3);
            for _ in 0..k {
                let v = g.rng.range(1, 99) as i64;
                let send = Op::Send(name.clone(), v);
                let item = match g.rng.below(10) {
                    0 => vec![g.bounded(send)],
                    1 => vec![Op::Repeat(2, vec![send])],
                    _ => vec![g.maybe_join(send)],
                };
                tasks[p].items.push(item);
            }
        }
        let k = g.rng.range(1, 4);
        for _ in 0..k {
            let recv = Op::Recv(name.clone());
            let item = match g.rng.below(10) {
                0 | 1 if !without.cancel_recv => vec![g.bounded(recv)],
                2 => vec![Op::Repeat(2, vec![recv])],
                _ => vec![g.maybe_join(recv)],
            };
            tasks[*rx].items.push(item);
        }
    }

    // Notify resources: a notifier among the start tasks, waiters of lower rank.
    let n_notify = g.rng.below(3);
    let mut notifies = Vec::new();
    for k in 0..n_notify {
        let name = format!("n{}", k + 1);
        let notifier = g.rng.below(n_start as u64) as usize;
        let candidates: Vec<usize> = (0..tasks.len()).filter(|&w| tasks[w].rank < tasks[notifier].rank).collect();
        if candidates.is_empty() {
            continue;
        }
        let two = candidates.len() >= 1 && g.rng.chance(35);
        let n_wait = if two { 2 } else { 1 };
        let mut all_bounded = true;
        for _ in 0..n_wait {
            let w = *g.rng.pick(&candidates);
            let op = Op::Notified(name.clone());
            // A child may be spawned twice (repeat 2): its notified() is then two waiters.
            let item = if two || !tasks[w].start || g.rng.chance(30) {
                g.bounded(op)
            } else {
                all_bounded = false;
                g.maybe_join(op)
            };
            tasks[w].items.push(vec![item]);
        }
        for _ in 0..g.rng.range(1, 2) {
            let op = g.maybe_join(Op::NotifyOne(name.clone()));
            tasks[notifier].items.push(vec![op]);
        }
        if all_bounded && !without.notify_waiters && g.rng.chance(40) {
            tasks[notifier].items.push(vec![Op::NotifyWaiters(name.clone())]);
        }
        resources.push(format!("{{\"name\": {}, \"kind\": \"notify\"}}", q(&name)));
        notifies.push((name, notifier));
    }

    // A mutex used by two or three tasks.
    if g.rng.chance(45) {
        let m = "m1".to_string();
        let users = g.rng.range(2, tasks.len().min(3) as u64);
        let mut idx: Vec<usize> = (0..tasks.len()).collect();
        g.rng.shuffle(&mut idx);
        for &t in idx.iter().take(users as usize) {
            for _ in 0..g.rng.range(1, 2) {
                let cs = g.critical_section(&m);
                tasks[t].items.push(cs);
            }
        }
        if g.rng.chance(20) {
            // a lock that may give up: the unlock after it does nothing when the timeout won
            let t = idx[0];
            let d = g.timeout_duration();
            let f = g.filler_simple();
            tasks[t].items.push(vec![Op::Timeout(d, Box::new(Op::Lock(m.clone()))), f, Op::Unlock(m.clone())]);
        }
        resources.push(format!("{{\"name\": {}, \"kind\": \"mutex\"}}", q(&m)));
    }

    // Spawns and join handles: the spawn is an item; the join handle goes to the tail.
    for (c, &parent) in parent_of.iter().enumerate() {
        let child = tasks[n_start + c].name.clone();
        let spawn = if g.rng.chance(20) {
            Op::Repeat(2, vec![Op::Spawn(child.clone())])
        } else {
            Op::Spawn(child.clone())
        };
        tasks[parent].items.push(vec![spawn]);
        if g.rng.chance(75) {
            let jh = Op::JoinHandle(child.clone());
            let op = match g.rng.below(10) {
                0 | 1 => Op::Timeout(g.timeout_duration(), Box::new(jh)),
                2 => Op::Join(vec![jh, Op::Sleep(g.duration())]),
                _ => jh,
            };
            tasks[parent].tail.push(vec![op]);
        }
    }

    // Bodies: the items in a random order with fillers between them; a spawn stays before the
    // tail, so before its join handle.
    for t in tasks.iter_mut() {
        let mut items = std::mem::take(&mut t.items);
        g.rng.shuffle(&mut items);
        let mut body = Vec::new();
        if items.is_empty() && t.tail.is_empty() || g.rng.chance(50) {
            body.push(g.filler());
        }
        for item in items {
            body.extend(item);
            if g.rng.chance(40) {
                body.push(g.filler());
            }
        }
        for item in std::mem::take(&mut t.tail) {
            body.extend(item);
        }
        if body.len() < 2 || g.rng.chance(30) {
            body.push(g.filler());
        }
        t.body = body;
    }

    // Fix-ups that make termination certain (see the module comment).
    for (name, cap, rx, producers) in &channels {
        let mut sends = 0;
        let mut recvs = 0;
        for &p in producers {
            for op in &tasks[p].body {
                count(op, 1, true, name, &mut sends, &mut recvs);
            }
        }
        let mut dummy = 0;
        for op in &tasks[*rx].body {
            count(op, 1, true, name, &mut dummy, &mut recvs);
        }
        while recvs + cap < sends {
            tasks[*rx].body.push(Op::Recv(name.clone()));
            recvs += 1;
        }
    }
    for (name, notifier) in &notifies {
        if !tasks[*notifier].body.iter().any(|o| sure_notify_one(o, name)) {
            tasks[*notifier].body.push(Op::NotifyOne(name.clone()));
        }
    }

    let mut out = String::new();
    out.push_str("{\n  \"format\": \"pollscope-scenario/1\",\n");
    let _ = writeln!(out, "  \"title\": \"Generated scenario, seed {}\",", seed);
    out.push_str(
        "  \"summary\": \"Random but terminating scenario from pollscope-reference gen, for the differential test against real tokio.\",\n",
    );
    out.push_str("  \"runtime\": {\"policy\": \"tokio-current-thread\", \"poll_cost\": \"0ns\"},\n");
    out.push_str("  \"resources\": [");
    for (i, r) in resources.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(r);
    }
    out.push_str(if resources.is_empty() { "],\n" } else { "\n  ],\n" });
    out.push_str("  \"tasks\": [\n");
    for (i, t) in tasks.iter().enumerate() {
        let _ = write!(out, "    {{\"name\": {}, \"start\": {}, \"body\": [", q(&t.name), t.start);
        for (j, op) in t.body.iter().enumerate() {
            out.push_str(if j == 0 { "\n      " } else { ",\n      " });
            out.push_str(&json(op));
        }
        out.push_str("\n    ]}");
        out.push_str(if i + 1 < tasks.len() { ",\n" } else { "\n" });
    }
    out.push_str("  ]\n}");
    out
}
