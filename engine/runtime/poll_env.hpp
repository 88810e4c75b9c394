// PollEnv: what a future (and the reactor, on its behalf) may use of the run it is part of.
//
// A future never sees the Runtime. It gets this narrower view: the clock, the trace (written
// through the runtime, its only writer), the waker table, the resources, the reactor, the task
// table, and the hooks by which the scheduling policy changes how futures behave. The Runtime
// implements it; tests could hand futures a fake one.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/model/scenario.hpp"
#include "engine/runtime/reactor.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

class Waker;
class WakerTable;
class Resources;
class ProgramRun;
struct Task;

class PollEnv {
public:
    // ---- the virtual clock
    virtual Nanos now() const = 0;
    virtual void burn(Nanos d) = 0;  // CPU time inside a poll
    virtual const RuntimeSpec& settings() const = 0;

    // ---- the trace
    virtual std::uint32_t emit(EventKind kind, std::uint32_t task, std::uint32_t node, std::uint32_t waker,
                               std::uint8_t detail, std::int64_t arg) = 0;
    virtual std::uint32_t intern(std::string_view s) = 0;
    // The future being polled (its path), innermost last.
    virtual void enter(std::uint32_t path) = 0;
    virtual void leave() = 0;
    virtual std::uint32_t current_node() const = 0;
    virtual std::uint32_t path_of(const FutureSpec& spec) const = 0;
    virtual std::uint64_t next_instance() = 0;
    // True once the trace is full: loops inside one poll stop early.
    virtual bool over_limit() const = 0;

    // ---- the parts
    virtual WakerTable& wakers() = 0;
    virtual Resources& resources() = 0;
    virtual Reactor& reactor() = 0;

    // ---- tasks
    virtual Task& task(std::uint32_t id) = 0;
    virtual std::uint32_t running() const = 0;
    virtual const TaskSpec* task_spec(const std::string& name) const = 0;
    virtual std::uint32_t latest_instance(const std::string& spec_name) const = 0;
    virtual std::uint32_t spawn(const TaskSpec& spec, std::uint32_t parent) = 0;
    // The task's registration for (source, interest), created on first use (`created`); it
    // lasts until the task ends, as a tokio socket's registration lasts as long as the socket.
    virtual std::uint32_t io_registration(std::uint32_t task, int source, Interest interest,
                                          const Waker& cx_waker, bool& created) = 0;
    // Lets go of a mutex the task holds; the first waiter gets it (Resources, R4).
    virtual void release_mutex(std::size_t index, std::uint32_t task) = 0;

    // ---- policy hooks (rules in engine/model/policies.cpp)
    // yield_now's wake: at once (fifo, smol) or deferred until the driver turns (tokio, T6).
    virtual void yield_wake(const Waker& cx_waker) = 0;
    // tokio's coop::poll_proceed (T7): false, after waking the task, when the budget is used up.
    [[nodiscard]] virtual bool coop_proceed(const Waker& cx_waker) = 0;
    virtual void coop_progress() = 0;
    virtual Nanos round_deadline(Nanos deadline) const = 0;  // T5
    virtual Nanos round_down(Nanos t) const = 0;
    virtual bool timers_fire_through_driver() const = 0;
    virtual bool join_rotates() const = 0;  // T9
    // Deterministic random numbers from the recorded seed.
    virtual std::uint32_t random_below(std::uint32_t n) = 0;

    // ---- programs: Rust code the runtime interprets (engine/runtime/program/)
    virtual ProgramRun& program_run() = 0;  // the state the run's interpreted tasks share
    virtual void print(std::uint32_t task, bool to_stderr, std::string text) = 0;
    virtual void record_frame(FrameRecord frame) = 0;
    // Ends the run before the next step: main returned with tasks left, main panicked, or a
    // poll ran out of steps. Recorded as a diagnostic (unless a panic) and the run's end.
    virtual void request_end(EndReason reason, std::string message) = 0;

protected:
    ~PollEnv() = default;
};

}  // namespace ps
