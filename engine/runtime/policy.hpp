// Scheduling policies: who is polled next, and when the reactor (tokio: the driver) turns.
//
// The executor asks the policy at every tick and carries out its decision. A policy only
// orders tasks; the task state rules (task.hpp) decide whether a task is queued at all, so a
// task is in at most one queue at a time. The rules of each policy, in plain words, are in the
// registry (engine/model/policies.cpp, numbered F1.., T1.., M1.., S1.., A1.. there and here);
// tests/policy_test.cpp checks each rule, and that the registry and `make_policy` agree.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
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

    // ---- runtime traits that differ between real runtimes
    // Granularity of timer deadlines (tokio's wheel: 1 ms, rounded up). 1 = exact.
    virtual Nanos timer_resolution() const { return 1; }
    // tokio: a sleep is Ready only once the driver fired its timer. Otherwise the clock is read.
    virtual bool timers_fire_through_driver() const { return false; }
    // tokio 1.24: yield_now clones the waker into a deferred list woken after the driver turns.
    virtual bool defers_yield() const { return false; }
    // tokio's cooperative budget per task poll (0 = unlimited).
    virtual int coop_budget() const { return 0; }
    // tokio 1.24's join! starts each poll one branch further on (macros/join.rs,
    // `skip_next_time`); futures::join! always starts with the first branch.
    virtual bool join_rotates() const { return false; }
    // tokio: a task's completion wakes its JoinHandle with wake_by_ref (runtime/task/harness.rs,
    // `wake_join`); async-task (smol) consumes the waker with wake().
    virtual bool join_handle_wakes_by_ref() const { return false; }
    // The task that is the block_on future (`#[tokio::main]`'s body), or kNone: a push of it
    // only marks it woken, and the scheduler polls it where block_on does (T8, M9). Policies
    // without a block_on model ignore it, and the task is queued like any other.
    virtual void set_block_on(std::uint32_t) {}
    // True when `task` is polled on a thread of its own (M9): its deferred yield_now wakes are
    // woken right after its poll, before that thread parks (runtime/park.rs, block_on).
    virtual bool polls_on_own_thread(std::uint32_t) const { return false; }
    // True for tokio's schedulers, which run tokio's reactor whatever the scenario says: under the
    // others `"reactor": "none"` makes tokio's timers and sockets panic.
    virtual bool has_tokio_reactor() const { return false; }

    // ---- simulated worker threads (1 for single-threaded policies)
    virtual int workers() const { return 1; }
    // The worker acting now: the events of this step carry it.
    virtual std::uint8_t current_worker() const { return 0; }
    // Steals, parks and unparks since the last call, in order.
    virtual std::vector<PolicyEvent> drain_events() { return {}; }
    // Called before the runtime spawns the start tasks and after (outside any worker).
    virtual void set_outside(bool) {}
};

// `fifo`: the simple executor of the async book (rules F1-F4).
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

private:
    std::deque<std::uint32_t> queue_;
};

// `tokio-current-thread`: tokio 1.24's current_thread scheduler with paused time (rules T1-T9;
// runtime/scheduler/current_thread.rs, runtime/time/, task/yield_now.rs).
class TokioCurrentThreadPolicy final : public SchedulePolicy {
public:
    static constexpr int kEventInterval = 61;
    static constexpr std::uint32_t kGlobalQueueInterval = 31;
    static constexpr int kBudget = 128;

    const char* name() const override { return "tokio-current-thread"; }
    void push(std::uint32_t task, ScheduleReason) override {
        if (task == block_on_)
            block_on_woken_ = true;  // T8
        else
            local_.push_back(task);
    }
    Decision next(bool deferred) override;
    // Tasks waiting to be polled: the queues, and the block_on future when it was woken (T8).
    std::size_t len() const override { return local_.size() + inject_.size() + (block_on_woken_ ? 1 : 0); }
    Nanos timer_resolution() const override { return kMilli; }
    bool timers_fire_through_driver() const override { return true; }
    bool defers_yield() const override { return true; }
    int coop_budget() const override { return kBudget; }
    bool join_rotates() const override { return true; }
    bool join_handle_wakes_by_ref() const override { return true; }
    bool has_tokio_reactor() const override { return true; }
    void set_block_on(std::uint32_t task) override { block_on_ = task; }

private:
    std::deque<std::uint32_t> local_;
    std::deque<std::uint32_t> inject_;
    std::uint32_t tick_ = 0;
    int polls_since_driver_ = 0;
    std::uint32_t block_on_ = kNone;
    bool block_on_woken_ = false;
    bool at_top_ = true;  // at the top of block_on's loop, where the block_on future is polled
};

// What tokio-multi-thread and smol share: simulated workers that act one at a time, which one
// acts next drawn from a generator seeded by the run's seed, and the steals, parks and unparks
// the trace should show.
class MultiWorkerPolicy : public SchedulePolicy {
public:
    std::uint8_t current_worker() const final {
        return static_cast<std::uint8_t>(current_ < 0 ? 0 : current_);
    }
    std::vector<PolicyEvent> drain_events() final;

protected:
    explicit MultiWorkerPolicy(std::uint64_t seed) : rng_(seed) {}
    std::uint64_t random();
    // The workers i < n that are not idle(i), in order (a scratch vector, reused).
    template <typename Idle>
    const std::vector<int>& awake(std::size_t n, Idle idle) {
        awake_.clear();
        for (std::size_t i = 0; i < n; ++i)
            if (!idle(i)) awake_.push_back(static_cast<int>(i));
        return awake_;
    }
    void record(EventKind kind, int worker, std::uint32_t task = kNone, std::uint8_t detail = 0,
                std::int64_t arg = 0) {
        events_.push_back({kind, static_cast<std::uint8_t>(worker), task, detail, arg});
    }

