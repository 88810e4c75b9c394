// Types shared by every exporter (trace JSON, Chrome JSON, SVG, Markdown).
//
// Exporters are pure functions of a `const Trace&`: they never touch the simulation, never
// read the wall clock, and write their file atomically (atomic_file.hpp), so a failed export
// never leaves a half-written file behind and never damages a file that was already there.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ps {

// Steps to export, both ends included: {from = 10, to = 20} is the eleven events 10..20.
// `to = -1` (or any `to` past the end) means "up to the last event". Negative `from` counts
// as 0. A range that selects nothing is not an error: the export is simply empty.
struct StepRange {
    std::int64_t from = 0;
    std::int64_t to = -1;
};

// What an export produced.
struct ExportResult {
    bool ok = false;
    std::string error;                  // `cannot write "out.json": No space left on device`
    std::vector<std::string> warnings;  // e.g. the Chrome viewer size warning
    std::uint64_t bytes = 0;            // bytes written (0 when !ok)
};

// A StepRange resolved against a trace of `size` events: the half-open index range
// [begin, end). begin == end when nothing is selected.
struct StepSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool empty() const { return begin >= end; }
    bool contains(std::size_t step) const { return step >= begin && step < end; }
};

inline StepSpan resolve_range(const StepRange& r, std::size_t size) {
    StepSpan s;
    std::int64_t from = r.from < 0 ? 0 : r.from;
    s.begin = static_cast<std::uint64_t>(from) > size ? size : static_cast<std::size_t>(from);
    if (r.to < 0 || static_cast<std::uint64_t>(r.to) >= size)
        s.end = size;
    else
        s.end = static_cast<std::size_t>(r.to) + 1;
    if (s.end < s.begin) s.end = s.begin;
    return s;
}

}  // namespace ps
