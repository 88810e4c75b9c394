// Factories for each future kind, one per family and file:
//   combinators.cpp  async block, repeat, join, select, timeout
//   time.cpp         sleep, compute, yield_now
//   io.cpp           read, write, accept (reactor registrations)
//   sync.cpp         channel send/recv, mutex lock/unlock, notify
//   task.cpp         ready, spawn, join handle
//   scripted.cpp     the hand-written future
//   ../program/      a Rust program's async bodies (interpreted)
// `make_future` (core.cpp) asks each family in turn; a family makes the kinds it implements
// and returns nullptr for the others.
#pragma once
#include "engine/runtime/future.hpp"

namespace ps {

// A future kind and the class that implements it, for make_family.
template <FutureKind K, class F>
struct Impl {
    static constexpr FutureKind kind = K;
    using type = F;
};

// The future of the Impl whose kind is the spec's, or nullptr when the family has none.
template <class... Impls>
FuturePtr make_family(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    FuturePtr out;
    ((out == nullptr && spec.kind == Impls::kind
          ? void(out = std::make_unique<typename Impls::type>(env, spec, task))
          : void()),
     ...);
    return out;
}

FuturePtr make_combinator(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_time_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_io_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_sync_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_task_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_scripted(PollEnv& env, const FutureSpec& spec, std::uint32_t task);

struct NotifyRes;
// notify_one() (all = false) or notify_waiters(): what the NotifyOne/NotifyWaiters futures do
// when polled, and what a program's call does at once.
void notify_now(PollEnv& env, NotifyRes& n, bool all);
// A program's async body (engine/runtime/program/interpreter.cpp).
FuturePtr make_async_fn(PollEnv& env, const FutureSpec& spec, std::uint32_t task);

}  // namespace ps