    int current_ = -1;

private:
    std::uint64_t rng_;
    std::vector<int> awake_;
    std::vector<PolicyEvent> events_;
};

// `tokio-multi-thread`: tokio 1.24's multi_thread scheduler (scheduler/multi_thread/worker.rs;
// rules M1-M9) with N simulated workers that act one at a time, in an order drawn from the seed.
class TokioMultiThreadPolicy final : public MultiWorkerPolicy {
public:
    static constexpr std::size_t kLocalCapacity = 256;
    TokioMultiThreadPolicy(int workers, std::uint64_t seed);
    const char* name() const override { return "tokio-multi-thread"; }
    void push(std::uint32_t task, ScheduleReason why) override;
    Decision next(bool deferred) override;
    std::size_t len() const override;
    Nanos timer_resolution() const override { return kMilli; }
    bool timers_fire_through_driver() const override { return true; }
    bool defers_yield() const override { return true; }
    int coop_budget() const override { return TokioCurrentThreadPolicy::kBudget; }
    bool join_rotates() const override { return true; }
    bool join_handle_wakes_by_ref() const override { return true; }
    bool has_tokio_reactor() const override { return true; }
    void set_block_on(std::uint32_t task) override { block_on_ = task; }
    bool polls_on_own_thread(std::uint32_t task) const override { return task != kNone && task == block_on_; }
    int workers() const override { return static_cast<int>(workers_.size()); }
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
    void push_local(Worker& w, std::uint32_t task);
    void notify_parked();
    bool try_steal(int thief, std::uint32_t& task);

    std::vector<Worker> workers_;
    std::deque<std::uint32_t> inject_;
    std::vector<int> sleepers_;  // parked workers, most recent last
    int driver_ = -1;            // worker parked on the driver
    bool outside_ = false;
    std::uint32_t block_on_ = kNone;  // M9: polled on the thread that called block_on
    bool block_on_woken_ = false;
};

// `smol`: async-executor 1.5 (smol's executor) with N runners (rules S1-S5).
class SmolPolicy final : public MultiWorkerPolicy {
public:
    static constexpr std::size_t kLocalCapacity = 512;
    SmolPolicy(int runners, std::uint64_t seed);
    const char* name() const override { return "smol"; }
    void push(std::uint32_t task, ScheduleReason why) override;
    Decision next(bool deferred) override;
    std::size_t len() const override;
    int workers() const override { return static_cast<int>(runners_.size()); }

    struct Runner {
        std::deque<std::uint32_t> local;
        bool sleeping = false;
        std::uint64_t ticks = 0;
    };
    const std::vector<Runner>& runner_state() const { return runners_; }

private:
    void steal_half(std::deque<std::uint32_t>& from, std::deque<std::uint32_t>& to);

    std::vector<Runner> runners_;
    std::deque<std::uint32_t> global_;
};

// `async-std`: async-std 1.12 (rules A1-A7). Its executor is smol's (async-executor), run by
// async-global-executor's threads, so the runners are a SmolPolicy (S1-S4 are A2 and A4). What
// differs from smol: the block_on future is polled on the thread that called block_on, as soon
// as it is woken, and never queued (A1); the number of runners comes from the CPUs, not 1 (A3,
// which the simulation takes from --workers like the others).
class AsyncStdPolicy final : public SchedulePolicy {
public:
    AsyncStdPolicy(int runners, std::uint64_t seed) : runners_(runners, seed) {}
    const char* name() const override { return "async-std"; }
    void push(std::uint32_t task, ScheduleReason why) override;
    Decision next(bool deferred) override;
    // The queues, and the block_on future when it was woken (A1).
    std::size_t len() const override { return runners_.len() + (block_on_woken_ ? 1 : 0); }
    void set_block_on(std::uint32_t task) override { block_on_ = task; }
    int workers() const override { return runners_.workers(); }
    // The block_on thread's polls carry worker 0, as tokio-multi-thread's (M9) do.
    std::uint8_t current_worker() const override { return on_block_on_ ? 0 : runners_.current_worker(); }
    std::vector<PolicyEvent> drain_events() override { return runners_.drain_events(); }
    const SmolPolicy& runners() const { return runners_; }

private:
    SmolPolicy runners_;
    std::uint32_t block_on_ = kNone;
    bool block_on_woken_ = false;
    bool on_block_on_ = false;
};

// The runtime side of the registry (engine/model/policies.hpp): how to build each policy.
struct PolicyConstructor {
    std::string_view name;
    std::unique_ptr<SchedulePolicy> (*make)(int workers, std::uint64_t seed);
};
std::span<const PolicyConstructor> policy_constructors();

// nullptr for an unknown name. `workers` is used by the multi-worker policies.
std::unique_ptr<SchedulePolicy> make_policy(std::string_view name, int workers = 4, std::uint64_t seed = 1);

}  // namespace ps
