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

// One synthetic run: tasks looping over sleep, driven by a FIFO queue and a timer heap.
class SyntheticRun {
public:
    SyntheticRun(Trace& tr, const SyntheticOptions& o)
        : tr_(tr),
          o_(o),
          ntasks_(o.tasks == 0 ? 1 : o.tasks),
          workers_(o.workers == 0 ? 1 : o.workers),
          rng_(o.seed * 6364136223846793005ULL + 1442695040888963407ULL) {}

    void run() {
        describe();
        for (std::uint32_t t = 0; t < ntasks_; ++t) {
            ev(EventKind::Spawn, t, root_[t], kNone, 0, t == 0 ? -1 : 0);
            queue_.push_back(t);
            ev(EventKind::Schedule, t, kNone, kNone, 0, static_cast<std::int64_t>(queue_.size()));
        }
        while (live_tasks_ > 0 && tr_.size() < o_.events) {
            if (queue_.empty()) {
                if (timers_.empty()) break;
                fire_due_timers();
                continue;
            }
            std::uint32_t t = queue_.front();
            queue_.pop_front();
            poll(t);
        }
        end();
    }

private:
    std::uint32_t next() {
        rng_ = rng_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(rng_ >> 33);
    }

    void ev(EventKind k, std::uint32_t task, std::uint32_t node, std::uint32_t waker, std::uint8_t detail,
            std::int64_t arg, std::uint8_t worker = 0) {
        Event e;
        e.time = now_;
        e.kind = k;
        e.task = task;
        e.node = node;
        e.waker = waker;
        e.detail = detail;
        e.arg = arg;
        e.worker = worker;
        tr_.append(e);
    }

    // The trace's metadata, tasks, future tree and code, and the texts events refer to.
    void describe() {
        tr_.meta.title = "Synthetic trace: " + std::to_string(ntasks_) + " tasks sleeping in a loop";
        tr_.meta.summary = "Generated for tests and benchmarks; every task awaits sleep() again and again.";
        tr_.meta.lesson = {"Each task is polled, parks on its timer, and is woken when the timer fires.",
                           "A wake of a task that is already queued is coalesced: it adds no poll."};
        tr_.meta.seed = o_.seed;
        tr_.meta.poll_cost = 10 * kMicro;
        tr_.meta.max_events = static_cast<std::int64_t>(o_.events) + 1000;
        tr_.meta.workers = workers_;
        tr_.meta.scenario_path = "synthetic";
        for (std::uint32_t t = 0; t < ntasks_; ++t) {
            std::string name = "worker" + std::to_string(t);
            tr_.tasks.push_back({name, t == 0 ? kNone : 0u, 0});
            period_.push_back((1 + t % 5) * kMilli);
            std::string r = name, l = name + "/0", s = name + "/0/0";
            tr_.meta.nodes.push_back({r, "block", "async { loop { sleep(...).await } }", 0});
            tr_.meta.nodes.push_back({l, "repeat", "loop { ... }", 1});
            tr_.meta.nodes.push_back({s, "sleep", "sleep(" + std::to_string(period_[t] / kMilli) + "ms)", 2});
            root_.push_back(tr_.strings.intern(r));
            loop_.push_back(tr_.strings.intern(l));
            sleep_.push_back(tr_.strings.intern(s));
        }
        tr_.meta.code.push_back({"worker",
                                 {{"async move {", ""},
                                  {"    loop {", "worker0/0"},
                                  {"        sleep(Duration::from_millis(1)).await;", "worker0/0/0"},
                                  {"    }", ""},
                                  {"}", ""}}});
        tr_.index_nodes();
        timer_holder_ = tr_.strings.intern("timer entry");
        fired_ = tr_.strings.intern("timer fired");
        poke_ = tr_.strings.intern("channel send from another task");
        late_ = tr_.strings.intern("stale waker kept by a channel");
        busy_msg_ = tr_.strings.intern("task polled many times in a row");
        polls_.assign(ntasks_, 0);
        live_tasks_ = ntasks_;
    }

    // The queue is empty: time jumps to the next deadline and every timer due then fires.
    void fire_due_timers() {
        Nanos before = now_;
        now_ = timers_.top().deadline;
        ev(EventKind::TimeAdvance, kNone, kNone, kNone, 0, before);
        while (!timers_.empty() && timers_.top().deadline == now_) {
            Timer tm = timers_.top();
            timers_.pop();
            ev(EventKind::TimerFire, tm.task, kNone, tm.waker, 0, tm.id);
            ev(EventKind::Deregister, tm.task, sleep_[tm.task], tm.waker, 1, timer_holder_);
            ev(EventKind::WakerWake, tm.task, sleep_[tm.task], tm.waker, 1, fired_);
            queue_.push_back(tm.task);
            ev(EventKind::Schedule, tm.task, kNone, kNone, 1, static_cast<std::int64_t>(queue_.size()));
            if (next() % 4 == 0) {  // someone else pokes the already queued task: coalesced
                std::uint32_t w = next_waker_++;
                ev(EventKind::WakerClone, tm.task, sleep_[tm.task], w, 3, poke_);
                ev(EventKind::WakerWake, tm.task, sleep_[tm.task], w, 3, poke_);
            }
        }
    }

