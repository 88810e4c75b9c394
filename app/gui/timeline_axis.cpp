// Timeline axis: tick spacing, tick labels ("2.5ms", step numbers), and the grid lines and
// the current event's column behind the lanes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "timeline_context.hpp"

namespace ps::gui {

namespace {

// "10ms", "2.5ms", "250us", "1.25s" for a tick at t (ns), with as many decimals as the tick
// spacing needs.
std::string tick_label_time(double t, double spacing) {
    const char* unit = "ns";
    double div = 1;
    if (spacing >= 1e9 || t >= 1e10) {
        unit = "s";
        div = 1e9;
    } else if (spacing >= 1e6) {
        unit = "ms";
        div = 1e6;
    } else if (spacing >= 1e3) {
        unit = "us";
        div = 1e3;
    }
    double s = spacing / div;
    int decimals = s >= 1 ? 0 : s >= 0.1 ? 1 : s >= 0.01 ? 2 : 3;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f%s", decimals, t / div, unit);
    return buf;
}

double nice_spacing(double raw) {
    if (raw <= 0) return 1;
    double p = std::pow(10.0, std::floor(std::log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

// About one tick per 90 px; whole steps on the step axis.
double tick_spacing(const TimelineContext& c) {
    double spacing = nice_spacing(90.0 / c.ppu);
    if (c.axis == AxisMode::Steps) spacing = std::max(1.0, spacing);
    return spacing;
}

// Calls fn(value) for every tick in the visible range (at most 200).
template <class Fn>
void for_each_tick(const TimelineContext& c, double spacing, Fn fn) {
    int n = 0;
    for (double v = std::ceil(c.x0 / spacing) * spacing; v <= c.x1 && n < 200; v += spacing, ++n) fn(v);
}

}  // namespace

void draw_axis(TimelineContext& c, float y0, float y1) {
    const Palette& p = *c.pal;
    c.dl->AddRectFilled(ImVec2(c.left, y0), ImVec2(c.right, y1), p.lane_alt);
    const double spacing = tick_spacing(c);
    for_each_tick(c, spacing, [&](double v) {
        float x = c.X(v);
        c.dl->AddLine(ImVec2(x, y1 - 5), ImVec2(x, y1), p.text_dim);
        c.dl->AddLine(ImVec2(x, y1), ImVec2(x, y1), p.grid);
        if (std::fabs(v) < spacing * 1e-6) v = 0;  // no "-0ms"
        std::string label;
        if (c.axis == AxisMode::Time)
            label = tick_label_time(v, spacing);
        else {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.0f", v);
            label = buf;
        }
        c.dl->AddText(ImVec2(x + 3, y0 + 1), p.text_dim, label.c_str());
    });
}

void draw_grid(TimelineContext& c, const LaneLayout& l, std::int64_t cursor_step) {
    for_each_tick(c, tick_spacing(c), [&](double v) {
        c.dl->AddLine(ImVec2(c.X(v), l.lanes_top), ImVec2(c.X(v), l.lanes_bottom), c.pal->grid);
    });
    if (cursor_step >= 0 && c.axis == AxisMode::Steps) {
        float a = c.X(static_cast<double>(cursor_step)), z = c.X(static_cast<double>(cursor_step) + 1.0);
        c.dl->AddRectFilled(ImVec2(a, l.lanes_top), ImVec2(std::max(z, a + 2), l.lanes_bottom),
                            c.pal->current_event);
    }
}

}  // namespace ps::gui
