// Timeline input, apart from drawing: zoom around the mouse (wheel), pan (drag), click to
// move the cursor to the hovered item, scroll lanes (Shift+wheel); keeping the cursor in
// view while stepping; fitting the view to the trace.
#include <algorithm>
#include <cmath>

#include "timeline_context.hpp"

namespace ps::gui {

namespace {

void clamp_view(TimelineView& tv, const Trace& trace, AxisMode axis) {
    int m = static_cast<int>(axis);
    double lo, hi;
    timeline_extent(trace, axis, lo, hi);
    double full = hi - lo;
    double pad = full * 0.02;
    double min_span = axis == AxisMode::Steps ? 4.0 : std::max(20.0, full * 1e-9);
    double max_span = full + 2 * pad;
    double span = std::clamp(tv.x1[m] - tv.x0[m], min_span, max_span);
    // Keep the view inside the trace (plus a small margin) so there is never empty space to pan into.
    double x0 = std::clamp(tv.x0[m], lo - pad, hi + pad - span);
    tv.x0[m] = x0;
    tv.x1[m] = x0 + span;
}

}  // namespace

void fit_view(TimelineView& tv, const Trace& trace) {
    for (AxisMode a : {AxisMode::Time, AxisMode::Steps}) {
        double lo, hi;
        timeline_extent(trace, a, lo, hi);
        double pad = (hi - lo) * 0.02;
        tv.x0[static_cast<int>(a)] = lo - pad;
        tv.x1[static_cast<int>(a)] = hi + pad;
    }
    tv.fitted = true;
}

void zoom_timeline(AppState& app, double factor) {
    if (!app.has_trace()) return;
    TimelineView& tv = app.timeline;
    const int m = static_cast<int>(tv.axis);
    TimelineContext c;
    c.trace = app.trace();
    c.axis = tv.axis;
    double v = cursor_value(c, app.step);
    if (v < tv.x0[m] || v > tv.x1[m]) v = (tv.x0[m] + tv.x1[m]) * 0.5;  // cursor out of view: the middle
    tv.x0[m] = v - (v - tv.x0[m]) * factor;
    tv.x1[m] = v + (tv.x1[m] - v) * factor;
    clamp_view(tv, *c.trace, tv.axis);
}

void pan_timeline(AppState& app, double fraction) {
    if (!app.has_trace()) return;
    TimelineView& tv = app.timeline;
    const int m = static_cast<int>(tv.axis);
    const double d = (tv.x1[m] - tv.x0[m]) * fraction;
    tv.x0[m] += d;
    tv.x1[m] += d;
    clamp_view(tv, *app.trace(), tv.axis);
}

double cursor_value(const TimelineContext& c, std::int64_t step) {
    if (step < 0) return 0;
    auto s = static_cast<std::uint32_t>(step);
    return c.axis == AxisMode::Steps ? static_cast<double>(s) + 1.0 : static_cast<double>((*c.trace)[s].time);
}

std::uint32_t step_at_value(const TimelineContext& c, double v) {
    if (c.trace->empty()) return 0;
    if (c.axis == AxisMode::Steps) {
        double s = std::clamp(v, 0.0, static_cast<double>(c.trace->size() - 1));
        return static_cast<std::uint32_t>(s);
    }
    return static_cast<std::uint32_t>(
        std::min(c.trace->lower_bound_time(static_cast<Nanos>(std::max(0.0, v))), c.trace->size() - 1));
}

double TimelineContext::at_step(std::uint32_t step) const {
    if (axis == AxisMode::Steps) return static_cast<double>(step) + 0.5;
    return step < trace->size() ? static_cast<double>((*trace)[step].time) : 0.0;
}

void timeline_extent(const Trace& trace, AxisMode axis, double& lo, double& hi) {
    lo = 0;
    if (axis == AxisMode::Steps)
        hi = std::max<double>(1.0, static_cast<double>(trace.size()));
    else
        hi = std::max<double>(1.0, static_cast<double>(trace.end_time()));
}

void follow_cursor(TimelineView& tv, TimelineContext& c, const AppState& app) {
    if (!tv.follow_cursor || tv.last_serial == app.cursor_serial) return;
    tv.last_serial = app.cursor_serial;
    const int m = static_cast<int>(tv.axis);
    double v = cursor_value(c, app.step);
    double span = c.x1 - c.x0;
    if (v >= c.x0 && v <= c.x1 - span * 0.03) return;
    // Bring it back with some context on the left (the past) and room on the right.
    tv.x0[m] = v - span * 0.35;
    tv.x1[m] = tv.x0[m] + span;
    clamp_view(tv, *c.trace, tv.axis);
    c.x0 = tv.x0[m];
    c.x1 = tv.x1[m];
}

namespace {

// A click (not a drag) ends: move the cursor to what was under the mouse.
void click(const TimelineContext& c, AppState& app) {
    const TimelineHover& h = c.hover;
    switch (h.kind) {
        case TimelineHover::Kind::Slice: app.seek(h.slice->begin); break;
        case TimelineHover::Kind::Fold: app.seek(h.fold_first); break;
        case TimelineHover::Kind::Marker: app.seek(h.marker.step); break;
        case TimelineHover::Kind::Dense: app.seek(h.fold_first); break;
        case TimelineHover::Kind::Empty: {
            // The last event at or before the point clicked.
            std::uint32_t s = step_at_value(c, h.value);
            if (c.axis == AxisMode::Time && s > 0 && static_cast<double>((*c.trace)[s].time) > h.value) --s;
            app.seek(s);
            break;
        }
        case TimelineHover::Kind::None: break;
    }
}

// Wheel: zoom around the pointer, or with Shift scroll the lanes by one task lane.
void wheel(TimelineContext& c, const LaneLayout& l, TimelineView& tv) {
    ImGuiIO& io = ImGui::GetIO();
    const int m = static_cast<int>(tv.axis);
    if (io.MouseWheel != 0 && !io.KeyShift) {
        double factor = std::pow(0.8, static_cast<double>(io.MouseWheel));
        double v = c.hover.value;
        tv.x0[m] = v - (v - tv.x0[m]) * factor;
        tv.x1[m] = v + (tv.x1[m] - v) * factor;
        clamp_view(tv, *c.trace, tv.axis);
    } else if (io.MouseWheel != 0) {
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * l.task_h);
    }
}

}  // namespace

void handle_input(TimelineContext& c, const LaneLayout& l, AppState& app, bool hovered) {
    TimelineView& tv = app.timeline;
    ImGuiIO& io = ImGui::GetIO();
    const int m = static_cast<int>(tv.axis);
    if (hovered && c.mouse.x >= c.left) {
        c.hover.value = c.V(c.mouse.x);
        wheel(c, l, tv);
        if (ImGui::IsMouseClicked(0)) tv.dragging = true;
        if (c.hover.kind == TimelineHover::Kind::None) c.hover.kind = TimelineHover::Kind::Empty;
    }
    if (!tv.dragging) return;
    if (ImGui::IsMouseDown(0)) {
        double du = static_cast<double>(io.MouseDelta.x) / c.ppu;
        tv.x0[m] -= du;
        tv.x1[m] -= du;
        clamp_view(tv, *c.trace, tv.axis);
        if (io.MouseDelta.y != 0) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
        return;
    }
    tv.dragging = false;
    if (io.MouseDragMaxDistanceSqr[0] < 16.0f && hovered) click(c, app);
}

}  // namespace ps::gui
