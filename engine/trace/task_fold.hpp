// Task fold: the task state machine of engine/runtime/task.hpp, driven by the events of a trace
// instead of by the executor. The snapshot and the causality analysis both fold with it, so a
// trace reader follows exactly the rules the live runtime follows.
//
// Which event applies which rule (numbers from task.hpp):
//   spawn                            rule 1     on_spawn
//   schedule                         rule 12    observed Scheduled: it is the push that carries
//                                               out a decision of rule 1, 3 or 9
//   poll_begin of the task's root    rule 2     on_poll_start
//   poll_end of the task's root      rules 8-10 on_poll_end
//   waker_wake, waker_wake_by_ref    rules 3-7  on_wake
//   task_complete                    rule 12    observed Complete: it carries out rule 10
//   task_complete, detail 1          rule 11    on_cancel
// An event that finds its task in a state its rule does not allow (a hand-made or damaged
// trace) moves the task to the state the event proves, by rule 12, and says so.
//
// The runtime changes a task's state just before or just after the event that records it
// (it records spawn and then applies rule 1; it applies rule 2 and then records poll_begin),
// so the fold and the runtime agree between executor steps, not inside one.
#pragma once
#include "engine/runtime/task.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

struct TaskFold {
    bool touched = false;                           // the event concerns the task's state
    WakeAction wake = WakeAction::Coalesce;         // wake events: the decision of rules 3-7
    Observation observation = Observation::Agrees;  // Forced: the trace broke the rules
};

// Applies event `e` of the task to its state `s`. `task_level` says whether a poll_begin or
// poll_end is of the task's root future (nested polls do not move the task).
[[nodiscard]] TaskFold fold_task_event(TaskRunState& s, const Event& e, bool task_level);

}  // namespace ps
