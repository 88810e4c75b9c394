#include "engine/trace/snapshot.hpp"

#include <algorithm>

#include "engine/model/future_kinds.hpp"
#include "engine/trace/event_schema.hpp"
#include "engine/trace/task_fold.hpp"

namespace ps {

namespace {

// Moves a task to a new state, charging the time spent in the old one.
void set_state(TaskSnapshot& t, TaskState s, Nanos now) {
    Nanos spent = now - t.state_since;
    switch (t.state) {
        case TaskState::Running:
        case TaskState::Notified: t.stats.busy += spent; break;
        case TaskState::Scheduled: t.stats.scheduled += spent; break;
        case TaskState::Idle: t.stats.idle += spent; break;
        default: break;
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
        case EventKind::Spawn: t.spawned_step = step_index; break;
        case EventKind::Schedule: s.run_queue.push_back(e.task); break;
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
        case EventKind::TaskComplete: t.ended_step = step_index; break;
        default: break;
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
    const std::uint32_t source = event_text_id(e);  // the holder or source text (event_schema.hpp)
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
        case EventKind::WakerDrop: drop_waker(s, e.waker, step_index); break;
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
            // Without a waker (the teacher dropped it): the task's entry whose waker is gone.
            auto it = registration_of([&](const RegistrationSnapshot& r) {
                return e.waker != kNone ? r.waker == e.waker : r.task == e.task && !s.wakers.count(r.waker);
            });
            if (it != s.registrations.end()) s.registrations.erase(it);
            break;
        }
        case EventKind::IoReady:
            for (auto& r : s.registrations)
                if (e.waker != kNone && r.waker == e.waker) r.waker = kNone;
            break;
        default: break;
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

namespace {

// A copy of everything in `s` but its tasks.
Snapshot without_tasks(Snapshot& s) {
    std::vector<TaskSnapshot> tasks = std::move(s.tasks);
    Snapshot out = s;
    s.tasks = std::move(tasks);
    return out;
}

}  // namespace

SnapshotCursor::SnapshotCursor(const Trace& trace) : trace_(trace) {
    frontier_.tasks.resize(trace.tasks.size());
    marked_.assign(trace.tasks.size(), false);
    Checkpoint initial;  // no task touched yet: a keyframe with no tasks
    initial.keyframe = true;
    checkpoint_bytes_ = initial.bytes();
    checkpoints_.push_back(std::move(initial));
    current_ = frontier_;
}

void SnapshotCursor::extend_to(std::int64_t step) {
    const auto every = static_cast<std::int64_t>(kCheckpointEvery);
    while (!complete_ && step - checkpoints_.back().state.step >= every) add_checkpoint();
}

// The tasks the event is about to change: its own, and the owner of a waker it drops.
void SnapshotCursor::note_changes(const Event& e, std::vector<std::uint32_t>& changed) {
    auto mark = [&](std::uint32_t task) {
        if (task >= marked_.size() || marked_[task]) return;
        marked_[task] = true;
        changed.push_back(task);
        touched_ = std::max(touched_, task + 1);
    };
    mark(e.task);
    if (e.kind == EventKind::WakerWake || e.kind == EventKind::WakerDrop)
        if (auto it = frontier_.wakers.find(e.waker); it != frontier_.wakers.end()) mark(it->second.task);
}

void SnapshotCursor::add_checkpoint() {
    constexpr std::size_t half = kCheckpointBytesPerEvent / 2;
    const auto last = static_cast<std::int64_t>(trace_.size()) - 1;
    const std::int64_t from = frontier_.step;
    std::vector<std::uint32_t> changed;
    while (frontier_.step < last) {
        const auto i = static_cast<std::uint32_t>(frontier_.step + 1);
        note_changes(trace_[i], changed);
        frontier_.apply(trace_, i);
        const auto folded = static_cast<std::size_t>(frontier_.step - from);
        if (folded < kCheckpointEvery) continue;
        const std::size_t others = frontier_.bytes() - frontier_.tasks.size() * sizeof(TaskSnapshot);
        const std::size_t whole = others + touched_ * sizeof(TaskSnapshot);
        if (static_cast<std::size_t>(frontier_.step - keyframe_step_) * half >= whole)
            return push_checkpoint(true, changed);
        if (others + changed.size() * sizeof(Change) <= folded * half) return push_checkpoint(false, changed);
    }
    complete_ = true;  // the last stretch is folded from the last checkpoint
}

void SnapshotCursor::push_checkpoint(bool keyframe, std::vector<std::uint32_t>& changed) {
    Checkpoint c;
    c.keyframe = keyframe;
    c.state = without_tasks(frontier_);
    if (keyframe) {
        c.state.tasks.assign(frontier_.tasks.begin(), frontier_.tasks.begin() + touched_);
        keyframe_step_ = frontier_.step;
    } else {
        std::sort(changed.begin(), changed.end());
        c.changed.reserve(changed.size());
        for (std::uint32_t id : changed) c.changed.emplace_back(id, frontier_.tasks[id]);
    }
    for (std::uint32_t id : changed) marked_[id] = false;
    checkpoint_bytes_ += c.bytes();
    checkpoints_.push_back(std::move(c));
}

std::size_t SnapshotCursor::checkpoint_before(std::int64_t step) const {
    // The last checkpoint at or before `step` (checkpoints_[0], at -1, always is).
    auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), step,
                                  [](std::int64_t s, const Checkpoint& c) { return s < c.state.step; });
    return static_cast<std::size_t>(after - checkpoints_.begin()) - 1;
}

void SnapshotCursor::restore(std::size_t index) {
    std::size_t k = index;
    while (!checkpoints_[k].keyframe) --k;
    current_ = checkpoints_[k].state;
    current_.tasks.resize(trace_.tasks.size());
    for (std::size_t d = k + 1; d <= index; ++d)
        for (const auto& [id, t] : checkpoints_[d].changed) current_.tasks[id] = t;
    if (index == k) return;
    std::vector<TaskSnapshot> tasks = std::move(current_.tasks);
    current_ = checkpoints_[index].state;  // everything but the tasks (a delta has none)
    current_.tasks = std::move(tasks);
}

const Snapshot& SnapshotCursor::seek(std::int64_t step) {
    const auto last = static_cast<std::int64_t>(trace_.size()) - 1;
    step = std::clamp<std::int64_t>(step, -1, last);
    if (step == current_.step) return current_;
    extend_to(step);
    const std::size_t base = checkpoint_before(step);
    // Fold on from where we are when that is closer than the checkpoint; else start there.
    if (step < current_.step || current_.step < checkpoints_[base].state.step) restore(base);
    while (current_.step < step) current_.apply(trace_, static_cast<std::uint32_t>(current_.step + 1));
    return current_;
}

}  // namespace ps