    void poll(std::uint32_t t) {
        auto worker = static_cast<std::uint8_t>(poll_counter_++ % workers_);
        ++polls_[t];
        bool finish = o_.iterations > 0 && polls_[t] > o_.iterations;
        ev(EventKind::PollBegin, t, root_[t], kNone, 0, polls_[t], worker);
        ev(EventKind::PollBegin, t, loop_[t], kNone, 0, 0, worker);
        ev(EventKind::PollBegin, t, sleep_[t], kNone, 0, 0, worker);
        if (finish)
            complete(t, worker);
        else
            park(t, worker);
    }

    // The loop ends: the task completes, and sometimes a stale waker wakes it afterwards.
    void complete(std::uint32_t t, std::uint8_t worker) {
        ev(EventKind::PollEnd, t, sleep_[t], kNone, 1, 0, worker);
        ev(EventKind::FutureDrop, t, sleep_[t], kNone, 0, 0, worker);
        ev(EventKind::PollEnd, t, loop_[t], kNone, 1, 0, worker);
        now_ += tr_.meta.poll_cost;
        ev(EventKind::PollEnd, t, root_[t], kNone, 1, polls_[t], worker);
        ev(EventKind::TaskComplete, t, root_[t], kNone, 0, polls_[t], worker);
        --live_tasks_;
        if (next() % 3 == 0) {  // a stale clone elsewhere wakes the finished task
            std::uint32_t w = next_waker_++;
            std::string message = "waker #" + std::to_string(w) + " woke finished task " + std::to_string(t);
            ev(EventKind::WakerWake, t, kNone, w, 3, late_);
            ev(EventKind::Diagnostic, t, kNone, w, static_cast<std::uint8_t>(DiagKind::WakeAfterComplete),
               tr_.strings.intern(message));
            tr_.diagnostics.push_back(
                {static_cast<std::uint32_t>(tr_.size() - 1), DiagKind::WakeAfterComplete, t, message});
        }
    }

    // The sleep is Pending: its waker goes to a new timer, and the task returns Pending.
    void park(std::uint32_t t, std::uint8_t worker) {
        std::uint32_t w = next_waker_++;
        ev(EventKind::WakerClone, t, sleep_[t], w, 1, timer_holder_, worker);
        ev(EventKind::Register, t, sleep_[t], w, 1, timer_holder_, worker);
        timers_.push(Timer{now_ + period_[t], t, w, next_timer_++});
        ev(EventKind::PollEnd, t, sleep_[t], kNone, 0, 0, worker);
        ev(EventKind::PollEnd, t, loop_[t], kNone, 0, 0, worker);
        now_ += tr_.meta.poll_cost;
        ev(EventKind::PollEnd, t, root_[t], kNone, 0, 0, worker);
        if (polls_[t] % 1000 == 0) {
            ev(EventKind::Diagnostic, t, root_[t], kNone, static_cast<std::uint8_t>(DiagKind::BusyLoop),
               busy_msg_);
            tr_.diagnostics.push_back({static_cast<std::uint32_t>(tr_.size() - 1), DiagKind::BusyLoop, t,
                                       "task polled many times in a row"});
        }
    }

    // Drop the wakers still held by timers, then end.
    void end() {
        while (!timers_.empty()) {
            Timer tm = timers_.top();
            timers_.pop();
            ev(EventKind::WakerDrop, tm.task, sleep_[tm.task], tm.waker, 1, tr_.strings.intern("run ended"));
        }
        EndReason reason = live_tasks_ == 0 ? EndReason::AllComplete : EndReason::EventLimit;
        tr_.meta.end = reason;
        tr_.meta.end_message =
            live_tasks_ == 0 ? "all tasks completed" : "stopped after the requested number of events";
        ev(EventKind::RunEnd, kNone, kNone, kNone, static_cast<std::uint8_t>(reason),
           tr_.strings.intern(tr_.meta.end_message));
        if (!tr_.empty()) tr_.meta.notes.push_back({0, "Every task starts in the run queue."});
    }

    Trace& tr_;
    const SyntheticOptions& o_;
    const std::uint32_t ntasks_;
    const std::uint8_t workers_;
    std::uint64_t rng_;
    std::vector<std::uint32_t> root_, loop_, sleep_;  // interned paths, per task
    std::vector<Nanos> period_;
    std::uint32_t timer_holder_ = 0, fired_ = 0, poke_ = 0, late_ = 0, busy_msg_ = 0;

    Nanos now_ = 0;
    std::deque<std::uint32_t> queue_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::vector<std::uint32_t> polls_;
    std::uint32_t next_waker_ = 0;
    std::int64_t next_timer_ = 0;
    std::uint32_t live_tasks_ = 0;
    std::uint32_t poll_counter_ = 0;
};

}  // namespace

std::unique_ptr<Trace> make_synthetic_trace(const SyntheticOptions& o) {
    auto trace = std::make_unique<Trace>();
    SyntheticRun(*trace, o).run();
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

std::uint32_t TraceBuilder::text_arg(std::string_view s) {
    return trace_.strings.intern(s);
}

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
std::uint32_t TraceBuilder::poll_end(std::uint32_t t, std::string_view path, PollResult r,
                                     std::int64_t value) {
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
std::uint32_t TraceBuilder::wake_by_ref(std::uint32_t t, std::string_view path, std::uint32_t waker,
                                        HolderKind h, std::string_view cause) {
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
std::uint32_t TraceBuilder::io_ready(std::uint32_t t, std::uint32_t waker, IoReadiness r,
                                     std::string_view source) {
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
    std::uint32_t step =
        emit(EventKind::Diagnostic, t, path, waker, static_cast<std::uint8_t>(k), text_arg(message));
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
