// The executor: the task table, the run queue(s) behind the scheduling policy, and the
// per-poll state the policy's hooks need (the coop budget, the deferred yield_now wakes).
//
// Rules:
//   E1. a task is queued only when its state rules say so (task.hpp); `schedule` is the one
//       place a task enters the policy's queues, and it returns the queue length to record;
//   E2. one task runs at a time: `begin_poll` / `end_poll` bracket it and refill the coop
//       budget from the policy (T7);
//   E3. a yield_now wake the policy defers (T6) waits in the deferred list until the driver
//       turns; `take_deferred` hands the whole list over at once, in the order it was filled;
//   E4. task ids count up from 0 in spawn order and are never reused; the n-th instance of a
//       task spec is named "name#n" from the second one on.
//
// The executor writes no trace: the Runtime records what its decisions did.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/runtime/future.hpp"
#include "engine/runtime/policy.hpp"
#include "engine/runtime/task.hpp"
#include "engine/runtime/wait_queue.hpp"
#include "engine/runtime/waker.hpp"

namespace ps {

class WakerTable;

struct Task {
    std::uint32_t id = 0;
    const TaskSpec* spec = nullptr;
    std::string name;
    TaskRunState state = TaskRunState::NotStarted;
    FuturePtr future;
    WakerRecord poll_waker;         // the borrowed waker passed in Context (id kNone)
    std::uint32_t live_wakers = 0;  // clones alive: the task's reference count minus the executor's
    std::uint32_t polls = 0;
    bool woke_itself = false;  // during the current poll
    int self_wake_streak = 0;
    bool busy_reported = false;
    std::uint32_t parked_at = kNone;  // path of the leaf that last returned Pending
    std::uint32_t last_drop_step = kNone;
    std::uint32_t last_drop_path = kNone;
    std::uint32_t last_drop_waker = kNone;
    std::int64_t result = 0;
    std::vector<std::size_t> held_mutexes;
    std::map<std::string, std::uint32_t> handles;          // task spec -> instance it spawned last
    std::map<std::pair<int, int>, std::uint32_t> io_regs;  // (source, interest) -> registration
    std::unique_ptr<WaitQueue> joiners;                    // made by join_waiters() when a handle first waits

    // The join handles waiting for this task (made on first use: most tasks have none).
    WaitQueue& join_waiters();

    bool finished() const { return state == TaskRunState::Complete || state == TaskRunState::Cancelled; }
};

class Executor {
public:
    explicit Executor(std::unique_ptr<SchedulePolicy> policy) : policy_(std::move(policy)) {}

    // ---- the task table (E4)
    Task& add_task(const TaskSpec& spec, WakerTable& wakers);
    Task& task(std::uint32_t id) { return *tasks_[id]; }
    const Task& task(std::uint32_t id) const { return *tasks_[id]; }
    std::size_t task_count() const { return tasks_.size(); }
    const std::vector<std::unique_ptr<Task>>& tasks() const { return tasks_; }
    // Latest instance of a task spec, or kNone.
    std::uint32_t latest_instance(const std::string& spec_name) const;
    std::size_t unfinished() const;
    std::string label(std::uint32_t id) const;

    // ---- the run queue (E1)
    [[nodiscard]] std::size_t schedule(std::uint32_t id, ScheduleReason why) {
        policy_->push(id, why);
        return policy_->len();
    }
    [[nodiscard]] Decision next() { return policy_->next(!deferred_.empty()); }
    SchedulePolicy& policy() { return *policy_; }
    const SchedulePolicy& policy() const { return *policy_; }

    // ---- the running task and its coop budget (E2)
    void begin_poll(std::uint32_t id) {
        running_ = id;
        budget_ = policy_->coop_budget() > 0 ? policy_->coop_budget() : -1;
    }
    void end_poll() { running_ = kNone; }
    std::uint32_t running() const { return running_; }
    [[nodiscard]] bool budget_left() const { return budget_ != 0; }
    void spend_budget() {
        if (budget_ > 0) --budget_;
    }

    // ---- deferred yield_now wakes (E3)
    void defer(Waker w) { deferred_.push_back(std::move(w)); }
    bool has_deferred() const { return !deferred_.empty(); }
    [[nodiscard]] std::vector<Waker> take_deferred() { return std::exchange(deferred_, {}); }

    // Drops every future and parked waker without recording anything (teardown only).
    void clear_silently();

    // "task 3 'worker'"
    static std::string label_of(std::uint32_t id, const std::string& name);

private:
    std::unique_ptr<SchedulePolicy> policy_;
    std::vector<std::unique_ptr<Task>> tasks_;
    std::unordered_map<const TaskSpec*, int> instances_of_;  // lookups only
    std::uint32_t running_ = kNone;
    int budget_ = -1;              // coop budget left in this poll (-1 = unlimited)
    std::vector<Waker> deferred_;  // yield_now wakes waiting for the driver
};

}  // namespace ps
