#include "engine/trace/frames.hpp"

#include <algorithm>

namespace ps {

std::vector<const FrameRecord*> frames_at(const Trace& trace, std::uint32_t task, std::int64_t step) {
    std::vector<const FrameRecord*> out;
    if (step < 0) return out;
    const auto& frames = trace.frames;
    auto end = std::upper_bound(frames.begin(), frames.end(), static_cast<std::uint32_t>(step),
                                [](std::uint32_t s, const FrameRecord& f) { return s < f.step; });
    auto it = end;
    while (it != frames.begin() && std::prev(it)->task != task) --it;
    if (it == frames.begin()) return out;
    const std::uint32_t poll = std::prev(it)->poll;
    for (; it != frames.begin(); --it) {
        const FrameRecord& f = *std::prev(it);
        if (f.task != task) continue;
        if (f.poll != poll) break;
        out.push_back(&f);
    }
    std::reverse(out.begin(), out.end());  // recorded innermost first
    return out;
}

std::string frame_text(const FrameRecord& f) {
    std::string out = "await " + std::to_string(f.await_index) + " of " + std::to_string(f.await_count);
    for (std::size_t i = 0; i < f.locals.size(); ++i) out += (i == 0 ? ": " : ", ") + f.locals[i];
    return out;
}

}  // namespace ps
