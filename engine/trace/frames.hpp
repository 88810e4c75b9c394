// The frames of a program's async bodies at a step (Trace::frames, recorded at each Pending):
// what the code view shows beside the source, like Python Tutor's frames.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/trace/trace.hpp"

namespace ps {

// The frames of `task` as they were at `step`: those it recorded at its last Pending at or
// before `step`, innermost body first. Empty when it has none (not a program, not suspended yet).
std::vector<const FrameRecord*> frames_at(const Trace& trace, std::uint32_t task, std::int64_t step);

// "await 2 of 4: i = 3, tx: Sender #1" (the await point's source line is FrameRecord::line)
std::string frame_text(const FrameRecord& f);

}  // namespace ps
