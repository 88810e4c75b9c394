// pollscope's own trace file, "format": "pollscope-trace/1" (every field: README.md here).
//
// Saving streams the trace (no DOM) one event per line; loading validates everything, because
// a trace file is untrusted input, and rebuilds a Trace that saves back to the same bytes.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/export/atomic_file.hpp"
#include "engine/export/export.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

inline constexpr std::string_view kTraceFormat = "pollscope-trace/1";

// Writes the trace (or the steps in `range`, with the notes and diagnostics that fall inside
// it) atomically to `path`.
ExportResult write_trace_json(const Trace& trace, const std::string& path, StepRange range = {});
// The same text, to any writer (a string for tests, a pipe).
void write_trace_json(const Trace& trace, Writer& out, StepRange range = {});
std::string trace_json_string(const Trace& trace, StepRange range = {});

// One problem in a trace file, in the same shape as scenario errors:
//   trace.json:14:23 (/events/12/kind): unknown event kind "poll_start" [trace.schema.205]
struct TraceError {
    std::string id;  // stable id, table in engine/export/README.md
    std::string file;
    int line = 0;  // 1-based, 0 = unknown
    int column = 0;
    std::string pointer;  // JSON pointer, "" when not applicable
    std::string message;
    std::string text() const;
};

// The latest virtual time a trace may hold (engine/model/time.hpp): the loader refuses later
// times and the writer does not write them.
inline constexpr Nanos kMaxTraceTime = kMaxVirtualTime;

struct TraceLoadLimits {
    std::uint64_t max_file_bytes = std::uint64_t{512} << 20;  // 512 MiB
    std::size_t max_events = 20'000'000;
    std::size_t max_string = 64 * 1024;  // bytes per string
    std::size_t max_items = 1'000'000;   // tasks, nodes, code lines, resources, notes, diagnostics (each)
};

struct TraceLoadResult {
    std::unique_ptr<Trace> trace;    // set iff ok()
    std::vector<TraceError> errors;  // the first problem found (empty iff ok())
    // Step number of the first event in the file. A ranged export starts past 0; its events,
    // notes and diagnostics are renumbered from 0 in `trace`, so add this back to show the
    // original step numbers.
    std::uint64_t first_step = 0;
    bool ok() const { return trace != nullptr; }
};

TraceLoadResult load_trace_file(const std::string& path, const TraceLoadLimits& limits = {});
TraceLoadResult load_trace_text(std::string_view text, const std::string& display_name,
                                const TraceLoadLimits& limits = {});

}  // namespace ps
