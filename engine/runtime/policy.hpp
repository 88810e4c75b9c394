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

#include "engine/model/time.hpp"
#include "engine/trace/trace.hpp"

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

// Something a multi-worker policy did that the trace should show (steal, park, unpark).
struct PolicyEvent {
    EventKind kind = EventKind::Steal;
    std::uint8_t worker = 0;
    std::uint32_t task = kNone;
    std::uint8_t detail = 0;
    std::int64_t arg = 0;
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

    // ---- simulated worker threads (1 for single-threaded policies)
    virtual int workers() const { return 1; }
    // The worker acting now: the events of this step carry it.
    virtual std::uint8_t current_worker() const { return 0; }
    // Steals, parks and unparks since the last call, in order.
    virtual std::vector<PolicyEvent> drain_events() { return {}; }
    // Called before the runtime spawns the start tasks and after (outside any worker).
    virtual void set_outside(bool) {}
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

// `tokio-multi-thread`: tokio 1.24's multi_thread scheduler (scheduler/multi_thread/worker.rs),
// simulated with N workers that act one at a time; which worker acts next is drawn from the
// seeded generator (real threads run at once; here their steps interleave). Rules:
//   M1. tasks spawned from outside the runtime (the start tasks) go to the injection queue;
//   M2. a wake or spawn on a worker puts the task in that worker's LIFO slot; the task that
//       was there moves to the back of the worker's local queue (and an idle worker is woken,
//       since there is now work to steal);
//   M3. a task woken while it ran is re-queued at the back of the local queue, not the slot;
//   M4. a worker takes, in order: the LIFO slot, its local queue, the injection queue; every
//       31st tick it looks at the injection queue first;
//   M5. a worker with nothing to do steals: it picks a random victim to start from and takes
//       half of the first non-empty local queue it finds (never the LIFO slot); it runs one
//       stolen task and keeps the rest; at most half the workers search at once;
//   M6. a worker that finds nothing parks; when every worker is parked the driver runs: time
//       jumps to the next timer, and the tasks it wakes go to the LIFO slot / queue of the
//       worker that parked on the driver (the first to park);
//   M7. every 61 ticks a worker polls the driver without blocking (maintenance);
//   M8. timers, yield_now and the coop budget behave as in tokio-current-thread (T5-T7).
// Simplification: virtual time is one clock for all workers (polls do not overlap in time).
class TokioMultiThreadPolicy final : public SchedulePolicy {
public:
    static constexpr std::size_t kLocalCapacity = 256;
    TokioMultiThreadPolicy(int workers, std::uint64_t seed);
    const char* name() const override { return "tokio-multi-thread"; }
    void push(std::uint32_t task, ScheduleReason why) override;
    Decision next(bool deferred) override;
    std::size_t len() const override;
    std::vector<std::uint32_t> queued() const override;
    Nanos timer_resolution() const override { return kMilli; }
    bool timers_fire_through_driver() const override { return true; }
    bool defers_yield() const override { return true; }
    int coop_budget() const override { return TokioCurrentThreadPolicy::kBudget; }
    int workers() const override { return static_cast<int>(workers_.size()); }
    std::uint8_t current_worker() const override { return static_cast<std::uint8_t>(current_ < 0 ? 0 : current_); }
    std::vector<PolicyEvent> drain_events() override;
    void set_outside(bool outside) override { outside_ = outside; }

    struct Worker {
        std::deque<std::uint32_t> local;
        std::uint32_t lifo = kNone;
        bool parked = false;
        std::uint32_t tick = 0;
        int since_maintenance = 0;
    };
    const std::vector<Worker>& worker_state() const { return workers_; }
    const std::deque<std::uint32_t>& inject() const { return inject_; }

private:
    std::uint64_t random();
    void push_local(Worker& w, std::uint32_t task);
    void notify_parked();
    bool try_steal(int thief, std::uint32_t& task);

    std::vector<Worker> workers_;
    std::vector<int> awake_;          // scratch for next(): workers not parked
    std::deque<std::uint32_t> inject_;
    std::vector<int> sleepers_;       // parked workers, most recent last
    int driver_ = -1;                 // worker parked on the driver
    int current_ = -1;
    bool outside_ = false;
    std::uint64_t rng_;
    std::vector<PolicyEvent> events_;
};

// `smol`: async-executor 1.5 (smol's executor) with N runners. Rules:
//   S1. every wake and spawn pushes to the global queue (then one sleeping runner is woken);
//   S2. a runner takes from its local queue first; when that is empty it pops one task from
//       the global queue and moves about half of the rest into its local queue;
//   S3. with both empty it steals about half of another runner's local queue, trying runners
//       from a random start;
//   S4. every 64 ticks a runner moves about half of the global queue into its local queue, so
//       tasks waiting there are not starved by a busy local queue;
//   S5. timers fire at their exact deadlines (async-io's timers); yield_now wakes at once.
// Simplification as for tokio-multi-thread: one virtual clock, runners act one at a time.
class SmolPolicy final : public SchedulePolicy {
public:
    static constexpr std::size_t kLocalCapacity = 512;
    SmolPolicy(int runners, std::uint64_t seed);
    const char* name() const override { return "smol"; }
    void push(std::uint32_t task, ScheduleReason why) override;
    Decision next(bool deferred) override;
    std::size_t len() const override;
    std::vector<std::uint32_t> queued() const override;
    int workers() const override { return static_cast<int>(runners_.size()); }
    std::uint8_t current_worker() const override { return static_cast<std::uint8_t>(current_ < 0 ? 0 : current_); }
    std::vector<PolicyEvent> drain_events() override;

    struct Runner {
        std::deque<std::uint32_t> local;
        bool sleeping = false;
        std::uint64_t ticks = 0;
    };
    const std::vector<Runner>& runner_state() const { return runners_; }

private:
    std::uint64_t random();
    void steal_half(std::deque<std::uint32_t>& from, std::deque<std::uint32_t>& to);

    std::vector<Runner> runners_;
    std::vector<int> awake_;          // scratch for next(): runners not sleeping
    std::deque<std::uint32_t> global_;
    int current_ = -1;
    std::uint64_t rng_;
    std::vector<PolicyEvent> events_;
};

// nullptr for an unknown name. `workers` is used by the multi-worker policies.
std::unique_ptr<SchedulePolicy> make_policy(const std::string& name, int workers = 4, std::uint64_t seed = 1);

}  // namespace ps
