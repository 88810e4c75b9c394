// pollscope bench: how fast the engine simulates, with full tracing.
//
// Benchmarks measure; they never assert. Each workload runs several times and the median is
// printed, because the machine is shared and noisy.
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "app/commands.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/snapshot.hpp"

namespace ps {

namespace {

constexpr const char* kBenchUsage =
    "Usage: pollscope bench [--policy NAME|all] [--repeat N] [--quick]\n"
    "\n"
    "Runs synthetic workloads on the engine with full tracing, the same ones tests/bench/vs-tokio.sh\n"
    "runs on real tokio, and prints the median CPU time per task poll (and per timer), per trace\n"
    "event, the trace's memory per event, the process's peak memory, and the cost of seeking the\n"
    "snapshot cursor. Figures vary with the machine's load: compare medians and ratios.\n"
    "\n"
    "  --policy NAME   scheduling policy to measure (default fifo; `all`: each in turn)\n"
    "  --repeat N      runs per workload (default 5)\n"
    "  --workload W    only this workload: yield, spawn, timers or channel (and no seek)\n"
    "  --quick         workloads a tenth the size (a few seconds in all)\n";

FutureSpec leaf(FutureKind k, Nanos d = 0) {
    FutureSpec f;
    f.kind = k;
    f.duration = d;
    return f;
}

TaskSpec make_task(std::string name, std::vector<FutureSpec> body) {
    TaskSpec t;
    t.name = std::move(name);
    t.body.kind = FutureKind::Block;
    t.body.children = std::move(body);
    return t;
}

FutureSpec loop(std::int64_t n, std::vector<FutureSpec> body) {
    FutureSpec f;
    f.kind = FutureKind::Repeat;
    f.count = n;
    f.children = std::move(body);
    return f;
}

struct Workload {
    std::string name;
    Scenario scenario;
    std::size_t timers = 0;  // sleeps in the workload (0: no per-timer figure)
};

// Many tasks yielding: the executor's hot path (poll, wake, queue push/pop).
Workload yield_workload(int tasks) {
    Workload w{"yield: " + std::to_string(tasks) + " tasks x 10 yield_now", {}, 0};
    for (int i = 0; i < tasks; ++i)
        w.scenario.tasks.push_back(
            make_task("t" + std::to_string(i), {loop(10, {leaf(FutureKind::YieldNow)})}));
    return w;
}

// Many tasks that are done on their first poll: the per-task cost (spawn, poll, complete).
Workload spawn_workload(int tasks) {
    Workload w{"spawn: " + std::to_string(tasks) + " tasks that complete on the first poll", {}, 0};
    for (int i = 0; i < tasks; ++i) w.scenario.tasks.push_back(make_task("t" + std::to_string(i), {}));
    return w;
}

// One sleep per task, deadlines spread over 10,000 distinct milliseconds: the timer heap.
Workload timers_workload(int tasks) {
    constexpr int kDeadlines = 10'000;
    Workload w{"timers: " + std::to_string(tasks) + " tasks, one sleep each, " + std::to_string(kDeadlines) +
                   " distinct deadlines",
               {},
               static_cast<std::size_t>(tasks)};
    for (int i = 0; i < tasks; ++i) {
        const Nanos ms = static_cast<Nanos>(i) * 7919 % kDeadlines + 1;
        w.scenario.tasks.push_back(
            make_task("s" + std::to_string(i), {leaf(FutureKind::Sleep, ms * kMilli)}));
    }
    return w;
}

// Producer/consumer over a bounded channel: wait queues and wakers handed around.
Workload channel_workload(int messages) {
    Workload w{"channel: " + std::to_string(messages) + " messages through capacity 4", {}, 0};
    ResourceSpec ch;
    ch.name = "ch";
    ch.kind = ResourceKind::Channel;
    ch.capacity = 4;
    w.scenario.resources.push_back(ch);
    FutureSpec send = leaf(FutureKind::Send);
    send.resource = "ch";
    FutureSpec recv = leaf(FutureKind::Recv);
    recv.resource = "ch";
    w.scenario.tasks.push_back(make_task("producer", {loop(messages, {send})}));
    w.scenario.tasks.push_back(make_task("consumer", {loop(messages, {recv})}));
    return w;
}

void bench_settings(Workload& w) {
    w.scenario.title = w.name;
    w.scenario.runtime.poll_cost = kMicro;
    w.scenario.runtime.max_events = 50'000'000;
}

std::vector<Workload> workloads(bool quick) {
    const int tasks = quick ? 10'000 : 100'000;
    std::vector<Workload> out;
    out.push_back(yield_workload(tasks));
    out.push_back(spawn_workload(tasks));
    out.push_back(timers_workload(tasks));
    out.push_back(channel_workload(quick ? 50'000 : 200'000));
    for (auto& w : out) bench_settings(w);
    return out;
}

// CPU time of this process: less disturbed by other load on the machine than wall time.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The process's peak resident memory so far, in MiB (it never goes down).
double peak_rss_mib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Measured {
    double seconds = 0;  // median CPU time of one run
    std::size_t events = 0, polls = 0, bytes = 0;
};

std::size_t count_task_polls(const Trace& trace) {
    std::size_t polls = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const Event& e = trace[i];
        if (e.kind == EventKind::PollBegin && e.arg > 0) ++polls;  // task-level polls carry their number
    }
    return polls;
}

// Runs the workload `repeat` times; false (and a message) if the run throws.
bool measure(const Workload& w, const RunOptions& options, int repeat, Measured& out) {
    std::vector<double> secs;
    for (int r = 0; r < repeat; ++r) {
        double t0 = cpu_seconds();
        std::unique_ptr<Trace> trace;
        try {
            trace = simulate(w.scenario, options);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "pollscope bench: %s\n", e.what());
            return false;
        }
        secs.push_back(cpu_seconds() - t0);
        out.events = trace->size();
        out.polls = count_task_polls(*trace);
        out.bytes = trace->event_bytes();
    }
    out.seconds = median(secs);
    return true;
}

