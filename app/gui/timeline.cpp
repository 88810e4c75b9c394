// Timeline view: one lane per task, an executor lane, a reactor lane, waker markers and
// wake -> poll arrows, over a virtual-time or a step axis.
//
// Index of this file:
// [SECTION] Frame context and searches
// [SECTION] Axis
// [SECTION] Poll rows (fold narrow runs into "N polls" boxes)
// [SECTION] Markers (waker clone/wake/drop, reactor events)
// [SECTION] Wake arrows
// [SECTION] Tooltips
// [SECTION] Interaction (zoom around the mouse, pan by dragging, click to move the cursor)
// [SECTION] draw_timeline
#include "timeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "engine/trace/narrate.hpp"
#include "engine/model/time.hpp"
#include "views.hpp"

namespace ps::gui {

// [SECTION] Frame context and searches

double TimelineFrame::at_step(std::uint32_t step) const {
    if (axis == AxisMode::Steps) return static_cast<double>(step) + 0.5;
    return step < trace->size() ? static_cast<double>((*trace)[step].time) : 0.0;
}

void timeline_extent(const Trace& trace, AxisMode axis, double& lo, double& hi) {
    lo = 0;
    if (axis == AxisMode::Steps) hi = std::max<double>(1.0, static_cast<double>(trace.size()));
    else hi = std::max<double>(1.0, static_cast<double>(trace.end_time()));
}

namespace {

// First index in [from, v.size()) whose key is >= limit, for keys that never decrease.
// Gallops from `from` (cost log of the distance), so walking a row left to right in jumps
// of a few pixels costs O(pixels * log(gap)), independent of the row's length.
template <class Seq, class Key>
std::size_t gallop(const Seq& v, std::size_t from, double limit, Key key) {
    std::size_t n = v.size();
    if (from >= n || key(v[from]) >= limit) return from;
    std::size_t lo = from, step = 1, hi = from + 1;   // key(v[lo]) < limit
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
        if (key(v[mid]) < limit) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

ImU32 lerp_colour(ImU32 a, ImU32 b, float t) {
    auto ch = [&](int shift) {
        float x = static_cast<float>((a >> shift) & 0xFF), y = static_cast<float>((b >> shift) & 0xFF);
        return static_cast<ImU32>(x + (y - x) * t + 0.5f) << shift;
    };
    return ch(0) | ch(8) | ch(16) | ch(24);
}

ImU32 with_alpha(ImU32 c, int alpha) { return (c & 0x00FFFFFFu) | (static_cast<ImU32>(alpha) << 24); }

ImU32 result_colour(const Palette& p, std::uint8_t result) {
    if (result == static_cast<std::uint8_t>(PollResult::Ready)) return p.ready;
    if (result == static_cast<std::uint8_t>(PollResult::Pending)) return p.pending;
    return p.open;
}

// [SECTION] Axis

// "10ms", "2.5ms", "250us", "1.25s" for a tick at t (ns), with as many decimals as the tick
// spacing needs.
std::string tick_label_time(double t, double spacing) {
    const char* unit = "ns";
    double div = 1;
    if (spacing >= 1e9 || t >= 1e10) { unit = "s"; div = 1e9; }
    else if (spacing >= 1e6) { unit = "ms"; div = 1e6; }
    else if (spacing >= 1e3) { unit = "us"; div = 1e3; }
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

void draw_axis(TimelineFrame& f, float y0, float y1, float lanes_y0, float lanes_y1) {
    const Palette& p = *f.pal;
    f.dl->AddRectFilled(ImVec2(f.left, y0), ImVec2(f.right, y1), p.lane_alt);
    double spacing = nice_spacing(90.0 / f.ppu);
    if (f.axis == AxisMode::Steps) spacing = std::max(1.0, spacing);
    double first = std::ceil(f.x0 / spacing) * spacing;
    int n = 0;
    for (double v = first; v <= f.x1 && n < 200; v += spacing, ++n) {
        float x = f.X(v);
        f.dl->AddLine(ImVec2(x, y1 - 5), ImVec2(x, y1), p.text_dim);
        f.dl->AddLine(ImVec2(x, lanes_y0), ImVec2(x, lanes_y1), p.grid);
        if (std::fabs(v) < spacing * 1e-6) v = 0;   // no "-0ms"
        std::string label;
        if (f.axis == AxisMode::Time) label = tick_label_time(v, spacing);
        else {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.0f", v);
            label = buf;
        }
        f.dl->AddText(ImVec2(x + 3, y0 + 1), p.text_dim, label.c_str());
    }
}

// [SECTION] Poll rows

struct RowStyle {
    bool executor = false;   // colour by task, not by result
    bool labels = true;
};

void draw_slice(TimelineFrame& f, const PollSlice& s, float a, float z, float y0, float y1, const RowStyle& st) {
    const Palette& p = *f.pal;
    ImU32 fill = st.executor ? f.pal->task(s.task) : result_colour(p, s.result);
    if (z - a < 1.0f) z = a + 1.0f;
    f.dl->AddRectFilled(ImVec2(a, y0), ImVec2(z, y1), fill);
    ++f.items;
    if (z - a > 5.0f) f.dl->AddRect(ImVec2(a, y0), ImVec2(z, y1), p.fold_edge);
    if (st.executor && z - a > 3.0f) {
        // A thin strip at the bottom tells the result even in the executor lane.
        f.dl->AddRectFilled(ImVec2(a, y1 - 3), ImVec2(z, y1), result_colour(p, s.result));
    }
    if (st.labels && z - a > 40.0f && f.labels < TimelineFrame::kMaxLabels && y1 - y0 >= ImGui::GetFontSize()) {
        // Longest label that fits: "poll #2: Ready, 30.02ms" > "poll #2: Ready" > "Ready".
        std::string candidates[3];
        if (st.executor) {
            candidates[0] = f.trace->task_name(s.task);
        } else if (s.depth == 0) {
            const char* r = s.result == static_cast<std::uint8_t>(PollResult::Ready)     ? "Ready"
                            : s.result == static_cast<std::uint8_t>(PollResult::Pending) ? "Pending"
                                                                                         : "polling";
            std::string poll = "poll #" + std::to_string((*f.trace)[s.begin].arg) + ": " + r;
            candidates[0] = poll + ", " + duration_text(s.t1 - s.t0);
            candidates[1] = poll;
            candidates[2] = r;
        } else if (const NodeInfo* ni = f.trace->node_info(s.node)) {
            candidates[0] = ni->text;
        } else {
            candidates[0] = std::string(f.trace->strings.get(s.node));
        }
        for (const auto& text : candidates) {
            if (text.empty()) continue;
            ImVec2 ts = ImGui::CalcTextSize(text.c_str());
            if (ts.x + 6 >= z - a) continue;
            float cx = std::max(a, f.left) + 3;
            if (cx + ts.x > z - 3) cx = a + 3;
            f.dl->AddText(ImVec2(cx, y0 + (y1 - y0 - ts.y) * 0.5f), IM_COL32(20, 20, 20, 255), text.c_str());
            ++f.labels;
            break;
        }
    }
    if (f.mouse_in && f.mouse.x >= a - 1 && f.mouse.x <= z + 1 && f.mouse.y >= y0 && f.mouse.y < y1) {
        f.hover.kind = TimelineHover::Kind::Slice;
        f.hover.slice = &s;
        f.hover.executor = st.executor;
    }
}

// Draws the visible part of one row. At coarse zoom it walks a precomputed level of detail
// (FoldBox runs, contiguous in memory) instead of the polls themselves; whatever it walks, runs
// that are still narrower than kFoldPx are folded on the fly, so the loop runs at most a few
// times per pixel of width, whatever the length of the trace.
void draw_row(TimelineFrame& f, const SliceRow& row, float y0, float y1, const RowStyle& st) {
    const auto& v = row.slices;
    if (v.empty()) return;
    const Palette& p = *f.pal;
    const int axis = f.axis == AxisMode::Time ? kAxisTime : kAxisSteps;
    const FoldLevel* level = row.level_for(axis, TimelineFrame::kFoldPx / f.ppu);
    // Items: the level's boxes, or the slices themselves (as boxes of one).
    const std::size_t n = level ? level->boxes.size() : v.size();
    auto item = [&](std::size_t i) -> FoldBox {
        if (level) return level->boxes[i];
        return {f.begin_of(v[i]), f.end_of(v[i]), static_cast<std::uint32_t>(i), 1};
    };
    struct Items {   // random access for gallop()
        decltype(item)& get;
        std::size_t n;
        std::size_t size() const { return n; }
        FoldBox operator[](std::size_t i) const { return get(i); }
    } items{item, n};

    // A run of adjacent fold boxes gets one "N polls" label.
    float run_a = 0, run_z = -1e30f;
    std::uint32_t run_n = 0;
    auto flush_run = [&]() {
        if (run_n > 1 && st.labels && f.labels < TimelineFrame::kMaxLabels && y1 - y0 >= ImGui::GetFontSize()) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%u polls", run_n);
            ImVec2 ts = ImGui::CalcTextSize(buf);
            float a = std::max(run_a, f.left), z = std::min(run_z, f.right);
            if (ts.x + 6 < z - a) {
                f.dl->AddText(ImVec2(a + (z - a - ts.x) * 0.5f, y0 + (y1 - y0 - ts.y) * 0.5f),
                              IM_COL32(20, 20, 20, 255), buf);
                ++f.labels;
            }
        }
        run_n = 0;
        run_z = -1e30f;
    };
    auto draw_fold = [&](float a, float z, std::uint32_t first, std::uint32_t count) {
        std::uint32_t ready = row.ready_between(first, first + count);
        ImU32 fill = st.executor ? with_alpha(p.open, 220)
                                 : lerp_colour(p.pending, p.ready, static_cast<float>(ready) / static_cast<float>(count));
        z = std::max(z, a + 1.0f);
        f.dl->AddRectFilled(ImVec2(std::max(a, f.left - 2), y0 + 1), ImVec2(std::min(z, f.right + 2), y1 - 1), fill);
        ++f.items;
        if (a > run_z + 1.0f) flush_run();
        if (run_n == 0) run_a = a;
        run_n += count;
        run_z = z;
        if (f.mouse_in && f.mouse.x >= a && f.mouse.x <= z + 0.5f && f.mouse.y >= y0 && f.mouse.y < y1) {
            f.hover.kind = TimelineHover::Kind::Fold;
            f.hover.fold_count = count;
            f.hover.fold_ready = ready;
            f.hover.fold_first = v[first].begin;
            f.hover.executor = st.executor;
        }
    };

    auto end_key = [](const FoldBox& b) { return b.e; };
    auto begin_key = [](const FoldBox& b) { return b.b; };
    std::size_t i = gallop(items, 0, f.x0, end_key);   // first item ending at or after x0
    while (i < n) {
        const FoldBox it = item(i);
        if (it.b > f.x1) break;
        float a = f.X(it.b), z = f.X(it.e);
        if (it.count == 1 && z - a >= TimelineFrame::kFoldPx) {
            flush_run();
            draw_slice(f, v[it.first], a, z, y0, y1, st);
            ++i;
            continue;
        }
        if (it.count > 1 && z - a >= TimelineFrame::kFoldPx) {
            draw_fold(a, z, it.first, it.count);
            ++i;
            continue;
        }
        // Narrow: take every item that begins within kFoldPx of this one.
        std::size_t j = gallop(items, i + 1, f.V(a + TimelineFrame::kFoldPx), begin_key);
        if (j - 1 > i) {
            const FoldBox last = item(j - 1);
            if (f.X(last.e) - f.X(last.b) >= TimelineFrame::kFoldPx) --j;
        }
        if (j == i + 1 && it.count == 1) {
            if (a > run_z + 1.0f) flush_run();
            draw_slice(f, v[it.first], a, std::max(z, a + 1.0f), y0, y1, st);
            if (run_n == 0) run_a = a;
            run_n += 1;
            run_z = std::max(z, a + 1.0f);
            ++i;
            continue;
        }
        const FoldBox last = item(j - 1);
        draw_fold(a, f.X(last.e), it.first, last.first + last.count - it.first);
        i = j;
    }
    flush_run();
}

// [SECTION] Markers

void draw_marker_shape(ImDrawList* dl, const Palette& p, const Marker& m, float x, float yc, float r) {
    switch (m.kind) {
        case EventKind::WakerClone:   // up triangle: a new clone exists
            dl->AddTriangleFilled(ImVec2(x, yc - r), ImVec2(x - r, yc + r), ImVec2(x + r, yc + r), p.clone);
            break;
        case EventKind::WakerDrop:    // down triangle: a clone is gone
            dl->AddTriangleFilled(ImVec2(x - r, yc - r), ImVec2(x + r, yc - r), ImVec2(x, yc + r), p.drop);
            break;
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef:   // diamond: a wake
            dl->AddQuadFilled(ImVec2(x, yc - r - 1), ImVec2(x + r + 1, yc), ImVec2(x, yc + r + 1),
                              ImVec2(x - r - 1, yc), p.wake);
            break;
        case EventKind::Spawn:
            dl->AddCircleFilled(ImVec2(x, yc), r, p.ready, 8);
            break;
        case EventKind::TaskComplete:
            dl->AddRectFilled(ImVec2(x - r, yc - r), ImVec2(x + r, yc + r), p.ready);
            break;
        case EventKind::TimerFire:
            dl->AddCircleFilled(ImVec2(x, yc), r + 1, p.timer, 10);
            dl->AddLine(ImVec2(x, yc), ImVec2(x, yc - r), IM_COL32(20, 20, 20, 255));
            dl->AddLine(ImVec2(x, yc), ImVec2(x + r * 0.7f, yc), IM_COL32(20, 20, 20, 255));
            break;
        case EventKind::IoReady:
            dl->AddQuadFilled(ImVec2(x, yc - r - 1), ImVec2(x + r + 1, yc), ImVec2(x, yc + r + 1),
                              ImVec2(x - r - 1, yc), p.io);
            break;
        case EventKind::TimeAdvance:
            dl->AddTriangleFilled(ImVec2(x - r, yc - r), ImVec2(x + r, yc), ImVec2(x - r, yc + r), p.timer);
            break;
        case EventKind::Steal:   // two small left-pointing triangles: took work from another worker
            dl->AddTriangleFilled(ImVec2(x - r, yc), ImVec2(x, yc - r), ImVec2(x, yc + r), p.io);
            dl->AddTriangleFilled(ImVec2(x, yc), ImVec2(x + r, yc - r), ImVec2(x + r, yc + r), p.io);
            break;
        case EventKind::WorkerPark:
        case EventKind::WorkerUnpark:
            dl->AddRectFilled(ImVec2(x - 1, yc - r), ImVec2(x + 1, yc + r), p.text_dim);
            break;
        case EventKind::Diagnostic: {   // a red disc with "!": something went wrong here
            float rr = r + 2;
            dl->AddCircleFilled(ImVec2(x, yc), rr, p.diag, 12);
            dl->AddLine(ImVec2(x, yc - rr * 0.6f), ImVec2(x, yc + rr * 0.15f), IM_COL32(255, 255, 255, 255), 1.5f);
            dl->AddCircleFilled(ImVec2(x, yc + rr * 0.5f), 1.0f, IM_COL32(255, 255, 255, 255), 4);
            break;
        }
        default:
            dl->AddCircleFilled(ImVec2(x, yc), r, p.text_dim, 6);
            break;
    }
}

// Draws markers in [x0, x1], at most one per kMinGap pixels (the rest are skipped by search).
void draw_markers(TimelineFrame& f, const std::vector<Marker>& v, float yc, float r, std::uint32_t task,
                  bool time_spans) {
    if (v.empty()) return;
    const Palette& p = *f.pal;
    auto key = [&](const Marker& m) { return f.at(m); };
    constexpr float kMinGap = 5.0f;
    if (time_spans && f.axis == AxisMode::Time) {
        // Time jumps as shaded spans (from the time before the jump to the time after).
        auto end_key = [&](const Marker& m) { return static_cast<double>(m.time); };
        std::size_t i = gallop(v, 0, f.x0, end_key);
        while (i < v.size()) {
            const Marker& m = v[i];
            if (m.kind != EventKind::TimeAdvance) {
                ++i;
                continue;
            }
            const Event& e = (*f.trace)[m.step];
            float a = f.X(static_cast<double>(e.arg)), z = f.X(static_cast<double>(e.time));
            if (a > f.right) break;
            if (z - a >= 2.0f) {
                f.dl->AddRectFilled(ImVec2(a, yc + r * 0.6f), ImVec2(z, yc + r * 2.0f), p.time_jump);
                ++f.items;
                if (z - a > 90 && f.labels < TimelineFrame::kMaxLabels) {
                    std::string text = "time jumps +" + duration_text(e.time - e.arg);
                    float tx = std::max(a, f.left) + 4;
                    if (tx + ImGui::CalcTextSize(text.c_str()).x < z) {
                        f.dl->AddText(ImVec2(tx + r * 2, yc - ImGui::GetFontSize() * 0.5f), p.text_dim, text.c_str());
                        ++f.labels;
                    }
                }
            }
            // Jumps are disjoint and in order: skip every one that ends within 2 px of this one.
            i = std::max(i + 1, gallop(v, i + 1, f.V(std::max(z, a) + 2.0f), end_key));
        }
    }
    std::size_t i = gallop(v, 0, f.x0 - 6.0 / f.ppu, key);
    // Too many to tell apart (more than one per kMinGap pixels on average): one band that says
    // how many, instead of a picket fence of overlapping markers. Two binary searches.
    std::size_t end = gallop(v, i, f.x1 + 6.0 / f.ppu, key);
    if (end > i && static_cast<double>(end - i) > static_cast<double>(f.right - f.left) / kMinGap) {
        float a = std::max(f.X(f.at(v[i])), f.left), z = std::min(f.X(f.at(v[end - 1])), f.right);
        f.dl->AddRectFilled(ImVec2(a, yc - r * 0.5f), ImVec2(std::max(z, a + 1), yc + r * 0.5f),
                            with_alpha(task == kNone ? p.timer : p.clone, 110));
        ++f.items;
        if (f.mouse_in && f.mouse.x >= a && f.mouse.x <= z && std::fabs(f.mouse.y - yc) <= r + 2) {
            f.hover.kind = TimelineHover::Kind::Dense;
            f.hover.fold_count = static_cast<std::uint32_t>(end - i);
            f.hover.marker_task = task;
            f.hover.fold_first = v[i].step;
        }
        return;
    }
    while (i < v.size()) {
        const Marker& m = v[i];
        double at = f.at(m);
        float x = f.X(at);
        if (x > f.right + 6) break;
        if (time_spans && f.axis == AxisMode::Time && m.kind == EventKind::TimeAdvance) {
            ++i;   // drawn as a span above; the timer or IO event at the same instant says more
            continue;
        }
        draw_marker_shape(f.dl, p, m, x, yc, r);
        ++f.items;
        if (f.mouse_in && std::fabs(f.mouse.x - x) <= r + 2 && std::fabs(f.mouse.y - yc) <= r + 3) {
            f.hover.kind = TimelineHover::Kind::Marker;
            f.hover.marker = m;
            f.hover.marker_task = task;
        }
        std::size_t next = gallop(v, i + 1, f.V(x + kMinGap), key);
        i = std::max(next, i + 1);
    }
}

// Times a worker slept (multi-worker policies): a hatched grey band, "parked" when wide.
void draw_parked(TimelineFrame& f, const std::vector<TimelineModel::ParkSpan>& v, float y0, float y1) {
    if (v.empty()) return;
    auto end_key = [&](const TimelineModel::ParkSpan& sp) {
        return f.axis == AxisMode::Time ? static_cast<double>(sp.t1) : static_cast<double>(sp.end) + 1.0;
    };
    std::size_t i = gallop(v, 0, f.x0, end_key);
    while (i < v.size()) {
        const auto& sp = v[i];
        double b = f.axis == AxisMode::Time ? static_cast<double>(sp.t0) : static_cast<double>(sp.begin);
        float a = f.X(b), z = f.X(end_key(sp));
        if (a > f.right) break;
        if (z - a >= 2.0f) {
            f.dl->AddRectFilled(ImVec2(a, y0 + 2), ImVec2(z, y1 - 2), with_alpha(f.pal->open, 60));
            ++f.items;
            if (z - a > 60 && f.labels < TimelineFrame::kMaxLabels) {
                f.dl->AddText(ImVec2(std::max(a, f.left) + 4, y0 + (y1 - y0 - ImGui::GetFontSize()) * 0.5f),
                              f.pal->text_dim, "parked");
                ++f.labels;
            }
        }
        // Spans are disjoint and in order: skip those within 2 px of this one.
        i = std::max(i + 1, gallop(v, i + 1, f.V(std::max(z, a) + 2.0f), end_key));
    }
}

// [SECTION] Wake arrows

struct LaneY {
    float executor_c = 0;     // centre of the executor lane (worker 0)
    float reactor_c = 0;
    std::vector<float> task_top, task_c;
};

void draw_arrow(TimelineFrame& f, const WakeArrow& w, const LaneY& ly, bool hot) {
    if (w.to_task >= ly.task_top.size()) return;
    float xa = f.X(f.at_step(w.wake));
    float xb = f.X(f.axis == AxisMode::Steps ? static_cast<double>(w.poll) : f.at_step(w.poll));
    float ya = w.from_task == kNone ? ly.reactor_c
               : (w.from_task < ly.task_c.size() ? ly.task_c[w.from_task] : ly.executor_c);
    float yb = ly.task_top[w.to_task] + 1;
    ImU32 col = hot ? f.pal->arrow_hot : f.pal->arrow;
    float th = hot ? 2.5f : 1.2f;
    if (w.coalesced && !hot) {
        col = with_alpha(col, 70);   // a coalesced wake: the poll was already coming
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
    f.dl->AddTriangleFilled(ImVec2(xb, yb), ImVec2(xb - h, yb - h * 1.2f), ImVec2(xb + h * 0.4f, yb - h * 1.3f), col);
    ++f.items;
}

std::uint32_t step_at_value(const TimelineFrame& f, double v) {
    if (f.trace->empty()) return 0;
    if (f.axis == AxisMode::Steps) {
        double s = std::clamp(v, 0.0, static_cast<double>(f.trace->size() - 1));
        return static_cast<std::uint32_t>(s);
    }
    return static_cast<std::uint32_t>(
        std::min(f.trace->lower_bound_time(static_cast<Nanos>(std::max(0.0, v))), f.trace->size() - 1));
}

void draw_arrows(TimelineFrame& f, const LaneY& ly, std::int64_t cursor) {
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
        std::size_t k = gallop(v, 0, static_cast<double>(c) + 0.5, wake_key);   // first wake > cursor
        for (std::size_t n = 0; k > 0 && n < 64; --k, ++n) {
            const WakeArrow& a = v[k - 1];
            if (a.wake == c || a.poll == c) draw_arrow(f, a, ly, true);
        }
    }
}

// [SECTION] Tooltips

const char* result_words(std::uint8_t r) {
    if (r == static_cast<std::uint8_t>(PollResult::Ready)) return "Ready";
    if (r == static_cast<std::uint8_t>(PollResult::Pending)) return "Pending";
    return "(still running when the trace ends)";
}

void slice_tooltip(const TimelineFrame& f, const PollSlice& s, bool executor) {
    const Trace& t = *f.trace;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    const Event& b = t[s.begin];
    if (s.depth == 0) {
        ImGui::Text("%s, poll #%lld", task_label(t, s.task).c_str(), static_cast<long long>(b.arg));
        if (executor) ImGui::TextUnformatted("The executor was running this task: one poll() of its future.");
    } else {
        const NodeInfo* ni = t.node_info(s.node);
        ImGui::Text("Sub-future %s", ni ? ni->text.c_str() : std::string(t.strings.get(s.node)).c_str());
        ImGui::TextDisabled("path %s, inside %s", std::string(t.strings.get(s.node)).c_str(),
                            task_label(t, s.task).c_str());
        ImGui::TextUnformatted("A parent future polled this one as part of the task's poll.");
    }
    ImGui::TextDisabled("step %u: %s", s.begin, narrate(t, s.begin).c_str());
    if (s.result != kOpenPoll) ImGui::TextDisabled("step %u: %s", s.end, narrate(t, s.end).c_str());
    ImGui::Separator();
    ImU32 col = result_colour(*f.pal, s.result);
    colour_chip(col);
    ImGui::Text("returned %s", result_words(s.result));
    if (s.result == static_cast<std::uint8_t>(PollResult::Pending))
        ImGui::TextUnformatted(s.depth == 0
            ? "Pending: the task cannot go on yet. It sleeps until someone calls wake() on one of its wakers."
            : "Pending: not ready yet. It must have stored a clone of the waker, or nobody will wake the task.");
    else if (s.result == static_cast<std::uint8_t>(PollResult::Ready))
        ImGui::TextUnformatted(s.depth == 0 ? "Ready: the task's future is finished; the task completes."
                                            : "Ready: this future is done and the parent moves on.");
    ImGui::TextDisabled("t=%s .. %s (%s), steps %u..%u", format_time(s.t0).c_str(), format_time(s.t1).c_str(),
                        duration_text(s.t1 - s.t0).c_str(), s.begin, s.end);
    ImGui::TextDisabled("Click to move the cursor to the start of this poll.");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void marker_tooltip(const TimelineFrame& f, const Marker& m) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(narrate(*f.trace, m.step).c_str());
    ImGui::Separator();
    const char* why = "";
    switch (m.kind) {
        case EventKind::WakerClone: why = "A clone of the task's waker was made. Whoever holds it can wake the task later."; break;
        case EventKind::WakerDrop: why = "A waker clone was dropped: it can no longer wake the task."; break;
        case EventKind::WakerWake: why = "wake(): the clone is used up and the task is put back in the run queue."; break;
        case EventKind::WakerWakeByRef: why = "wake_by_ref(): the task is put back in the run queue; the clone stays alive."; break;
        case EventKind::Spawn: why = "The task was spawned: its future exists but nothing ran yet."; break;
        case EventKind::TaskComplete: why = "The task is finished: its future returned Ready (or it was cancelled)."; break;
        case EventKind::TimerFire: why = "A timer in the reactor reached its deadline and woke the waker stored with it."; break;
        case EventKind::IoReady: why = "The reactor saw an IO source become ready and woke the waker registered for it."; break;
        case EventKind::TimeAdvance: why = "The run queue was empty, so the reactor jumped virtual time to the next timer or IO event."; break;
        case EventKind::Diagnostic: why = "A problem pollscope detected at this step (see the Diagnostics panel)."; break;
        case EventKind::Steal: why = "This worker's own queue was empty, so it took tasks from another worker's queue."; break;
        case EventKind::WorkerPark: why = "This worker found no task anywhere and went to sleep (parked)."; break;
        case EventKind::WorkerUnpark: why = "Work arrived, so this sleeping worker was woken (unparked)."; break;
        default: break;
    }
    ImGui::TextUnformatted(why);
    ImGui::TextDisabled("t=%s, step %u. Click to move the cursor here.", format_time(m.time).c_str(), m.step);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void fold_tooltip(const TimelineHover& h) {
    ImGui::BeginTooltip();
    ImGui::Text("%u polls folded together", h.fold_count);
    if (!h.executor)
        ImGui::TextDisabled("%u Ready, %u Pending", h.fold_ready, h.fold_count - h.fold_ready);
    ImGui::TextUnformatted("Too narrow to draw one by one at this zoom: scroll the wheel to zoom in.");
    ImGui::TextDisabled("Click to move the cursor to the first of them (step %u).", h.fold_first);
    ImGui::EndTooltip();
}

// [SECTION] Interaction

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

double cursor_value(const TimelineFrame& f, std::int64_t step) {
    if (step < 0) return 0;
    auto s = static_cast<std::uint32_t>(step);
    return f.axis == AxisMode::Steps ? static_cast<double>(s) + 1.0 : static_cast<double>((*f.trace)[s].time);
}

}  // namespace

// [SECTION] draw_timeline

void draw_timeline(AppState& app, const UiContext& ui) {
    (void)ui;
    TimelineView& tv = app.timeline;
    const Palette& pal = palette();

    // Controls row.
    {
        int axis = static_cast<int>(tv.axis);
        ImGui::TextUnformatted("Axis:");
        ImGui::SameLine();
        if (ImGui::RadioButton("virtual time", axis == 0)) tv.axis = AxisMode::Time;
        ImGui::SameLine();
        if (ImGui::RadioButton("steps", axis == 1)) tv.axis = AxisMode::Steps;
        help_marker("Virtual time: where each event happened on the simulated clock. Polls can take zero "
                    "virtual time, so many events may share one instant.\nSteps: one step = one event, so every "
                    "event gets the same width.");
        ImGui::SameLine();
        ImGui::Checkbox("wake arrows", &tv.show_arrows);
        ImGui::SameLine();
        ImGui::Checkbox("sub-futures", &tv.show_nested);
        ImGui::SameLine();
        ImGui::Checkbox("waker marks", &tv.show_waker_marks);
        ImGui::SameLine();
        if (ImGui::SmallButton("Fit")) tv.fitted = false;
        ImGui::SameLine();
        ImGui::TextDisabled("Legend:");
        ImGui::SameLine();
        colour_chip(pal.pending);
        ImGui::TextUnformatted("Pending");
        ImGui::SameLine();
        colour_chip(pal.ready);
        ImGui::TextUnformatted("Ready");
        help_marker("Each bar is one poll. Amber: poll() returned Pending (not ready, the task waits for a "
                    "wake). Green: it returned Ready (done). Thin bars under a task's bar are the sub-futures "
                    "its poll went through. Blended boxes stand for many polls too narrow to draw one by one.\n"
                    "Markers: blue up-triangle = a waker clone was made; red down-triangle = a clone was "
                    "dropped; yellow diamond = wake. Blue arrows go from each wake to the poll it caused.\n"
                    "Mouse: wheel zooms around the pointer, drag pans, click moves the cursor, Shift+wheel "
                    "scrolls the lanes.");
    }

    if (!app.has_trace()) {
        ImGui::TextDisabled("No scenario loaded. Use File > Open, or drop a scenario file onto the window.");
        return;
    }
    const Trace& trace = *app.trace();
    const TimelineModel& model = *app.doc->model;
    const Snapshot& snap = *app.snapshot();
    if (!tv.fitted) fit_view(tv, trace);
    const int m = static_cast<int>(tv.axis);

    // Lane layout.
    const float fs = ImGui::GetFontSize();
    const float gutter = std::floor(fs * 9.5f);
    const float axis_h = fs + 8;
    const int nested_rows = tv.show_nested ? static_cast<int>(std::min<std::uint32_t>(model.max_depth, TaskLane::kMaxDepthRows)) : 0;
    const std::size_t workers = model.executor.size();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    // With few tasks the lanes grow (up to 1.8x) to use the panel's height.
    auto lanes_height = [&](float k) {
        float bar = std::floor(fs * 1.25f * k), mark = std::floor(fs * 0.75f * k), nest = std::floor(fs * 0.45f * k);
        return (bar + 6) * static_cast<float>(workers + 1) +
               (mark + bar + static_cast<float>(nested_rows) * (nest + 1) + 8) * static_cast<float>(model.tasks.size());
    };
    const float grow = std::clamp((avail.y - axis_h - 4) / std::max(1.0f, lanes_height(1.0f)), 1.0f, 1.8f);
    const float bar_h = std::floor(fs * 1.25f * grow);
    const float mark_h = std::floor(fs * 0.75f * grow);
    const float nested_h = std::floor(fs * 0.45f * grow);
    const float exec_h = bar_h + 6;
    const float reactor_h = bar_h + 6;
    const float task_h = mark_h + bar_h + static_cast<float>(nested_rows) * (nested_h + 1) + 8;
    const float total_h = exec_h * static_cast<float>(workers) + reactor_h + task_h * static_cast<float>(model.tasks.size());

    if (avail.x < gutter + 50 || avail.y < axis_h + 20) return;

    TimelineFrame f;
    f.trace = &trace;
    f.model = &model;
    f.pal = &pal;
    f.axis = tv.axis;
    f.left = origin.x + gutter;
    f.right = origin.x + avail.x - 2;
    f.x0 = tv.x0[m];
    f.x1 = tv.x1[m];
    f.ppu = (f.right - f.left) / std::max(1e-9, f.x1 - f.x0);

    // Follow the cursor when it moves out of view.
    if (tv.follow_cursor && tv.last_serial != app.cursor_serial) {
        tv.last_serial = app.cursor_serial;
        double c = cursor_value(f, app.step);
        double span = f.x1 - f.x0;
        if (c < f.x0 || c > f.x1 - span * 0.03) {
            // Bring it back with some context on the left (the past) and room on the right.
            tv.x0[m] = c - span * 0.35;
            tv.x1[m] = tv.x0[m] + span;
            clamp_view(tv, trace, tv.axis);
            f.x0 = tv.x0[m];
            f.x1 = tv.x1[m];
        }
    }

    // Axis (does not scroll with the lanes).
    f.dl = ImGui::GetWindowDrawList();
    {
        float y0 = origin.y, y1 = origin.y + axis_h;
        f.dl->PushClipRect(ImVec2(f.left, y0), ImVec2(f.right, y1), true);
        draw_axis(f, y0, y1, y1, y1);
        f.dl->PopClipRect();
        f.dl->AddText(ImVec2(origin.x + 4, y0 + 2), pal.text_dim,
                      tv.axis == AxisMode::Time ? "virtual time" : "step (1 per event)");
        ImGui::Dummy(ImVec2(avail.x, axis_h));
    }

    // Lanes, in a child window that scrolls vertically.
    ImGui::BeginChild("##lanes", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMove);
    f.dl = ImGui::GetWindowDrawList();
    ImVec2 lo = ImGui::GetCursorScreenPos();
    ImVec2 win_pos = ImGui::GetWindowPos(), win_size = ImGui::GetWindowSize();
    const float view_top = win_pos.y, view_bottom = win_pos.y + win_size.y;
    ImGui::Dummy(ImVec2(1, total_h));
    f.mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsWindowHovered();
    f.mouse_in = hovered && f.mouse.x >= f.left;

    // Vertical positions.
    LaneY ly;
    float y = lo.y;
    std::vector<float> exec_y(workers);
    for (std::size_t w = 0; w < workers; ++w, y += exec_h) exec_y[w] = y;
    ly.executor_c = exec_y.empty() ? y : exec_y[0] + exec_h * 0.5f;
    const float reactor_y = y;
    ly.reactor_c = y + reactor_h * 0.5f;
    y += reactor_h;
    ly.task_top.resize(model.tasks.size());
    ly.task_c.resize(model.tasks.size());
    for (std::size_t t = 0; t < model.tasks.size(); ++t, y += task_h) {
        ly.task_top[t] = y + mark_h + 2;
        ly.task_c[t] = y + mark_h + 2 + bar_h * 0.5f;
    }
    const float lanes_bottom = y;

    // Backgrounds and names (gutter).
    auto lane_bg = [&](float y0, float h, int idx) {
        f.dl->AddRectFilled(ImVec2(origin.x, y0), ImVec2(f.right, y0 + h), idx % 2 ? pal.lane_alt : pal.lane_bg);
    };
    auto gutter_text = [&](float y0, float h, ImU32 chip, const std::string& text) {
        float ty = y0 + (h - fs) * 0.5f;
        if (chip) f.dl->AddRectFilled(ImVec2(origin.x + 4, ty + 3), ImVec2(origin.x + 4 + fs * 0.6f, ty + 3 + fs * 0.6f), chip, 2);
        f.dl->PushClipRect(ImVec2(origin.x, y0), ImVec2(f.left - 4, y0 + h), true);
        f.dl->AddText(ImVec2(origin.x + 8 + fs * 0.6f, ty), pal.text, text.c_str());
        f.dl->PopClipRect();
    };
    int lane_index = 0;
    for (std::size_t w = 0; w < workers; ++w) {
        lane_bg(exec_y[w], exec_h, lane_index++);
        gutter_text(exec_y[w], exec_h, 0, workers > 1 ? "executor " + std::to_string(w) : "executor");
    }
    lane_bg(reactor_y, reactor_h, lane_index++);
    gutter_text(reactor_y, reactor_h, 0, "reactor");
    for (std::size_t t = 0; t < model.tasks.size(); ++t) {
        float y0 = ly.task_top[t] - mark_h - 2;
        if (y0 > view_bottom || y0 + task_h < view_top) continue;
        lane_bg(y0, task_h, lane_index + static_cast<int>(t));
        std::string name = trace.task_name(static_cast<std::uint32_t>(t));
        const char* state = t < snap.tasks.size() ? task_state_name(snap.tasks[t].state) : "";
        const float below = y0 + task_h - (ly.task_top[t] + bar_h);   // room under the bar
        if (below >= fs + 2) {
            // Name on the bar's row, the state at the cursor under it.
            gutter_text(ly.task_top[t], bar_h, pal.task(static_cast<std::uint32_t>(t)), name);
            f.dl->PushClipRect(ImVec2(origin.x, y0), ImVec2(f.left - 4, y0 + task_h), true);
            f.dl->AddText(ImVec2(origin.x + 8 + fs * 0.6f, ly.task_top[t] + bar_h + 1), pal.text_dim, state);
            f.dl->PopClipRect();
        } else {
            gutter_text(ly.task_top[t], bar_h, pal.task(static_cast<std::uint32_t>(t)), name + " (" + state + ")");
        }
    }

    // Grid lines and the current event's column.
    f.dl->PushClipRect(ImVec2(f.left, view_top), ImVec2(f.right, view_bottom), true);
    {
        double spacing = nice_spacing(90.0 / f.ppu);
        if (f.axis == AxisMode::Steps) spacing = std::max(1.0, spacing);
        int n = 0;
        for (double v = std::ceil(f.x0 / spacing) * spacing; v <= f.x1 && n < 200; v += spacing, ++n)
            f.dl->AddLine(ImVec2(f.X(v), lo.y), ImVec2(f.X(v), lanes_bottom), pal.grid);
        if (app.step >= 0 && f.axis == AxisMode::Steps) {
            float a = f.X(static_cast<double>(app.step)), z = f.X(static_cast<double>(app.step) + 1.0);
            f.dl->AddRectFilled(ImVec2(a, lo.y), ImVec2(std::max(z, a + 2), lanes_bottom), pal.current_event);
        }
    }

    // Executor and reactor lanes.
    RowStyle exec_style{true, true};
    for (std::size_t w = 0; w < workers; ++w)
        if (exec_y[w] + exec_h >= view_top && exec_y[w] <= view_bottom) {
            draw_parked(f, model.parked[w], exec_y[w] + 3, exec_y[w] + exec_h - 3);
            draw_row(f, model.executor[w], exec_y[w] + 3, exec_y[w] + exec_h - 3, exec_style);
            if (workers > 1)
                draw_markers(f, model.worker_marks[w], exec_y[w] + exec_h * 0.5f, fs * 0.3f, kNone, false);
        }
    if (reactor_y + reactor_h >= view_top && reactor_y <= view_bottom)
        draw_markers(f, model.reactor, ly.reactor_c, fs * 0.3f, kNone, true);

    // Task lanes (only the ones scrolled into view).
    RowStyle task_style{false, true};
    RowStyle nested_style{false, false};
    for (std::size_t t = 0; t < model.tasks.size(); ++t) {
        float top = ly.task_top[t];
        if (top + task_h < view_top || top - mark_h > view_bottom) continue;
        const TaskLane& lane = model.tasks[t];
        if (tv.show_waker_marks)
            draw_markers(f, lane.wakers, top - mark_h * 0.5f - 1, mark_h * 0.38f, static_cast<std::uint32_t>(t), false);
        draw_row(f, lane.polls, top, top + bar_h, task_style);
        for (int r = 0; r < nested_rows; ++r) {
            float ny = top + bar_h + 1 + static_cast<float>(r) * (nested_h + 1);
            draw_row(f, lane.nested[static_cast<std::size_t>(r)], ny, ny + nested_h, nested_style);
        }
    }

    if (tv.show_arrows) draw_arrows(f, ly, app.step);

    // The cursor: the state shown in every panel is the state just after this step.
    {
        float cx = f.X(cursor_value(f, app.step));
        f.dl->AddLine(ImVec2(cx, lo.y), ImVec2(cx, std::max(lanes_bottom, view_bottom)), pal.cursor, 2.0f);
    }
    f.dl->PopClipRect();

    // Interaction.
    ImGuiIO& io = ImGui::GetIO();
    if (hovered && f.mouse.x >= f.left) {
        f.hover.value = f.V(f.mouse.x);
        if (io.MouseWheel != 0 && !io.KeyShift) {
            double factor = std::pow(0.8, static_cast<double>(io.MouseWheel));
            double v = f.hover.value;
            tv.x0[m] = v - (v - tv.x0[m]) * factor;
            tv.x1[m] = v + (tv.x1[m] - v) * factor;
            clamp_view(tv, trace, tv.axis);
        } else if (io.MouseWheel != 0) {
            ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * task_h);
        }
        if (ImGui::IsMouseClicked(0)) tv.dragging = true;
        if (f.hover.kind == TimelineHover::Kind::None) f.hover.kind = TimelineHover::Kind::Empty;
    }
    if (tv.dragging) {
        if (ImGui::IsMouseDown(0)) {
            double du = static_cast<double>(io.MouseDelta.x) / f.ppu;
            tv.x0[m] -= du;
            tv.x1[m] -= du;
            clamp_view(tv, trace, tv.axis);
            if (io.MouseDelta.y != 0) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
        } else {
            tv.dragging = false;
            if (io.MouseDragMaxDistanceSqr[0] < 16.0f && hovered) {
                switch (f.hover.kind) {
                    case TimelineHover::Kind::Slice: app.seek(f.hover.slice->begin); break;
                    case TimelineHover::Kind::Fold: app.seek(f.hover.fold_first); break;
                    case TimelineHover::Kind::Marker: app.seek(f.hover.marker.step); break;
                    case TimelineHover::Kind::Dense: app.seek(f.hover.fold_first); break;
                    case TimelineHover::Kind::Empty: {
                        // The last event at or before the point clicked.
                        std::uint32_t s = step_at_value(f, f.hover.value);
                        if (f.axis == AxisMode::Time && s > 0 && static_cast<double>(trace[s].time) > f.hover.value) --s;
                        app.seek(s);
                        break;
                    }
                    case TimelineHover::Kind::None: break;
                }
            }
        }
    }
    if (!tv.dragging || io.MouseDragMaxDistanceSqr[0] < 16.0f) {
        switch (f.hover.kind) {
            case TimelineHover::Kind::Slice: slice_tooltip(f, *f.hover.slice, f.hover.executor); break;
            case TimelineHover::Kind::Fold: fold_tooltip(f.hover); break;
            case TimelineHover::Kind::Marker: marker_tooltip(f, f.hover.marker); break;
            case TimelineHover::Kind::Dense:
                ImGui::SetTooltip("%u %s events here, too close together to draw one by one.\n"
                                  "Scroll the wheel to zoom in.", f.hover.fold_count,
                                  f.hover.marker_task == kNone ? "reactor" : "waker");
                break;
            default: break;
        }
    }
    tv.items_last_frame = f.items;
    ImGui::EndChild();
}

}  // namespace ps::gui
