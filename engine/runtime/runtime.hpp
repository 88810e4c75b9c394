// Runtime: the executor, the reactor, the tasks and the resources of one run, and the only
// writer of the trace.
//
// One `step()` is one executor tick: it polls exactly one task, or, when the scheduling policy
// says so (for fifo: when the run queue is empty), turns the reactor, which advances virtual
// time to the next timer or IO event and wakes whoever registered for it.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/runtime/future.hpp"
#include "engine/runtime/policy.hpp"
#include "engine/runtime/reactor.hpp"
#include "engine/model/scenario.hpp"
#include "engine/runtime/sync.hpp"
#include "engine/runtime/task.hpp"
#include "engine/trace/trace.hpp"
#include "engine/runtime/waker.hpp"

namespace ps {

struct Task {
    std::uint32_t id = 0;
    const TaskSpec* spec = nullptr;
    std::string name;
    TaskRunState state = TaskRunState::NotStarted;
    FuturePtr future;
    WakerRecord poll_waker;           // the borrowed waker passed in Context (id kNone)
    std::uint32_t live_wakers = 0;    // clones alive: the task's reference count minus the executor's
    std::uint32_t polls = 0;
    bool woke_itself = false;         // during the current poll
    int self_wake_streak = 0;
    bool busy_reported = false;
    std::uint32_t parked_at = kNone;  // path of the leaf that last returned Pending
    std::uint32_t last_drop_step = kNone;
    std::uint32_t last_drop_path = kNone;
    std::uint32_t last_drop_waker = kNone;
    std::int64_t result = 0;
    std::vector<std::size_t> held_mutexes;
    std::map<std::string, std::uint32_t> handles;          // task spec -> instance it spawned last
    std::map<std::pair<int, int>, std::uint32_t> io_regs;   // (source, interest) -> registration
    std::unique_ptr<WaitQueue> joiners;
};

struct RuntimeLimits {
    std::int64_t max_events = 200'000;
};

class Runtime {
public:
    Runtime(const Scenario& scenario, Trace& trace, std::unique_ptr<SchedulePolicy> policy,
            std::uint64_t seed, std::int64_t max_events);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Spawns every start:true task. Call once before stepping.
    void start();
    // One executor tick. Returns false once the run has ended (run_end recorded).
    bool step();
    bool ended() const { return ended_; }
    // True once the trace reached max_events: loops inside one poll stop early and the next
    // step() ends the run with a diagnostic.
    bool over_limit() const { return static_cast<std::int64_t>(trace_.size()) >= max_events_; }
    std::uint32_t running() const { return running_; }
    const Scenario& scenario() const { return scenario_; }
    const TaskSpec* task_spec(const std::string& name) const;

    // ---- time
    Nanos now() const { return now_; }
    void burn(Nanos d) { now_ += d; }               // CPU time inside a poll
    void advance_to(Nanos t);                        // reactor jump (records time_advance)
    const RuntimeSpec& settings() const { return scenario_.runtime; }

    // ---- trace
    std::uint32_t emit(EventKind kind, std::uint32_t task, std::uint32_t node, std::uint32_t waker,
                       std::uint8_t detail, std::int64_t arg);
    std::uint32_t intern(std::string_view s) { return trace_.strings.intern(s); }
    std::uint32_t current_node() const { return poll_stack_.empty() ? kNone : poll_stack_.back(); }
    void push_node(std::uint32_t path) { poll_stack_.push_back(path); }
    void pop_node() { poll_stack_.pop_back(); }
    std::uint32_t path_of(const FutureSpec& spec) const;
    std::uint64_t next_instance() { return ++instances_; }
    std::uint32_t task_poll_number(std::uint32_t task) const { return tasks_[task]->polls; }
    std::uint32_t diagnose(DiagKind kind, std::uint32_t task, std::uint32_t node, std::uint32_t waker,
                           const std::string& message);

    // ---- wakers
    // Says who will hold the next clone, or why the next wake/drop happens (see waker.hpp).
    void annotate(HolderKind kind, std::string text) { annot_kind_ = kind; annot_text_ = std::move(text); }
    Waker clone_for(const Waker& w, HolderKind kind, std::string holder) {
        annotate(kind, std::move(holder));
        return w.clone();
    }
    void drop_with(Waker& w, HolderKind kind, std::string why) {
        if (!w) return;
        annotate(kind, std::move(why));
        w.reset();
    }
    void wake_with(Waker& w, HolderKind kind, std::string cause) {
        if (!w) return;
        annotate(kind, std::move(cause));
        w.wake();
    }
    const WakerRecord* record(std::uint32_t id) const { return id < records_.size() ? &records_[id] : nullptr; }

