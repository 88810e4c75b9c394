//! The scenario file ("pollscope-scenario/1") as plain data, read with serde_json.
//!
//! pollscope's loader (engine/load/json_scenario_walk.cpp) is the authority on what is valid; this
//! reader trusts the file to be valid and only reports what it cannot make sense of.

use serde_json::{Map, Value};

pub type Nanos = i64;

pub const MICRO: Nanos = 1_000;
pub const MILLI: Nanos = 1_000_000;
pub const SECOND: Nanos = 1_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Block,
    Repeat,
    Join,
    Select,
    Timeout,
    Ready,
    Sleep,
    Read,
    Write,
    Accept,
    Send,
    Recv,
    Lock,
    Unlock,
    Notified,
    NotifyOne,
    NotifyWaiters,
    YieldNow,
    Compute,
    Spawn,
    JoinHandle,
    Scripted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakerAction {
    Store,
    WakeByRef,
    Wake,
    Forget,
    DropStored,
}

#[derive(Debug, Clone)]
pub struct ScriptStep {
    pub ready: bool,
    pub action: WakerAction,
    pub wake_after: Nanos, // -1 = none
    pub value: i64,
}

#[derive(Debug, Clone)]
pub struct Spec {
    pub kind: Kind,
    pub duration: Nanos,
    pub resource: String,
    pub task: String,
    pub amount: i64,
    pub count: i64, // Repeat: -1 = forever
    pub biased: bool,
    pub repeat_last: bool,
    pub children: Vec<Spec>,
    pub script: Vec<ScriptStep>,
}

