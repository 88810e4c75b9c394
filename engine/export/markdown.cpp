#include "engine/export/markdown.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "engine/model/time.hpp"
#include "engine/trace/causality.hpp"
#include "engine/trace/event_schema.hpp"
#include "engine/trace/narrate.hpp"

namespace ps {

namespace {

// Follows the trace and says why each step happened. One instance walks the steps in order.
class Explainer {
public:
    explicit Explainer(const Trace& trace) : tr_(trace), c_(analyze_causality(trace)) {
        wake_of_schedule_.reserve(c_.wakes.size());
        for (std::uint32_t k = 0; k < c_.wakes.size(); ++k)
            if (c_.wakes[k].schedule_step != kNone)
                wake_of_schedule_.emplace_back(c_.wakes[k].schedule_step, k);
        std::sort(wake_of_schedule_.begin(), wake_of_schedule_.end());
    }

    // Advance over step i (must be called for every step in order) and return its "why".
    std::string step(std::uint32_t i);

private:
    struct TaskState {
        std::vector<std::uint32_t> stack;           // open slices
        std::vector<std::uint32_t> pending_leaves;  // this task-level poll: leaves that returned Pending
        std::vector<std::uint32_t> clones;          // this task-level poll: waker ids cloned
        std::uint32_t live = 0;                     // live waker clones of this task
        std::uint32_t last_wake_in_poll = kNone;    // a wake of itself during the running poll
    };
    TaskState& task(std::uint32_t t) {
        if (t >= tasks_.size()) tasks_.resize(std::size_t{t} + 1);
        return tasks_[t];
    }
    std::string node_text(std::uint32_t path) const {
        const NodeInfo* n = tr_.node_info(path);
        if (n && !n->text.empty()) return n->text;
        return std::string(tr_.strings.get(path));
    }
    // The event's interned text (holder, cause, reason, message), "" when it has none.
    std::string text(const Event& e) const { return std::string(tr_.strings.get(event_text_id(e))); }
    std::string waker_name(std::uint32_t w) const {
        return w == kNone ? std::string("the borrowed waker") : "waker #" + std::to_string(w);
    }
    std::string holder_of(std::uint32_t w) const {
        auto it = holder_.find(w);
        return it == holder_.end() ? std::string() : it->second;
    }
    std::string poll_name(std::uint32_t step) const {
        const Event& e = tr_[step];
        return "poll #" + std::to_string(e.arg) + " of " + task_label(tr_, e.task) + " (step " +
               std::to_string(step) + ")";
    }

    std::string schedule(std::uint32_t i, const Event& e);
    std::string poll_begin(std::uint32_t i);
    std::string poll_end(std::uint32_t i, const Event& e);
    std::string pending_root_why(const TaskState& t, const std::string& parked) const;
    std::string waker_clone(const Event& e);
    std::string wake(std::uint32_t i, const Event& e);
    void waker_consumed(std::uint32_t waker);

