//! What the reference runner can model faithfully on real tokio, checked before running.
//! Anything else makes the runner exit with status 3 and a message, so the differential test
//! skips the scenario knowingly instead of comparing against something that is not tokio.

use crate::scenario::{Kind, ResKind, Scenario, Spec};

const MANY: u64 = 1_000_000;

fn sat_mul(a: u64, b: u64) -> u64 {
    a.saturating_mul(b).min(MANY)
}

/// Calls `f(op, multiplicity)` for every op under `spec`; multiplicity is the product of the
/// counts of the enclosing repeats (MANY for "forever").
fn walk<'a>(spec: &'a Spec, mult: u64, f: &mut dyn FnMut(&'a Spec, u64)) {
    f(spec, mult);
    let m = if spec.kind == Kind::Repeat {
        if spec.count < 0 {
            MANY
        } else {
            sat_mul(mult, spec.count as u64)
        }
    } else {
        mult
    };
    for c in &spec.children {
        walk(c, m, f);
    }
}

/// Upper bound of how many instances of each task spec can exist (MANY = unbounded).
pub fn max_instances(sc: &Scenario) -> Vec<u64> {
    let n = sc.tasks.len();
    let mut inst: Vec<u64> = sc.tasks.iter().map(|t| t.start as u64).collect();
    for _ in 0..n + 2 {
        let mut next: Vec<u64> = sc.tasks.iter().map(|t| t.start as u64).collect();
        for (u, t) in sc.tasks.iter().enumerate() {
            walk(&t.body, 1, &mut |op, mult| {
                if op.kind == Kind::Spawn {
                    if let Some(s) = sc.task_index(&op.task) {
                        next[s] = (next[s] + sat_mul(mult, inst[u])).min(MANY);
                    }
                }
            });
        }
        if next == inst {
            return inst;
        }
        inst = next;
    }
    // Still growing: spawn cycles. Whatever can grow is unbounded.
    inst.iter().map(|&i| if i > 0 { MANY } else { 0 }).collect()
}

pub struct Options {
    pub allow_random_select: bool,
}

/// Ok(()) or the reason the scenario is not supported.
pub fn check(sc: &Scenario, opt: &Options) -> Result<(), String> {
    let inst = max_instances(sc);
    // Per resource: (task spec index, multiplicity) of every recv / send op.
    let mut recvs: Vec<Vec<(usize, u64)>> = vec![Vec::new(); sc.resources.len()];
    let mut sends: Vec<Vec<(usize, u64)>> = vec![Vec::new(); sc.resources.len()];
    let mut problem: Option<String> = None;
    for (ti, t) in sc.tasks.iter().enumerate() {
        walk(&t.body, 1, &mut |op, mult| {
            if problem.is_some() {
                return;
            }
            match op.kind {
                Kind::Join | Kind::Select if op.children.len() > crate::ops::MAX_MACRO_BRANCHES => {
                    problem = Some(format!(
                        "task '{}' has a join or select of {} futures: the runner instantiates tokio's macros for \
                         at most {}",
                        t.name,
                        op.children.len(),
                        crate::ops::MAX_MACRO_BRANCHES
                    ))
                }
                Kind::JoinHandle if sc.task_index(&op.task).is_some() && sc.task_index(&op.task) == sc.block_on_task() => {
                    problem = Some(format!(
                        "task '{}' awaits the join handle of task '{}', which is the block_on future: it has no \
                         JoinHandle (\"main\": \"spawned\" makes it a spawned task)",
                        t.name, op.task
                    ))
                }
                Kind::Select if !op.biased && op.children.len() > 1 && !opt.allow_random_select => {
                    problem = Some(format!(
                        "task '{}' has a select without \"biased\": both tools pick a random start branch with \
                         different generators (use --allow-random-select to run it anyway)",
                        t.name
                    ))
                }
                Kind::Recv | Kind::Send => {
                    if let Some(r) = sc.resource_index(&op.resource) {
                        let list = if op.kind == Kind::Recv { &mut recvs[r] } else { &mut sends[r] };
                        list.push((ti, mult));
                    }
                }
                Kind::JoinHandle => {
                    if let Some(s) = sc.task_index(&op.task) {
                        if inst[s] == 0 {
                            problem = Some(format!(
                                "task '{}' awaits the join handle of task '{}', which is never spawned: in Rust there \
                                 is no handle to await",
                                t.name, op.task
                            ))
                        }
                    }
                }
                _ => {}
            }
        });
    }
    if let Some(p) = problem {
        return Err(p);
    }
    for (r, res) in sc.resources.iter().enumerate() {
        match res.kind {
            ResKind::Channel => {
                let mut specs: Vec<usize> = recvs[r].iter().map(|x| x.0).collect();
                specs.sort_unstable();
                specs.dedup();
                if specs.len() > 1 {
                    return Err(format!(
                        "channel '{}' is received from in {} task specs: a tokio mpsc Receiver belongs to one task",
                        res.name,
                        specs.len()
                    ));
                }
                if let Some(&s) = specs.first() {
                    if inst[s] > 1 {
                        return Err(format!(
                            "channel '{}' is received from by task '{}', which can have {} instances: a tokio mpsc \
                             Receiver belongs to one task",
                            res.name,
                            sc.tasks[s].name,
                            if inst[s] >= MANY { "unboundedly many".to_string() } else { inst[s].to_string() }
                        ));
                    }
                }
            }
            ResKind::Oneshot => {
                for (what, list) in [("sent on", &sends[r]), ("received from", &recvs[r])] {
                    let total: u64 = list.iter().map(|&(s, m)| sat_mul(m, inst[s])).fold(0, |a, b| (a + b).min(MANY));
                    if total > 1 {
                        return Err(format!(
                            "oneshot '{}' can be {} more than once: a tokio oneshot is used once",
                            res.name, what
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
