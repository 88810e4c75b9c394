#include "engine/trace/narrate.hpp"

#include "engine/model/time.hpp"
#include "engine/trace/event_schema.hpp"

namespace ps {

std::string task_label(const Trace& trace, std::uint32_t task) {
    if (task == kNone || task >= trace.tasks.size()) return "no task";
    return "task " + std::to_string(task) + " '" + trace.tasks[task].name + "'";
}

namespace {

std::string node_text(const Trace& trace, std::uint32_t node) {
    const NodeInfo* n = trace.node_info(node);
    if (!n) return std::string(trace.strings.get(node));
    return n->text + " (" + n->path + ")";
}

bool is_root(const Trace& trace, std::uint32_t node) {
    const NodeInfo* n = trace.node_info(node);
    return n && n->depth == 0;
}

std::string waker_of(const Trace& trace, const Event& e) {
    if (e.waker == kNone) return "the borrowed waker of " + task_label(trace, e.task);
    return "waker #" + std::to_string(e.waker) + " of " + task_label(trace, e.task);
}

// The event's interned text (holder, cause, source, message): "" when its kind has none.
std::string text(const Trace& trace, const Event& e) {
    return std::string(trace.strings.get(event_text_id(e)));
}

}  // namespace

std::string narrate(const Trace& trace, std::uint32_t step) {
    if (step >= trace.size()) return {};
    const Event& e = trace[step];
    const std::string task = task_label(trace, e.task);
    switch (e.kind) {
        case EventKind::Spawn:
            if (e.arg < 0) return task + " spawned when the runtime starts";
            return task + " spawned by " + task_label(trace, static_cast<std::uint32_t>(e.arg));
        case EventKind::Schedule: {
            std::string len = " (queue length " + std::to_string(e.arg) + ")";
            switch (static_cast<ScheduleReason>(e.detail)) {
                case ScheduleReason::Spawned: return task + " pushed to the run queue" + len;
                case ScheduleReason::Woken: return task + " scheduled: pushed to the run queue" + len;
                case ScheduleReason::Requeued:
                    return task + " was woken while it ran: queued again now that its poll returned Pending" +
                           len;
            }
            return task + " scheduled" + len;
        }
        case EventKind::PollBegin:
            if (is_root(trace, e.node)) return "poll #" + std::to_string(e.arg) + " of " + task + " begins";
            return task + " polls " + node_text(trace, e.node);
        case EventKind::PollEnd: {
            bool ready = e.detail == static_cast<std::uint8_t>(PollResult::Ready);
            std::string result = !ready       ? "Pending"
                                 : e.arg == 0 ? "Ready"
                                              : "Ready(" + std::to_string(e.arg) + ")";
            if (is_root(trace, e.node)) return task + " returned " + result;
            return node_text(trace, e.node) + " returned " + result;
        }
        case EventKind::WakerClone:
            return waker_of(trace, e) + " created by cloning the Context's waker; held by " + text(trace, e);
        case EventKind::WakerWake: return waker_of(trace, e) + " woken and consumed: " + text(trace, e);
        case EventKind::WakerWakeByRef: return waker_of(trace, e) + " woken by reference: " + text(trace, e);
        case EventKind::WakerDrop: {
            std::string why = text(trace, e);
            return waker_of(trace, e) + " dropped" + (why.empty() ? std::string() : ": " + why);
        }
        case EventKind::Register:
            if (static_cast<HolderKind>(e.detail) == HolderKind::Scripted)
                return waker_of(trace, e) + " handed to " + text(trace, e);
            return text(trace, e) + " registered with the reactor, holding " + waker_of(trace, e);
        case EventKind::Deregister:
            if (static_cast<HolderKind>(e.detail) == HolderKind::Scripted)
                return "the thread holding " + waker_of(trace, e) + " is told to stop";
            return text(trace, e) + " removed from the reactor";
        case EventKind::TimerFire:
            if (e.waker == kNone)  // its waker was dropped by the teacher's hand
                return (static_cast<HolderKind>(e.detail) == HolderKind::Scripted
                            ? "another thread would wake " + task + " now"
                            : "timer #" + std::to_string(e.arg) + " is due") +
                       ", but the waker it held was dropped: nothing is woken";
            if (static_cast<HolderKind>(e.detail) == HolderKind::Scripted)
                return "another thread wakes " + waker_of(trace, e) + ", as it was told to";
            return "timer #" + std::to_string(e.arg) + " fired; it wakes " + waker_of(trace, e);
        case EventKind::IoReady: {
            std::string what = std::string("'") + text(trace, e) + "' is " +
                               io_readiness_name(static_cast<IoReadiness>(e.detail));
            if (static_cast<IoReadiness>(e.detail) == IoReadiness::Connect)
                what = "a client connects to '" + text(trace, e) + "'";
            if (static_cast<IoReadiness>(e.detail) == IoReadiness::Closed)
                what = "the peer closed '" + text(trace, e) + "'";
            if (e.waker == kNone && e.task == kNone) return what + "; nobody is waiting for it yet";
            return what + "; the reactor wakes " + waker_of(trace, e);
        }
        case EventKind::TimeAdvance:
            return "nothing left to run: virtual time jumps from " + format_time(e.arg) + " to " +
                   format_time(e.time);
        case EventKind::TaskComplete: return task + " completed with value " + std::to_string(e.arg);
        case EventKind::FutureDrop:
            if (static_cast<DropReason>(e.detail) == DropReason::Completed)
                return "the future of " + task + " is dropped now that it is done";
            return node_text(trace, e.node) + " dropped before it completed: cancelled";
        case EventKind::Diagnostic:
            return std::string("diagnostic [") + diag_kind_name(static_cast<DiagKind>(e.detail)) +
                   "]: " + text(trace, e);
        case EventKind::RunEnd: return "run ended: " + text(trace, e);
        case EventKind::Steal:
            return "worker " + std::to_string(e.worker) + " found no work and stole " +
                   std::to_string(e.detail) + (e.detail == 1 ? " task" : " tasks") + " from worker " +
                   std::to_string(e.arg) + "; it runs " + task + " first";
        case EventKind::WorkerPark:
            return "worker " + std::to_string(e.worker) + " found no work anywhere and parks (sleeps)";
        case EventKind::WorkerUnpark:
            return "worker " + std::to_string(e.worker) + " is unparked: there is work to do";
        case EventKind::Inject: return "the teacher " + text(trace, e);
        case EventKind::Count_: break;
    }
    return event_kind_name(e.kind);
}

std::string narrate_line(const Trace& trace, std::uint32_t step) {
    if (step >= trace.size()) return {};
    return "t=" + format_time(trace[step].time) + " step " + std::to_string(step) + ": " +
           narrate(trace, step);
}

}  // namespace ps
