// Markdown narration of a run, for lecture notes:
//
//   # title / summary / lesson paragraphs
//   ## The run        scenario, policy, seed, outcome
//   ## Step by step   | step | time | what happened | why |
//                     "what happened" is ps::narrate(); "why" is causal: which wake led to this
//                     poll and who held that waker, what a Pending poll is parked on and who
//                     can wake it, what became of each wake. The scenario's notes break the
//                     table at their steps as quoted paragraphs.
//   ## Diagnostics
//
// Table cells escape '|' and line breaks, so any scenario text is safe.
#pragma once
#include <string>

#include "engine/export/atomic_file.hpp"
#include "engine/export/export.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

ExportResult write_markdown(const Trace& trace, const std::string& path, StepRange range = {});
void write_markdown(const Trace& trace, Writer& out, StepRange range = {});
std::string markdown_string(const Trace& trace, StepRange range = {});

// The "why" column for one step (empty when there is nothing to add). Computes the causal
// context from the start of the trace, so prefer write_markdown for whole tables.
std::string explain_step(const Trace& trace, std::uint32_t step);

}  // namespace ps
