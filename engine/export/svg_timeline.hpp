// SVG picture of a run: one lane per task, plus the executor and the reactor.
//
//   title, summary, legend
//   step axis (step numbers)
//   executor   run-queue length over the run
//   reactor    timer fires, IO readiness, time jumps ("+9.98ms")
//   task lanes one <rect class="poll pending|ready"> per task-level poll; nested polls as
//              thinner <rect class="poll ... nested"> rows below it; waker clone (dot) and drop
//              (cross) markers; a thin line for the task's lifetime; diagnostics as red "!"
//   wake arrows from each wake to the poll it caused; absorbed wakes as hollow circles
//   time axis  virtual time with round ticks ("0ms 5ms 10ms")
//
// Horizontal layout: polls often take no virtual time (poll_cost 0) and sit between long
// sleeps, so neither a pure time axis (invisible polls) nor a pure step axis (no feel for time)
// reads well. Each step gets an equal column and the time between steps gets the rest of the
// width in proportion to its length (`time_share`, half by default). A poll is drawn from its
// poll_begin column to its poll_end column, so it is always visible, nested polls sit strictly
// inside their parent, and a 10 ms sleep still looks longer than a 10 us one. The time axis is
// exact at every tick, just not linear; the footer says so.
//
// Every element is vector (no images, no filters), widths in whole or half pixels, text as
// <text> with a font stack, and a viewBox, so the file scales and prints crisply.
#pragma once
#include <string>

#include "engine/export/atomic_file.hpp"
#include "engine/export/export.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

struct SvgOptions {
    double width = 0;         // plot width in px (lanes only); 0 = from the step count (900..3000)
    double time_share = 0.5;  // 0 = x by step only, 1 = x by time only (polls keep a minimum width)
};

ExportResult write_svg_timeline(const Trace& trace, const std::string& path, StepRange range = {},
                                const SvgOptions& options = {});
void write_svg_timeline(const Trace& trace, Writer& out, StepRange range = {},
                        const SvgOptions& options = {});
std::string svg_timeline_string(const Trace& trace, StepRange range = {}, const SvgOptions& options = {});

}  // namespace ps
