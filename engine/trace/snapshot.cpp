#include "engine/trace/snapshot.hpp"

#include <algorithm>

namespace ps {

const char* task_state_name(TaskState s) {
    switch (s) {
        case TaskState::NotSpawned: return "not spawned";
        case TaskState::Idle: return "idle";
        case TaskState::Scheduled: return "scheduled";
        case TaskState::Running: return "running";
        case TaskState::Notified: return "running (notified)";
        case TaskState::Complete: return "complete";
        case TaskState::Cancelled: return "cancelled";
    }
    return "?";
}

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

}  // namespace

void Snapshot::apply(const Trace& trace, std::uint32_t step_index) {
    const Event& e = trace[step_index];
    step = step_index;
    time = e.time;
    if (tasks.size() < trace.tasks.size()) tasks.resize(trace.tasks.size());
    TaskSnapshot* t = e.task < tasks.size() ? &tasks[e.task] : nullptr;

    auto drop_waker = [&](std::uint32_t id) {
        auto it = wakers.find(id);
        if (it == wakers.end()) return;
        if (it->second.task < tasks.size()) {
            TaskSnapshot& owner = tasks[it->second.task];
            ++owner.stats.waker_drops;
            if (owner.live_wakers > 0) --owner.live_wakers;
            owner.last_drop_step = step_index;
        }
        wakers.erase(it);
    };
    auto woken = [&]() {
        if (!t) return;
        ++t->stats.wakes;
        if (running == e.task) ++t->stats.self_wakes;
        if (t->state == TaskState::Running) set_state(*t, TaskState::Notified, e.time);
    };

    switch (e.kind) {
        case EventKind::Spawn:
            if (t) {
                t->spawned_step = step_index;
                t->state_since = e.time;
                t->state = TaskState::Idle;
            }
            break;
        case EventKind::Schedule:
            if (t) {
                set_state(*t, TaskState::Scheduled, e.time);
                run_queue.push_back(e.task);
            }
            break;
        case EventKind::PollBegin:
            if (t && is_root(trace, e.node)) {
                auto it = std::find(run_queue.begin(), run_queue.end(), e.task);
                if (it != run_queue.end()) run_queue.erase(it);
                set_state(*t, TaskState::Running, e.time);
                ++t->stats.polls;
                running = e.task;
            }
            poll_stack.push_back(e.node);
            break;
        case EventKind::PollEnd:
            if (!poll_stack.empty()) poll_stack.pop_back();
            if (t && e.detail == static_cast<std::uint8_t>(PollResult::Pending)) {
                const NodeInfo* n = trace.node_info(e.node);
                bool leaf = n && (n->kind != "async" && n->kind != "repeat" && n->kind != "join" &&
                                  n->kind != "select" && n->kind != "timeout");
                if (leaf) t->parked_at = e.node;
            }
            if (t && is_root(trace, e.node)) {
                running = kNone;
                bool ready = e.detail == static_cast<std::uint8_t>(PollResult::Ready);
                if (!ready && t->state == TaskState::Running) set_state(*t, TaskState::Idle, e.time);
            }
            break;
        case EventKind::WakerClone:
            if (t) {
                ++t->stats.waker_clones;
                ++t->live_wakers;
            }
            wakers[e.waker] = WakerSnapshot{e.waker, e.task, static_cast<HolderKind>(e.detail),
                                            static_cast<std::uint32_t>(e.arg), e.node, step_index};
            // A timer or registration that swaps in a new clone keeps its entry.
            for (auto& r : registrations)
                if (r.source == static_cast<std::uint32_t>(e.arg) && r.task == e.task) r.waker = e.waker;
            break;
        case EventKind::WakerWake:
            woken();
            drop_waker(e.waker);
            break;
        case EventKind::WakerWakeByRef:
            woken();
            break;
        case EventKind::WakerDrop:
            drop_waker(e.waker);
            break;
        case EventKind::Register:
            registrations.push_back({static_cast<std::uint32_t>(e.arg), static_cast<HolderKind>(e.detail), e.waker,
                                     e.task, e.node, step_index});
            break;
        case EventKind::Deregister: {
            auto it = std::find_if(registrations.begin(), registrations.end(), [&](const RegistrationSnapshot& r) {
                return r.source == static_cast<std::uint32_t>(e.arg) && r.task == e.task;
            });
            if (it != registrations.end()) registrations.erase(it);
            break;
        }
        case EventKind::TimerFire: {
            auto it = std::find_if(registrations.begin(), registrations.end(),
                                   [&](const RegistrationSnapshot& r) { return e.waker != kNone && r.waker == e.waker; });
            if (it != registrations.end()) registrations.erase(it);
            break;
        }
        case EventKind::IoReady:
            for (auto& r : registrations)
                if (e.waker != kNone && r.waker == e.waker) r.waker = kNone;
            break;
        case EventKind::TaskComplete:
            if (t) {
                set_state(*t, e.detail == 1 ? TaskState::Cancelled : TaskState::Complete, e.time);
                t->ended_step = step_index;
            }
            break;
        case EventKind::Diagnostic:
            ++diagnostics;
            break;
        case EventKind::TimeAdvance:
        case EventKind::FutureDrop:
        case EventKind::RunEnd:
        case EventKind::Steal:
        case EventKind::WorkerPark:
        case EventKind::WorkerUnpark:
        case EventKind::Count_:
            break;
    }
}

SnapshotCursor::SnapshotCursor(const Trace& trace) : trace_(trace) {
    Snapshot initial;
    initial.tasks.resize(trace.tasks.size());
    checkpoints_.push_back(initial);
    current_ = initial;
}

const Snapshot& SnapshotCursor::seek(std::int64_t step) {
    const auto last = static_cast<std::int64_t>(trace_.size()) - 1;
    step = std::clamp<std::int64_t>(step, -1, last);
    if (step == current_.step) return current_;
    const auto every = static_cast<std::int64_t>(kCheckpointEvery);
    if (step < current_.step || step - current_.step > every) {
        // checkpoints_[k] holds the state after step k*every - 1.
        auto k = static_cast<std::size_t>((step + 1) / every);
        while (checkpoints_.size() <= k) {
            Snapshot s = checkpoints_.back();
            auto from = static_cast<std::int64_t>(checkpoints_.size() - 1) * every;
            for (std::int64_t i = from; i < from + every; ++i) s.apply(trace_, static_cast<std::uint32_t>(i));
            checkpoints_.push_back(std::move(s));
        }
        current_ = checkpoints_[k];
    }
    while (current_.step < step) current_.apply(trace_, static_cast<std::uint32_t>(current_.step + 1));
    return current_;
}

}  // namespace ps
