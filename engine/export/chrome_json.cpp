#include "engine/export/chrome_json.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "engine/export/event_json.hpp"
#include "engine/trace/causality.hpp"

namespace ps {

namespace {

constexpr Nanos kGap = 3;  // displayed ns between consecutive steps at one virtual instant

// t + d for a displayed time, saturating at the largest Nanos. A loaded trace keeps times at
// most kMaxTraceTime, far below it; this keeps the writer defined for any Trace it is given.
Nanos after(Nanos t, Nanos d) {
    Nanos sum = 0;
    return __builtin_add_overflow(t, d, &sum) ? std::numeric_limits<Nanos>::max() : sum;
}
constexpr std::uint32_t kPid = 1;
constexpr std::uint32_t kReactorTid = 1;
std::uint32_t executor_tid(std::uint8_t worker) {
    return 2 + worker;
}
std::uint32_t task_tid(std::uint32_t task) {
    return 1000 + task;
}

class ChromeWriter {
public:
    ChromeWriter(const Trace& trace, Writer& w, StepRange range)
        : trace_(trace),
          w_(w),
          span_(resolve_range(range, trace.size())),
          json_(trace.strings, detail::Escape::Json) {}

    ChromeStats run();

private:
    struct OpenSlice {
        std::uint32_t slice;  // index into causality_.slices
        Nanos begin;          // displayed ns
    };
    struct TaskTrack {
        std::vector<OpenSlice> stack;
        bool seen = false;   // has a thread
        bool alive = false;  // lifetime slice open
        Nanos life_begin = 0;
        std::uint32_t spawn_step = kNone;
        Nanos last_poll_end = -1;
        std::uint32_t complete_step = kNone;  // completed while a poll was still open
        Nanos complete_ts = 0;
        std::uint8_t complete_detail = 0;
    };

    // -- low-level output ---------------------------------------------------------------------
    void start(const char* ph, std::uint32_t tid, Nanos ts) {
        w_ << (stats_.events ? ",\n{\"ph\":\"" : "\n{\"ph\":\"") << ph << "\",\"pid\":";
        w_.u64(kPid);
        w_ << ",\"tid\":";
        w_.u64(tid);
        w_ << ",\"ts\":";
        w_.micros3(ts);
        ++stats_.events;
    }
    void dur(Nanos d) {
        w_ << ",\"dur\":";
        w_.micros3(d < 0 ? 0 : d);
    }
    void quoted_task_name(std::uint32_t task) {
        if (task < trace_.tasks.size())
            w_.json_string(trace_.tasks[task].name);
        else
            w_ << "\"?\"";
    }
    // Escaped task name without quotes, for building names.
    void task_name_bare(std::uint32_t task) {
        std::string_view q =
            task < task_names_.size() ? std::string_view(task_names_[task]) : std::string_view("\"?\"");
        w_ << q.substr(1, q.size() - 2);
    }
    void common_args(std::size_t step, const Event& e) {
        w_ << ",\"args\":{\"step\":";
        w_.u64(step);
        w_ << ",\"virtual_ns\":";
        w_.i64(e.time);
        detail::write_event_ids(w_, json_, e);
    }
    // An instant event on thread `tid`: its category, then `name` writes the quoted name.
    template <typename Name>
    void instant(std::uint32_t tid, Nanos ts, const char* cat, Name&& name) {
        start("i", tid, ts);
        w_ << ",\"s\":\"t\",\"cat\":\"" << cat << "\",\"name\":";
        name();
    }
    // The slice of a task's whole life, up to its args' "task" member.
    void lifetime_slice(std::uint32_t task, Nanos begin, Nanos end) {
        start("X", task_tid(task), begin);
        dur(end - begin);
        w_ << ",\"cat\":\"task\",\"name\":";
        quoted_task_name(task);
        w_ << ",\"args\":{\"task\":";
        w_.u64(task);
    }

