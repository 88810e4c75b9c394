// Timeline view internals shared with the frame benchmark: the per-frame context.
//
// Like Tracy's TimelineContext: computed once at the start of the frame (visible range,
// pixels per unit), then every lane is drawn in two passes over only the visible items:
// a search pass (binary search to the first visible item) and a draw pass that folds
// runs narrower than kFoldPx into one "N polls" box. Work per frame depends on pixels,
// not on the length of the trace.
#pragma once
#include <cstddef>
#include <cstdint>

#include <imgui.h>

#include "app/gui/model/app_state.hpp"
#include "theme.hpp"
#include "app/gui/model/timeline_model.hpp"

namespace ps::gui {

struct TimelineHover {
    enum class Kind : std::uint8_t { None, Slice, Fold, Marker, Dense, Empty } kind = Kind::None;
    const PollSlice* slice = nullptr;
    bool executor = false;            // the slice is in the executor lane
    std::uint32_t fold_count = 0;
    std::uint32_t fold_ready = 0;
    std::uint32_t fold_first = 0;     // step of the first folded poll
    Marker marker;
    std::uint32_t marker_task = kNone;
    double value = 0;                 // axis value under the mouse
};

struct TimelineFrame {
    const Trace* trace = nullptr;
    const TimelineModel* model = nullptr;
    const Palette* pal = nullptr;
    ImDrawList* dl = nullptr;
    AxisMode axis = AxisMode::Time;
    double x0 = 0, x1 = 1;            // visible range (ns or steps)
    float left = 0, right = 1;        // canvas pixels
    double ppu = 1;                   // pixels per unit
    ImVec2 mouse;
    bool mouse_in = false;
    TimelineHover hover;
    int labels = 0;                   // labels drawn this frame (capped)
    std::size_t items = 0;            // rects + markers drawn this frame (for the bench)

    static constexpr float kFoldPx = 3.0f;
    static constexpr int kMaxLabels = 160;

    float X(double v) const { return left + static_cast<float>((v - x0) * ppu); }
    double V(float px) const { return x0 + static_cast<double>(px - left) / ppu; }
    double begin_of(const PollSlice& s) const {
        return axis == AxisMode::Time ? static_cast<double>(s.t0) : static_cast<double>(s.begin);
    }
    double end_of(const PollSlice& s) const {
        return axis == AxisMode::Time ? static_cast<double>(s.t1) : static_cast<double>(s.end) + 1.0;
    }
    double at(const Marker& m) const {
        return axis == AxisMode::Time ? static_cast<double>(m.time) : static_cast<double>(m.step) + 0.5;
    }
    double at_step(std::uint32_t step) const;   // an event's position
};

// Full extent of the trace along an axis.
void timeline_extent(const Trace& trace, AxisMode axis, double& lo, double& hi);

}  // namespace ps::gui
