// The timeline's per-frame context and lane layout, shared by its parts (Tracy's
// TimelineContext): computed once at the start of the frame (visible range, pixels per unit,
// the canvas rectangles), then every lane lays out only its visible items (search to the
// first one, fold runs narrower than kFoldPx) and draws them. Work per frame depends on
// pixels, not on the length of the trace.
//
// The timeline's files:
//   timeline.cpp           draw_timeline: controls row, frame setup, the order of the passes
//   timeline_context.hpp   this: frame context, lane layout, galloping search, colours
//   timeline_axis.cpp      ticks, labels and grid lines
//   timeline_lanes.cpp     lanes: backgrounds and names, poll rows, markers, parked spans
//   timeline_arrows.cpp    wake -> poll arrows
//   timeline_input.cpp     zoom, pan, click, follow the cursor, fit
//   timeline_tooltips.cpp  what the hovered item means
#pragma once
#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "app/gui/model/app_state.hpp"
#include "app/gui/model/timeline_model.hpp"
#include "theme.hpp"

namespace ps::gui {

// [SECTION] What the mouse is over (found while laying out; tooltips and clicks read it)
struct TimelineHover {
    enum class Kind : std::uint8_t { None, Slice, Fold, Marker, Dense, Empty } kind = Kind::None;
    const PollSlice* slice = nullptr;
    bool executor = false;  // the slice is in the executor lane
    std::uint32_t fold_count = 0;
    std::uint32_t fold_ready = 0;
    std::uint32_t fold_first = 0;  // step of the first folded poll
    Marker marker;
    std::uint32_t marker_task = kNone;
    double value = 0;  // axis value under the mouse
};

// [SECTION] Frame context
struct TimelineContext {
    const Trace* trace = nullptr;
    const TimelineModel* model = nullptr;
    const Palette* pal = nullptr;
    ImDrawList* dl = nullptr;
    AxisMode axis = AxisMode::Time;
    double x0 = 0, x1 = 1;      // visible range (ns or steps)
    float left = 0, right = 1;  // canvas pixels
    double ppu = 1;             // pixels per unit
    ImVec2 mouse;
    bool mouse_in = false;
    TimelineHover hover;
    int labels = 0;         // labels drawn this frame (capped)
    std::size_t items = 0;  // rects + markers drawn this frame (for the bench)

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
    double at_step(std::uint32_t step) const;  // an event's position
};

// [SECTION] Lane layout: heights from the font size, positions from the lanes' top
struct LaneLayout {
    float fs = 0;                  // font size
    float gutter = 0, axis_h = 0;  // name column width, axis height
    int nested_rows = 0;
    std::size_t workers = 0, tasks = 0;
    float bar_h = 0, mark_h = 0, nested_h = 0;
    float exec_h = 0, reactor_h = 0, task_h = 0, total_h = 0;
    // Positions (screen pixels), set by place().
    ImVec2 origin;              // top-left of the panel's content
    std::vector<float> exec_y;  // top of each worker's executor lane
    float reactor_y = 0;
    std::vector<float> task_top;  // top of each task's poll bar
    float lanes_top = 0, lanes_bottom = 0;
    float view_top = 0, view_bottom = 0;  // the visible part of the scrolling lanes
    // Lane centres, where wake arrows start.
    float executor_c = 0, reactor_c = 0;
    std::vector<float> task_c;

    // Sizes for a panel of `avail` pixels (with few tasks the lanes grow, up to 1.8x).
    static LaneLayout measure(const TimelineModel& model, bool show_nested, ImVec2 avail);
    void place(float top);  // positions from the top of the first lane
    float task_lane_top(std::size_t t) const { return task_top[t] - mark_h - 2; }
};

// Full extent of the trace along an axis.
void timeline_extent(const Trace& trace, AxisMode axis, double& lo, double& hi);

// [SECTION] Search
// First index in [from, v.size()) whose key is >= limit, for keys that never decrease.
// Gallops from `from` (cost log of the distance), so walking a row left to right in jumps
// of a few pixels costs O(pixels * log(gap)), independent of the row's length.
template <class Seq, class Key>
std::size_t gallop(const Seq& v, std::size_t from, double limit, Key key) {
    std::size_t n = v.size();
    if (from >= n || key(v[from]) >= limit) return from;
    std::size_t lo = from, step = 1, hi = from + 1;  // key(v[lo]) < limit
    while (hi < n && key(v[hi]) < limit) {
        lo = hi;
        step *= 2;
        hi = lo + step;
    }
    if (hi > n) hi = n;
    // key(v[lo]) < limit, and hi == n or key(v[hi]) >= limit
    ++lo;
    while (lo < hi) {
        std::size_t mid = lo + (hi - lo) / 2;
        if (key(v[mid]) < limit)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

// [SECTION] Colours
ImU32 lerp_colour(ImU32 a, ImU32 b, float t);
inline ImU32 with_alpha(ImU32 c, int alpha) {
    return (c & 0x00FFFFFFu) | (static_cast<ImU32>(alpha) << 24);
}
ImU32 result_colour(const Palette& p, std::uint8_t result);

// [SECTION] The parts (one file each)
// timeline_axis.cpp
void draw_axis(TimelineContext& c, float y0, float y1);
void draw_grid(TimelineContext& c, const LaneLayout& l, std::int64_t cursor_step);
// timeline_lanes.cpp
void draw_lane_names(TimelineContext& c, const LaneLayout& l, const Snapshot& snap);
void draw_lanes(TimelineContext& c, const LaneLayout& l, const TimelineView& tv);
// timeline_arrows.cpp
void draw_arrows(TimelineContext& c, const LaneLayout& l, std::int64_t cursor);
// timeline_input.cpp
void fit_view(TimelineView& tv, const Trace& trace);
void follow_cursor(TimelineView& tv, TimelineContext& c, const AppState& app);
double cursor_value(const TimelineContext& c, std::int64_t step);
std::uint32_t step_at_value(const TimelineContext& c, double v);
void handle_input(TimelineContext& c, const LaneLayout& l, AppState& app, bool hovered);
// timeline_tooltips.cpp
void show_tooltip(const TimelineContext& c, bool dragging);

// timeline_lanes.cpp: the shape of a marker (also drawn by the legend).
void draw_marker_shape(ImDrawList* dl, const Palette& p, const Marker& m, float x, float yc, float r);

// timeline_legend.cpp: every colour and shape of the timeline with its meaning, wrapping.
void draw_legend();

}  // namespace ps::gui