    // -- pieces ---------------------------------------------------------------------------------
    TaskTrack& track(std::uint32_t t) {
        if (t >= tasks_.size()) tasks_.resize(std::size_t{t} + 1);
        return tasks_[t];
    }
    void see_task(std::uint32_t t) {
        if (t != kNone) track(t).seen = true;
    }
    void slice_name(const PollSlice& s);
    void emit_poll_slice(const OpenSlice& o, Nanos end, std::uint32_t end_step);
    // The reactor thread gets a slice around each run of reactor work (so flows from wakes
    // made there have a slice to start from); a task-level poll or the run's end closes it.
    void reactor_touch(Nanos ts, std::size_t step) {
        if (!reactor_open_) {
            reactor_open_ = true;
            reactor_begin_ = ts - 1;
            reactor_first_step_ = step;
        }
        reactor_last_ = ts;
    }
    void reactor_close();
    void counter(const char* name, const char* key, std::int64_t value, Nanos ts) {
        start("C", 0, ts);
        w_ << ",\"name\":\"" << name << "\",\"args\":{\"" << key << "\":";
        w_.i64(value);
        w_ << "}}";
    }
    std::uint32_t wake_thread(const Event& e) {
        std::uint32_t running = running_[e.worker];
        return running != kNone ? task_tid(running) : kReactorTid;
    }
    void pre_pass();
    void event(std::size_t i, Nanos ts);
    void spawn(std::size_t i, const Event& e, Nanos ts);
    void schedule(std::size_t i, const Event& e, Nanos ts);
    void poll_begin(std::size_t i, const Event& e, Nanos ts);
    void poll_end(std::size_t i, const Event& e, Nanos ts);
    void waker_clone_or_drop(std::size_t i, const Event& e, Nanos ts);
    void wake(std::size_t i, const Event& e, Nanos ts);
    void reactor_event(std::size_t i, const Event& e, Nanos ts);
    void task_complete(std::size_t i, const Event& e, Nanos ts);
    void executor_event(std::size_t i, const Event& e, Nanos ts);
    // The lines printed during step i, as instants on the printing task's thread, each kGap
    // after the one before; returns the last time used.
    Nanos console_lines(std::size_t i, Nanos ts);
    void end_lifetime(std::uint32_t task);
    void metadata();

