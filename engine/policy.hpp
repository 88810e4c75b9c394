// Scheduling policies: who is polled next, and when the reactor (tokio: the driver) turns.
//
// The executor asks the policy at every tick and carries out its decision. A policy only
// orders tasks; the task state rules (task.hpp) decide whether a task is queued at all, so a
// task is in at most one queue at a time. Each policy documents its rules in plain words here
// and in the README; tests/policy_test.cpp checks each rule.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "time.hpp"
#include "trace.hpp"

namespace ps {

enum class Turn : std::uint8_t {
    Poll,         // poll `task`
    DriverYield,  // fire what is due now (timers, IO), wake deferred tasks; time does not move
    Park,         // nothing to run: advance time to the next event, fire it, wake deferred tasks
};

struct Decision {
    Turn turn = Turn::Park;
    std::uint32_t task = kNone;
};

class SchedulePolicy {
public:
    virtual ~SchedulePolicy() = default;
    virtual const char* name() const = 0;
    // A task became runnable (spawned, woken, or re-queued after a wake while running).
    virtual void push(std::uint32_t task, ScheduleReason why) = 0;
    // What to do next. `deferred` says whether yield_now wakes are waiting for the driver.
    virtual Decision next(bool deferred) = 0;
    virtual std::size_t len() const = 0;
    // Queued tasks in the order they will run (for the views).
    virtual std::vector<std::uint32_t> queued() const = 0;

    // ---- runtime traits that differ between real runtimes
    // Granularity of timer deadlines (tokio's wheel: 1 ms, rounded up). 1 = exact.
    virtual Nanos timer_resolution() const { return 1; }
    // tokio: a sleep is Ready only once the driver fired its timer. Otherwise the clock is read.
    virtual bool timers_fire_through_driver() const { return false; }
    // tokio 1.24: yield_now clones the waker into a deferred list woken after the driver turns.
    virtual bool defers_yield() const { return false; }
    // tokio's cooperative budget per task poll (0 = unlimited).
    virtual int coop_budget() const { return 0; }
};

// `fifo`: the simple executor of the async book. Rules:
//   F1. one FIFO run queue; spawns and wakes push to the back;
//   F2. the front task is polled; the reactor turns only when the queue is empty;
//   F3. timers fire at their exact deadline; a sleep past its deadline is Ready when polled;
//   F4. yield_now wakes its task at once (wake_by_ref), so it goes to the back of the queue.
class FifoPolicy final : public SchedulePolicy {
public:
    const char* name() const override { return "fifo"; }
    void push(std::uint32_t task, ScheduleReason) override { queue_.push_back(task); }
    Decision next(bool) override {
        if (queue_.empty()) return {Turn::Park, kNone};
        std::uint32_t t = queue_.front();
        queue_.pop_front();
        return {Turn::Poll, t};
    }
    std::size_t len() const override { return queue_.size(); }
    std::vector<std::uint32_t> queued() const override { return {queue_.begin(), queue_.end()}; }

private:
    std::deque<std::uint32_t> queue_;
};

// `tokio-current-thread`: tokio 1.24's current_thread scheduler with paused time
// (runtime/scheduler/current_thread.rs, runtime/time/, task/yield_now.rs). Rules:
//   T1. wakes and spawns from the runtime thread push to the back of the local queue;
//   T2. each scheduler tick takes the front of the local queue; every 31st tick
//       (global_queue_interval) the injection queue is looked at first (it only receives
//       wakes from other threads, which scenarios do not have, so it stays empty);
//   T3. after 61 polls in a row (event_interval) the driver is polled without blocking
//       (park_yield): timers due now fire, deferred wakes run; the count restarts;
//   T4. when the local queue is empty the thread parks: if yield_now wakes are deferred it
//       only yields to the driver, otherwise the paused clock jumps to the next timer; then
//       deferred wakes run, and the count of T3 restarts;
//   T5. timer deadlines are rounded up to the wheel's 1 ms ticks; timers of the same tick
//       fire in the order they were registered; a sleep is Ready only once its timer fired;
//   T6. yield_now clones the waker into the deferred list (woken after the driver turns);
//   T7. each task poll has a cooperative budget of 128 operations on tokio resources
//       (sleep, channels, mutex, join handles, IO); when it runs out they return Pending
//       and wake the task, which goes to the back of the queue.
class TokioCurrentThreadPolicy final : public SchedulePolicy {
public:
    static constexpr int kEventInterval = 61;
    static constexpr std::uint32_t kGlobalQueueInterval = 31;
    static constexpr int kBudget = 128;

    const char* name() const override { return "tokio-current-thread"; }
    void push(std::uint32_t task, ScheduleReason) override { local_.push_back(task); }
    Decision next(bool deferred) override;
    std::size_t len() const override { return local_.size() + inject_.size(); }
    std::vector<std::uint32_t> queued() const override;
    Nanos timer_resolution() const override { return kMilli; }
    bool timers_fire_through_driver() const override { return true; }
    bool defers_yield() const override { return true; }
    int coop_budget() const override { return kBudget; }

    std::uint32_t tick() const { return tick_; }

private:
    std::deque<std::uint32_t> local_;
    std::deque<std::uint32_t> inject_;
    std::uint32_t tick_ = 0;
    int polls_since_driver_ = 0;
};

// nullptr for an unknown name.
std::unique_ptr<SchedulePolicy> make_policy(const std::string& name);

}  // namespace ps
