// Plain-word sentences for trace events, shared by the command line, the GUI and exports.
#pragma once
#include <cstdint>
#include <string>

#include "engine/trace/trace.hpp"

namespace ps {

// "task 2 'worker'"
std::string task_label(const Trace& trace, std::uint32_t task);

// One sentence for the event at `step`, without the time/step prefix:
// "timer #3 fired; waker #7 of task 2 'worker' woken".
std::string narrate(const Trace& trace, std::uint32_t step);

// "t=10.000ms step 41: " + narrate(...)
std::string narrate_line(const Trace& trace, std::uint32_t step);

}  // namespace ps
