// Snapshot: the state of the run just after a given step, rebuilt from the trace alone.
//
// The engine is deterministic and the trace records every transition, so the state at step N
// is a fold of events 0..N. `SnapshotCursor` keeps checkpoints, so any step is a bounded number
// of events of folding away: stepping back is as cheap as stepping forward. A snapshot is a
// plain value, like one frame of Python Tutor.
//
// Memory: a whole snapshot grows with the tasks, wakers and registrations of the trace, so
// checkpoints do not copy it every time. Every kCheckpointEvery events or more, a checkpoint
// stores either the whole state (a keyframe), or everything but the tasks plus the tasks that
// changed since the checkpoint before (a delta). A keyframe comes once the events since the
// last one pay for it at half of kCheckpointBytesPerEvent; a delta once it fits in the other
// half. So all checkpoints together take at most kCheckpointBytesPerEvent bytes per event of
// the trace (plus the last stretch), whatever the number of tasks, and a seek copies one
// keyframe, applies the deltas after it and folds fewer than kCheckpointEvery events (more only
// when a delta would not pay for itself; never more than a keyframe's spacing).
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/task.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

// A task's state is the runtime's own (engine/runtime/task.hpp), folded from the trace by
// task_fold.hpp. NotStarted reads "not spawned": the task exists in the trace but not yet at
// this step.
using TaskState = TaskRunState;
inline const char* task_state_name(TaskState s) {
    return task_run_state_name(s);
}

// tokio-console's vocabulary.
struct TaskStats {
    std::uint32_t polls = 0;
    std::uint32_t wakes = 0;  // wake + wake_by_ref aimed at the task
    std::uint32_t waker_clones = 0;
    std::uint32_t waker_drops = 0;  // includes clones consumed by wake()
    std::uint32_t self_wakes = 0;   // wakes made by the task during its own poll
    Nanos busy = 0;                 // time inside polls
    Nanos scheduled = 0;            // time spent waiting in the run queue
    Nanos idle = 0;                 // time parked, neither queued nor running
};

struct TaskSnapshot {
    TaskState state = TaskState::NotStarted;
    TaskStats stats;
    std::uint32_t parked_at = kNone;  // interned path of the leaf that last returned Pending
    std::uint32_t live_wakers = 0;  // clones alive now (the task's reference count minus the executor's own)
    std::uint32_t last_drop_step = kNone;  // step of the latest drop of one of its wakers
    std::uint32_t spawned_step = kNone;
    std::uint32_t ended_step = kNone;
    Nanos state_since = 0;  // time the current state began (for busy/idle/scheduled)
};

struct WakerSnapshot {
    std::uint32_t id = 0;
    std::uint32_t task = kNone;
    HolderKind holder_kind = HolderKind::None;
    std::uint32_t holder = kNone;  // interned holder text
    std::uint32_t node = kNone;    // path that cloned it
    std::uint32_t created_step = 0;
};

struct RegistrationSnapshot {
    std::uint32_t source = kNone;  // interned source text ("timer #2 (fires at 10.000ms)")
    HolderKind kind = HolderKind::None;
    std::uint32_t waker = kNone;
    std::uint32_t task = kNone;
    std::uint32_t node = kNone;
    std::uint32_t step = 0;
};

struct Snapshot {
    std::int64_t step = -1;  // -1 = before the first event
    Nanos time = 0;
    std::vector<TaskSnapshot> tasks;                  // by task id
    std::map<std::uint32_t, WakerSnapshot> wakers;    // live clones by id (ordered: deterministic)
    std::deque<std::uint32_t> run_queue;              // task ids, front = next to poll
    std::vector<RegistrationSnapshot> registrations;  // timers and IO, in registration order
    std::uint32_t running = kNone;                    // task being polled, or kNone
    std::vector<std::uint32_t> poll_stack;            // interned paths being polled, outermost first
    std::uint32_t diagnostics = 0;                    // how many so far
    std::uint32_t rule_breaks = 0;  // events the task rules did not predict (task_fold.hpp):
                                    // 0 for every trace the runtime wrote

    // Apply one more event (the one at step+1).
    void apply(const Trace& trace, std::uint32_t step_index);
    // About how many bytes this snapshot holds, its containers included.
    std::size_t bytes() const;
};

// The state after `step` (clamped as SnapshotCursor::seek does), folded in one pass from the
// start without checkpoints: for a single look, such as the summary after a run.
Snapshot snapshot_at(const Trace& trace, std::int64_t step);

class SnapshotCursor {
public:
    static constexpr std::size_t kCheckpointEvery = 4096;        // the closest checkpoints may be
    static constexpr std::size_t kCheckpointBytesPerEvent = 64;  // what checkpoints may cost

    explicit SnapshotCursor(const Trace& trace);
    // State after `step` (-1 for the initial state). Steps past the end clamp to the last one.
    const Snapshot& seek(std::int64_t step);
    const Snapshot& current() const { return current_; }
    // What the checkpoints made so far hold, in bytes (Snapshot::bytes and the deltas' tasks).
    std::size_t checkpoint_bytes() const { return checkpoint_bytes_; }

private:
    using Change = std::pair<std::uint32_t, TaskSnapshot>;  // task id, its state
    struct Checkpoint {
        bool keyframe = false;
        Snapshot state;               // a keyframe's tasks end at the last one touched; a delta's are empty
        std::vector<Change> changed;  // a delta: the tasks changed since the checkpoint before
        std::size_t bytes() const { return state.bytes() + changed.size() * sizeof(Change); }
    };

    // Adds checkpoints until the last is within kCheckpointEvery events of `step`.
    void extend_to(std::int64_t step);
    // Folds the frontier on to the next checkpoint and stores it (or reaches the end).
    void add_checkpoint();
    void note_changes(const Event& e, std::vector<std::uint32_t>& changed);
    void push_checkpoint(bool keyframe, std::vector<std::uint32_t>& changed);
    std::size_t checkpoint_before(std::int64_t step) const;
    void restore(std::size_t index);  // current_ = the state at checkpoints_[index]

    const Trace& trace_;
    std::vector<Checkpoint> checkpoints_;  // in step order; checkpoints_[0] is the initial state
    std::size_t checkpoint_bytes_ = 0;
    Snapshot frontier_;                // the whole state at the last checkpoint (while building)
    std::vector<bool> marked_;         // by task: in the change list of the checkpoint being built
    std::uint32_t touched_ = 0;        // tasks below this id may differ from their initial state
    std::int64_t keyframe_step_ = -1;  // step of the last keyframe
    bool complete_ = false;            // the frontier reached the end of the trace
    Snapshot current_;
};

}  // namespace ps
