// Causality: which wake led to which poll, and which polls nest in which.
//
// Both are derived from the trace alone in one pass, so every view and exporter (Chrome flows,
// the SVG arrows, the GUI arrows, the Markdown "why" column) tells the same story.
//
// Wake rules. The task's state follows the executor's own hand-off rules (engine/runtime/task.hpp,
// applied to the trace by task_fold.hpp); the wake's outcome is read from the decision of
// on_wake:
//   1. Schedule (the task was idle): the wake is *pending* until that task's next task-level
//      poll_begin, which it caused: outcome Polled.
//   2. Notify (the task was running): the task is re-queued when the poll returns Pending and
//      its next task-level poll is caused by that wake: outcome Polled. If the poll returns
//      Ready instead, the wake had nothing left to do: outcome Unserved.
//   3. Coalesce (the task is already queued, or already notified): the poll that follows was
//      caused by the earlier wake (or by the spawn). Outcome Coalesced, and `absorbed_by`
//      names that poll.
//   4. TooLate (its last poll returned Ready, or it was cancelled): outcome AfterComplete.
//   5. A pending wake whose task is never polled again (cancelled, run ended) is Unserved.
// "Task-level poll" = a poll_begin at nesting depth 0 of its task, i.e. of the task root.
// Nesting is tracked per task from the poll_begin/poll_end pairs, so it needs no NodeInfo.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/trace/trace.hpp"

namespace ps {

enum class WakeOutcome : std::uint8_t {
    Polled,         // caused the task-level poll at `poll_step`
    Coalesced,      // task already queued or already woken: no extra poll
    AfterComplete,  // task already complete or cancelled: no effect
    Unserved,       // task never polled again after this wake
};
const char* wake_outcome_name(WakeOutcome o);  // "polled", "coalesced", "after_complete", "unserved"

struct WakeFlow {
    std::uint32_t wake_step = 0;
    std::uint32_t task = kNone;   // task woken
    std::uint32_t waker = kNone;  // waker clone id used
    bool by_ref = false;          // waker_wake_by_ref (the clone survives)
    WakeOutcome outcome = WakeOutcome::Unserved;
    std::uint32_t poll_step = kNone;      // Polled: step of the task-level poll_begin it caused
    std::uint32_t schedule_step = kNone;  // Polled: the schedule event that queued the task, if any
    std::uint32_t absorbed_by = kNone;    // Coalesced: the poll that served the earlier wake
    // Where the wake happened: the task whose poll was running when it was called (a task
    // waking another through a channel, or itself), or kNone when it came from outside any
    // poll (the reactor: timer, IO, another thread).
    std::uint32_t from_task = kNone;
    std::uint32_t from_slice = kNone;  // index into poll_slices() of the innermost open poll
};

// One entry per waker_wake / waker_wake_by_ref event, in step order.
std::vector<WakeFlow> wake_flows(const Trace& trace);

// One poll_begin/poll_end pair.
struct PollSlice {
    std::uint32_t task = kNone;
    std::uint32_t begin_step = 0;
    std::uint32_t end_step = kNone;  // kNone: still open when the trace ends
    Nanos begin_time = 0;
    Nanos end_time = 0;                       // trace end time when open
    PollResult result = PollResult::Pending;  // Pending when open
    std::int64_t value = 0;                   // Ready value
    std::uint32_t depth = 0;                  // 0 = task-level poll
    std::uint32_t path = kNone;               // interned path polled
    std::uint32_t parent = kNone;             // index of the enclosing slice (kNone at depth 0)
    std::uint32_t poll_number = 0;            // task-level: 1-based count of the task's polls; else 0
    std::uint8_t worker = 0;
    bool open() const { return end_step == kNone; }
};

// Every poll, nested ones included, ordered by begin_step (so parents come before children).
// A poll_end closes the innermost open poll of its task with the same path; open polls above
// it (a malformed trace) are closed at the same step. A poll_end that matches nothing is
// ignored.
std::vector<PollSlice> poll_slices(const Trace& trace);

// Both at once, sharing the pass (wake_flows needs the nesting anyway).
struct Causality {
    std::vector<PollSlice> slices;
    std::vector<WakeFlow> wakes;
    // For each task-level slice, the index in `wakes` of the wake that caused it (kNone if none:
    // the first poll after spawn, or a poll with no recorded wake). Same size as `slices`.
    std::vector<std::uint32_t> cause_of_slice;
};
Causality analyze_causality(const Trace& trace);

}  // namespace ps
