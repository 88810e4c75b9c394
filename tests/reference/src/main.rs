//! pollscope-reference: runs a pollscope scenario on real tokio 1.24 (current_thread runtime,
//! paused clock) and prints one line per task-level poll: `<time_ns> <task_name> <pending|ready>`.
//! `gen --seed N` prints a random scenario that uses only what this runner supports.
//!
//! Exit status: 0 all tasks completed; 2 usage or unreadable scenario; 3 unsupported scenario;
//! 4 deadlock (tasks left pending with nothing to wake them); 5 poll or loop limit reached.

mod gen;
mod ops;
mod runner;
mod scenario;
mod support;
mod waker;

use runner::End;

const USAGE: &str = "usage:
  pollscope-reference run FILE [--wakers] [--wake-kinds] [--max-polls N] [--allow-random-select]
  pollscope-reference check FILE        exit 0 if the runner supports FILE, 3 (with the reason) if not
  pollscope-reference gen --seed N [--without LIST]
                                        print a random scenario using only supported features;
                                        LIST leaves some out: compute, subms, wake-after-0,
                                        cancel-recv, notify-waiters

run prints one line per task-level poll on stdout: <time_ns> <task_name> <pending|ready>;
the end of the run (and with --wakers each task's waker clone/wake/wake_by_ref/drop counts)
go to stderr; --wake-kinds prints, per task, every wake of its waker in order
(w = wake, r = wake_by_ref): `wake-kinds NAME wwr`. Exit status: 0 completed, 2 usage/parse error, 3 unsupported, 4 deadlock,
5 poll limit (default 10000 polls).";

fn usage() -> ! {
    eprintln!("{}", USAGE);
    std::process::exit(2)
}

fn load(path: &str) -> &'static scenario::Scenario {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("pollscope-reference: {}: {}", path, e);
        std::process::exit(2)
    });
    let sc = scenario::parse(&text).unwrap_or_else(|e| {
        eprintln!("pollscope-reference: {}: {}", path, e);
        std::process::exit(2)
    });
    Box::leak(Box::new(sc))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        usage();
    }
    let mut file: Option<String> = None;
    let mut wakers = false;
    let mut wake_kinds = false;
    let mut max_polls: u64 = 10_000;
    let mut seed: Option<u64> = None;
    let mut allow_random_select = false;
    let mut without = gen::Without::default();
    let cmd = args[0].as_str();
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--wakers" => wakers = true,
            "--wake-kinds" => wake_kinds = true,
            "--allow-random-select" => allow_random_select = true,
            "--max-polls" | "--seed" => {
                let v = args.get(i + 1).and_then(|v| v.parse::<u64>().ok()).unwrap_or_else(|| usage());
                if args[i] == "--seed" {
                    seed = Some(v)
                } else {
                    max_polls = v.max(1)
                }
                i += 1;
            }
            "--without" => {
                let v = args.get(i + 1).unwrap_or_else(|| usage());
                without = gen::Without::parse(v).unwrap_or_else(|e| {
                    eprintln!("pollscope-reference: --without: {}", e);
                    std::process::exit(2)
                });
                i += 1;
            }
            "-h" | "--help" => {
                println!("{}", USAGE);
                return;
            }
            a if !a.starts_with('-') && file.is_none() => file = Some(a.to_string()),
            _ => usage(),
        }
        i += 1;
    }
    match cmd {
        "gen" => {
            let seed = seed.unwrap_or_else(|| usage());
            println!("{}", gen::generate(seed, without));
        }
        "check" | "run" => {
            let path = file.unwrap_or_else(|| usage());
            let sc = load(&path);
            if let Err(why) = support::check(sc, &support::Options { allow_random_select }) {
                eprintln!("pollscope-reference: unsupported: {}: {}", path, why);
                std::process::exit(runner::EXIT_UNSUPPORTED);
            }
            if cmd == "check" {
                return;
            }
            let (shared, outcome) = runner::run(sc, max_polls);
            shared.flush_output();
            if wakers {
                for (name, line) in &outcome.wakers {
                    eprintln!("wakers {} {}", name, line);
                }
            }
            if wake_kinds {
                for (name, kinds) in &outcome.wake_kinds {
                    eprintln!("wake-kinds {} {}", name, kinds);
                }
            }
            match outcome.end {
                End::Complete => {
                    eprintln!("end: all tasks completed at t={}ns", outcome.end_ns);
                }
                End::Deadlock => {
                    eprintln!(
                        "end: deadlock: {} still pending and nothing left that could wake them",
                        outcome.pending.join(", ")
                    );
                    std::process::exit(runner::EXIT_DEADLOCK);
                }
            }
        }
        _ => usage(),
    }
}
