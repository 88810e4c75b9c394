// Task states and the hand-off rules between wakers, the run queue and the poller.
//
// A task is a spawned top-level future plus this state. The rules, each tested in
// tests/task_test.cpp:
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
//
// The functions return a decision and the caller carries it out, so the rules live here in
// one place and the runtime cannot half-apply one.
#pragma once
#include <cassert>
#include <cstdint>

namespace ps {

enum class TaskRunState : std::uint8_t {
    NotStarted, Idle, Scheduled, Running, Notified, Complete, Cancelled,
};

const char* task_run_state_name(TaskRunState s);

enum class WakeAction : std::uint8_t { Schedule, Coalesce, Notify, TooLate };
enum class PollOutcome : std::uint8_t { Park, Requeue, Complete };

[[nodiscard]] inline WakeAction on_wake(TaskRunState& s) {
    switch (s) {
        case TaskRunState::Idle: s = TaskRunState::Scheduled; return WakeAction::Schedule;
        case TaskRunState::Scheduled: return WakeAction::Coalesce;
        case TaskRunState::Running: s = TaskRunState::Notified; return WakeAction::Notify;
        case TaskRunState::Notified: return WakeAction::Coalesce;
        case TaskRunState::NotStarted:   // a waker cannot exist before the first poll
        case TaskRunState::Complete:
        case TaskRunState::Cancelled: return WakeAction::TooLate;
    }
    return WakeAction::TooLate;
}

[[nodiscard]] inline bool on_spawn(TaskRunState& s) {
    assert(s == TaskRunState::NotStarted);
    if (s != TaskRunState::NotStarted) return false;
    s = TaskRunState::Scheduled;
    return true;
}

inline void on_poll_start(TaskRunState& s) {
    assert(s == TaskRunState::Scheduled);
    s = TaskRunState::Running;
}

[[nodiscard]] inline PollOutcome on_poll_end(TaskRunState& s, bool ready) {
    assert(s == TaskRunState::Running || s == TaskRunState::Notified);
    if (ready) { s = TaskRunState::Complete; return PollOutcome::Complete; }
    if (s == TaskRunState::Notified) { s = TaskRunState::Scheduled; return PollOutcome::Requeue; }
    s = TaskRunState::Idle;
    return PollOutcome::Park;
}

}  // namespace ps
