// pollscope bench: how fast the engine simulates, with full tracing.
//
// Benchmarks measure; they never assert. Each workload runs several times and the median is
// printed, because the machine is shared and noisy.
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
    "Usage: pollscope bench [--policy NAME] [--repeat N] [--quick]\n"
    "\n"
    "Runs synthetic workloads on the engine with full tracing and prints the median CPU time per\n"
    "task poll and per trace event, the trace's memory per event, and the cost of seeking\n"
    "the snapshot cursor. Figures vary with the machine's load: compare medians and ratios.\n"
    "\n"
    "  --policy NAME   scheduling policy to measure (default fifo)\n"
    "  --repeat N      runs per workload (default 5)\n"
    "  --quick         smaller workloads (a few seconds in all)\n";

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
};

std::vector<Workload> workloads(bool quick) {
    std::vector<Workload> out;
    const int scale = quick ? 1 : 4;
    {
        // Many tasks yielding: the executor's hot path (poll, wake, queue push/pop).
        Workload w{"yield: 100 tasks x " + std::to_string(2500 * scale) + " yield_now", {}};
        for (int i = 0; i < 100; ++i)
            w.scenario.tasks.push_back(
                make_task("t" + std::to_string(i), {loop(2500 * scale, {leaf(FutureKind::YieldNow)})}));
        out.push_back(std::move(w));
    }
    {
        // 100k timers with distinct deadlines: the timer heap.
        Workload w{"timers: " + std::to_string(25'000 * scale) + " tasks, one sleep each", {}};
        for (int i = 0; i < 25'000 * scale; ++i)
            w.scenario.tasks.push_back(
                make_task("s" + std::to_string(i),
                          {leaf(FutureKind::Sleep, static_cast<Nanos>((i * 7919) % 100'000 + 1) * kMicro)}));
        out.push_back(std::move(w));
    }
    {
        // Producer/consumer over a bounded channel: wait queues and wakers handed around.
        Workload w{"channel: " + std::to_string(50'000 * scale) + " messages through capacity 4", {}};
        ResourceSpec ch;
        ch.name = "ch";
        ch.kind = ResourceKind::Channel;
        ch.capacity = 4;
        w.scenario.resources.push_back(ch);
        FutureSpec send = leaf(FutureKind::Send);
        send.resource = "ch";
        FutureSpec recv = leaf(FutureKind::Recv);
        recv.resource = "ch";
        w.scenario.tasks.push_back(make_task("producer", {loop(50'000 * scale, {send})}));
        w.scenario.tasks.push_back(make_task("consumer", {loop(50'000 * scale, {recv})}));
        out.push_back(std::move(w));
    }
    for (auto& w : out) {
        w.scenario.title = w.name;
        w.scenario.runtime.poll_cost = kMicro;
        w.scenario.runtime.max_events = 50'000'000;
    }
    return out;
}

// CPU time of this process: less disturbed by other load on the machine than wall time.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int cmd_bench(int argc, char** argv) {
    RunOptions options;
    int repeat = 5;
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            std::printf("%s\n%s", kBenchUsage, policy_help().c_str());
            return 0;
        } else if (a == "--policy" && i + 1 < argc) {
            options.policy = argv[++i];
            if (!find_policy(*options.policy)) {
                std::fprintf(stderr, "pollscope bench: unknown policy '%s' (known: %s)\n",
                             options.policy->c_str(), policy_name_list().c_str());
                return 1;
            }
        } else if (a == "--repeat" && i + 1 < argc) {
            repeat = std::clamp(std::atoi(argv[++i]), 1, 100);
        } else if (a == "--quick") {
            quick = true;
        } else {
            std::fprintf(stderr, "pollscope bench: unknown argument '%s'\n\n%s", argv[i], kBenchUsage);
            return 1;
        }
    }
    std::printf("policy %s, %d runs per workload, medians\n\n",
                options.policy.value_or(std::string(policies().front().name)).c_str(), repeat);
    std::printf("%-48s %10s %11s %12s %10s %12s\n", "workload", "events", "task polls", "ns/task poll",
                "ns/event", "bytes/event");
    for (Workload& w : workloads(quick)) {
        std::vector<double> secs;
        std::size_t events = 0, polls = 0, bytes = 0;
        for (int r = 0; r < repeat; ++r) {
            double t0 = cpu_seconds();
            std::unique_ptr<Trace> trace;
            try {
                trace = simulate(w.scenario, options);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "pollscope bench: %s\n", e.what());
                return 1;
            }
            secs.push_back(cpu_seconds() - t0);
            events = trace->size();
            polls = 0;
            for (std::size_t i = 0; i < trace->size(); ++i) {
                const Event& e = (*trace)[i];
                if (e.kind == EventKind::PollBegin && e.arg > 0)
                    ++polls;  // task-level polls carry their number
            }
            // events (32 B, chunked) + per-task index (4 B each)
            bytes = ((events + EventStore::kChunkSize - 1) / EventStore::kChunkSize) *
                        EventStore::kChunkSize * sizeof(Event) +
                    events * sizeof(std::uint32_t);
        }
        double s = median(secs);
        std::printf("%-48s %10zu %11zu %12.1f %10.1f %12.1f\n", w.name.c_str(), events, polls,
                    polls ? s * 1e9 / static_cast<double>(polls) : 0.0, s * 1e9 / static_cast<double>(events),
                    static_cast<double>(bytes) / static_cast<double>(events));
        std::fflush(stdout);
    }

    // Stepping back: seek the snapshot cursor to random steps of a large trace.
    std::unique_ptr<Trace> big = simulate(workloads(true)[0].scenario, options);
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
    return 0;
}

}  // namespace ps
