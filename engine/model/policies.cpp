#include "engine/model/policies.hpp"

#include <algorithm>
#include <array>

namespace ps {

namespace {

// fifo: F1-F4
constexpr std::array<std::string_view, 4> kFifoRules{
    "one FIFO run queue; spawns and wakes push to the back",
    "the front task is polled; the reactor turns only when the queue is empty",
    "timers fire at their exact deadline; a sleep past its deadline is Ready when polled",
    "yield_now wakes its task at once (wake_by_ref), so it goes to the back of the queue",
};

// tokio-current-thread: T1-T9 (runtime/scheduler/current_thread.rs, runtime/time/,
// task/yield_now.rs in tokio 1.24)
constexpr std::array<std::string_view, 9> kTokioCurrentThreadRules{
    "wakes and spawns from the runtime thread push to the back of the local queue",
    "each scheduler tick takes the front of the local queue; every 31st tick "
    "(global_queue_interval) the injection queue is looked at first (it only receives wakes "
    "from other threads, which scenarios do not have, so it stays empty)",
    "after 61 polls in a row (event_interval) the driver is polled without blocking "
    "(park_yield): timers due now fire, deferred wakes run; the count restarts",
    "when the local queue is empty the thread parks: if yield_now wakes are deferred it only "
    "yields to the driver, otherwise the paused clock jumps to the next timer; then deferred "
    "wakes run, and the count of T3 restarts",
    "timer deadlines are rounded up to the wheel's 1 ms ticks; timers of the same tick fire in "
    "the order they were registered; a sleep is Ready only once its timer fired",
    "yield_now clones the waker into the deferred list (woken after the driver turns)",
    "each task poll has a cooperative budget of 128 operations on tokio resources (sleep, "
    "channels, mutex, join handles, IO); when it runs out they return Pending and wake the "
    "task, which goes to the back of the queue",
    "the first task (when it starts with the runtime and \"main\" is not \"spawned\") is the "
    "block_on future, #[tokio::main]'s body: it is never queued; a wake only marks it woken, and "
    "it is polled at the top of block_on's loop (first of all, then after the queue empties or "
    "after 61 polls); when the queue empties while it is woken, the clock does not move",
    "join! starts each poll one branch further on (skip_next_time), and a task's completion "
    "wakes its JoinHandle by reference (wake_by_ref: the clone stays until the handle drops)",
};

// tokio-multi-thread: M1-M9 (scheduler/multi_thread/worker.rs in tokio 1.24)
constexpr std::array<std::string_view, 9> kTokioMultiThreadRules{
    "tasks spawned from outside the runtime (the start tasks) go to the injection queue",
    "a wake or spawn on a worker puts the task in that worker's LIFO slot; the task that was "
    "there moves to the back of the worker's local queue (and an idle worker is woken, since "
    "there is now work to steal)",
    "a task woken while it ran is re-queued at the back of the local queue, not the slot",
    "a worker takes, in order: the LIFO slot, its local queue, the injection queue; every 31st "
    "tick it looks at the injection queue first",
    "a worker with nothing to do steals: it picks a random victim to start from and takes half "
    "of the first non-empty local queue it finds (never the LIFO slot); it runs one stolen task "
    "and keeps the rest; at most half the workers search at once",
    "a worker that finds nothing parks; when every worker is parked the driver runs: time jumps "
    "to the next timer, and the tasks it wakes go to the LIFO slot / queue of the worker that "
    "parked on the driver (the first to park)",
    "every 61 ticks a worker polls the driver without blocking (maintenance)",
    "timers, yield_now, the coop budget, join! and JoinHandle wakes behave as in "
    "tokio-current-thread (T5-T7, T9)",
    "the block_on future (T8) runs on the thread that called block_on, not on a worker: it is "
    "polled as soon as it is woken, what it spawns or wakes goes to the injection queue, and its "
    "yield_now is woken by that thread itself before it parks, not after a driver turn",
};

// smol: S1-S5 (async-executor 1.5)
constexpr std::array<std::string_view, 5> kSmolRules{
    "every wake and spawn pushes to the global queue (then one sleeping runner is woken)",
    "a runner takes from its local queue first; when that is empty it pops one task from the "
    "global queue and moves about half of the rest into its local queue",
    "with both empty it steals about half of another runner's local queue, trying runners from "
    "a random start",
    "every 64 ticks a runner moves about half of the global queue into its local queue, so tasks "
    "waiting there are not starved by a busy local queue",
    "timers fire at their exact deadlines (async-io's timers); yield_now wakes at once",
};

// async-std: A1-A7 (async-std 1.12 over async-global-executor 2.3, async-executor 1.5,
// async-io 1.11 and async-task 4.3, as Debian ships them). Where it differs from smol: the
// block_on thread (A1), the number of executor threads (A3), and that async-std's timers are
// async-io's (A5).
constexpr std::array<std::string_view, 7> kAsyncStdRules{
    "the first task (#[async_std::main]'s body) is the block_on future: task::block_on runs it "
    "with async_global_executor::block_on on the calling thread, never in a queue (async-std "
    "task/block_on.rs 33, task/builder.rs 171; async-global-executor executor.rs 26); a wake "
    "unparks that thread (async-io driver.rs 130-133) and the future is polled as soon as it is "
    "woken, before any runner acts; that thread never runs spawned tasks",
    "task::spawn hands the task to the global executor (async-std task/builder.rs 63; "
    "async-global-executor executor.rs 50): every spawn and wake pushes to its global queue and "
    "wakes one sleeping runner (async-executor lib.rs 246-247), from the block_on thread too: "
    "smol's S1",
    "the runners are the executor threads \"async-std/runtime\", ASYNC_STD_THREAD_COUNT of them "
    "or one per CPU (async-std rt/mod.rs 14-15; async-global-executor config.rs 63-67, init.rs "
    "37), each running the global executor (threading.rs 94-95); pollscope uses --workers (the "
    "scenario's, 4); smol 1.3 starts one (SMOL_THREADS, smol spawn.rs 37-40)",
    "a runner takes from its local queue, then the global queue, then steals from other runners, "
    "and every 64 ticks refills from the global queue, as in smol's S2-S4 (async-executor lib.rs "
    "744-792)",
    "timers are async-io's (async-std task/sleep.rs 32, utils.rs 67-72): a sleep polled at or "
    "past its deadline is Ready at once (async-io lib.rs 435); due timers fire at their exact "
    "deadline and wake() their waker (reactor.rs 184-188, 328), driven by a thread blocked in "
    "block_on or else by the \"async-io\" thread (driver.rs 31, 55-65, 170-192)",
    "yield_now wakes its task by reference at once (async-std task/yield_now.rs 45): no defer "
    "list, and no cooperative budget",
    "a task's completion wakes its JoinHandle with wake(), consuming the waker (async-task "
    "header.rs 36-38; async-std task/join_handle.rs 83), as under smol",
};

constexpr std::string_view kOneClock =
    "virtual time is one clock for all workers, so polls on different workers do not overlap in "
    "time; which worker acts next is drawn from the seeded generator";

constexpr std::string_view kAsyncStdSimplification =
    "virtual time is one clock for all workers, so polls on different workers do not overlap in "
    "time; which runner acts next is drawn from the seeded generator; the block_on thread acts as "
    "soon as it is woken, and its polls carry worker 0 in the trace";

constexpr std::array<PolicyInfo, 5> kPolicies{{
    {"fifo", "the simple executor of the async book", kFifoRules, {}},
    {"tokio-current-thread",
     "tokio 1.24's current_thread scheduler with paused time",
     kTokioCurrentThreadRules,
     {}},
    {"tokio-multi-thread", "tokio 1.24's multi_thread scheduler with N workers", kTokioMultiThreadRules,
     kOneClock},
    {"smol", "async-executor 1.5 (smol's executor) with N runners", kSmolRules, kOneClock},
    {"async-std", "async-std 1.12: a block_on thread and N async-global-executor runners", kAsyncStdRules,
     kAsyncStdSimplification},
}};

}  // namespace

std::span<const PolicyInfo> policies() {
    return kPolicies;
}

const PolicyInfo* find_policy(std::string_view name) {
    for (const PolicyInfo& p : kPolicies)
        if (p.name == name) return &p;
    return nullptr;
}

std::string policy_name_list() {
    std::string out;
    for (const PolicyInfo& p : kPolicies) {
        if (!out.empty()) out += ", ";
        out += p.name;
    }
    return out;
}

std::string policy_help() {
    std::string out = "Scheduling policies (--policy NAME; the rules are in the README):\n";
    for (const PolicyInfo& p : kPolicies) {
        std::string name(p.name);
        name.resize(std::max<std::size_t>(name.size() + 2, 22), ' ');
        out += "  " + name + std::string(p.summary) + "\n";
    }
    return out;
}

const char* const* policy_names() {
    // The names are string literals, so their data() is null-terminated.
    static const auto names = [] {
        std::array<const char*, kPolicies.size() + 1> out{};
        for (std::size_t i = 0; i < kPolicies.size(); ++i) out[i] = kPolicies[i].name.data();
        return out;
    }();
    return names.data();
}

}  // namespace ps
