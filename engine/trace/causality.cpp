#include "engine/trace/causality.hpp"

#include <array>
#include <iterator>

#include "engine/model/enum_names.hpp"
#include "engine/trace/task_fold.hpp"

namespace ps {

const char* wake_outcome_name(WakeOutcome o) {
    static constexpr const char* kNames[] = {"polled", "coalesced", "after_complete", "unserved"};
    static_assert(std::size(kNames) == enum_count(WakeOutcome::Unserved));
    return enum_name(o, kNames, "unserved");
}

namespace {

struct TaskTrack {
    std::vector<std::uint32_t> stack;               // open slices, outermost first
    std::vector<std::uint32_t> absorbed;            // coalesced wakes waiting for the next task-level poll
    std::uint32_t pending = kNone;                  // wake that will cause the next task-level poll
    TaskRunState state = TaskRunState::NotStarted;  // by task.hpp's rules (task_fold.hpp)
};

// The one pass over the trace: per-task nesting, and each task's state by task.hpp's rules.
class Pass {
public:
    explicit Pass(const Trace& trace) : trace_(trace), tasks_(trace.tasks.size()) { running_.fill(kNone); }

    Causality run() {
        for (std::size_t i = 0; i < trace_.size(); ++i) event(trace_[i], static_cast<std::uint32_t>(i));
        const Nanos end = trace_.end_time();
        for (PollSlice& s : out_.slices)
            if (s.open()) s.end_time = end;
        return std::move(out_);
    }

private:
    TaskTrack& track(std::uint32_t t) {
        if (t >= tasks_.size()) tasks_.resize(std::size_t{t} + 1);
        return tasks_[t];
    }

    void event(const Event& e, std::uint32_t step) {
        if (e.task == kNone) return;
        TaskTrack& t = track(e.task);
        switch (e.kind) {
            case EventKind::Spawn: (void)fold_task_event(t.state, e, false); break;
            case EventKind::Schedule:
                (void)fold_task_event(t.state, e, false);
                if (t.pending != kNone && out_.wakes[t.pending].schedule_step == kNone)
                    out_.wakes[t.pending].schedule_step = step;
                break;
            case EventKind::PollBegin: poll_begin(t, e, step); break;
            case EventKind::PollEnd: poll_end(t, e, step); break;
            case EventKind::WakerWake:
            case EventKind::WakerWakeByRef: wake(t, e, step); break;
            case EventKind::TaskComplete:
                (void)fold_task_event(t.state, e, false);
                t.pending = kNone;  // stays Unserved
                t.absorbed.clear();
                break;
            default: break;
        }
    }

    void poll_begin(TaskTrack& t, const Event& e, std::uint32_t step) {
        PollSlice s;
        s.task = e.task;
        s.begin_step = step;
        s.begin_time = e.time;
        s.depth = static_cast<std::uint32_t>(t.stack.size());
        s.path = e.node;
        s.worker = e.worker;
        auto index = static_cast<std::uint32_t>(out_.slices.size());
        std::uint32_t cause = kNone;
        if (t.stack.empty()) {
            s.poll_number = e.arg > 0 ? static_cast<std::uint32_t>(e.arg) : 0;
            (void)fold_task_event(t.state, e, true);
            running_[e.worker] = e.task;
            if (t.pending != kNone) {
                WakeFlow& w = out_.wakes[t.pending];
                w.outcome = WakeOutcome::Polled;
                w.poll_step = step;
                cause = t.pending;
                t.pending = kNone;
            }
            for (std::uint32_t a : t.absorbed) out_.wakes[a].absorbed_by = step;
            t.absorbed.clear();
        } else {
            s.parent = t.stack.back();
        }
        out_.slices.push_back(s);
        out_.cause_of_slice.push_back(cause);
        t.stack.push_back(index);
    }

    void poll_end(TaskTrack& t, const Event& e, std::uint32_t step) {
        std::size_t k = t.stack.size();
        while (k > 0 && out_.slices[t.stack[k - 1]].path != e.node) --k;
        if (k == 0) return;  // matches no open poll: ignore
        // Close the match and anything (wrongly) still open inside it.
        for (std::size_t j = t.stack.size(); j-- > k - 1;) {
            PollSlice& s = out_.slices[t.stack[j]];
            s.end_step = step;
            s.end_time = e.time;
            if (j == k - 1) {
                s.result = e.detail == 1 ? PollResult::Ready : PollResult::Pending;
                s.value = s.result == PollResult::Ready ? e.arg : 0;
            }
        }
        t.stack.resize(k - 1);
        if (!t.stack.empty()) return;
        (void)fold_task_event(t.state, e, true);
        if (running_[e.worker] == e.task) running_[e.worker] = kNone;
    }

    void wake(TaskTrack& t, const Event& e, std::uint32_t step) {
        WakeFlow w;
        w.wake_step = step;
        w.task = e.task;
        w.waker = e.waker;
        w.by_ref = e.kind == EventKind::WakerWakeByRef;
        std::uint32_t from = running_[e.worker];
        if (from != kNone && from < tasks_.size() && !tasks_[from].stack.empty()) {
            w.from_task = from;
            w.from_slice = tasks_[from].stack.back();
        }
        auto index = static_cast<std::uint32_t>(out_.wakes.size());
        switch (fold_task_event(t.state, e, false).wake) {
            case WakeAction::TooLate: w.outcome = WakeOutcome::AfterComplete; break;
            case WakeAction::Coalesce:
                w.outcome = WakeOutcome::Coalesced;
                t.absorbed.push_back(index);
                break;
            case WakeAction::Schedule:
            case WakeAction::Notify:
                w.outcome = WakeOutcome::Unserved;  // until its poll comes
                t.pending = index;
                break;
        }
        out_.wakes.push_back(w);
    }

    const Trace& trace_;
    Causality out_;
    std::vector<TaskTrack> tasks_;
    std::array<std::uint32_t, 256> running_{};  // per worker: task whose task-level poll is open
};

}  // namespace

Causality analyze_causality(const Trace& trace) {
    return Pass(trace).run();
}

std::vector<WakeFlow> wake_flows(const Trace& trace) {
    return analyze_causality(trace).wakes;
}

std::vector<PollSlice> poll_slices(const Trace& trace) {
    return analyze_causality(trace).slices;
}

}  // namespace ps
