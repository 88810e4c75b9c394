// The workloads of `pollscope bench`, on real tokio: a current_thread runtime, no tracing.
//
//   vs-tokio [--quick] [--repeat N]
//
// Prints one line per workload: its name, the median CPU time per task poll and, for the
// timers, per timer, in nanoseconds. CPU time of the process, as `pollscope bench` measures.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}

const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;

fn cpu_seconds() -> f64 {
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

// Counts tasks down; the last one to finish tells block_on that all are done.
#[derive(Clone)]
struct Countdown {
    left: Arc<AtomicUsize>,
    done: Arc<Mutex<Option<oneshot::Sender<()>>>>,
}

impl Countdown {
    fn new(n: usize) -> (Countdown, oneshot::Receiver<()>) {
        let (tx, rx) = oneshot::channel();
        let c = Countdown { left: Arc::new(AtomicUsize::new(n)), done: Arc::new(Mutex::new(Some(tx))) };
        (c, rx)
    }
    fn finish(&self) {
        if self.left.fetch_sub(1, Ordering::AcqRel) == 1 {
            if let Some(tx) = self.done.lock().unwrap().take() {
                let _ = tx.send(());
            }
        }
    }
}

// Spawns `tasks` tasks from block_on, each running make(), and waits until all are done.
// Returns the CPU seconds taken.
fn run<F, Fut>(rt: &tokio::runtime::Runtime, tasks: usize, make: F) -> f64
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let t0 = cpu_seconds();
    rt.block_on(async {
        let (count, all_done) = Countdown::new(tasks);
        for i in 0..tasks {
            let c = count.clone();
            let body = make(i);
            tokio::spawn(async move {
                body.await;
                c.finish();
            });
        }
        all_done.await.unwrap();
    });
    cpu_seconds() - t0
}

fn current_thread(paused: bool) -> tokio::runtime::Runtime {
    let mut b = tokio::runtime::Builder::new_current_thread();
    if paused {
        b.enable_time().start_paused(true);
    }
    b.build().unwrap()
}

fn yield_workload(tasks: usize) -> f64 {
    let rt = current_thread(false);
    run(&rt, tasks, |_| async {
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
    })
}

fn spawn_workload(tasks: usize) -> f64 {
    let rt = current_thread(false);
    run(&rt, tasks, |_| async {})
}

// The same deadlines as `pollscope bench`: 10,000 distinct milliseconds.
fn timers_workload(tasks: usize) -> f64 {
    let rt = current_thread(true);
    run(&rt, tasks, |i| async move {
        let ms = (i as u64) * 7919 % 10_000 + 1;
        tokio::time::sleep(Duration::from_millis(ms)).await;
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(5)
        .max(1);
    let tasks = if quick { 10_000 } else { 100_000 };
    // name, workload, task polls per task, timers per task
    let workloads: [(&str, fn(usize) -> f64, usize, usize); 3] = [
        ("yield", yield_workload, 11, 0),
        ("spawn", spawn_workload, 1, 0),
        ("timers", timers_workload, 2, 1),
    ];
    println!("tokio 1.24 current_thread, no tracing, {} tasks, {} runs, medians of CPU time", tasks, repeat);
    println!("{:<8} {:>12} {:>10}", "workload", "ns/task poll", "ns/timer");
    for (name, f, polls, timers) in workloads.iter() {
        let secs = median((0..repeat).map(|_| f(tasks)).collect());
        let per_poll = secs * 1e9 / (tasks * polls) as f64;
        let per_timer = if *timers > 0 { format!("{:.1}", secs * 1e9 / (tasks * timers) as f64) } else { "-".into() };
        println!("{:<8} {:>12.1} {:>10}", name, per_poll, per_timer);
    }
}
