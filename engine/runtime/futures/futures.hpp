// Factories for each future kind, one per family and file:
//   combinators.cpp  async block, repeat, join, select, timeout
//   time.cpp         sleep, compute, yield_now
//   io.cpp           read, write, accept (reactor registrations)
//   sync.cpp         channel send/recv, mutex lock/unlock, notify
//   task.cpp         ready, spawn, join handle
//   scripted.cpp     the hand-written future
// `make_future` (core.cpp) picks the family by the spec's kind.
#pragma once
#include "engine/runtime/future.hpp"

namespace ps {

FuturePtr make_combinator(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_time_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_io_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_sync_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_task_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_scripted(PollEnv& env, const FutureSpec& spec, std::uint32_t task);

}  // namespace ps
