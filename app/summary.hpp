// The per-task table and diagnostics printed after a run.
#pragma once
#include <string>

#include "engine/trace/trace.hpp"

namespace ps {

// tokio-console's vocabulary: state, polls, wakes, waker clones and drops, self-wakes,
// busy / idle / scheduled virtual time.
std::string task_summary(const Trace& trace);
std::string diagnostics_summary(const Trace& trace);

}  // namespace ps
