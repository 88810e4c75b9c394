#include "engine/trace/causality.hpp"

#include <array>

#include "engine/trace/task_fold.hpp"

namespace ps {

const char* wake_outcome_name(WakeOutcome o) {
    switch (o) {
        case WakeOutcome::Polled: return "polled";
        case WakeOutcome::Coalesced: return "coalesced";
        case WakeOutcome::AfterComplete: return "after_complete";
        case WakeOutcome::Unserved: return "unserved";
    }
    return "unserved";
}

namespace {

struct TaskTrack {
    std::vector<std::uint32_t> stack;     // open slices, outermost first
    std::vector<std::uint32_t> absorbed;  // coalesced wakes waiting for the next task-level poll
    std::uint32_t pending = kNone;        // wake that will cause the next task-level poll
    TaskRunState state = TaskRunState::NotStarted;   // by task.hpp's rules (task_fold.hpp)
};

}  // namespace

Causality analyze_causality(const Trace& trace) {
    Causality out;
    std::vector<TaskTrack> tasks(trace.tasks.size());
    std::array<std::uint32_t, 256> running{};   // per worker: task whose task-level poll is open
    running.fill(kNone);

    auto track = [&](std::uint32_t t) -> TaskTrack& {
        if (t >= tasks.size()) tasks.resize(std::size_t{t} + 1);
        return tasks[t];
    };

    const std::size_t n = trace.size();
    for (std::size_t i = 0; i < n; ++i) {
        const Event& e = trace[i];
        const auto step = static_cast<std::uint32_t>(i);
        if (e.task == kNone) continue;
        switch (e.kind) {
            case EventKind::Spawn: {
                TaskTrack& t = track(e.task);
                (void)fold_task_event(t.state, e, false);
                break;
            }
            case EventKind::Schedule: {
                TaskTrack& t = track(e.task);
                (void)fold_task_event(t.state, e, false);
                if (t.pending != kNone && out.wakes[t.pending].schedule_step == kNone)
                    out.wakes[t.pending].schedule_step = step;
                break;
            }
            case EventKind::PollBegin: {
                TaskTrack& t = track(e.task);
                PollSlice s;
                s.task = e.task;
                s.begin_step = step;
                s.begin_time = e.time;
                s.depth = static_cast<std::uint32_t>(t.stack.size());
                s.path = e.node;
                s.worker = e.worker;
                auto index = static_cast<std::uint32_t>(out.slices.size());
                std::uint32_t cause = kNone;
                if (t.stack.empty()) {
                    s.poll_number = e.arg > 0 ? static_cast<std::uint32_t>(e.arg) : 0;
                    (void)fold_task_event(t.state, e, true);
                    running[e.worker] = e.task;
                    if (t.pending != kNone) {
                        WakeFlow& w = out.wakes[t.pending];
                        w.outcome = WakeOutcome::Polled;
                        w.poll_step = step;
                        cause = t.pending;
                        t.pending = kNone;
                    }
                    for (std::uint32_t a : t.absorbed) out.wakes[a].absorbed_by = step;
                    t.absorbed.clear();
                } else {
                    s.parent = t.stack.back();
                }
                out.slices.push_back(s);
                out.cause_of_slice.push_back(cause);
                t.stack.push_back(index);
                break;
            }
            case EventKind::PollEnd: {
                TaskTrack& t = track(e.task);
                std::size_t k = t.stack.size();
                while (k > 0 && out.slices[t.stack[k - 1]].path != e.node) --k;
                if (k == 0) break;   // matches no open poll: ignore
                // Close the match and anything (wrongly) still open inside it.
                for (std::size_t j = t.stack.size(); j-- > k - 1;) {
                    PollSlice& s = out.slices[t.stack[j]];
                    s.end_step = step;
                    s.end_time = e.time;
                    if (j == k - 1) {
                        s.result = e.detail == 1 ? PollResult::Ready : PollResult::Pending;
                        s.value = s.result == PollResult::Ready ? e.arg : 0;
                    }
                }
                t.stack.resize(k - 1);
                if (!t.stack.empty()) break;
                (void)fold_task_event(t.state, e, true);
                if (running[e.worker] == e.task) running[e.worker] = kNone;
                break;
            }
            case EventKind::WakerWake:
            case EventKind::WakerWakeByRef: {
                TaskTrack& t = track(e.task);
                WakeFlow w;
                w.wake_step = step;
                w.task = e.task;
                w.waker = e.waker;
                w.by_ref = e.kind == EventKind::WakerWakeByRef;
                std::uint32_t from = running[e.worker];
                if (from != kNone && from < tasks.size() && !tasks[from].stack.empty()) {
                    w.from_task = from;
                    w.from_slice = tasks[from].stack.back();
                }
                auto index = static_cast<std::uint32_t>(out.wakes.size());
                switch (fold_task_event(t.state, e, false).wake) {
                    case WakeAction::TooLate: w.outcome = WakeOutcome::AfterComplete; break;
                    case WakeAction::Coalesce:
                        w.outcome = WakeOutcome::Coalesced;
                        t.absorbed.push_back(index);
                        break;
                    case WakeAction::Schedule:
                    case WakeAction::Notify:
                        w.outcome = WakeOutcome::Unserved;   // until its poll comes
                        t.pending = index;
                        break;
                }
                out.wakes.push_back(w);
                break;
            }
            case EventKind::TaskComplete: {
                TaskTrack& t = track(e.task);
                (void)fold_task_event(t.state, e, false);
                t.pending = kNone;   // stays Unserved
                t.absorbed.clear();
                break;
            }
            default:
                break;
        }
    }
    const Nanos end = trace.end_time();
    for (PollSlice& s : out.slices)
        if (s.open()) s.end_time = end;
    return out;
}

std::vector<WakeFlow> wake_flows(const Trace& trace) { return analyze_causality(trace).wakes; }

std::vector<PollSlice> poll_slices(const Trace& trace) { return analyze_causality(trace).slices; }

}  // namespace ps
