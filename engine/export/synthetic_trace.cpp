#include "engine/export/synthetic_trace.hpp"

#include <deque>
#include <queue>
#include <string>
#include <vector>

namespace ps {

namespace {

struct Timer {
    Nanos deadline;
    std::uint32_t task;
    std::uint32_t waker;
    std::int64_t id;
    bool operator>(const Timer& o) const {
        return deadline != o.deadline ? deadline > o.deadline : id > o.id;
    }
};

}  // namespace

std::unique_ptr<Trace> make_synthetic_trace(const SyntheticOptions& o) {
    auto trace = std::make_unique<Trace>();
    Trace& tr = *trace;
    const std::uint32_t ntasks = o.tasks == 0 ? 1 : o.tasks;
    const std::uint8_t workers = o.workers == 0 ? 1 : o.workers;
    tr.meta.title = "Synthetic trace: " + std::to_string(ntasks) + " tasks sleeping in a loop";
    tr.meta.summary = "Generated for tests and benchmarks; every task awaits sleep() again and again.";
    tr.meta.lesson = {"Each task is polled, parks on its timer, and is woken when the timer fires.",
                      "A wake of a task that is already queued is coalesced: it adds no poll."};
    tr.meta.seed = o.seed;
    tr.meta.poll_cost = 10 * kMicro;
    tr.meta.max_events = static_cast<std::int64_t>(o.events) + 1000;
    tr.meta.workers = workers;
    tr.meta.scenario_path = "synthetic";

    std::uint64_t rng = o.seed * 6364136223846793005ULL + 1442695040888963407ULL;
    auto next = [&]() {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(rng >> 33);
    };

    std::vector<std::uint32_t> root(ntasks), loop(ntasks), sleep(ntasks);
    std::vector<Nanos> period(ntasks);
    for (std::uint32_t t = 0; t < ntasks; ++t) {
        std::string name = "worker" + std::to_string(t);
        tr.tasks.push_back({name, t == 0 ? kNone : 0u, 0});
        period[t] = (1 + t % 5) * kMilli;
        std::string r = name, l = name + "/0", s = name + "/0/0";
        tr.meta.nodes.push_back({r, "block", "async { loop { sleep(...).await } }", 0});
        tr.meta.nodes.push_back({l, "repeat", "loop { ... }", 1});
        tr.meta.nodes.push_back({s, "sleep", "sleep(" + std::to_string(period[t] / kMilli) + "ms)", 2});
        root[t] = tr.strings.intern(r);
        loop[t] = tr.strings.intern(l);
        sleep[t] = tr.strings.intern(s);
    }
    tr.meta.code.push_back({"worker", {{"async move {", ""}, {"    loop {", "worker0/0"},
                                       {"        sleep(Duration::from_millis(1)).await;", "worker0/0/0"},
                                       {"    }", ""}, {"}", ""}}});
    tr.index_nodes();
    const std::uint32_t timer_holder = tr.strings.intern("timer entry");
    const std::uint32_t fired = tr.strings.intern("timer fired");
    const std::uint32_t poke = tr.strings.intern("channel send from another task");
    const std::uint32_t late = tr.strings.intern("stale waker kept by a channel");
    const std::uint32_t busy_msg = tr.strings.intern("task polled many times in a row");

    Nanos now = 0;
    std::deque<std::uint32_t> queue;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
    std::vector<std::uint32_t> polls(ntasks, 0);
    std::vector<bool> done(ntasks, false);
    std::uint32_t next_waker = 0;
    std::int64_t next_timer = 0;
    std::uint32_t live_tasks = ntasks;
    std::uint32_t poll_counter = 0;

    auto ev = [&](EventKind k, std::uint32_t task, std::uint32_t node, std::uint32_t waker, std::uint8_t detail,
                  std::int64_t arg, std::uint8_t worker = 0) {
        Event e;
        e.time = now;
        e.kind = k;
        e.task = task;
        e.node = node;
        e.waker = waker;
        e.detail = detail;
        e.arg = arg;
        e.worker = worker;
        tr.append(e);
    };

    for (std::uint32_t t = 0; t < ntasks; ++t) {
        ev(EventKind::Spawn, t, root[t], kNone, 0, t == 0 ? -1 : 0);
        queue.push_back(t);
        ev(EventKind::Schedule, t, kNone, kNone, 0, static_cast<std::int64_t>(queue.size()));
    }

    while (live_tasks > 0 && tr.size() < o.events) {
        if (queue.empty()) {
            if (timers.empty()) break;
            Nanos before = now;
            now = timers.top().deadline;
            ev(EventKind::TimeAdvance, kNone, kNone, kNone, 0, before);
            while (!timers.empty() && timers.top().deadline == now) {
                Timer tm = timers.top();
                timers.pop();
                ev(EventKind::TimerFire, tm.task, kNone, tm.waker, 0, tm.id);
                ev(EventKind::Deregister, tm.task, sleep[tm.task], tm.waker, 1, timer_holder);
                ev(EventKind::WakerWake, tm.task, sleep[tm.task], tm.waker, 1, fired);
                queue.push_back(tm.task);
                ev(EventKind::Schedule, tm.task, kNone, kNone, 1, static_cast<std::int64_t>(queue.size()));
                if (next() % 4 == 0) {   // someone else pokes the already queued task: coalesced
                    std::uint32_t w = next_waker++;
                    ev(EventKind::WakerClone, tm.task, sleep[tm.task], w, 3, poke);
                    ev(EventKind::WakerWake, tm.task, sleep[tm.task], w, 3, poke);
                }
            }
            continue;
        }
        std::uint32_t t = queue.front();
        queue.pop_front();
        std::uint8_t worker = static_cast<std::uint8_t>(poll_counter++ % workers);
        ++polls[t];
        bool finish = o.iterations > 0 && polls[t] > o.iterations;
        ev(EventKind::PollBegin, t, root[t], kNone, 0, polls[t], worker);
        ev(EventKind::PollBegin, t, loop[t], kNone, 0, 0, worker);
        ev(EventKind::PollBegin, t, sleep[t], kNone, 0, 0, worker);
        if (finish) {
            ev(EventKind::PollEnd, t, sleep[t], kNone, 1, 0, worker);
            ev(EventKind::FutureDrop, t, sleep[t], kNone, 0, 0, worker);
            ev(EventKind::PollEnd, t, loop[t], kNone, 1, 0, worker);
            now += tr.meta.poll_cost;
            ev(EventKind::PollEnd, t, root[t], kNone, 1, polls[t], worker);
            ev(EventKind::TaskComplete, t, root[t], kNone, 0, polls[t], worker);
            done[t] = true;
            --live_tasks;
            if (next() % 3 == 0) {   // a stale clone elsewhere wakes the finished task
                std::uint32_t w = next_waker++;
                ev(EventKind::WakerWake, t, kNone, w, 3, late);
                ev(EventKind::Diagnostic, t, kNone, w, static_cast<std::uint8_t>(DiagKind::WakeAfterComplete),
                   tr.strings.intern("waker #" + std::to_string(w) + " woke finished task " + std::to_string(t)));
                tr.diagnostics.push_back({static_cast<std::uint32_t>(tr.size() - 1), DiagKind::WakeAfterComplete, t,
                                          "waker #" + std::to_string(w) + " woke finished task " + std::to_string(t)});
            }
            continue;
        }
        std::uint32_t w = next_waker++;
        ev(EventKind::WakerClone, t, sleep[t], w, 1, timer_holder, worker);
        ev(EventKind::Register, t, sleep[t], w, 1, timer_holder, worker);
        Timer tm{now + period[t], t, w, next_timer++};
        timers.push(tm);
        ev(EventKind::PollEnd, t, sleep[t], kNone, 0, 0, worker);
        ev(EventKind::PollEnd, t, loop[t], kNone, 0, 0, worker);
        now += tr.meta.poll_cost;
        ev(EventKind::PollEnd, t, root[t], kNone, 0, 0, worker);
        if (polls[t] % 1000 == 0) {
            ev(EventKind::Diagnostic, t, root[t], kNone, static_cast<std::uint8_t>(DiagKind::BusyLoop), busy_msg);
            tr.diagnostics.push_back({static_cast<std::uint32_t>(tr.size() - 1), DiagKind::BusyLoop, t,
                                      "task polled many times in a row"});
        }
    }
    // Drop the wakers still held by timers, then end.
    while (!timers.empty()) {
        Timer tm = timers.top();
        timers.pop();
        ev(EventKind::WakerDrop, tm.task, sleep[tm.task], tm.waker, 1, tr.strings.intern("run ended"));
    }
    EndReason end = live_tasks == 0 ? EndReason::AllComplete : EndReason::EventLimit;
    tr.meta.end = end;
    tr.meta.end_message = live_tasks == 0 ? "all tasks completed" : "stopped after the requested number of events";
    ev(EventKind::RunEnd, kNone, kNone, kNone, static_cast<std::uint8_t>(end), tr.strings.intern(tr.meta.end_message));
    if (!tr.empty()) tr.meta.notes.push_back({0, "Every task starts in the run queue."});
    return trace;
}

}  // namespace ps

