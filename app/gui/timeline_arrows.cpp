// Wake -> poll arrows: from each wake (in the waker's task lane or the reactor lane) to the
// poll it caused. Only the visible ones, at most one per few pixels; the cursor's own are
// drawn on top, highlighted.
#include <algorithm>
#include <cmath>

#include "timeline_context.hpp"

namespace ps::gui {

namespace {

void draw_arrow(TimelineContext& f, const WakeArrow& w, const LaneLayout& ly, bool hot) {
    if (w.to_task >= ly.task_top.size()) return;
    float xa = f.X(f.at_step(w.wake));
    float xb = f.X(f.axis == AxisMode::Steps ? static_cast<double>(w.poll) : f.at_step(w.poll));
    float ya = w.from_task == kNone
                   ? ly.reactor_c
                   : (w.from_task < ly.task_c.size() ? ly.task_c[w.from_task] : ly.executor_c);
    float yb = ly.task_top[w.to_task] + 1;
    ImU32 col = hot ? f.pal->arrow_hot : f.pal->arrow;
    float th = hot ? 2.5f : 1.2f;
    if (w.coalesced && !hot) {
        col = with_alpha(col, 70);  // a coalesced wake: the poll was already coming
        th = 1.0f;
    }
    float dx = std::max(12.0f, std::fabs(xb - xa) * 0.35f);
    ImVec2 p0(xa, ya), p3(xb, yb);
    if (std::fabs(ya - yb) < 2) {
        f.dl->AddBezierCubic(p0, ImVec2(xa + dx, ya - 14), ImVec2(xb - dx, yb - 14), p3, col, th, 10);
    } else {
        f.dl->AddBezierCubic(p0, ImVec2(xa + dx, ya), ImVec2(xb - dx, yb), p3, col, th, 10);
    }
    float h = hot ? 6.0f : 4.5f;
    f.dl->AddTriangleFilled(ImVec2(xb, yb), ImVec2(xb - h, yb - h * 1.2f),
                            ImVec2(xb + h * 0.4f, yb - h * 1.3f), col);
    ++f.items;
}

}  // namespace

void draw_arrows(TimelineContext& f, const LaneLayout& ly, std::int64_t cursor) {
    const auto& v = f.model->arrows;
    if (v.empty()) return;
    auto wake_key = [](const WakeArrow& a) { return static_cast<double>(a.wake); };
    std::uint32_t lo_step = step_at_value(f, f.x0);
    std::uint32_t hi_step = step_at_value(f, f.x1);
    std::size_t i = gallop(v, 0, static_cast<double>(lo_step), wake_key);
    // Hundreds of arrows are a tangle, not a picture: past that, only the cursor's own arrows.
    const std::size_t visible = gallop(v, i, static_cast<double>(hi_step) + 0.5, wake_key) - i;
    const bool few = visible <= 150;
    // Arrows that start left of the view but land in it.
    for (std::size_t k = i, n = 0; few && k > 0 && n < 16; --k, ++n)
        if (v[k - 1].poll >= lo_step) draw_arrow(f, v[k - 1], ly, false);
    constexpr float kMinGap = 6.0f;
    int drawn = few ? 0 : 1 << 30;
    while (i < v.size() && v[i].wake <= hi_step && drawn < 400) {
        draw_arrow(f, v[i], ly, false);
        ++drawn;
        float x = f.X(f.at_step(v[i].wake));
        std::uint32_t next_step = step_at_value(f, f.V(x + kMinGap));
        std::size_t next = gallop(v, i + 1, static_cast<double>(next_step), wake_key);
        i = std::max(next, i + 1);
    }
    // The arrows touching the cursor's event are always drawn, highlighted.
    if (cursor >= 0) {
        auto c = static_cast<std::uint32_t>(cursor);
        std::size_t k = gallop(v, 0, static_cast<double>(c) + 0.5, wake_key);  // first wake > cursor
        for (std::size_t n = 0; k > 0 && n < 64; --k, ++n) {
            const WakeArrow& a = v[k - 1];
            if (a.wake == c || a.poll == c) draw_arrow(f, a, ly, true);
        }
    }
}

}  // namespace ps::gui
