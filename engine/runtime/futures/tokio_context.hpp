// tokio's timers and sockets need tokio's runtime: `"runtime": {"reactor": "none"}` runs the
// program on an executor without tokio's reactor, where they panic at their first poll.
//
// In tokio 1.24, `sleep` (and `timeout`, which makes a Sleep) asks for the current runtime's
// handle (time/sleep.rs 259) and a socket does the same when it registers with the IO driver
// (io/poll_evented.rs 107); with no runtime entered, `scheduler::Handle::current()` panics
// (runtime/scheduler/mod.rs 54-57) with CONTEXT_MISSING_ERROR (util/error.rs 5-6). tokio's sync
// primitives (channels, Mutex, Notify) need no runtime and work on any executor.
#pragma once
#include <string_view>

#include "engine/runtime/poll_env.hpp"

namespace ps {

// tokio's message, word for word.
inline constexpr std::string_view kNoTokioReactor =
    "there is no reactor running, must be called from the context of a Tokio 1.x runtime";

// Thrown by the future that panics; the runtime catches it where the task is polled and ends
// the run, as a panic unwinding out of the executor's loop ends the program.
struct TokioContextPanic {
    std::uint32_t node = 0;  // the future that panicked
};

// Panics (throws) when the run has no tokio reactor.
inline void require_tokio_reactor(const PollEnv& env, std::uint32_t node) {
    if (!env.settings().tokio_reactor) throw TokioContextPanic{node};
}

}  // namespace ps