impl Spec {
    fn new(kind: Kind) -> Spec {
        Spec {
            kind,
            duration: 0,
            resource: String::new(),
            task: String::new(),
            amount: 0,
            count: 0,
            biased: false,
            repeat_last: false,
            children: Vec::new(),
            script: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResKind {
    Socket,
    Listener,
    Channel,
    Oneshot,
    Mutex,
    Notify,
}

#[derive(Debug, Clone)]
pub struct IoEvent {
    pub at: Nanos,
    pub readable: i64,
    pub writable: i64,
    pub closed: bool,
    pub connect: String,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub name: String,
    pub kind: ResKind,
    pub capacity: i64, // channel bound; socket initial send-buffer space
    pub script: Vec<IoEvent>,
}

#[derive(Debug, Clone)]
pub struct TaskSpec {
    pub name: String,
    pub start: bool,
    pub body: Spec, // kind Block
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub resources: Vec<Resource>,
    pub tasks: Vec<TaskSpec>,
    /// `"runtime": {"main": "spawned"}` turns this off: otherwise the first task, when it starts
    /// with the runtime, is the block_on future (#[tokio::main]'s body), as in pollscope.
    pub main_block_on: bool,
}

impl Scenario {
    pub fn resource_index(&self, name: &str) -> Option<usize> {
        self.resources.iter().position(|r| r.name == name)
    }
    pub fn task_index(&self, name: &str) -> Option<usize> {
        self.tasks.iter().position(|t| t.name == name)
    }
    /// The task spec run as the block_on future, if any.
    pub fn block_on_task(&self) -> Option<usize> {
        if self.main_block_on && self.tasks.first().map_or(false, |t| t.start) {
            Some(0)
        } else {
            None
        }
    }
}

/// "10ms", "1.5ms", "250us", "2s", "40ns" (the same grammar as engine/model/time.cpp).
pub fn parse_duration(text: &str) -> Option<Nanos> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut whole: i64 = 0;
    let mut digits = false;
    while i < b.len() && b[i].is_ascii_digit() {
        whole = whole.checked_mul(10)?.checked_add((b[i] - b'0') as i64)?;
        digits = true;
        i += 1;
    }
    let mut frac: i64 = 0;
    let mut scale: i64 = 1;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let mut any = false;
        while i < b.len() && b[i].is_ascii_digit() {
            if scale < 1_000_000_000 {
                frac = frac * 10 + (b[i] - b'0') as i64;
                scale *= 10;
            }
            any = true;
            i += 1;
        }
        if !any {
            return None;
        }
    }
    if !digits {
        return None;
    }
    let unit = match &text[i..] {
        "ns" => 1,
        "us" => MICRO,
        "ms" => MILLI,
        "s" => SECOND,
        _ => return None,
    };
    Some(whole.checked_mul(unit)? + frac * unit / scale)
}

pub fn format_duration(ns: Nanos) -> String {
    if ns % SECOND == 0 && ns != 0 {
        format!("{}s", ns / SECOND)
    } else if ns % MILLI == 0 {
        format!("{}ms", ns / MILLI)
    } else if ns % MICRO == 0 {
        format!("{}us", ns / MICRO)
    } else {
        format!("{}ns", ns)
    }
}

type R<T> = Result<T, String>;

fn duration(v: &Value, at: &str) -> R<Nanos> {
    v.as_str()
        .and_then(parse_duration)
        .ok_or_else(|| format!("{}: expected a duration like \"10ms\", got {}", at, v))
}

fn int(v: &Value, at: &str) -> R<i64> {
    v.as_i64().ok_or_else(|| format!("{}: expected an integer, got {}", at, v))
}

fn string(v: &Value, at: &str) -> R<String> {
    v.as_str()
        .map(|s| s.to_string())
        .ok_or_else(|| format!("{}: expected a string, got {}", at, v))
}

const OPS: &[(&str, Kind)] = &[
    ("ready", Kind::Ready),
    ("sleep", Kind::Sleep),
    ("read", Kind::Read),
    ("write", Kind::Write),
    ("accept", Kind::Accept),
    ("send", Kind::Send),
    ("recv", Kind::Recv),
    ("lock", Kind::Lock),
    ("unlock", Kind::Unlock),
    ("notified", Kind::Notified),
    ("notify_one", Kind::NotifyOne),
    ("notify_waiters", Kind::NotifyWaiters),
    ("yield_now", Kind::YieldNow),
    ("compute", Kind::Compute),
    ("spawn", Kind::Spawn),
    ("join_handle", Kind::JoinHandle),
    ("join", Kind::Join),
    ("select", Kind::Select),
    ("timeout", Kind::Timeout),
    ("async", Kind::Block),
    ("repeat", Kind::Repeat),
    ("scripted", Kind::Scripted),
];

fn ops(v: &Value, at: &str) -> R<Vec<Spec>> {
    let arr = v.as_array().ok_or_else(|| format!("{}: expected an array of ops", at))?;
    arr.iter()
        .enumerate()
        .map(|(i, o)| op(o, &format!("{}/{}", at, i)))
        .collect()
}

fn op(v: &Value, at: &str) -> R<Spec> {
    let obj: &Map<String, Value> = v.as_object().ok_or_else(|| format!("{}: expected an op object", at))?;
    let (key, kind) = OPS
        .iter()
        .find(|(k, _)| obj.contains_key(*k))
        .ok_or_else(|| format!("{}: an op needs a kind key such as \"sleep\"", at))?;
    let arg = &obj[*key];
    let here = format!("{}/{}", at, key);
    let mut s = Spec::new(*kind);
    match kind {
        Kind::Ready => s.amount = int(arg, &here)?,
        Kind::Sleep | Kind::Compute | Kind::Timeout => s.duration = duration(arg, &here)?,
        Kind::Read
        | Kind::Write
        | Kind::Accept
        | Kind::Send
        | Kind::Recv
        | Kind::Lock
        | Kind::Unlock
        | Kind::Notified
        | Kind::NotifyOne
        | Kind::NotifyWaiters => s.resource = string(arg, &here)?,
        Kind::Spawn | Kind::JoinHandle => s.task = string(arg, &here)?,
        Kind::YieldNow => {}
        Kind::Join | Kind::Select | Kind::Block => s.children = ops(arg, &here)?,
        Kind::Repeat => {
            s.count = if arg.as_str() == Some("forever") { -1 } else { int(arg, &here)? };
        }
        Kind::Scripted => {
            let steps = arg.as_array().ok_or_else(|| format!("{}: expected an array of steps", here))?;
            for (i, st) in steps.iter().enumerate() {
                let sat = format!("{}/{}", here, i);
                let m = st.as_object().ok_or_else(|| format!("{}: expected a step object", sat))?;
                let mut step = ScriptStep { ready: false, action: WakerAction::Store, wake_after: -1, value: 0 };
                if let Some(r) = m.get("ready") {
                    step.ready = true;
                    step.value = int(r, &sat)?;
                } else if let Some(p) = m.get("pending") {
                    step.action = match p.as_str() {
                        Some("store") => WakerAction::Store,
                        Some("wake_by_ref") => WakerAction::WakeByRef,
                        Some("wake") => WakerAction::Wake,
                        Some("forget") => WakerAction::Forget,
                        Some("drop_stored") => WakerAction::DropStored,
                        _ => return Err(format!("{}: unknown waker action {}", sat, p)),
                    };
                } else {
                    return Err(format!("{}: a step needs \"pending\" or \"ready\"", sat));
                }
                if let Some(w) = m.get("wake_after") {
                    step.wake_after = duration(w, &sat)?;
                }
                s.script.push(step);
            }
        }
    }
    if let Some(b) = obj.get("bytes") {
        s.amount = int(b, at)?;
    }
    if let Some(b) = obj.get("value") {
        s.amount = int(b, at)?;
    }
    if let Some(b) = obj.get("biased") {
        s.biased = b.as_bool().unwrap_or(false);
    }
    if let Some(b) = obj.get("repeat_last") {
        s.repeat_last = b.as_bool().unwrap_or(false);
    }
    if let Some(f) = obj.get("future") {
        s.children.push(op(f, &format!("{}/future", at))?);
    }
    if let Some(b) = obj.get("body") {
        s.children = ops(b, &format!("{}/body", at))?;
    }
    Ok(s)
}

pub fn parse(text: &str) -> R<Scenario> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {}", e))?;
    if root.get("format").and_then(|f| f.as_str()) != Some("pollscope-scenario/1") {
        return Err("not a \"pollscope-scenario/1\" file".into());
    }
    let main_spawned = root.get("runtime").and_then(|r| r.get("main")).and_then(|m| m.as_str()) == Some("spawned");
    let mut sc = Scenario { resources: Vec::new(), tasks: Vec::new(), main_block_on: !main_spawned };
    if let Some(rs) = root.get("resources") {
        let rs = rs.as_array().ok_or("/resources: expected an array")?;
        for (i, r) in rs.iter().enumerate() {
            let at = format!("/resources/{}", i);
            let name = string(r.get("name").unwrap_or(&Value::Null), &format!("{}/name", at))?;
            let kind = match r.get("kind").and_then(|k| k.as_str()) {
                Some("socket") => ResKind::Socket,
                Some("listener") => ResKind::Listener,
                Some("channel") => ResKind::Channel,
                Some("oneshot") => ResKind::Oneshot,
                Some("mutex") => ResKind::Mutex,
                Some("notify") => ResKind::Notify,
                _ => return Err(format!("{}/kind: unknown resource kind", at)),
            };
            let mut res = Resource { name, kind, capacity: 1, script: Vec::new() };
            if kind == ResKind::Socket {
                res.capacity = 65536;
            }
            if let Some(c) = r.get("capacity") {
                res.capacity = int(c, &format!("{}/capacity", at))?;
            }
            if let Some(c) = r.get("send_buffer") {
                res.capacity = int(c, &format!("{}/send_buffer", at))?;
            }
            if let Some(script) = r.get("script").and_then(|s| s.as_array()) {
                for (j, e) in script.iter().enumerate() {
                    let eat = format!("{}/script/{}", at, j);
                    let at_v = duration(e.get("at").unwrap_or(&Value::Null), &format!("{}/at", eat))?;
                    res.script.push(IoEvent {
                        at: at_v,
                        readable: e.get("readable").and_then(|x| x.as_i64()).unwrap_or(0),
                        writable: e.get("writable").and_then(|x| x.as_i64()).unwrap_or(0),
                        closed: e.get("closed").and_then(|x| x.as_bool()).unwrap_or(false),
                        connect: e.get("connect").and_then(|x| x.as_str()).unwrap_or("").to_string(),
                    });
                }
            }
            sc.resources.push(res);
        }
    }
    let tasks = root.get("tasks").and_then(|t| t.as_array()).ok_or("/tasks: expected an array of tasks")?;
    for (i, t) in tasks.iter().enumerate() {
        let at = format!("/tasks/{}", i);
        let name = string(t.get("name").unwrap_or(&Value::Null), &format!("{}/name", at))?;
        let start = t.get("start").and_then(|s| s.as_bool()).unwrap_or(true);
        let mut body = Spec::new(Kind::Block);
        body.children = ops(t.get("body").unwrap_or(&Value::Null), &format!("{}/body", at))?;
        sc.tasks.push(TaskSpec { name, start, body });
    }
    Ok(sc)
}