double per(double seconds, std::size_t n) {
    return n ? seconds * 1e9 / static_cast<double>(n) : 0.0;
}

void print_header(const std::string& policy, int repeat) {
    std::printf("policy %s, %d runs per workload, medians of CPU time; peak RSS is the process's so far\n\n",
                policy.c_str(), repeat);
    std::printf("%-58s %10s %11s %12s %10s %9s %11s %9s\n", "workload", "events", "task polls",
                "ns/task poll", "ns/timer", "ns/event", "bytes/event", "peak MiB");
}

void print_row(const Workload& w, const Measured& m) {
    char timer[32] = "-";
    if (w.timers) std::snprintf(timer, sizeof timer, "%.1f", per(m.seconds, w.timers));
    std::printf("%-58s %10zu %11zu %12.1f %10s %9.1f %11.1f %9.1f\n", w.name.c_str(), m.events, m.polls,
                per(m.seconds, m.polls), timer, per(m.seconds, m.events),
                m.events ? static_cast<double>(m.bytes) / static_cast<double>(m.events) : 0.0,
                peak_rss_mib());
    std::fflush(stdout);
}

bool bench_policy(const std::string& policy, int repeat, bool quick, const std::string& only) {
    RunOptions options;
    options.policy = policy;
    print_header(policy, repeat);
    for (const Workload& w : workloads(quick)) {
        if (!only.empty() && w.name.compare(0, only.size() + 1, only + ":") != 0) continue;
        Measured m;
        if (!measure(w, options, repeat, m)) return false;
        print_row(w, m);
    }
    return true;
}

// Stepping back: seek the snapshot cursor to random steps of a large trace.
void bench_seek(const std::string& policy) {
    RunOptions options;
    options.policy = policy;
    Workload w = yield_workload(2'000);
    bench_settings(w);
    std::unique_ptr<Trace> big = simulate(w.scenario, options);
    SnapshotCursor cursor(*big);
    std::vector<double> seeks;
    std::uint64_t x = 12345;
    for (int i = 0; i < 200; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        auto step = static_cast<std::int64_t>((x >> 33) % big->size());
        double t0 = cpu_seconds();
        (void)cursor.seek(step);
        if (i >= 100) seeks.push_back((cpu_seconds() - t0) * 1e6);  // after warm-up
    }
    std::printf("\nsnapshot seek to a random step of a %zu-event trace: median %.1f us\n", big->size(),
                median(seeks));
}

}  // namespace

int cmd_bench(int argc, char** argv) {
    std::string policy(policies().front().name);
    int repeat = 5;
    bool quick = false;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            std::printf("%s\n%s", kBenchUsage, policy_help().c_str());
            return 0;
        } else if (a == "--policy" && i + 1 < argc) {
            policy = argv[++i];
            if (policy != "all" && !find_policy(policy)) {
                std::fprintf(stderr, "pollscope bench: unknown policy '%s' (known: %s, or all)\n",
                             policy.c_str(), policy_name_list().c_str());
                return 1;
            }
        } else if (a == "--repeat" && i + 1 < argc) {
            repeat = std::clamp(std::atoi(argv[++i]), 1, 100);
        } else if (a == "--workload" && i + 1 < argc) {
            only = argv[++i];
            if (only != "yield" && only != "spawn" && only != "timers" && only != "channel") {
                std::fprintf(
                    stderr, "pollscope bench: unknown workload '%s' (known: yield, spawn, timers, channel)\n",
                    only.c_str());
                return 1;
            }
        } else if (a == "--quick") {
            quick = true;
        } else {
            std::fprintf(stderr, "pollscope bench: unknown argument '%s'\n\n%s", argv[i], kBenchUsage);
            return 1;
        }
    }
    std::vector<std::string> chosen;
    if (policy == "all")
        for (const PolicyInfo& p : policies()) chosen.emplace_back(p.name);
    else
        chosen.push_back(policy);
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        if (i) std::printf("\n");
        if (!bench_policy(chosen[i], repeat, quick, only)) return 1;
    }
    if (only.empty()) bench_seek(chosen.front());
    return 0;
}

}  // namespace ps
