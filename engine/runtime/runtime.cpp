#include "engine/runtime/runtime.hpp"

#include <algorithm>

#include "engine/model/time.hpp"
#include "engine/runtime/futures/tokio_context.hpp"
#include "engine/runtime/program/program_run.hpp"

namespace ps {

// ---- construction -------------------------------------------------------------------------

namespace {

std::size_t count_nodes(const FutureSpec& spec) {
    std::size_t n = 1;
    for (const FutureSpec& c : spec.children) n += count_nodes(c);
    return n;
}

// Interns "task/2/0"-style paths, the root first, then each child's subtree in order; `path` is
// one buffer, extended and cut back, so no string is built per node.
void intern_paths(const FutureSpec& spec, std::string& path, StringTable& strings, PathIds& out) {
    out.add(&spec, strings.intern(path));
    const std::size_t len = path.size();
    for (std::size_t i = 0; i < spec.children.size(); ++i) {
        path += '/';
        path += std::to_string(i);
        intern_paths(spec.children[i], path, strings, out);
        path.resize(len);
    }
}

}  // namespace

Runtime::Runtime(const Scenario& scenario, Trace& trace, std::unique_ptr<SchedulePolicy> policy,
                 std::uint64_t seed, std::int64_t max_events)
    : scenario_(scenario),
      trace_(trace),
      wakers_(*this),
      executor_(std::move(policy)),
      resources_(scenario),
      reactor_(*this),
      rng_(seed),
      max_events_(max_events) {
    std::size_t nodes = 0;
    for (const TaskSpec& t : scenario.tasks) nodes += count_nodes(t.body);
    paths_.reserve(nodes);
    std::string path;
    for (const TaskSpec& t : scenario.tasks) {
        path = t.name;
        intern_paths(t.body, path, trace_.strings, paths_);
    }
    for (const ResourceSpec& r : scenario.resources)
        if (r.kind == ResourceKind::Socket || r.kind == ResourceKind::Listener) reactor_.add_source(r);
}

Runtime::~Runtime() {
    wakers_.tear_down();  // from here on nothing is recorded
    executor_.clear_silently();
    reactor_.clear_silently();
    resources_.clear_silently();
}

std::uint32_t Runtime::path_of(const FutureSpec& spec) const {
    return paths_.get(spec.origin ? spec.origin : &spec);
}

ProgramRun& Runtime::program_run() {
    if (!program_)
        program_ = std::make_unique<ProgramRun>(static_cast<PollEnv&>(*this), scenario_.program.get());
    return *program_;
}

void Runtime::print(std::uint32_t task, bool to_stderr, std::string text) {
    auto step = static_cast<std::uint32_t>(trace_.empty() ? 0 : trace_.size() - 1);
    trace_.console.push_back({step, task, to_stderr, std::move(text)});
}

void Runtime::request_end(EndReason reason, std::string message) {
    if (!end_request_) end_request_ = std::make_unique<EndRequest>(EndRequest{reason, std::move(message)});
}

const TaskSpec* Runtime::task_spec(const std::string& name) const {
    for (const TaskSpec& t : scenario_.tasks)
        if (t.name == name) return &t;
    return nullptr;
}

// ---- the trace ----------------------------------------------------------------------------

std::uint32_t Runtime::append(Event e) {
    e.time = now_;
    return trace_.append(e);
}

std::uint32_t Runtime::emit(EventKind kind, std::uint32_t task, std::uint32_t node, std::uint32_t waker,
                            std::uint8_t detail, std::int64_t arg) {
    if (wakers_.tearing_down()) return kNone;
    Event e;
    e.worker = executor_.policy().current_worker();
    e.kind = kind;
    e.task = task;
    e.node = node;
    e.waker = waker;
    e.detail = detail;
    e.arg = arg;
    return append(e);
}

void Runtime::record_policy_events() {
    for (const PolicyEvent& pe : executor_.policy().drain_events()) {
        Event e;
        e.kind = pe.kind;
        e.worker = pe.worker;
        e.task = pe.task;
        e.detail = pe.detail;
        e.arg = pe.arg;
        append(e);
    }
}

std::uint32_t Runtime::diagnose(DiagKind kind, std::uint32_t task, std::uint32_t node,
                                const std::string& message) {
    std::uint32_t step =
        emit(EventKind::Diagnostic, task, node, kNone, static_cast<std::uint8_t>(kind), intern(message));
    trace_.diagnostics.push_back({step, kind, task, message});
    return step;
}

std::string Runtime::where(std::uint32_t path, const char* otherwise) const {
    const NodeInfo* n = trace_.node_info(path);
    return n ? n->text + " (" + n->path + ")" : std::string(otherwise);
}

std::uint64_t Runtime::random() {
    // splitmix64: small, fast, and fully determined by the recorded seed.
    std::uint64_t z = (rng_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// ---- wakers: the table reports each vtable call, the Runtime records it --------------------

std::uint32_t Runtime::on_clone(const WakerRecord& r, HolderKind kind, const std::string& holder) {
    ++executor_.task(r.task).live_wakers;
    std::uint32_t text = intern(holder);
    emit(EventKind::WakerClone, r.task, current_node(), r.id, static_cast<std::uint8_t>(kind), text);
    return text;
}

void Runtime::on_wake(const WakerRecord& r, bool by_ref, HolderKind kind, const std::string& cause) {
    emit(by_ref ? EventKind::WakerWakeByRef : EventKind::WakerWake, r.task, current_node(), r.id,
         static_cast<std::uint8_t>(kind), intern(cause));
    wake_task(r.task);
    if (by_ref || r.id == kNone) return;
    // wake() consumed the clone (W2): it is gone without a separate drop call.
    Task& t = executor_.task(r.task);
    --t.live_wakers;
    t.last_drop_step = static_cast<std::uint32_t>(trace_.size() - 1);
    t.last_drop_path = current_node();
    t.last_drop_waker = r.id;
}

void Runtime::on_drop(const WakerRecord& r, HolderKind kind, const std::string& why) {
    Task& t = executor_.task(r.task);
    --t.live_wakers;
    t.last_drop_step = emit(EventKind::WakerDrop, r.task, current_node(), r.id,
                            static_cast<std::uint8_t>(kind), intern(why));
    t.last_drop_path = current_node();
    t.last_drop_waker = r.id;
}

// ---- tasks --------------------------------------------------------------------------------

std::uint32_t Runtime::spawn(const TaskSpec& spec, std::uint32_t parent) {
    Task& task = executor_.add_task(spec, wakers_);
    const std::uint32_t id = task.id;
    auto spec_index = static_cast<std::uint32_t>(&spec - scenario_.tasks.data());
    trace_.tasks.push_back({task.name, parent, spec_index});
    ++live_tasks_;

    task.future = make_future(*this, spec.body, id);
    emit(EventKind::Spawn, id, path_of(spec.body), kNone, 0,
         parent == kNone ? std::int64_t{-1} : std::int64_t{parent});
    resources_.task_started(spec.name);
    if (on_spawn(task.state)) schedule(id, ScheduleReason::Spawned);
    resources_.wake_spawn_waiters(spec.name, wakers_);
    return id;
}

void Runtime::schedule(std::uint32_t id, ScheduleReason why) {
    std::size_t len = executor_.schedule(id, why);
    emit(EventKind::Schedule, id, kNone, kNone, static_cast<std::uint8_t>(why),
         static_cast<std::int64_t>(len));
}

std::uint32_t Runtime::io_registration(std::uint32_t task, int source, Interest interest,
                                       const Waker& cx_waker, bool& created) {
    Task& t = executor_.task(task);
    auto key = std::make_pair(source, static_cast<int>(interest));
    auto it = t.io_regs.find(key);
    created = it == t.io_regs.end();
    if (!created) return it->second;
    std::uint32_t reg = reactor_.add_registration(source, interest, cx_waker);
    t.io_regs.emplace(key, reg);
    return reg;
}

void Runtime::release_mutex(std::size_t index, std::uint32_t task) {
    resources_.release_mutex(index, task, executor_.label(task), wakers_);
}

void Runtime::wake_task(std::uint32_t id) {
    Task& t = executor_.task(id);
    if (executor_.running() == id) t.woke_itself = true;
    switch (ps::on_wake(t.state)) {  // task.hpp, rules 3-7
        case WakeAction::Schedule: schedule(id, ScheduleReason::Woken); break;
        case WakeAction::Coalesce:
        case WakeAction::Notify: break;
        case WakeAction::TooLate:
            diagnose(DiagKind::WakeAfterComplete, id, current_node(),
                     executor_.label(id) + " was woken after it had completed: the wake does nothing");
            break;
    }
}

void Runtime::start() {
    executor_.policy().set_outside(true);  // the start tasks are spawned by block_on, not by a worker
    // The first task, when it starts with the runtime, is the block_on future (T8, M9): the
    // policies that model block_on poll it there, the others queue it like any task.
    if (scenario_.runtime.main_block_on && !scenario_.tasks.empty() && scenario_.tasks.front().start)
        executor_.policy().set_block_on(static_cast<std::uint32_t>(executor_.task_count()));
    for (const TaskSpec& t : scenario_.tasks)
        if (t.start) spawn(t, kNone);
    executor_.policy().set_outside(false);
    // IO scripted at time 0 is there before the first poll.
    reactor_.fire_due();
}

void Runtime::poll_task(std::uint32_t id) {
    Task& t = executor_.task(id);
    on_poll_start(t.state);
    ++t.polls;
    t.woke_itself = false;
    executor_.begin_poll(id);
    const Nanos began = now_;
    Poll result;
    {
        WakerRef borrowed(WakerTable::borrow(t.poll_waker));  // polling makes no clone
        Context cx(borrowed.get(), id);
        try {
            result = t.future->poll(cx);
        } catch (const TokioContextPanic& p) {
            executor_.end_poll();
            panic(id, p.node);
            return;
        }
    }
    executor_.end_poll();

    // A poll cut short by max_events says nothing about the program: no diagnostics from it.
    const bool cut = over_limit() && !result.ready;
    diagnose_poll(t, now_ - began, result.ready, cut);
    switch (on_poll_end(t.state, result.ready)) {
        case PollOutcome::Complete: complete_task(id, result.value); break;
        case PollOutcome::Requeue: schedule(id, ScheduleReason::Requeued); break;
        case PollOutcome::Park: park_task(t, cut); break;
    }
}

// Blocking compute and busy loops, judged once the poll is over.
void Runtime::diagnose_poll(const Task& task, Nanos took, bool ready, bool cut) {
    Task& t = executor_.task(task.id);
    const RuntimeSpec& s = settings();
    if (!cut && took > s.compute_threshold) {
        diagnose(DiagKind::BlockingCompute, t.id, path_of(t.spec->body),
                 executor_.label(t.id) + " kept the executor busy for " + format_duration(took) +
                     " in one poll (threshold " + format_duration(s.compute_threshold) +
                     "): no other task could run meanwhile");
    }
    if (cut) return;  // leave the busy-loop streak as it is
    if (!t.woke_itself || ready) {
        t.self_wake_streak = 0;
        return;
    }
    if (++t.self_wake_streak >= s.busy_threshold && !t.busy_reported) {
        t.busy_reported = true;
        diagnose(DiagKind::BusyLoop, t.id, t.parked_at,
                 executor_.label(t.id) + " woke itself during each of its last " +
                     std::to_string(t.self_wake_streak) +
                     " polls: a busy loop that keeps the executor spinning without progress");
    }
}

void Runtime::park_task(const Task& t, bool cut) {
    if (cut || t.live_wakers != 0) return;
    diagnose(DiagKind::LostWakeup, t.id, t.parked_at,
             executor_.label(t.id) + " returned Pending from " + where(t.parked_at, "its future") +
                 " but no clone of its waker is alive anywhere: nothing can wake it again (lost wakeup)");
}

void Runtime::complete_task(std::uint32_t id, std::int64_t value) {
    Task& t = executor_.task(id);
    --live_tasks_;
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
    resources_.task_finished(t.spec->name, wakers_);
    emit(EventKind::TaskComplete, id, root, kNone, 0, value);
    if (t.joiners && !t.joiners->empty()) {
        const std::string cause = executor_.label(id) + " completed";
        if (executor_.policy().join_handle_wakes_by_ref())
            t.joiners->wake_all_by_ref(wakers_, cause);  // the clone stays until the JoinHandle drops
        else
            t.joiners->wake_all(wakers_, cause);
    }
}

// ---- the executor loop --------------------------------------------------------------------

void Runtime::advance_to(Nanos t) {
    if (t <= now_) return;
    Nanos from = now_;
    now_ = std::min(t, kMaxVirtualTime);
    emit(EventKind::TimeAdvance, kNone, kNone, kNone, 0, from);
}

bool Runtime::step() {
    if (ended_) return false;
    if (end_request_) {
        if (end_request_->reason != EndReason::Panic && end_request_->reason != EndReason::AllComplete)
            diagnose(DiagKind::EventLimit, kNone, kNone, end_request_->message);
        finish(end_request_->reason, end_request_->message);
        return false;
    }
    if (over_limit()) {
        stop_at_limit();
        return false;
    }
    const Decision d = executor_.next();
    record_policy_events();
    switch (d.turn) {
        case Turn::Poll: poll_task(d.task); break;
        case Turn::DriverYield: turn_driver(false); break;
        case Turn::Park:
            if (reactor_.next_due() < 0 && !executor_.has_deferred()) {
                end_run();
                return false;
            }
            turn_driver(true);
            break;
    }
    return true;
}

// The driver turns: with `park`, time first jumps to the next timer or IO event; then what is
// due fires, and the deferred yield_now wakes run.
void Runtime::turn_driver(bool park) {
    Nanos due = reactor_.next_due();
    if (!park) {
        reactor_.fire_due();
    } else if (due >= 0) {
        // tokio's paused clock moves by whole ticks from the current tick, so a fraction of a
        // millisecond left by a compute is kept (now 30.5ms, timer at 32ms -> 32.5ms).
        Nanos res = executor_.policy().timer_resolution();
        Nanos target = due;
        if (res > 1 && due > now_) target = now_ + (due - now_ / res * res);
        advance_to(target);
        reactor_.fire_due();
    }
    wake_deferred();
}

// Nothing is queued and nothing is due: every task has completed, or the rest deadlocked.
void Runtime::end_run() {
    const std::size_t total = executor_.task_count();
    const std::size_t unfinished = executor_.unfinished();
    if (unfinished == 0) {
        finish(EndReason::AllComplete,
               "all " + std::to_string(total) + " tasks completed at t=" + format_time(now_));
        return;
    }
    check_deadlock();
    finish(EndReason::Deadlock, std::to_string(unfinished) + " of " + std::to_string(total) +
                                    " tasks are still pending and nothing is left that could wake them");
}

void Runtime::wake_deferred() {
    if (!executor_.has_deferred()) return;
    for (Waker& w : executor_.take_deferred())
        wakers_.wake_with(w, HolderKind::Executor, "the driver turned: deferred yield_now wake");
}

void Runtime::yield_wake(const Waker& cx_waker) {
    if (executor_.policy().polls_on_own_thread(executor_.running())) {
        // M9: the block_on thread wakes its deferred list itself before it parks, so the clone
        // is consumed at once and the block_on future is polled again next.
        Waker deferred = wakers_.clone_for(cx_waker, HolderKind::Executor, "block_on's deferred list");
        wakers_.wake_with(deferred, HolderKind::Executor,
                          "block_on wakes its deferred yield_now before parking");
        return;
    }
    if (executor_.policy().defers_yield()) {
        executor_.defer(wakers_.clone_for(cx_waker, HolderKind::Executor,
                                          "the deferred list (woken after the driver turns)"));
        return;
    }
    wakers_.annotate(HolderKind::Executor, "yield_now asks to be polled again");
    cx_waker.wake_by_ref();
}

bool Runtime::coop_proceed(const Waker& cx_waker) {
    if (executor_.budget_left()) return true;
    wakers_.annotate(HolderKind::Executor, "cooperative budget used up: the task must yield");
    cx_waker.wake_by_ref();
    return false;
}

Nanos Runtime::round_deadline(Nanos deadline) const {
    Nanos res = executor_.policy().timer_resolution();
    if (res <= 1) return deadline;
    return (deadline + res - 1) / res * res;
}

Nanos Runtime::round_down(Nanos t) const {
    Nanos res = executor_.policy().timer_resolution();
    return res <= 1 ? t : t / res * res;
}

std::string Runtime::deadlock_message(const Task& t) const {
    std::string msg =
        "deadlock: " + executor_.label(t.id) + " waits at " + where(t.parked_at, "its first await");
    if (t.live_wakers > 0) {
        msg += "; its waker";
        msg += t.live_wakers == 1 ? " is" : "s are";
        msg += " held by ";
        bool first = true;
        for (const WakerRecord* r : wakers_.live_clones(t.id)) {
            if (!first) msg += ", ";
            first = false;
            msg += std::string(trace_.strings.get(r->holder)) + " (waker #" + std::to_string(r->id) + ")";
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
    return msg;
}

void Runtime::check_deadlock() {
    for (const auto& tp : executor_.tasks())
        if (!tp->finished()) diagnose(DiagKind::Deadlock, tp->id, tp->parked_at, deadlock_message(*tp));
}

// The run hit max_events, max_live_tasks or the end of virtual time: each stops it the same way
// (kind event_limit).
void Runtime::stop_at_limit() {
    if (now_ >= kMaxVirtualTime) {
        diagnose(DiagKind::EventLimit, kNone, kNone,
                 "virtual time reached " + format_time(kMaxVirtualTime) +
                     " (2^62 ns, about 146 years) and the run was stopped; a task may be burning "
                     "CPU time or sleeping in a loop forever");
        finish(EndReason::EventLimit, "stopped at the end of virtual time (2^62 ns)");
        return;
    }
    if (over_task_limit()) {
        const std::string limit = std::to_string(scenario_.runtime.max_live_tasks);
        diagnose(DiagKind::EventLimit, kNone, kNone,
                 "more than " + limit +
                     " tasks were alive at once and the run was stopped (max_live_tasks); a task may be "
                     "spawning without end");
        finish(EndReason::EventLimit, "stopped at the live-task limit (" + limit + " tasks)");
        return;
    }
    diagnose(DiagKind::EventLimit, kNone, kNone,
             "the run did not end within " + std::to_string(max_events_) +
                 " events and was stopped (max_events); a task may be looping forever");
    finish(EndReason::EventLimit, "stopped at the event limit (" + std::to_string(max_events_) + " events)");
}

// A tokio timer or socket polled without tokio's reactor (futures/tokio_context.hpp): the panic
// unwinds out of the poll (the futures being polled end there, without returning) and out of
// the executor's loop, which ends the program.
void Runtime::panic(std::uint32_t id, std::uint32_t node) {
    poll_stack_.clear();
    const std::string message = std::string(kNoTokioReactor);
    diagnose(DiagKind::Panic, id, node,
             executor_.label(id) + " panicked in " + where(node, "its future") + ": " + message);
    finish(EndReason::Panic, executor_.label(id) + " panicked: '" + message + "'");
}

void Runtime::finish(EndReason reason, std::string message) {
    ended_ = true;
    emit(EventKind::RunEnd, kNone, kNone, kNone, static_cast<std::uint8_t>(reason), intern(message));
    trace_.meta.end = reason;
    trace_.meta.end_message = std::move(message);
}

}  // namespace ps
