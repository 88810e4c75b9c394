// Runtime: owns the parts of one run, wires them together, and is the only writer of the
// trace.
//
// The parts, one file each:
//   executor.hpp     the task table, the run queue(s) behind the scheduling policy, the coop
//                    budget and the deferred yield_now wakes;
//   waker_table.hpp  the waker records and the RawWakerVTable (the table tells the Runtime
//                    about every clone, wake and drop; the Runtime records them);
//   resources.hpp    channels, mutexes, notifies and join handles waiting for a spawn;
//   reactor.hpp      the virtual clock's timers and the scripted IO sources.
// Futures see none of this directly: they get a `PollEnv` (poll_env.hpp), which the Runtime
// implements.
//
// One `step()` is one executor tick: it polls exactly one task, or, when the scheduling policy
// says so (for fifo: when the run queue is empty), turns the reactor, which advances virtual
// time to the next timer or IO event and wakes whoever registered for it.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/runtime/executor.hpp"
#include "engine/runtime/path_ids.hpp"
#include "engine/runtime/policy.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/reactor.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

class Runtime final : private PollEnv, private WakerEvents {
    friend class Intervention;  // the teacher's hand, between two steps (intervention.hpp)

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

    std::size_t task_count() const { return executor_.task_count(); }
    const Task& task(std::uint32_t id) const { return executor_.task(id); }

private:
    // ---- PollEnv: what futures and the reactor may use
    Nanos now() const override { return now_; }
    // Saturates at kMaxVirtualTime; the run then stops at the next check (over_limit).
    void burn(Nanos d) override { now_ = d > kMaxVirtualTime - now_ ? kMaxVirtualTime : now_ + d; }
    const RuntimeSpec& settings() const override { return scenario_.runtime; }
    std::uint32_t emit(EventKind kind, std::uint32_t task, std::uint32_t node, std::uint32_t waker,
                       std::uint8_t detail, std::int64_t arg) override;
    std::uint32_t intern(std::string_view s) override { return trace_.strings.intern(s); }
    void enter(std::uint32_t path) override { poll_stack_.push_back(path); }
    void leave() override { poll_stack_.pop_back(); }
    std::uint32_t current_node() const override { return poll_stack_.empty() ? kNone : poll_stack_.back(); }
    std::uint32_t path_of(const FutureSpec& spec) const override;
    std::uint64_t next_instance() override { return ++instances_; }
    bool over_limit() const override {
        return static_cast<std::int64_t>(trace_.size()) >= max_events_ || over_task_limit() ||
               now_ >= kMaxVirtualTime;
    }
    bool over_task_limit() const { return live_tasks_ > scenario_.runtime.max_live_tasks; }
    WakerTable& wakers() override { return wakers_; }
    Resources& resources() override { return resources_; }
    Reactor& reactor() override { return reactor_; }
    Task& task(std::uint32_t id) override { return executor_.task(id); }
    std::uint32_t running() const override { return executor_.running(); }
    const TaskSpec* task_spec(const std::string& name) const override;
    std::uint32_t latest_instance(const std::string& spec_name) const override {
        return executor_.latest_instance(spec_name);
    }
    std::uint32_t spawn(const TaskSpec& spec, std::uint32_t parent) override;
    std::uint32_t io_registration(std::uint32_t task, int source, Interest interest, const Waker& cx_waker,
                                  bool& created) override;
    void release_mutex(std::size_t index, std::uint32_t task) override;
    void yield_wake(const Waker& cx_waker) override;
    bool coop_proceed(const Waker& cx_waker) override;
    void coop_progress() override { executor_.spend_budget(); }
    Nanos round_deadline(Nanos deadline) const override;
    Nanos round_down(Nanos t) const override;
    bool timers_fire_through_driver() const override {
        return executor_.policy().timers_fire_through_driver();
    }
    bool join_rotates() const override { return executor_.policy().join_rotates(); }
    std::uint32_t random_below(std::uint32_t n) override {
        return n == 0 ? 0 : static_cast<std::uint32_t>(random() % n);
    }
    ProgramRun& program_run() override;
    void print(std::uint32_t task, bool to_stderr, std::string text) override;
    void record_frame(FrameRecord frame) override {
        frame.step = static_cast<std::uint32_t>(trace_.empty() ? 0 : trace_.size() - 1);
        trace_.frames.push_back(std::move(frame));
    }
    void request_end(EndReason reason, std::string message) override;

    // ---- WakerEvents: the waker table reports, the Runtime records
    std::uint32_t on_clone(const WakerRecord& r, HolderKind kind, const std::string& holder) override;
    void on_wake(const WakerRecord& r, bool by_ref, HolderKind kind, const std::string& cause) override;
    void on_drop(const WakerRecord& r, HolderKind kind, const std::string& why) override;

    // ---- the executor loop
    void poll_task(std::uint32_t id);
    void diagnose_poll(const Task& t, Nanos took, bool ready, bool cut);
    void park_task(const Task& t, bool cut);
    void complete_task(std::uint32_t id, std::int64_t value);
    void panic(std::uint32_t id, std::uint32_t node);
    void wake_task(std::uint32_t id);
    void schedule(std::uint32_t id, ScheduleReason why);
    void record_policy_events();
    void turn_driver(bool park);
    void wake_deferred();
    void advance_to(Nanos t);
    void finish(EndReason reason, std::string message);
    void stop_at_limit();
    void end_run();
    void check_deadlock();
    std::string deadlock_message(const Task& t) const;
    std::uint32_t diagnose(DiagKind kind, std::uint32_t task, std::uint32_t node, const std::string& message);
    std::uint32_t append(Event e);
    std::uint64_t random();
    std::string where(std::uint32_t path, const char* otherwise) const;

    const Scenario& scenario_;
    Trace& trace_;
    WakerTable wakers_;
    Executor executor_;
    Resources resources_;
    Reactor reactor_;
    Nanos now_ = 0;
    std::uint64_t rng_;
    std::int64_t max_events_;
    bool ended_ = false;
    std::int64_t live_tasks_ = 0;  // spawned and not complete
    std::uint64_t instances_ = 0;
    std::vector<std::uint32_t> poll_stack_;
    PathIds paths_;
    std::unique_ptr<ProgramRun> program_;  // made on first use, by a program's task
    struct EndRequest {
        EndReason reason;
        std::string message;
    };
    std::unique_ptr<EndRequest> end_request_;
};

}  // namespace ps
