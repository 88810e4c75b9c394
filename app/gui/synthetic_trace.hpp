// A hand-built trace that follows the field table in engine/trace.hpp.
//
// Used by the frame benchmark (1k and 1M events) and as a demo when the engine is not at
// hand. It models N tasks that each loop "sleep, then read a socket", with a nested
// sub-future poll under every task-level poll, timers firing in the reactor, waker
// clones/wakes/drops and an occasional self-wake (yield_now).
#pragma once
#include <cstddef>
#include <memory>

#include "engine/trace.hpp"

namespace ps::gui {

// Builds a trace of roughly `target_events` events over `tasks` tasks (at least 1).
std::unique_ptr<Trace> build_synthetic_trace(std::size_t target_events, int tasks = 4);

}  // namespace ps::gui
