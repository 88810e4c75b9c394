// Factories for each future kind, one file per family:
//   combinators.cpp  async block, repeat, join, select, timeout
//   time.cpp         sleep, compute, yield_now
//   io.cpp           read, write, accept (reactor registrations)
//   sync.cpp         channel send/recv, mutex lock/unlock, notify
//   task.cpp         ready, spawn, join handle
//   scripted.cpp     the hand-written future
#pragma once
#include "engine/runtime/future.hpp"

namespace ps {

FuturePtr make_block(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_repeat(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_join(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_select(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_timeout(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_sleep(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_compute(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_yield_now(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_io(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_send(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_recv(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_lock(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_unlock(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_notified(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_notify(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_ready(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_spawn(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_join_handle(Runtime& rt, const FutureSpec& spec, std::uint32_t task);
FuturePtr make_scripted(Runtime& rt, const FutureSpec& spec, std::uint32_t task);

}  // namespace ps
