#include "engine/trace/task_fold.hpp"

namespace ps {

namespace {

// Rule 12 for an event whose rule did not allow the task's state.
Observation force(TaskRunState& s, TaskRunState seen) {
    (void)on_observed(s, seen);
    return Observation::Forced;
}

Observation fold_poll_begin(TaskRunState& s) {
    if (s != TaskRunState::Scheduled) return force(s, TaskRunState::Running);
    on_poll_start(s);
    return Observation::Agrees;
}

Observation fold_poll_end(TaskRunState& s, bool ready) {
    if (s != TaskRunState::Running && s != TaskRunState::Notified)
        return force(s, ready ? TaskRunState::Complete : TaskRunState::Idle);
    (void)on_poll_end(s, ready);  // the schedule event that follows a Requeue is the push
    return Observation::Agrees;
}

Observation fold_complete(TaskRunState& s, bool cancelled) {
    if (!cancelled) return on_observed(s, TaskRunState::Complete);
    if (s == TaskRunState::NotStarted) return force(s, TaskRunState::Cancelled);
    (void)on_cancel(s);
    return Observation::Agrees;
}

}  // namespace

TaskFold fold_task_event(TaskRunState& s, const Event& e, bool task_level) {
    TaskFold f;
    switch (e.kind) {
        case EventKind::Spawn:
            f.touched = true;
            if (s != TaskRunState::NotStarted)
                f.observation = force(s, TaskRunState::Scheduled);
            else
                (void)on_spawn(s);  // the schedule event that follows is the push
            break;
        case EventKind::Schedule:
            f.touched = true;
            f.observation = on_observed(s, TaskRunState::Scheduled);
            break;
        case EventKind::PollBegin:
            if (!task_level) break;
            f.touched = true;
            f.observation = fold_poll_begin(s);
            break;
        case EventKind::PollEnd:
            if (!task_level) break;
            f.touched = true;
            f.observation = fold_poll_end(s, e.detail == static_cast<std::uint8_t>(PollResult::Ready));
            break;
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef:
            f.touched = true;
            f.wake = on_wake(s);
            break;
        case EventKind::TaskComplete:
            f.touched = true;
            f.observation = fold_complete(s, e.detail == 1);
            break;
        default: break;
    }
    return f;
}

}  // namespace ps