    // ---- policy-dependent behaviour
    // yield_now's wake: at once (fifo) or deferred until the driver turns (tokio).
    void yield_wake(const Waker& cx_waker);
    // tokio's coop::poll_proceed: false (after waking the task) when the budget is used up.
    bool coop_proceed(const Waker& cx_waker);
    void coop_progress();
    Nanos round_deadline(Nanos deadline) const;
    Nanos round_down(Nanos t) const;
    bool timers_fire_through_driver() const;
    const SchedulePolicy& policy() const { return *policy_; }

    // ---- tasks
    std::uint32_t spawn(const TaskSpec& spec, std::uint32_t parent);
    Task& task(std::uint32_t id) { return *tasks_[id]; }
    const Task& task(std::uint32_t id) const { return *tasks_[id]; }
    std::size_t task_count() const { return tasks_.size(); }
    // Latest instance of a task spec, or kNone.
    std::uint32_t latest_instance(const std::string& spec_name) const;
    WaitQueue& spawn_waiters(const std::string& spec_name);
    std::string task_label(std::uint32_t id) const;

    // The task's registration for (source, interest), created on first use; it lasts until the
    // task ends, like a tokio socket's registration lasts as long as the socket.
    std::uint32_t io_registration(std::uint32_t task, int source, Interest interest, const Waker& cx_waker, bool& created);

    // ---- resources
    Reactor& reactor() { return reactor_; }
    Channel* channel(const std::string& name);
    AsyncMutex* mutex(const std::string& name);
    NotifyRes* notify(const std::string& name);
    std::size_t mutex_index(const std::string& name) const;
    void release_mutex(std::size_t index, std::uint32_t task);

    // Deterministic random numbers from the recorded seed (splitmix64).
    std::uint64_t random();
    std::uint32_t random_below(std::uint32_t n) { return n == 0 ? 0 : static_cast<std::uint32_t>(random() % n); }

    // vtable entry points (static trampolines in runtime.cpp call these)
    RawWaker vt_clone(const WakerRecord& r);
    void vt_wake(WakerRecord& r, bool by_ref);
    void vt_drop(WakerRecord& r);

private:
    void poll_task(std::uint32_t id);
    void wake_deferred();
    void complete_task(std::uint32_t id, std::int64_t value);
    void wake_task(std::uint32_t id);
    void finish(EndReason reason, std::string message);
    void check_deadlock();
    RawWaker raw_for(WakerRecord& r);
    std::pair<HolderKind, std::string> take_annotation();

    const Scenario& scenario_;
    Trace& trace_;
    std::unique_ptr<SchedulePolicy> policy_;
    Reactor reactor_;
    Nanos now_ = 0;
    std::uint64_t rng_;
    std::int64_t max_events_;
    bool ended_ = false;
    bool tearing_down_ = false;
    std::uint32_t running_ = kNone;
    std::uint64_t instances_ = 0;
    int budget_ = -1;                               // coop budget left in this poll (-1 = unlimited)
    std::vector<Waker> deferred_;                   // yield_now wakes waiting for the driver

    std::vector<std::unique_ptr<Task>> tasks_;
    std::deque<WakerRecord> records_;               // by waker id; ids never reused
    std::vector<std::uint32_t> poll_stack_;
    HolderKind annot_kind_ = HolderKind::None;
    std::string annot_text_;

    std::unordered_map<const FutureSpec*, std::uint32_t> paths_;   // lookups only
    std::unordered_map<const TaskSpec*, int> instances_of_;       // lookups only
    std::map<std::string, std::size_t> channel_index_, mutex_index_, notify_index_;
    std::deque<Channel> channels_;
    std::deque<AsyncMutex> mutexes_;
    std::deque<NotifyRes> notifies_;
    std::map<std::string, std::unique_ptr<WaitQueue>> spawn_waiters_;
    std::map<std::string, std::vector<std::size_t>> sends_of_task_;  // task spec -> channels it sends on
    std::map<std::string, std::vector<std::size_t>> recvs_of_task_;  // task spec -> channels it receives from
};

}  // namespace ps