    const Trace& tr_;
    Causality c_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> wake_of_schedule_;  // (schedule step, wake)
    std::size_t sched_cursor_ = 0;
    std::size_t wake_cursor_ = 0;
    std::size_t slice_cursor_ = 0;
    std::vector<TaskState> tasks_;
    std::unordered_map<std::uint32_t, std::string> holder_;   // waker id -> holder text
    std::unordered_map<std::uint32_t, std::uint32_t> owner_;  // waker id -> task
};

std::string Explainer::step(std::uint32_t i) {
    const Event& e = tr_[i];
    switch (e.kind) {
        case EventKind::Spawn:
            if (e.arg < 0) return "it is one of the tasks the scenario starts with";
            return "spawned from inside a poll of " + task_label(tr_, static_cast<std::uint32_t>(e.arg)) +
                   "; it does nothing until the executor polls it";
        case EventKind::Schedule: return schedule(i, e);
        case EventKind::PollBegin: return poll_begin(i);
        case EventKind::PollEnd: return poll_end(i, e);
        case EventKind::WakerClone: return waker_clone(e);
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef: return wake(i, e);
        case EventKind::WakerDrop: {
            waker_consumed(e.waker);
            std::string reason = text(e);
            return reason.empty() ? "its holder no longer needs it" : reason;
        }
        case EventKind::Register:
            return "the reactor keeps " + waker_name(e.waker) + " until this source is ready";
        case EventKind::Deregister: return "the registration is no longer needed";
        case EventKind::TimerFire: return "virtual time reached its deadline";
        case EventKind::IoReady: return "the scenario's script makes the source ready at this time";
        case EventKind::TimeAdvance:
            return "the run queue is empty, so the reactor jumps the clock from " + format_time(e.arg) +
                   " to the next timer or IO event";
        case EventKind::TaskComplete:
            return e.detail == 1 ? "it was cancelled" : "its last poll returned Ready";
        case EventKind::FutureDrop:
            return e.detail == 1
                       ? "it lost a race (select!, timeout) or its task was cancelled: dropping a future "
                         "cancels it, and drops the wakers it stored"
                       : "it finished, so its state machine is dropped";
        case EventKind::Diagnostic: return text(e);
        case EventKind::RunEnd: return text(e);
        case EventKind::Steal:
            return "its own queues were empty, so it took half of another worker's local queue";
        case EventKind::WorkerPark: return "no task was runnable anywhere it could look";
        case EventKind::WorkerUnpark: return "work arrived while it slept";
        case EventKind::Inject:
            return "the teacher's hand on the reactor: this did not come from the scenario";
        case EventKind::Count_: break;
    }
    return {};
}

std::string Explainer::schedule(std::uint32_t i, const Event& e) {
    while (sched_cursor_ < wake_of_schedule_.size() && wake_of_schedule_[sched_cursor_].first < i)
        ++sched_cursor_;
    const WakeFlow* w =
        sched_cursor_ < wake_of_schedule_.size() && wake_of_schedule_[sched_cursor_].first == i
            ? &c_.wakes[wake_of_schedule_[sched_cursor_].second]
            : nullptr;
    switch (static_cast<ScheduleReason>(e.detail)) {
        case ScheduleReason::Spawned: return "a new task waits in the run queue for its first poll";
        case ScheduleReason::Woken:
            if (w)
                return waker_name(w->waker) + " was woken at step " + std::to_string(w->wake_step) +
                       " and the task was idle, so it is queued to be polled";
            return "it was woken while idle, so it is queued to be polled";
        case ScheduleReason::Requeued:
            if (w)
                return "it was woken during its own poll (step " + std::to_string(w->wake_step) +
                       "), so it goes back to the queue now that the poll returned Pending";
            return "it was woken while running, so it goes back to the queue";
    }
    return {};
}

std::string Explainer::poll_begin(std::uint32_t i) {
    while (slice_cursor_ < c_.slices.size() && c_.slices[slice_cursor_].begin_step < i) ++slice_cursor_;
    if (slice_cursor_ >= c_.slices.size() || c_.slices[slice_cursor_].begin_step != i) return {};
    const auto index = static_cast<std::uint32_t>(slice_cursor_++);
    const PollSlice& s = c_.slices[index];
    TaskState& t = task(s.task);
    t.stack.push_back(index);
    if (s.depth > 0) {
        return "its parent " + node_text(c_.slices[s.parent].path) +
               " polls it, passing on the same Context (and waker)";
    }
    t.pending_leaves.clear();
    t.clones.clear();
    t.last_wake_in_poll = kNone;
    std::uint32_t cause = c_.cause_of_slice[index];
    if (cause != kNone) {
        const WakeFlow& w = c_.wakes[cause];
        std::string why = "woken at step " + std::to_string(w.wake_step) + " by " + waker_name(w.waker);
        std::string holder = holder_of(w.waker);
        if (!holder.empty()) why += ", held by " + holder;
        if (w.from_task == w.task)
            why += " (it woke itself)";
        else if (w.from_task != kNone)
            why += ", from a poll of " + task_label(tr_, w.from_task);
        return why;
    }
    if (s.poll_number == 1) return "its first poll: a spawned task runs once before it can wait for anything";
    return "it was next in the run queue";
}

std::string Explainer::poll_end(std::uint32_t i, const Event& e) {
    if (e.task == kNone) return {};
    TaskState& t = task(e.task);
    std::string why;
    while (!t.stack.empty() && c_.slices[t.stack.back()].end_step == i) {
        std::uint32_t index = t.stack.back();
        t.stack.pop_back();
        const PollSlice& s = c_.slices[index];
        bool leaf = index + 1 >= c_.slices.size() || c_.slices[index + 1].parent != index;
        if (s.depth > 0) {
            if (s.result == PollResult::Pending && leaf) t.pending_leaves.push_back(index);
            if (why.empty())
                why = s.result == PollResult::Ready ? "it has what it waited for"
                      : leaf                        ? "what it waits for has not happened yet"
                                                    : "a future inside it is still Pending";
            continue;
        }
        if (s.result == PollResult::Ready) {
            why = "its root future finished, so the task is done";
            continue;
        }
        std::string parked;
        for (std::size_t k = 0; k < t.pending_leaves.size() && k < 3; ++k) {
            if (k) parked += k + 1 == t.pending_leaves.size() ? " and " : ", ";
            parked += node_text(c_.slices[t.pending_leaves[k]].path);
        }
        why = pending_root_why(t, parked);
    }
    return why;
}

// Why a task-level poll that returned Pending will (or will not) run again.
std::string Explainer::pending_root_why(const TaskState& t, const std::string& parked) const {
    std::string why =
        parked.empty() ? "its poll returned Pending" : "its poll returned Pending while parked on " + parked;
    if (!t.clones.empty()) {
        std::uint32_t wk = t.clones.back();
        std::string holder = holder_of(wk);
        return why + "; " + waker_name(wk) + (holder.empty() ? " is stored" : " is held by " + holder) +
               " to wake it";
    }
    if (t.last_wake_in_poll != kNone)
        return why + "; it was already woken during this poll, so it runs again";
    if (t.live > 0)
        return why + "; a waker stored earlier (" + std::to_string(t.live) + " live) will wake it";
    return why + "; no waker of it is stored anywhere, so nothing can wake it";
}

std::string Explainer::waker_clone(const Event& e) {
    std::string holder = text(e);
    holder_[e.waker] = holder;
    owner_[e.waker] = e.task;
    if (e.task != kNone) {
        TaskState& t = task(e.task);
        ++t.live;
        t.clones.push_back(e.waker);
    }
    return "a future that returns Pending must leave a waker with whoever will make progress: " +
           (holder.empty() ? std::string("here") : holder);
}

// A waker clone is gone (woken and consumed, or dropped): its task has one live waker less.
void Explainer::waker_consumed(std::uint32_t waker) {
    if (waker == kNone) return;
    auto it = owner_.find(waker);
    if (it != owner_.end() && it->second != kNone && task(it->second).live > 0) --task(it->second).live;
}

std::string Explainer::wake(std::uint32_t i, const Event& e) {
    bool by_ref = e.kind == EventKind::WakerWakeByRef;
    if (!by_ref) waker_consumed(e.waker);
    while (wake_cursor_ < c_.wakes.size() && c_.wakes[wake_cursor_].wake_step < i) ++wake_cursor_;
    if (wake_cursor_ >= c_.wakes.size() || c_.wakes[wake_cursor_].wake_step != i) return text(e);
    const WakeFlow& w = c_.wakes[wake_cursor_];
    if (w.from_task == w.task && w.task != kNone) task(w.task).last_wake_in_poll = i;
    std::string cause = text(e);
    std::string effect;
    switch (w.outcome) {
        case WakeOutcome::Polled: effect = "it leads to " + poll_name(w.poll_step); break;
        case WakeOutcome::Coalesced: effect = "the task is already queued, so this wake adds no poll"; break;
        case WakeOutcome::AfterComplete:
            effect = "the task has already finished, so this wake does nothing";
            break;
        case WakeOutcome::Unserved: effect = "the task is not polled again after this"; break;
    }
    if (by_ref) effect += " (wake_by_ref keeps the waker)";
    return cause.empty() ? effect : cause + "; " + effect;
}

// "main prints "got 1"" for a line a program printed (eprintln!: "prints to stderr").
std::string printed_line(const Trace& trace, const ConsoleLine& c) {
    std::string who = c.task != kNone ? task_label(trace, c.task) : std::string("the program");
    return who + (c.to_stderr ? " prints to stderr \"" : " prints \"") + c.text + "\"";
}

void table_header(Writer& w) {
    w << "| step | time | what happened | why |\n|---:|---:|---|---|\n";
}

}  // namespace

std::string explain_step(const Trace& trace, std::uint32_t step) {
    Explainer ex(trace);
    std::string why;
    for (std::uint32_t i = 0; i <= step && i < trace.size(); ++i) why = ex.step(i);
    return step < trace.size() ? why : std::string();
}

void write_markdown(const Trace& trace, Writer& w, StepRange range) {
    const StepSpan span = resolve_range(range, trace.size());
    const TraceMeta& m = trace.meta;
    auto para = [&](std::string_view s) {  // a paragraph: keep text, no blank lines inside
        for (char c : s) w.put(c == '\n' ? ' ' : c);
        w << "\n\n";
    };
    w << "# ";
    para(m.title.empty() ? "pollscope run" : m.title);
    if (!m.summary.empty()) para(m.summary);
    for (const std::string& p : m.lesson) para(p);

    w << "## The run\n\n";
    if (!m.scenario_path.empty()) w << "- scenario: `" << m.scenario_path << "`\n";
    w << "- policy: " << m.policy << ", seed " << std::to_string(m.seed) << ", poll cost "
      << format_duration(m.poll_cost) << "\n";
    w << "- " << std::to_string(trace.size()) << " events";
    if (!span.empty() && (span.begin > 0 || span.end < trace.size()))
        w << "; this page shows steps " << std::to_string(span.begin) << " to "
          << std::to_string(span.end - 1);
    w << "\n";
    if (!m.end_message.empty()) w << "- outcome: " << m.end_message << "\n";
    w << "\n## Step by step\n\n";

    if (span.empty()) {
        w << "No steps in this range.\n\n";
    } else {
        Explainer ex(trace);
        for (std::uint32_t i = 0; i < span.begin; ++i) (void)ex.step(i);
        auto note = m.notes.begin();
        while (note != m.notes.end() && note->step < span.begin) ++note;
        int note_no = static_cast<int>(note - m.notes.begin());
        bool in_table = false;
        auto printed = trace.console.begin();
        while (printed != trace.console.end() && printed->step < span.begin) ++printed;
        for (std::size_t i = span.begin; i < span.end; ++i) {
            const auto step = static_cast<std::uint32_t>(i);
            // A note is shown just before its step, breaking the table.
            while (note != m.notes.end() && note->step == step) {
                if (in_table) w << '\n';
                ++note_no;
                w << "> **Note " << std::to_string(note_no) << " (step " << std::to_string(step) << ").** ";
                para(note->text);
                in_table = false;
                ++note;
            }
            if (!in_table) {
                table_header(w);
                in_table = true;
            }
            std::string why = ex.step(step);
            w << "| " << std::to_string(i) << " | " << format_time(trace[i].time) << " | ";
            std::string what = narrate(trace, step);
            for (; printed != trace.console.end() && printed->step == step; ++printed)
                what += "; " + printed_line(trace, *printed);
            w.md_cell(what);
            w << " | ";
            w.md_cell(why);
            w << " |\n";
        }
        w << '\n';
    }

    w << "## Diagnostics\n\n";
    bool any = false;
    for (const DiagnosticInfo& d : trace.diagnostics) {
        if (!span.contains(d.step)) continue;
        any = true;
        w << "- **" << diag_kind_name(d.kind) << "** at step " << std::to_string(d.step);
        if (d.step < trace.size()) w << " (t=" << format_time(trace[d.step].time) << ")";
        if (d.task != kNone) w << ", " << task_label(trace, d.task);
        w << ": ";
        for (char c : d.message) w.put(c == '\n' ? ' ' : c);
        w << '\n';
    }
    if (!any) w << "None in these steps.\n";
}

std::string markdown_string(const Trace& trace, StepRange range) {
    return text_written_by([&](Writer& w) { write_markdown(trace, w, range); });
}

ExportResult write_markdown(const Trace& trace, const std::string& path, StepRange range) {
    return write_text_atomically(path, [&](Writer& w) { write_markdown(trace, w, range); });
}

}  // namespace ps
