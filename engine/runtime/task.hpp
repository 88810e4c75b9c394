// Task states and the hand-off rules between wakers, the run queue and the poller.
//
// A task is a spawned top-level future plus this state. The live runtime (runtime.cpp) moves
// its tasks through these rules, and so do the readers of a trace (engine/trace/task_fold.hpp,
// used by the snapshot and the causality analysis), so the rules exist once. Each rule is
// tested in tests/task_test.cpp; tests/task_states_test.cpp checks that the live runtime and
// the fold of its trace agree at every step of every lesson.
//
//   1. spawn:        NotStarted -> Scheduled (pushed to the run queue once).
//   2. poll starts:  Scheduled  -> Running   (popped by the executor; only a scheduled task
//                                             is ever polled).
//   3. wake while Idle:       -> Scheduled, push.             (WakeAction::Schedule)
//   4. wake while Scheduled:  coalesced, nothing happens: the task is already queued and will
//                             see the progress when it is polled.       (WakeAction::Coalesce)
//   5. wake while Running:    -> Notified; nothing is queued now.       (WakeAction::Notify)
//   6. wake while Notified:   coalesced into the pending notification.  (WakeAction::Coalesce)
//   7. wake after Complete/Cancelled: a no-op, and worth a diagnostic   (WakeAction::TooLate)
//   8. poll returns Pending while Running:  -> Idle (parked until a wake).  (PollOutcome::Park)
//   9. poll returns Pending while Notified: -> Scheduled, pushed exactly once (Requeue)
//  10. poll returns Ready:   -> Complete; the future is dropped at once.  (PollOutcome::Complete)
//  11. cancel (the task's future is dropped before it completed: JoinHandle::abort, shutdown):
//      any spawned state -> Cancelled; the future is dropped, a waiting queue entry or a
//      pending notification is forgotten.                          (CancelAction::Drop)
//      Cancelling a task that already ended does nothing.           (CancelAction::AlreadyEnded)
//  12. observed (trace readers only): an event proves the task is in state `seen` (a schedule
//      event proves Scheduled, a completion proves Complete). If rules 1-11 already put it
//      there, nothing changes (Observation::Agrees); a hand-made or damaged trace may break
//      the rules, and then the reader trusts the trace (Observation::Forced). A trace the
//      runtime wrote never needs Forced.
//
// The functions return a decision and the caller carries it out, so the rules live here in
// one place and the runtime cannot half-apply one. This header is plain: it includes nothing
// of the engine, so the trace layer may use it.
#pragma once
#include <cassert>
#include <cstdint>
#include <iterator>

#include "engine/model/enum_names.hpp"

namespace ps {

enum class TaskRunState : std::uint8_t {
    NotStarted,  // not spawned yet (or not yet at this step of a trace)
    Idle,        // parked: not queued, not running, waiting for a wake
    Scheduled,   // in the run queue
    Running,     // being polled
    Notified,    // woken while running: goes back to the queue once the poll returns Pending
    Complete,
    Cancelled,
};

// "not spawned", "idle", "scheduled", "running", "running (notified)", "complete", "cancelled"
inline const char* task_run_state_name(TaskRunState s) {
    static constexpr const char* kNames[] = {"not spawned",        "idle",     "scheduled", "running",
                                             "running (notified)", "complete", "cancelled"};
    static_assert(std::size(kNames) == enum_count(TaskRunState::Cancelled));
    return enum_name(s, kNames, "?");
}

inline bool task_ended(TaskRunState s) {
    return s == TaskRunState::Complete || s == TaskRunState::Cancelled;
}

enum class WakeAction : std::uint8_t { Schedule, Coalesce, Notify, TooLate };
enum class PollOutcome : std::uint8_t { Park, Requeue, Complete };
enum class CancelAction : std::uint8_t { Drop, AlreadyEnded };
enum class Observation : std::uint8_t { Agrees, Forced };

// Rules 3-7. Any state is allowed.
[[nodiscard]] inline WakeAction on_wake(TaskRunState& s) {
    switch (s) {
        case TaskRunState::Idle: s = TaskRunState::Scheduled; return WakeAction::Schedule;
        case TaskRunState::Scheduled: return WakeAction::Coalesce;
        case TaskRunState::Running: s = TaskRunState::Notified; return WakeAction::Notify;
        case TaskRunState::Notified: return WakeAction::Coalesce;
        case TaskRunState::NotStarted:  // a waker cannot exist before the first poll
        case TaskRunState::Complete:
        case TaskRunState::Cancelled: return WakeAction::TooLate;
    }
    return WakeAction::TooLate;
}

// Rule 1. Returns true when the task must be pushed to the run queue.
[[nodiscard]] inline bool on_spawn(TaskRunState& s) {
    assert(s == TaskRunState::NotStarted);
    if (s != TaskRunState::NotStarted) return false;
    s = TaskRunState::Scheduled;
    return true;
}

// Rule 2.
inline void on_poll_start(TaskRunState& s) {
    assert(s == TaskRunState::Scheduled);
    s = TaskRunState::Running;
}

// Rules 8-10.
[[nodiscard]] inline PollOutcome on_poll_end(TaskRunState& s, bool ready) {
    assert(s == TaskRunState::Running || s == TaskRunState::Notified);
    if (ready) {
        s = TaskRunState::Complete;
        return PollOutcome::Complete;
    }
    if (s == TaskRunState::Notified) {
        s = TaskRunState::Scheduled;
        return PollOutcome::Requeue;
    }
    s = TaskRunState::Idle;
    return PollOutcome::Park;
}

// Rule 11.
[[nodiscard]] inline CancelAction on_cancel(TaskRunState& s) {
    assert(s != TaskRunState::NotStarted);  // nothing holds a handle to an unspawned task
    if (task_ended(s)) return CancelAction::AlreadyEnded;
    s = TaskRunState::Cancelled;
    return CancelAction::Drop;
}

// Rule 12. Any state is allowed: this is how a trace reader stays in step with a trace that
// broke the rules.
[[nodiscard]] inline Observation on_observed(TaskRunState& s, TaskRunState seen) {
    if (s == seen) return Observation::Agrees;
    s = seen;
    return Observation::Forced;
}

}  // namespace ps