// ---- TraceBuilder --------------------------------------------------------------------------

namespace ps {

std::uint32_t TraceBuilder::task(const std::string& name, std::uint32_t parent) {
    auto id = static_cast<std::uint32_t>(trace_.tasks.size());
    trace_.tasks.push_back({name, parent, kNone});
    trace_.meta.nodes.push_back({name, "block", "async { ... }", 0});
    trace_.index_nodes();
    return id;
}

std::uint32_t TraceBuilder::node(const std::string& path, const std::string& kind, const std::string& text,
                                 int depth) {
    trace_.meta.nodes.push_back({path, kind, text, depth});
    trace_.index_nodes();
    return trace_.strings.intern(path);
}

std::uint32_t TraceBuilder::emit(EventKind k, std::uint32_t task, std::string_view path, std::uint32_t waker,
                                 std::uint8_t detail, std::int64_t arg) {
    Event e;
    e.time = now_;
    e.kind = k;
    e.task = task;
    e.node = path.empty() ? kNone : trace_.strings.intern(path);
    e.waker = waker;
    e.detail = detail;
    e.arg = arg;
    e.worker = worker_;
    return trace_.append(e);
}

std::uint32_t TraceBuilder::text_arg(std::string_view s) { return trace_.strings.intern(s); }

std::uint32_t TraceBuilder::spawn(std::uint32_t t) {
    std::int64_t parent =
        trace_.tasks.at(t).parent == kNone ? -1 : static_cast<std::int64_t>(trace_.tasks.at(t).parent);
    return emit(EventKind::Spawn, t, trace_.tasks.at(t).name, kNone, 0, parent);
}
std::uint32_t TraceBuilder::schedule(std::uint32_t t, ScheduleReason why, std::int64_t queue_len) {
    return emit(EventKind::Schedule, t, {}, kNone, static_cast<std::uint8_t>(why), queue_len);
}
std::uint32_t TraceBuilder::poll_begin(std::uint32_t t, std::string_view path, std::int64_t poll_number) {
    return emit(EventKind::PollBegin, t, path, kNone, 0, poll_number);
}
std::uint32_t TraceBuilder::poll_end(std::uint32_t t, std::string_view path, PollResult r, std::int64_t value) {
    return emit(EventKind::PollEnd, t, path, kNone, static_cast<std::uint8_t>(r), value);
}
std::uint32_t TraceBuilder::clone(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                                  std::string_view holder) {
    return emit(EventKind::WakerClone, t, path, waker, static_cast<std::uint8_t>(h), text_arg(holder));
}
std::uint32_t TraceBuilder::wake(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                                 std::string_view cause) {
    return emit(EventKind::WakerWake, t, path, waker, static_cast<std::uint8_t>(h), text_arg(cause));
}
std::uint32_t TraceBuilder::wake_by_ref(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                                        std::string_view cause) {
    return emit(EventKind::WakerWakeByRef, t, path, waker, static_cast<std::uint8_t>(h), text_arg(cause));
}
std::uint32_t TraceBuilder::drop(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                                 std::string_view reason) {
    return emit(EventKind::WakerDrop, t, path, waker, static_cast<std::uint8_t>(h), text_arg(reason));
}
std::uint32_t TraceBuilder::register_source(std::uint32_t t, std::string_view path, std::uint32_t waker,
                                            HolderKind h, std::string_view source) {
    return emit(EventKind::Register, t, path, waker, static_cast<std::uint8_t>(h), text_arg(source));
}
std::uint32_t TraceBuilder::deregister_source(std::uint32_t t, std::string_view path, std::uint32_t waker,
                                              HolderKind h, std::string_view source) {
    return emit(EventKind::Deregister, t, path, waker, static_cast<std::uint8_t>(h), text_arg(source));
}
std::uint32_t TraceBuilder::timer_fire(std::uint32_t t, std::uint32_t waker, std::int64_t timer) {
    return emit(EventKind::TimerFire, t, {}, waker, 0, timer);
}
std::uint32_t TraceBuilder::io_ready(std::uint32_t t, std::uint32_t waker, IoReadiness r, std::string_view source) {
    return emit(EventKind::IoReady, t, {}, waker, static_cast<std::uint8_t>(r), text_arg(source));
}
std::uint32_t TraceBuilder::advance_to(Nanos t) {
    Nanos before = now_;
    now_ = t;
    return emit(EventKind::TimeAdvance, kNone, {}, kNone, 0, before);
}
std::uint32_t TraceBuilder::complete(std::uint32_t t, std::int64_t value, bool cancelled) {
    return emit(EventKind::TaskComplete, t, trace_.tasks.at(t).name, kNone, cancelled ? 1 : 0, value);
}
std::uint32_t TraceBuilder::future_drop(std::uint32_t t, std::string_view path, DropReason r) {
    return emit(EventKind::FutureDrop, t, path, kNone, static_cast<std::uint8_t>(r), 0);
}
std::uint32_t TraceBuilder::diagnostic(std::uint32_t t, DiagKind k, std::string_view message,
                                       std::string_view path, std::uint32_t waker) {
    std::uint32_t step = emit(EventKind::Diagnostic, t, path, waker, static_cast<std::uint8_t>(k), text_arg(message));
    trace_.diagnostics.push_back({step, k, t, std::string(message)});
    return step;
}
std::uint32_t TraceBuilder::run_end(EndReason r, std::string_view message) {
    trace_.meta.end = r;
    trace_.meta.end_message = std::string(message);
    return emit(EventKind::RunEnd, kNone, {}, kNone, static_cast<std::uint8_t>(r), text_arg(message));
}

// A whole task-level poll: root, then each nested path in order, all returning `result`.
std::uint32_t TraceBuilder::poll(std::uint32_t t, std::int64_t poll_number, PollResult result,
                                 std::initializer_list<std::string_view> nested, Nanos cost) {
    const std::string& root = trace_.tasks.at(t).name;
    std::uint32_t begin = poll_begin(t, root, poll_number);
    for (std::string_view p : nested) poll_begin(t, p, 0);
    for (auto it = nested.end(); it != nested.begin();) {
        --it;
        poll_end(t, *it, result, 0);
    }
    now_ += cost;
    poll_end(t, root, result, 0);
    return begin;
}

}  // namespace ps
