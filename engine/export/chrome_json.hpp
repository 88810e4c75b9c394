// Chrome Trace Event JSON: opens in Perfetto (ui.perfetto.dev) and chrome://tracing.
//
// Layout, in one process named after the scenario title:
//   executor                 one "X" slice per task-level poll ("poll worker #3"), schedule
//                            instants, run_end; one thread per worker in multi-worker traces
//                            ("executor worker 1")
//   reactor                  "reactor" slices around timer fires, IO readiness, time jumps and
//                            the wakes they cause, with an instant for each of them
//   task N NAME (per task)   a lifetime slice from spawn to completion; inside it one "X" slice
//                            per poll, nested polls inside their parent; waker clone/wake/drop
//                            instants where they happened
//   counters                 "run queue" (tasks queued) and "live wakers"
//   flows                    an arrow ("s" -> "f", bp "e") from each wake to the poll it caused
//
// Time: ts/dur are microseconds with three decimals (nanosecond precision). Many events share
// one virtual instant (polls cost nothing unless poll_cost is set), so displayed time is
// virtual time plus at least 3 ns per step within such a run: every poll gets a width, nested
// slices nest strictly, and flows bind to the right slice. The true virtual time is in each
// event's args ("t").
#pragma once
#include <cstdint>
#include <string>

#include "engine/export/atomic_file.hpp"
#include "engine/export/export.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

// Counts of what was written, for the size warning and the tests.
struct ChromeStats {
    std::uint64_t events = 0;  // trace events written (metadata included)
    std::uint64_t slices = 0;  // "X" events for polls (task threads only)
    std::uint64_t flows = 0;   // flow pairs
};

// Past this many events or bytes chrome://tracing is known to fail.
constexpr std::uint64_t kChromeEventWarning = 1'000'000;
constexpr std::uint64_t kChromeByteWarning = 250'000'000;

ExportResult write_chrome_json(const Trace& trace, const std::string& path, StepRange range = {});
ChromeStats write_chrome_json(const Trace& trace, Writer& out, StepRange range = {});
std::string chrome_json_string(const Trace& trace, StepRange range = {});

// The warning for an export of that size, or "" when it is small enough.
std::string chrome_size_warning(std::uint64_t events, std::uint64_t bytes);

}  // namespace ps
