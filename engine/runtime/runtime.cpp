#include "engine/runtime/runtime.hpp"

#include <algorithm>

#include "engine/model/time.hpp"

namespace ps {

// ---- the waker vtable: every call goes through here and becomes a trace event -------------

namespace {

WakerRecord& rec(const void* data) { return *const_cast<WakerRecord*>(static_cast<const WakerRecord*>(data)); }

RawWaker vt_clone_fn(const void* data) { return rec(data).runtime->vt_clone(rec(data)); }
void vt_wake_fn(const void* data) { rec(data).runtime->vt_wake(rec(data), false); }
void vt_wake_by_ref_fn(const void* data) { rec(data).runtime->vt_wake(rec(data), true); }
void vt_drop_fn(const void* data) { rec(data).runtime->vt_drop(rec(data)); }

constexpr RawWakerVTable kVTable{vt_clone_fn, vt_wake_fn, vt_wake_by_ref_fn, vt_drop_fn};

}  // namespace

bool Waker::will_wake(const Waker& other) const {
    if (!raw_.vtable || !other.raw_.vtable) return false;
    if (raw_.vtable != other.raw_.vtable) return false;
    return static_cast<const WakerRecord*>(raw_.data)->task ==
           static_cast<const WakerRecord*>(other.raw_.data)->task;
}

std::uint32_t Waker::id() const {
    return raw_.data ? static_cast<const WakerRecord*>(raw_.data)->id : kNone;
}

std::uint32_t Waker::task() const {
    return raw_.data ? static_cast<const WakerRecord*>(raw_.data)->task : kNone;
}

RawWaker Runtime::raw_for(WakerRecord& r) { return RawWaker{&r, &kVTable}; }

std::pair<HolderKind, std::string> Runtime::take_annotation() {
    auto out = std::make_pair(annot_kind_, std::move(annot_text_));
    annot_kind_ = HolderKind::None;
    annot_text_.clear();
    return out;
}

RawWaker Runtime::vt_clone(const WakerRecord& from) {
    auto [kind, text] = take_annotation();
    WakerRecord& r = records_.emplace_back();
    r.runtime = this;
    r.id = static_cast<std::uint32_t>(records_.size() - 1);
    r.task = from.task;
    r.live = true;
    if (!tearing_down_) {
        Task& t = *tasks_[r.task];
        ++t.live_wakers;
        r.holder = intern(text);
        emit(EventKind::WakerClone, r.task, current_node(), r.id, static_cast<std::uint8_t>(kind), r.holder);
    }
    return raw_for(r);
}

void Runtime::vt_wake(WakerRecord& r, bool by_ref) {
    auto [kind, cause] = take_annotation();
    if (tearing_down_) {
        if (!by_ref) r.live = false;
        return;
    }
    emit(by_ref ? EventKind::WakerWakeByRef : EventKind::WakerWake, r.task, current_node(), r.id,
         static_cast<std::uint8_t>(kind), intern(cause));
    wake_task(r.task);
    if (!by_ref && r.id != kNone) {
        // wake() consumed the clone: it is gone without a separate drop call.
        r.live = false;
        Task& t = *tasks_[r.task];
        --t.live_wakers;
        t.last_drop_step = static_cast<std::uint32_t>(trace_.size() - 1);
        t.last_drop_path = current_node();
        t.last_drop_waker = r.id;
    }
}

void Runtime::vt_drop(WakerRecord& r) {
    auto [kind, why] = take_annotation();
    if (r.id == kNone) return;   // the borrowed poll waker is never dropped through the vtable
    r.live = false;
    if (tearing_down_) return;
    Task& t = *tasks_[r.task];
    --t.live_wakers;
    t.last_drop_step = emit(EventKind::WakerDrop, r.task, current_node(), r.id,
                            static_cast<std::uint8_t>(kind), intern(why));
    t.last_drop_path = current_node();
    t.last_drop_waker = r.id;
}

// ---- construction -------------------------------------------------------------------------

namespace {

void collect_paths(const FutureSpec& spec, const std::string& path, std::vector<std::pair<const FutureSpec*, std::string>>& out) {
    out.emplace_back(&spec, path);
    for (std::size_t i = 0; i < spec.children.size(); ++i)
        collect_paths(spec.children[i], path + "/" + std::to_string(i), out);
}

void collect_ops(const FutureSpec& spec, FutureKind kind, std::vector<std::string>& out) {
    if (spec.kind == kind) out.push_back(spec.resource);
    for (const auto& c : spec.children) collect_ops(c, kind, out);
}

}  // namespace

Runtime::Runtime(const Scenario& scenario, Trace& trace, std::unique_ptr<SchedulePolicy> policy,
                 std::uint64_t seed, std::int64_t max_events)
    : scenario_(scenario), trace_(trace), policy_(std::move(policy)), reactor_(*this),
      rng_(seed), max_events_(max_events) {
    for (const TaskSpec& t : scenario.tasks) {
        std::vector<std::pair<const FutureSpec*, std::string>> nodes;
        collect_paths(t.body, t.name, nodes);
        for (auto& [spec, path] : nodes) paths_[spec] = intern(path);
    }
    for (const ResourceSpec& r : scenario.resources) {
        switch (r.kind) {
            case ResourceKind::Socket:
            case ResourceKind::Listener: reactor_.add_source(r); break;
            case ResourceKind::Channel:
            case ResourceKind::Oneshot:
                channel_index_[r.name] = channels_.size();
                channels_.emplace_back(r);
                break;
            case ResourceKind::Mutex:
                mutex_index_[r.name] = mutexes_.size();
                mutexes_.emplace_back(r);
                break;
            case ResourceKind::Notify:
                notify_index_[r.name] = notifies_.size();
                notifies_.emplace_back(r);
                break;
        }
    }
    // Which channels each task body sends on and receives from: a channel closes when the last
    // such task ends (its Senders / its Receiver are dropped with the task's future).
    for (const TaskSpec& t : scenario.tasks) {
        for (FutureKind kind : {FutureKind::Send, FutureKind::Recv}) {
            std::vector<std::string> names;
            collect_ops(t.body, kind, names);
            auto& idx = (kind == FutureKind::Send ? sends_of_task_ : recvs_of_task_)[t.name];
            for (const auto& name : names) {
                auto it = channel_index_.find(name);
                if (it != channel_index_.end() && std::find(idx.begin(), idx.end(), it->second) == idx.end())
                    idx.push_back(it->second);
            }
        }
    }
}

Runtime::~Runtime() {
    tearing_down_ = true;
    for (auto& t : tasks_) {
        t->future.reset();
        if (t->joiners) t->joiners->clear_silently();
    }
    reactor_.clear_silently();
    for (auto& c : channels_) {
        c.rx_waker = Waker();
        c.senders.clear_silently();
    }
    for (auto& m : mutexes_) m.waiters.clear_silently();
    for (auto& n : notifies_) n.waiters.clear_silently();
    for (auto& [name, q] : spawn_waiters_) q->clear_silently();
    deferred_.clear();
}

std::uint32_t Runtime::path_of(const FutureSpec& spec) const {
    auto it = paths_.find(&spec);
    return it == paths_.end() ? kNone : it->second;
}

std::uint32_t Runtime::emit(EventKind kind, std::uint32_t task, std::uint32_t node, std::uint32_t waker,
                            std::uint8_t detail, std::int64_t arg) {
    if (tearing_down_) return kNone;
    Event e;
    e.worker = policy_->current_worker();
    e.time = now_;
    e.kind = kind;
    e.task = task;
    e.node = node;
    e.waker = waker;
    e.detail = detail;
    e.arg = arg;
    return trace_.append(e);
}

std::uint32_t Runtime::diagnose(DiagKind kind, std::uint32_t task, std::uint32_t node, std::uint32_t waker,
                                const std::string& message) {
    std::uint32_t step = emit(EventKind::Diagnostic, task, node, waker, static_cast<std::uint8_t>(kind),
                              intern(message));
    trace_.diagnostics.push_back({step, kind, task, message});
    return step;
}

std::uint64_t Runtime::random() {
    // splitmix64: small, fast, and fully determined by the recorded seed.
    std::uint64_t z = (rng_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::string Runtime::task_label(std::uint32_t id) const {
    return "task " + std::to_string(id) + " '" + tasks_[id]->name + "'";
}

// ---- tasks --------------------------------------------------------------------------------

std::uint32_t Runtime::spawn(const TaskSpec& spec, std::uint32_t parent) {
    auto id = static_cast<std::uint32_t>(tasks_.size());
    auto t = std::make_unique<Task>();
    t->id = id;
    t->spec = &spec;
    int same = instances_of_[&spec]++;
    t->name = same == 0 ? spec.name : spec.name + "#" + std::to_string(same + 1);
    t->poll_waker.runtime = this;
    t->poll_waker.id = kNone;
    t->poll_waker.task = id;
    t->joiners = std::make_unique<WaitQueue>(HolderKind::JoinHandle, "join handle of task " +
                                             std::to_string(id) + " '" + t->name + "'");
    tasks_.push_back(std::move(t));
    Task& task = *tasks_.back();

    auto spec_index = static_cast<std::uint32_t>(&spec - scenario_.tasks.data());
    trace_.tasks.push_back({task.name, parent, spec_index});

    task.future = make_future(*this, spec.body, id);
    emit(EventKind::Spawn, id, path_of(spec.body), kNone, 0, parent == kNone ? std::int64_t{-1} : std::int64_t{parent});
    for (std::size_t ch : sends_of_task_[spec.name]) {
        ++channels_[ch].live_senders;
        channels_[ch].had_senders = true;
    }
    for (std::size_t ch : recvs_of_task_[spec.name]) ++channels_[ch].live_receivers;
    if (on_spawn(task.state)) {
        policy_->push(id, ScheduleReason::Spawned);
        emit(EventKind::Schedule, id, kNone, kNone, static_cast<std::uint8_t>(ScheduleReason::Spawned),
             static_cast<std::int64_t>(policy_->len()));
    }
    auto it = spawn_waiters_.find(spec.name);
    if (it != spawn_waiters_.end())
        it->second->wake_all(*this, "task '" + spec.name + "' was spawned");
    return id;
}

const TaskSpec* Runtime::task_spec(const std::string& name) const {
    for (const TaskSpec& t : scenario_.tasks)
        if (t.name == name) return &t;
    return nullptr;
}

std::uint32_t Runtime::io_registration(std::uint32_t task, int source, Interest interest, const Waker& cx_waker,
                                       bool& created) {
    Task& t = *tasks_[task];
    auto key = std::make_pair(source, static_cast<int>(interest));
    auto it = t.io_regs.find(key);
    if (it != t.io_regs.end()) {
        created = false;
        return it->second;
    }
    created = true;
    std::uint32_t reg = reactor_.add_registration(source, interest, cx_waker);
    t.io_regs.emplace(key, reg);
    return reg;
}

std::uint32_t Runtime::latest_instance(const std::string& spec_name) const {
    for (std::size_t i = tasks_.size(); i-- > 0;)
        if (tasks_[i]->spec->name == spec_name) return static_cast<std::uint32_t>(i);
    return kNone;
}

WaitQueue& Runtime::spawn_waiters(const std::string& spec_name) {
    auto& q = spawn_waiters_[spec_name];
    if (!q) q = std::make_unique<WaitQueue>(HolderKind::JoinHandle, "handle waiting for task '" + spec_name + "' to be spawned");
    return *q;
}

void Runtime::wake_task(std::uint32_t id) {
    Task& t = *tasks_[id];
    if (running_ == id) t.woke_itself = true;
    switch (on_wake(t.state)) {
        case WakeAction::Schedule:
            policy_->push(id, ScheduleReason::Woken);
            emit(EventKind::Schedule, id, kNone, kNone, static_cast<std::uint8_t>(ScheduleReason::Woken),
                 static_cast<std::int64_t>(policy_->len()));
            break;
        case WakeAction::Coalesce:
        case WakeAction::Notify:
            break;
        case WakeAction::TooLate:
            diagnose(DiagKind::WakeAfterComplete, id, current_node(), kNone,
                     task_label(id) + " was woken after it had completed: the wake does nothing");
            break;
    }
}

void Runtime::start() {
    policy_->set_outside(true);   // the start tasks are spawned by block_on, not by a worker
    for (const TaskSpec& t : scenario_.tasks)
        if (t.start) spawn(t, kNone);
    policy_->set_outside(false);
    // IO scripted at time 0 is there before the first poll.
    reactor_.fire_due();
}

void Runtime::poll_task(std::uint32_t id) {
    Task& t = *tasks_[id];
    on_poll_start(t.state);
    ++t.polls;
    t.woke_itself = false;
    running_ = id;
    budget_ = policy_->coop_budget() > 0 ? policy_->coop_budget() : -1;
    Nanos began = now_;
    Waker borrowed(RawWaker{&t.poll_waker, &kVTable});
    Poll result;
    {
        Context cx(*this, borrowed, id);
        result = t.future->poll(cx);
    }
    (void)borrowed.into_raw();   // borrowed: never dropped
    running_ = kNone;

    // A poll cut short by max_events says nothing about the program: no diagnostics from it.
    const bool cut = over_limit() && !result.ready;
    Nanos took = now_ - began;
    if (!cut && took > settings().compute_threshold) {
        diagnose(DiagKind::BlockingCompute, id, path_of(t.spec->body), kNone,
                 task_label(id) + " kept the executor busy for " + format_duration(took) +
                     " in one poll (threshold " + format_duration(settings().compute_threshold) +
                     "): no other task could run meanwhile");
    }
    if (cut) {
        // leave the busy-loop streak as it is
    } else if (t.woke_itself && !result.ready) {
        if (++t.self_wake_streak >= settings().busy_threshold && !t.busy_reported) {
            t.busy_reported = true;
            diagnose(DiagKind::BusyLoop, id, t.parked_at, kNone,
                     task_label(id) + " woke itself during each of its last " +
                         std::to_string(t.self_wake_streak) +
                         " polls: a busy loop that keeps the executor spinning without progress");
        }
    } else {
        t.self_wake_streak = 0;
    }

    switch (on_poll_end(t.state, result.ready)) {
        case PollOutcome::Complete:
            complete_task(id, result.value);
            break;
        case PollOutcome::Requeue:
            policy_->push(id, ScheduleReason::Requeued);
            emit(EventKind::Schedule, id, kNone, kNone, static_cast<std::uint8_t>(ScheduleReason::Requeued),
                 static_cast<std::int64_t>(policy_->len()));
            break;
        case PollOutcome::Park:
            if (!cut && t.live_wakers == 0) {
                const NodeInfo* n = trace_.node_info(t.parked_at);
                std::string where = n ? n->text + " (" + n->path + ")" : "its future";
                diagnose(DiagKind::LostWakeup, id, t.parked_at, kNone,
                         task_label(id) + " returned Pending from " + where +
                             " but no clone of its waker is alive anywhere: nothing can wake it again (lost wakeup)");
            }
            break;
    }
}

void Runtime::complete_task(std::uint32_t id, std::int64_t value) {
    Task& t = *tasks_[id];
    t.result = value;
    std::uint32_t root = path_of(t.spec->body);
    emit(EventKind::FutureDrop, id, root, kNone, static_cast<std::uint8_t>(DropReason::Completed), 0);
    t.future.reset();
    // Guards still held are dropped with the task's future.
    std::vector<std::size_t> held = std::move(t.held_mutexes);
    for (std::size_t m : held) release_mutex(m, id);
    for (const auto& [key, reg] : t.io_regs) reactor_.deregister(reg);
    t.io_regs.clear();
    // As in tokio's harness: the future (with its guards and senders) is gone first, then the
    // JoinHandle is woken.
    for (std::size_t ch : sends_of_task_[t.spec->name]) {
        Channel& c = channels_[ch];
        if (--c.live_senders == 0 && !c.closed) {
            c.closed = true;
            wake_with(c.rx_waker, HolderKind::Channel, "channel '" + c.spec->name + "' closed: its last sender finished");
        }
    }
    for (std::size_t ch : recvs_of_task_[t.spec->name]) {
        Channel& c = channels_[ch];
        if (--c.live_receivers == 0 && !c.rx_closed) {
            // The Receiver is dropped: senders get an error from now on, and parked ones are woken.
            c.rx_closed = true;
            drop_with(c.rx_waker, HolderKind::Channel, "the receiver of channel '" + c.spec->name + "' was dropped");
            c.senders.wake_all(*this, "channel '" + c.spec->name + "' closed: its receiver was dropped");
        }
    }
    emit(EventKind::TaskComplete, id, root, kNone, 0, value);
    t.joiners->wake_all(*this, task_label(id) + " completed");
}

// ---- resources ----------------------------------------------------------------------------

Channel* Runtime::channel(const std::string& name) {
    auto it = channel_index_.find(name);
    return it == channel_index_.end() ? nullptr : &channels_[it->second];
}

AsyncMutex* Runtime::mutex(const std::string& name) {
    auto it = mutex_index_.find(name);
    return it == mutex_index_.end() ? nullptr : &mutexes_[it->second];
}

std::size_t Runtime::mutex_index(const std::string& name) const {
    auto it = mutex_index_.find(name);
    return it == mutex_index_.end() ? 0 : it->second;
}

NotifyRes* Runtime::notify(const std::string& name) {
    auto it = notify_index_.find(name);
    return it == notify_index_.end() ? nullptr : &notifies_[it->second];
}

void Runtime::release_mutex(std::size_t index, std::uint32_t task) {
    AsyncMutex& m = mutexes_[index];
    if (m.owner != task) return;
    m.owner = kNone;
    if (!m.waiters.empty()) {
        // Fair hand-off: the first waiter owns the lock before it is even polled.
        m.granted_to = m.waiters.wake_front(*this, "mutex '" + m.spec->name + "' unlocked by " + task_label(task));
    }
}

// ---- the executor loop --------------------------------------------------------------------

void Runtime::advance_to(Nanos t) {
    if (t <= now_) return;
    Nanos from = now_;
    now_ = t;
    emit(EventKind::TimeAdvance, kNone, kNone, kNone, 0, from);
}

bool Runtime::step() {
    if (ended_) return false;
    if (static_cast<std::int64_t>(trace_.size()) >= max_events_) {
        diagnose(DiagKind::EventLimit, kNone, kNone, kNone,
                 "the run did not end within " + std::to_string(max_events_) +
                     " events and was stopped (max_events); a task may be looping forever");
        finish(EndReason::EventLimit, "stopped at the event limit (" + std::to_string(max_events_) + " events)");
        return false;
    }
    Decision d = policy_->next(!deferred_.empty());
    for (const PolicyEvent& pe : policy_->drain_events()) {
        Event e;
        e.time = now_;
        e.kind = pe.kind;
        e.worker = pe.worker;
        e.task = pe.task;
        e.detail = pe.detail;
        e.arg = pe.arg;
        trace_.append(e);
    }
    switch (d.turn) {
        case Turn::Poll:
            poll_task(d.task);
            return true;
        case Turn::DriverYield:
            reactor_.fire_due();
            wake_deferred();
            return true;
        case Turn::Park:
            break;
    }
    Nanos due = reactor_.next_due();
    if (due < 0 && deferred_.empty()) {
        std::size_t unfinished = 0;
        for (const auto& t : tasks_)
            if (t->state != TaskRunState::Complete && t->state != TaskRunState::Cancelled) ++unfinished;
        if (unfinished == 0) {
            finish(EndReason::AllComplete, "all " + std::to_string(tasks_.size()) + " tasks completed at t=" +
                                               format_time(now_));
        } else {
            check_deadlock();
            finish(EndReason::Deadlock, std::to_string(unfinished) + " of " + std::to_string(tasks_.size()) +
                                            " tasks are still pending and nothing is left that could wake them");
        }
        return false;
    }
    if (due >= 0) {
        // tokio's paused clock moves by whole ticks from the current tick, so a fraction of a
        // millisecond left by a compute is kept (now 30.5ms, timer at 32ms -> 32.5ms).
        Nanos res = policy_->timer_resolution();
        Nanos target = due;
        if (res > 1 && due > now_) target = now_ + (due - now_ / res * res);
        advance_to(target);
        reactor_.fire_due();
    }
    wake_deferred();
    return true;
}

void Runtime::wake_deferred() {
    if (deferred_.empty()) return;
    std::vector<Waker> list = std::move(deferred_);
    deferred_.clear();
    for (Waker& w : list) wake_with(w, HolderKind::Executor, "the driver turned: deferred yield_now wake");
}

void Runtime::yield_wake(const Waker& cx_waker) {
    if (policy_->defers_yield()) {
        deferred_.push_back(clone_for(cx_waker, HolderKind::Executor, "the deferred list (woken after the driver turns)"));
        return;
    }
    annotate(HolderKind::Executor, "yield_now asks to be polled again");
    cx_waker.wake_by_ref();
}

bool Runtime::coop_proceed(const Waker& cx_waker) {
    if (budget_ != 0) return true;
    annotate(HolderKind::Executor, "cooperative budget used up: the task must yield");
    cx_waker.wake_by_ref();
    return false;
}

void Runtime::coop_progress() {
    if (budget_ > 0) --budget_;
}

Nanos Runtime::round_deadline(Nanos deadline) const {
    Nanos res = policy_->timer_resolution();
    if (res <= 1) return deadline;
    return (deadline + res - 1) / res * res;
}

Nanos Runtime::round_down(Nanos t) const {
    Nanos res = policy_->timer_resolution();
    return res <= 1 ? t : t / res * res;
}

bool Runtime::timers_fire_through_driver() const { return policy_->timers_fire_through_driver(); }

void Runtime::check_deadlock() {
    for (const auto& tp : tasks_) {
        const Task& t = *tp;
        if (t.state == TaskRunState::Complete || t.state == TaskRunState::Cancelled) continue;
        const NodeInfo* n = trace_.node_info(t.parked_at);
        std::string msg = "deadlock: " + task_label(t.id) + " waits at " +
                          (n ? n->text + " (" + n->path + ")" : std::string("its first await"));
        if (t.live_wakers > 0) {
            msg += "; its waker";
            msg += t.live_wakers == 1 ? " is" : "s are";
            msg += " held by ";
            bool first = true;
            for (const auto& r : records_) {
                if (!r.live || r.task != t.id || r.id == kNone) continue;
                if (!first) msg += ", ";
                first = false;
                msg += std::string(trace_.strings.get(r.holder)) + " (waker #" + std::to_string(r.id) + ")";
            }
            msg += ", but nothing will ever wake them";
        } else if (t.last_drop_step != kNone) {
            const NodeInfo* d = trace_.node_info(t.last_drop_path);
            msg += "; no waker of it is alive: the last one (waker #" + std::to_string(t.last_drop_waker) +
                   ") was dropped at step " + std::to_string(t.last_drop_step) +
                   (d ? " by " + d->text + " (" + d->path + ")" : std::string());
        } else {
            msg += "; no waker of it was ever stored";
        }
        diagnose(DiagKind::Deadlock, t.id, t.parked_at, kNone, msg);
    }
}

void Runtime::finish(EndReason reason, std::string message) {
    ended_ = true;
    emit(EventKind::RunEnd, kNone, kNone, kNone, static_cast<std::uint8_t>(reason), intern(message));
    trace_.meta.end = reason;
    trace_.meta.end_message = std::move(message);
}

}  // namespace ps