    const Trace& trace_;
    Writer& w_;
    StepSpan span_;
    detail::EscapedStrings json_;
    Causality causality_;
    std::vector<std::string> task_names_;  // JSON-quoted
    std::vector<TaskTrack> tasks_;
    std::uint32_t running_[256];
    std::vector<std::pair<std::uint32_t, std::uint32_t>> flow_by_poll_;  // (poll step, wake index), sorted
    std::size_t flow_cursor_ = 0;                                        // into flow_by_poll_
    std::size_t wake_cursor_ = 0;                                        // into causality_.wakes
    std::size_t console_cursor_ = 0;                                     // into trace_.console
    std::size_t slice_cursor_ = 0;                                       // into causality_.slices
    bool reactor_open_ = false;
    Nanos reactor_begin_ = 0, reactor_last_ = 0;
    std::size_t reactor_first_step_ = 0;
    std::int64_t queue_ = 0, wakers_ = 0;
    std::uint8_t max_worker_ = 0;
    ChromeStats stats_;
};

void ChromeWriter::slice_name(const PollSlice& s) {
    if (s.depth == 0) {
        w_ << '"';
        task_name_bare(s.task);
        w_ << " poll #";
        w_.u64(s.poll_number);
        w_ << '"';
        return;
    }
    const NodeInfo* n = trace_.node_info(s.path);
    if (n && !n->text.empty())
        w_.json_string(n->text);
    else
        w_ << json_.get(s.path);
}

void ChromeWriter::emit_poll_slice(const OpenSlice& o, Nanos end, std::uint32_t end_step) {
    const PollSlice& s = causality_.slices[o.slice];
    auto write = [&](std::uint32_t tid, bool executor) {
        start("X", tid, o.begin);
        dur(end - o.begin);
        w_ << ",\"cat\":\"poll\",\"name\":";
        if (executor) {
            w_ << "\"poll ";
            task_name_bare(s.task);
            w_ << '"';
        } else {
            slice_name(s);
        }
        w_ << ",\"args\":{\"result\":\""
           << (end_step == kNone
                   ? "open"
                   : detail_value_name(DetailMeaning::PollResult, static_cast<std::uint8_t>(s.result)))
           << "\",\"path\":";
        w_ << json_.get(s.path);
        w_ << ",\"task\":";
        w_.u64(s.task);
        w_ << ",\"step\":";
        w_.u64(s.begin_step);
        if (end_step != kNone) {
            w_ << ",\"end_step\":";
            w_.u64(end_step);
        }
        if (s.depth == 0) {
            w_ << ",\"poll\":";
            w_.u64(s.poll_number);
        }
        if (s.result == PollResult::Ready && end_step != kNone) {
            w_ << ",\"value\":";
            w_.i64(s.value);
        }
        w_ << ",\"virtual_ns\":";
        w_.i64(s.begin_time);
        w_ << ",\"virtual_end_ns\":";
        w_.i64(s.end_time);
        w_ << "}}";
    };
    write(task_tid(s.task), false);
    ++stats_.slices;
    if (s.depth == 0) write(executor_tid(s.worker), true);
    TaskTrack& t = track(s.task);
    t.last_poll_end = std::max(t.last_poll_end, end);
}

void ChromeWriter::end_lifetime(std::uint32_t task) {
    TaskTrack& t = tasks_[task];
    lifetime_slice(task, t.life_begin, std::max(after(t.complete_ts, 1), after(t.last_poll_end, 1)));
    if (t.spawn_step != kNone) {
        w_ << ",\"spawn_step\":";
        w_.u64(t.spawn_step);
    }
    w_ << ",\"end_step\":";
    w_.u64(t.complete_step);
    w_ << ",\"state\":\"" << (t.complete_detail == 1 ? "cancelled" : "complete") << "\"}}";
    t.alive = false;
    t.complete_step = kNone;
}

void ChromeWriter::reactor_close() {
    if (!reactor_open_) return;
    reactor_open_ = false;
    start("X", kReactorTid, reactor_begin_);
    dur(after(reactor_last_, 1) - reactor_begin_);
    w_ << ",\"cat\":\"reactor\",\"name\":\"reactor\",\"args\":{\"first_step\":";
    w_.u64(reactor_first_step_);
    w_ << "}}";
}

void ChromeWriter::pre_pass() {
    // State at the start of the range: which tasks are alive, queue length, live wakers.
    for (std::size_t i = 0; i < span_.begin; ++i) {
        const Event& e = trace_[i];
        switch (e.kind) {
            case EventKind::Spawn: track(e.task).alive = true; break;
            case EventKind::TaskComplete: track(e.task).alive = false; break;
            case EventKind::Schedule: ++queue_; break;
            case EventKind::PollBegin:
                if (e.arg > 0 && queue_ > 0) --queue_;
                break;
            case EventKind::WakerClone: ++wakers_; break;
            case EventKind::WakerWake:
            case EventKind::WakerDrop:
                if (e.waker != kNone && wakers_ > 0) --wakers_;
                break;
            default: break;
        }
    }
}

ChromeStats ChromeWriter::run() {
    causality_ = analyze_causality(trace_);
    std::fill(std::begin(running_), std::end(running_), kNone);
    task_names_.reserve(trace_.tasks.size());
    for (const TaskInfo& t : trace_.tasks) task_names_.push_back(json_quoted(t.name));
    for (std::uint32_t k = 0; k < causality_.wakes.size(); ++k) {
        const WakeFlow& f = causality_.wakes[k];
        if (f.outcome == WakeOutcome::Polled && span_.contains(f.wake_step) && span_.contains(f.poll_step))
            flow_by_poll_.emplace_back(f.poll_step, k);
    }
    std::sort(flow_by_poll_.begin(), flow_by_poll_.end());

    w_ << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"pollscope\",\"scenario\":";
    w_.json_string(trace_.meta.scenario_path);
    w_ << ",\"title\":";
    w_.json_string(trace_.meta.title);
    w_ << ",\"first_step\":";
    w_.u64(span_.begin);
    w_ << ",\"time\":\"virtual; events at one virtual instant are drawn 3 ns apart, the true time is "
          "args.virtual_ns\"},"
          "\"traceEvents\":[";

    if (span_.empty()) {  // nothing selected: a valid file with the process and its threads
        metadata();
        w_ << "\n]}\n";
        return stats_;
    }
    pre_pass();
    Nanos ts = trace_[span_.begin].time;
    const Nanos base = ts;
    // Tasks alive at the start of the range, and the polls already open there.
    for (std::uint32_t t = 0; t < tasks_.size(); ++t) {
        if (!tasks_[t].alive) continue;
        tasks_[t].seen = true;
        tasks_[t].life_begin = base;
    }
    while (slice_cursor_ < causality_.slices.size() &&
           causality_.slices[slice_cursor_].begin_step < span_.begin) {
        const PollSlice& s = causality_.slices[slice_cursor_];
        if (s.open() || s.end_step >= span_.begin) {
            ts = after(ts, kGap);
            TaskTrack& t = track(s.task);
            t.seen = true;
            t.stack.push_back({static_cast<std::uint32_t>(slice_cursor_), ts});
            if (s.depth == 0) running_[s.worker] = s.task;
        }
        ++slice_cursor_;
    }
    while (wake_cursor_ < causality_.wakes.size() && causality_.wakes[wake_cursor_].wake_step < span_.begin)
        ++wake_cursor_;
    if (span_.begin > 0) ts = after(ts, kGap);  // after the lifetimes and polls already open
    counter("run queue", "tasks", queue_, ts);
    counter("live wakers", "wakers", wakers_, ts);

    Nanos prev = ts - kGap;
    for (std::size_t i = span_.begin; i < span_.end; ++i) {
        ts = std::max(trace_[i].time, after(prev, kGap));
        prev = ts;
        event(i, ts);
        prev = console_lines(i, prev);
    }
    reactor_close();

    // Close what is still open at the end of the range, innermost first.
    const Nanos last = prev;
    for (std::uint32_t t = 0; t < tasks_.size(); ++t) {
        TaskTrack& tr = tasks_[t];
        Nanos end = last;
        while (!tr.stack.empty()) {
            end = after(end, kGap);
            emit_poll_slice(tr.stack.back(), end, kNone);
            tr.stack.pop_back();
        }
    }
    // Lifetimes of the tasks still alive.
    for (std::uint32_t t = 0; t < tasks_.size(); ++t) {
        TaskTrack& tr = tasks_[t];
        if (!tr.alive) continue;
        if (tr.complete_step != kNone) {
            end_lifetime(t);
            continue;
        }
        lifetime_slice(t, tr.life_begin, std::max(after(last, 1), after(tr.last_poll_end, 1)));
        w_ << ",\"state\":\"not complete\"}}";
    }
    metadata();
    w_ << "\n]}\n";
    return stats_;
}

void ChromeWriter::event(std::size_t i, Nanos ts) {
    const Event& e = trace_[i];
    if (e.worker > max_worker_) max_worker_ = e.worker;
    see_task(e.task);
    switch (e.kind) {
        case EventKind::Spawn: spawn(i, e, ts); break;
        case EventKind::Schedule: schedule(i, e, ts); break;
        case EventKind::PollBegin: poll_begin(i, e, ts); break;
        case EventKind::PollEnd: poll_end(i, e, ts); break;
        case EventKind::WakerClone:
        case EventKind::WakerDrop: waker_clone_or_drop(i, e, ts); break;
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef: wake(i, e, ts); break;
        case EventKind::Register:
        case EventKind::Deregister:
        case EventKind::TimerFire:
        case EventKind::IoReady:
        case EventKind::TimeAdvance: reactor_event(i, e, ts); break;
        case EventKind::TaskComplete: task_complete(i, e, ts); break;
        case EventKind::FutureDrop:
        case EventKind::Diagnostic:
        case EventKind::RunEnd:
        case EventKind::Steal:
        case EventKind::WorkerPark:
        case EventKind::WorkerUnpark:
        case EventKind::Inject: executor_event(i, e, ts); break;
        case EventKind::Count_: break;
    }
}

void ChromeWriter::spawn(std::size_t i, const Event& e, Nanos ts) {
    TaskTrack& t = track(e.task);
    t.alive = true;
    t.life_begin = ts;
    t.spawn_step = static_cast<std::uint32_t>(i);
    t.last_poll_end = -1;
    t.complete_step = kNone;
    instant(task_tid(e.task), ts, "task", [&] { w_ << "\"spawn\""; });
    common_args(i, e);
    detail::write_arg_number(w_, e);
    w_ << "}}";
}

void ChromeWriter::schedule(std::size_t i, const Event& e, Nanos ts) {
    instant(executor_tid(e.worker), ts, "executor", [&] {
        w_ << "\"schedule ";
        task_name_bare(e.task);
        w_ << '"';
    });
    common_args(i, e);
    detail::write_detail_name(w_, e);
    detail::write_arg_number(w_, e);
    w_ << "}}";
    ++queue_;
    counter("run queue", "tasks", queue_, ts);
}

void ChromeWriter::poll_begin(std::size_t i, const Event& e, Nanos ts) {
    // causality_.slices has one slice per poll_begin, in step order
    while (slice_cursor_ < causality_.slices.size() && causality_.slices[slice_cursor_].begin_step < i)
        ++slice_cursor_;
    if (slice_cursor_ >= causality_.slices.size() || causality_.slices[slice_cursor_].begin_step != i) return;
    const auto index = static_cast<std::uint32_t>(slice_cursor_++);
    const PollSlice& s = causality_.slices[index];
    TaskTrack& t = track(s.task);
    t.stack.push_back({index, ts});
    if (s.depth != 0) return;
    reactor_close();
    running_[e.worker] = s.task;
    if (queue_ > 0) {
        --queue_;
        counter("run queue", "tasks", queue_, ts);
    }
    while (flow_cursor_ < flow_by_poll_.size() && flow_by_poll_[flow_cursor_].first < i) ++flow_cursor_;
    if (flow_cursor_ < flow_by_poll_.size() && flow_by_poll_[flow_cursor_].first == i) {
        const WakeFlow& f = causality_.wakes[flow_by_poll_[flow_cursor_].second];
        start("f", task_tid(s.task), ts + 1);
        w_ << ",\"bp\":\"e\",\"cat\":\"wake\",\"name\":\"wake\",\"id\":";
        w_.u64(f.wake_step);
        w_ << '}';
        ++flow_cursor_;
    }
}

void ChromeWriter::poll_end(std::size_t i, const Event& e, Nanos ts) {
    if (e.task == kNone || e.task >= tasks_.size()) return;
    TaskTrack& t = tasks_[e.task];
    while (!t.stack.empty() && causality_.slices[t.stack.back().slice].end_step == i) {
        emit_poll_slice(t.stack.back(), ts, static_cast<std::uint32_t>(i));
        bool root = causality_.slices[t.stack.back().slice].depth == 0;
        t.stack.pop_back();
        if (root && running_[e.worker] == e.task) running_[e.worker] = kNone;
    }
    if (t.stack.empty() && t.alive && t.complete_step != kNone) end_lifetime(e.task);
}

void ChromeWriter::waker_clone_or_drop(std::size_t i, const Event& e, Nanos ts) {
    const bool clone = e.kind == EventKind::WakerClone;
    const std::uint32_t running = running_[e.worker];
    instant(running != kNone ? task_tid(running) : executor_tid(e.worker), ts, "waker", [&] {
        w_ << '"' << (clone ? "clone" : "drop") << " waker #";
        w_.u64(e.waker);
        w_ << '"';
    });
    common_args(i, e);
    detail::write_detail_name(w_, e);
    detail::write_event_text(w_, json_, e);
    w_ << "}}";
    wakers_ += clone ? 1 : -1;
    if (wakers_ < 0) wakers_ = 0;
    counter("live wakers", "wakers", wakers_, ts);
}

void ChromeWriter::wake(std::size_t i, const Event& e, Nanos ts) {
    const bool by_ref = e.kind == EventKind::WakerWakeByRef;
    const std::uint32_t tid = wake_thread(e);
    if (tid == kReactorTid) reactor_touch(ts, i);
    while (wake_cursor_ < causality_.wakes.size() && causality_.wakes[wake_cursor_].wake_step < i)
        ++wake_cursor_;
    const WakeFlow* f =
        wake_cursor_ < causality_.wakes.size() && causality_.wakes[wake_cursor_].wake_step == i
            ? &causality_.wakes[wake_cursor_]
            : nullptr;
    instant(tid, ts, "waker", [&] {
        w_ << '"' << (by_ref ? "wake_by_ref" : "wake");
        if (e.waker != kNone) {
            w_ << " waker #";
            w_.u64(e.waker);
        }
        w_ << '"';
    });
    common_args(i, e);
    detail::write_detail_name(w_, e);
    detail::write_event_text(w_, json_, e);
    if (f) {
        w_ << ",\"outcome\":\"" << wake_outcome_name(f->outcome) << '"';
        if (f->poll_step != kNone) {
            w_ << ",\"poll_step\":";
            w_.u64(f->poll_step);
        }
    }
    w_ << "}}";
    if (f && f->outcome == WakeOutcome::Polled && span_.contains(f->poll_step)) {
        start("s", tid, ts);
        w_ << ",\"cat\":\"wake\",\"name\":\"wake\",\"id\":";
        w_.u64(i);
        w_ << '}';
        ++stats_.flows;
    }
    if (!by_ref && e.waker != kNone) {
        if (wakers_ > 0) --wakers_;
        counter("live wakers", "wakers", wakers_, ts);
    }
}

void ChromeWriter::reactor_event(std::size_t i, const Event& e, Nanos ts) {
    // Registrations made inside a poll show on the task that made them.
    std::uint32_t tid = kReactorTid;
    if ((e.kind == EventKind::Register || e.kind == EventKind::Deregister) && running_[e.worker] != kNone)
        tid = task_tid(running_[e.worker]);
    if (tid == kReactorTid) reactor_touch(ts, i);
    instant(tid, ts, "reactor", [&] {
        if (e.kind == EventKind::TimerFire) {
            w_ << "\"timer #";
            w_.i64(e.arg);
            w_ << " fired\"";
        } else if (e.kind == EventKind::IoReady) {
            w_ << "\"io " << io_readiness_name(static_cast<IoReadiness>(e.detail <= 3 ? e.detail : 0)) << '"';
        } else if (e.kind == EventKind::TimeAdvance) {
            w_ << "\"time advance\"";
        } else {
            w_ << (e.kind == EventKind::Register ? "\"register\"" : "\"deregister\"");
        }
    });
    common_args(i, e);
    if (e.kind == EventKind::TimeAdvance) {
        w_ << ",\"from_ns\":";
        w_.i64(e.arg);
    } else if (event_schema(e.kind).arg == ArgMeaning::Text) {
        detail::write_event_text(w_, json_, e);
    }
    w_ << "}}";
}

void ChromeWriter::task_complete(std::size_t i, const Event& e, Nanos ts) {
    TaskTrack& t = track(e.task);
    instant(task_tid(e.task), ts, "task",
            [&] { w_ << '"' << (e.detail == 1 ? "cancelled" : "complete") << '"'; });
    common_args(i, e);
    detail::write_arg_number(w_, e);
    w_ << "}}";
    if (t.alive) {
        t.complete_step = static_cast<std::uint32_t>(i);
        t.complete_ts = ts;
        t.complete_detail = e.detail;
        // The lifetime must enclose every poll: wait for an open poll to end first.
        if (t.stack.empty()) end_lifetime(e.task);
    }
}

// Dropped futures, diagnostics, the run's end and the workers' own events.
Nanos ChromeWriter::console_lines(std::size_t i, Nanos ts) {
    const auto& lines = trace_.console;
    while (console_cursor_ < lines.size() && lines[console_cursor_].step < i) ++console_cursor_;
    for (; console_cursor_ < lines.size() && lines[console_cursor_].step == i; ++console_cursor_) {
        const ConsoleLine& c = lines[console_cursor_];
        ts = after(ts, kGap);
        see_task(c.task);
        instant(c.task != kNone ? task_tid(c.task) : executor_tid(0), ts, "console",
                [&] { w_ << (c.to_stderr ? "\"eprintln!\"" : "\"println!\""); });
        w_ << ",\"args\":{\"step\":";
        w_.u64(i);
        w_ << ",\"text\":";
        w_.json_string(c.text);
        w_ << "}}";
    }
    return ts;
}

void ChromeWriter::executor_event(std::size_t i, const Event& e, Nanos ts) {
    const std::uint32_t tid =
        e.task != kNone && (e.kind == EventKind::FutureDrop || e.kind == EventKind::Diagnostic)
            ? task_tid(e.task)
            : executor_tid(e.worker);
    if (e.kind == EventKind::RunEnd) reactor_close();
    switch (e.kind) {
        case EventKind::FutureDrop: instant(tid, ts, "task", [&] { w_ << "\"drop future\""; }); break;
        case EventKind::Diagnostic:
            instant(tid, ts, "diagnostic", [&] {
                w_ << "\"diagnostic: " << diag_kind_name(static_cast<DiagKind>(e.detail)) << '"';
            });
            break;
        case EventKind::RunEnd:
            instant(tid, ts, "executor", [&] {
                w_ << "\"run end: " << end_reason_name(static_cast<EndReason>(e.detail <= 3 ? e.detail : 0))
                   << '"';
            });
            break;
        default: instant(tid, ts, "executor", [&] { w_ << '"' << event_kind_name(e.kind) << '"'; }); break;
    }
    common_args(i, e);
    const EventSchema& s = event_schema(e.kind);
    if (s.arg == ArgMeaning::Text)
        detail::write_event_text(w_, json_, e);
    else if (detail_is_named(s.detail))
        detail::write_detail_name(w_, e);
    w_ << "}}";
}

void ChromeWriter::metadata() {
    auto meta = [&](const char* name, std::uint32_t tid) {
        w_ << (stats_.events ? ",\n{\"ph\":\"M\",\"pid\":" : "\n{\"ph\":\"M\",\"pid\":");
        w_.u64(kPid);
        w_ << ",\"tid\":";
        w_.u64(tid);
        w_ << ",\"name\":\"" << name << "\",\"args\":{";
        ++stats_.events;
    };
    meta("process_name", 0);
    w_ << "\"name\":";
    w_.json_string(trace_.meta.title.empty() ? std::string("pollscope") : trace_.meta.title);
    w_ << "}}";
    const int workers = std::max<int>(max_worker_ + 1, 1);
    for (int k = 0; k < workers; ++k) {
        meta("thread_name", executor_tid(static_cast<std::uint8_t>(k)));
        if (workers == 1) {
            w_ << "\"name\":\"executor\"}}";
        } else {
            w_ << "\"name\":\"executor worker ";
            w_.u64(static_cast<std::uint64_t>(k));
            w_ << "\"}}";
        }
        meta("thread_sort_index", executor_tid(static_cast<std::uint8_t>(k)));
        w_ << "\"sort_index\":";
        w_.u64(static_cast<std::uint64_t>(k));
        w_ << "}}";
    }
    meta("thread_name", kReactorTid);
    w_ << "\"name\":\"reactor\"}}";
    meta("thread_sort_index", kReactorTid);
    w_ << "\"sort_index\":300}}";
    for (std::uint32_t t = 0; t < tasks_.size(); ++t) {
        if (!tasks_[t].seen) continue;
        meta("thread_name", task_tid(t));
        w_ << "\"name\":\"task ";
        w_.u64(t);
        w_ << ' ';
        task_name_bare(t);
        w_ << "\"}}";
        meta("thread_sort_index", task_tid(t));
        w_ << "\"sort_index\":";
        w_.u64(1000 + t);
        w_ << "}}";
    }
}

}  // namespace

std::string chrome_size_warning(std::uint64_t events, std::uint64_t bytes) {
    if (events <= kChromeEventWarning && bytes <= kChromeByteWarning) return {};
    return "this Chrome trace has " + std::to_string(events) + " events (" +
           std::to_string(bytes / 1'000'000) +
           " MB); chrome://tracing fails past about 1,000,000 events or 250 MB: open it in Perfetto "
           "(ui.perfetto.dev), or export a step range";
}

ChromeStats write_chrome_json(const Trace& trace, Writer& out, StepRange range) {
    ChromeWriter cw(trace, out, range);
    return cw.run();
}

std::string chrome_json_string(const Trace& trace, StepRange range) {
    return text_written_by([&](Writer& w) { write_chrome_json(trace, w, range); });
}

ExportResult write_chrome_json(const Trace& trace, const std::string& path, StepRange range) {
    ChromeStats stats;
    ExportResult r =
        write_text_atomically(path, [&](Writer& w) { stats = write_chrome_json(trace, w, range); });
    if (r.ok) {
        std::string warning = chrome_size_warning(stats.events, r.bytes);
        if (!warning.empty()) r.warnings.push_back(warning);
    }
    return r;
}

}  // namespace ps
