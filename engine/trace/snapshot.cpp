#include "engine/trace/snapshot.hpp"

#include <algorithm>

#include "engine/model/future_kinds.hpp"
#include "engine/trace/task_fold.hpp"

namespace ps {

namespace {

// Moves a task to a new state, charging the time spent in the old one.
void set_state(TaskSnapshot& t, TaskState s, Nanos now) {
    Nanos spent = now - t.state_since;
    switch (t.state) {
        case TaskState::Running:
        case TaskState::Notified:
            t.stats.busy += spent;
            break;
        case TaskState::Scheduled:
            t.stats.scheduled += spent;
            break;
        case TaskState::Idle:
            t.stats.idle += spent;
            break;
        default:
            break;
    }
    t.state = s;
    t.state_since = now;
}

bool is_root(const Trace& trace, std::uint32_t node) {
    const NodeInfo* n = trace.node_info(node);
    return n && n->depth == 0;
}

// A kind the table does not know (a hand-made trace) counts as a leaf, as it always has.
bool is_leaf(const Trace& trace, std::uint32_t node) {
    const NodeInfo* n = trace.node_info(node);
    if (!n) return false;
    const FutureKindInfo* k = find_future_kind(n->kind);
    return !k || k->is_leaf;
}

bool is_poll(const Event& e) {
    return e.kind == EventKind::PollBegin || e.kind == EventKind::PollEnd;
}

// The task's state by task.hpp's rules, and what the event adds to the task's record.
void fold_task(Snapshot& s, const Trace& trace, std::uint32_t step_index, TaskSnapshot& t) {
    const Event& e = trace[step_index];
    const bool root = is_poll(e) && is_root(trace, e.node);
    TaskState next = t.state;
    TaskFold f = fold_task_event(next, e, root);
    if (f.observation == Observation::Forced) ++s.rule_breaks;
    if (f.touched && (next != t.state || e.kind == EventKind::Spawn)) set_state(t, next, e.time);
    switch (e.kind) {
        case EventKind::Spawn:
            t.spawned_step = step_index;
            break;
        case EventKind::Schedule:
            s.run_queue.push_back(e.task);
            break;
        case EventKind::PollBegin:
            if (!root) break;
            if (auto it = std::find(s.run_queue.begin(), s.run_queue.end(), e.task); it != s.run_queue.end())
                s.run_queue.erase(it);
            ++t.stats.polls;
            s.running = e.task;
            break;
        case EventKind::PollEnd:
            if (e.detail == static_cast<std::uint8_t>(PollResult::Pending) && is_leaf(trace, e.node))
                t.parked_at = e.node;
            if (root) s.running = kNone;
            break;
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef:
            ++t.stats.wakes;
            if (s.running == e.task) ++t.stats.self_wakes;
            break;
        case EventKind::WakerClone:
            ++t.stats.waker_clones;
            ++t.live_wakers;
            break;
        case EventKind::TaskComplete:
            t.ended_step = step_index;
            break;
        default:
            break;
    }
}

void drop_waker(Snapshot& s, std::uint32_t id, std::uint32_t step_index) {
    auto it = s.wakers.find(id);
    if (it == s.wakers.end()) return;
    if (it->second.task < s.tasks.size()) {
        TaskSnapshot& owner = s.tasks[it->second.task];
        ++owner.stats.waker_drops;
        if (owner.live_wakers > 0) --owner.live_wakers;
        owner.last_drop_step = step_index;
    }
    s.wakers.erase(it);
}

// Waker clones, wakes and drops, and the timer and IO registrations that hold them.
void fold_wakers(Snapshot& s, const Event& e, std::uint32_t step_index) {
    const auto source = static_cast<std::uint32_t>(e.arg);
    auto registration_of = [&](auto match) {
        return std::find_if(s.registrations.begin(), s.registrations.end(), match);
    };
    switch (e.kind) {
        case EventKind::WakerClone:
            s.wakers[e.waker] =
                WakerSnapshot{e.waker, e.task, static_cast<HolderKind>(e.detail), source, e.node, step_index};
            // A timer or registration that swaps in a new clone keeps its entry.
            for (auto& r : s.registrations)
                if (r.source == source && r.task == e.task) r.waker = e.waker;
            break;
        case EventKind::WakerWake:
        case EventKind::WakerDrop:
            drop_waker(s, e.waker, step_index);
            break;
        case EventKind::Register:
            s.registrations.push_back(
                {source, static_cast<HolderKind>(e.detail), e.waker, e.task, e.node, step_index});
            break;
        case EventKind::Deregister: {
            auto it = registration_of(
                [&](const RegistrationSnapshot& r) { return r.source == source && r.task == e.task; });
            if (it != s.registrations.end()) s.registrations.erase(it);
            break;
        }
        case EventKind::TimerFire: {
            auto it = registration_of(
                [&](const RegistrationSnapshot& r) { return e.waker != kNone && r.waker == e.waker; });
            if (it != s.registrations.end()) s.registrations.erase(it);
            break;
        }
        case EventKind::IoReady:
            for (auto& r : s.registrations)
                if (e.waker != kNone && r.waker == e.waker) r.waker = kNone;
            break;
        default:
            break;
    }
}

}  // namespace

void Snapshot::apply(const Trace& trace, std::uint32_t step_index) {
    const Event& e = trace[step_index];
    step = step_index;
    time = e.time;
    if (tasks.size() < trace.tasks.size()) tasks.resize(trace.tasks.size());
    if (e.kind == EventKind::PollEnd && !poll_stack.empty()) poll_stack.pop_back();
    if (e.task < tasks.size()) fold_task(*this, trace, step_index, tasks[e.task]);
    fold_wakers(*this, e, step_index);
    if (e.kind == EventKind::PollBegin) poll_stack.push_back(e.node);
    if (e.kind == EventKind::Diagnostic) ++diagnostics;
}

std::size_t Snapshot::bytes() const {
    // A map node carries its value, three links and a colour; a deque element its slot.
    constexpr std::size_t kMapNode =
        sizeof(std::pair<const std::uint32_t, WakerSnapshot>) + 4 * sizeof(void*);
    return sizeof(Snapshot) + tasks.size() * sizeof(TaskSnapshot) + wakers.size() * kMapNode +
           run_queue.size() * sizeof(std::uint32_t) + registrations.size() * sizeof(RegistrationSnapshot) +
           poll_stack.size() * sizeof(std::uint32_t);
}

Snapshot snapshot_at(const Trace& trace, std::int64_t step) {
    step = std::clamp<std::int64_t>(step, -1, static_cast<std::int64_t>(trace.size()) - 1);
    Snapshot s;
    s.tasks.resize(trace.tasks.size());
    for (std::int64_t i = 0; i <= step; ++i) s.apply(trace, static_cast<std::uint32_t>(i));
    return s;
}

SnapshotCursor::SnapshotCursor(const Trace& trace) : trace_(trace) {
    Snapshot initial;
    initial.tasks.resize(trace.tasks.size());
    checkpoint_bytes_ = initial.bytes();
    checkpoints_.push_back(initial);
    current_ = std::move(initial);
}

void SnapshotCursor::extend_to(std::int64_t step) {
    const auto last = static_cast<std::int64_t>(trace_.size()) - 1;
    while (checkpoints_.back().step < step) {
        const Snapshot& back = checkpoints_.back();
        const std::size_t gap = std::max(kCheckpointEvery, back.bytes() / kCheckpointBytesPerEvent);
        const std::int64_t next = back.step + static_cast<std::int64_t>(gap);
        if (next > last) return;  // the last stretch is folded from the last checkpoint
        if (next > step) return;  // not needed yet
        // Start from where the cursor is when that is on the way (playing forward).
        Snapshot s = current_.step >= back.step && current_.step <= next ? current_ : back;
        while (s.step < next) s.apply(trace_, static_cast<std::uint32_t>(s.step + 1));
        checkpoint_bytes_ += s.bytes();
        checkpoints_.push_back(std::move(s));
    }
}

const Snapshot& SnapshotCursor::checkpoint_before(std::int64_t step) const {
    // The last checkpoint at or before `step` (checkpoints_[0], at -1, always is).
    auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), step,
                                  [](std::int64_t s, const Snapshot& c) { return s < c.step; });
    return *std::prev(after);
}

const Snapshot& SnapshotCursor::seek(std::int64_t step) {
    const auto last = static_cast<std::int64_t>(trace_.size()) - 1;
    step = std::clamp<std::int64_t>(step, -1, last);
    if (step == current_.step) return current_;
    extend_to(step);
    const Snapshot& base = checkpoint_before(step);
    // Fold on from where we are when that is closer than the checkpoint; else start there.
    if (step < current_.step || current_.step < base.step) current_ = base;
    while (current_.step < step) current_.apply(trace_, static_cast<std::uint32_t>(current_.step + 1));
    return current_;
}

}  // namespace ps
