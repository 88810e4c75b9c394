// Timeline lanes (Tracy's TimelineItem): the executor lane of each worker, the reactor lane
// and one lane per task. Each row of a lane is handled in two passes: a layout pass that
// culls to the visible range, folds runs narrower than kFoldPx and hit-tests the mouse, and
// a draw pass that only emits what the layout kept.
//
// Index of this file:
// [SECTION] Backgrounds and names (the gutter)
// [SECTION] Poll rows: layout, then draw
// [SECTION] Markers: layout, then draw
// [SECTION] Spans: parked workers, time jumps
// [SECTION] draw_lanes
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "engine/model/time.hpp"
#include "timeline_context.hpp"
#include "views.hpp"

namespace ps::gui {

ImU32 lerp_colour(ImU32 a, ImU32 b, float t) {
    auto ch = [&](int shift) {
        float x = static_cast<float>((a >> shift) & 0xFF), y = static_cast<float>((b >> shift) & 0xFF);
        return static_cast<ImU32>(x + (y - x) * t + 0.5f) << shift;
    };
    return ch(0) | ch(8) | ch(16) | ch(24);
}

ImU32 result_colour(const Palette& p, std::uint8_t result) {
    if (result == static_cast<std::uint8_t>(PollResult::Ready)) return p.ready;
    if (result == static_cast<std::uint8_t>(PollResult::Pending)) return p.pending;
    return p.open;
}

namespace {

// [SECTION] Backgrounds and names

void lane_background(TimelineContext& c, const LaneLayout& l, float y0, float h, int idx) {
    c.dl->AddRectFilled(ImVec2(l.origin.x, y0), ImVec2(c.right, y0 + h),
                        idx % 2 ? c.pal->lane_alt : c.pal->lane_bg);
}

void gutter_text(TimelineContext& c, const LaneLayout& l, float y0, float h, ImU32 chip,
                 const std::string& text) {
    const float fs = l.fs;
    float ty = y0 + (h - fs) * 0.5f;
    if (chip)
        c.dl->AddRectFilled(ImVec2(l.origin.x + 4, ty + 3),
                            ImVec2(l.origin.x + 4 + fs * 0.6f, ty + 3 + fs * 0.6f), chip, 2);
    c.dl->PushClipRect(ImVec2(l.origin.x, y0), ImVec2(c.left - 4, y0 + h), true);
    c.dl->AddText(ImVec2(l.origin.x + 8 + fs * 0.6f, ty), c.pal->text, text.c_str());
    c.dl->PopClipRect();
}

// A task's name, and its state at the cursor under it when there is room (else in brackets).
void task_name(TimelineContext& c, const LaneLayout& l, std::size_t t, const Snapshot& snap) {
    const float y0 = l.task_lane_top(t), top = l.task_top[t];
    std::string name = c.trace->task_name(static_cast<std::uint32_t>(t));
    const char* state = t < snap.tasks.size() ? task_state_name(snap.tasks[t].state) : "";
    const ImU32 chip = c.pal->task(static_cast<std::uint32_t>(t));
    const float below = y0 + l.task_h - (top + l.bar_h);  // room under the bar
    if (below < l.fs + 2) {
        gutter_text(c, l, top, l.bar_h, chip, name + " (" + state + ")");
        return;
    }
    gutter_text(c, l, top, l.bar_h, chip, name);
    c.dl->PushClipRect(ImVec2(l.origin.x, y0), ImVec2(c.left - 4, y0 + l.task_h), true);
    c.dl->AddText(ImVec2(l.origin.x + 8 + l.fs * 0.6f, top + l.bar_h + 1), c.pal->text_dim, state);
    c.dl->PopClipRect();
}

}  // namespace

void draw_lane_names(TimelineContext& c, const LaneLayout& l, const Snapshot& snap) {
    int lane_index = 0;
    for (std::size_t w = 0; w < l.workers; ++w) {
        lane_background(c, l, l.exec_y[w], l.exec_h, lane_index++);
        gutter_text(c, l, l.exec_y[w], l.exec_h, 0,
                    l.workers > 1 ? "executor " + std::to_string(w) : "executor");
    }
    lane_background(c, l, l.reactor_y, l.reactor_h, lane_index++);
    gutter_text(c, l, l.reactor_y, l.reactor_h, 0, "reactor");
    for (std::size_t t = 0; t < l.tasks; ++t) {
        float y0 = l.task_lane_top(t);
        if (y0 > l.view_bottom || y0 + l.task_h < l.view_top) continue;
        lane_background(c, l, y0, l.task_h, lane_index + static_cast<int>(t));
        task_name(c, l, t, snap);
    }
}

namespace {

// [SECTION] Poll rows

struct RowStyle {
    bool executor = false;  // colour by task, not by result
    bool labels = true;
};

// One laid-out shape of a row.
struct RowBox {
    enum class Kind : std::uint8_t {
        Slice,        // one poll wide enough to draw alone
        NarrowSlice,  // one poll, narrow but alone: counts in the "N polls" run label
        Fold,         // many polls in one blended box
    } kind = Kind::Slice;
    float a = 0, z = 0;
    std::uint32_t first = 0, count = 1;  // slice index (Slice), or the folded slices
    std::uint32_t ready = 0;             // Ready results among them (Fold)
};

// Layout pass of one row: what to draw and what the mouse is over. At coarse zoom it walks a
// precomputed level of detail (FoldBox runs, contiguous in memory) instead of the polls
// themselves; whatever it walks, runs still narrower than kFoldPx are folded on the fly, so the
// loop runs at most a few times per pixel of width, whatever the length of the trace.
class RowLayout {
public:
    RowLayout(TimelineContext& c, const SliceRow& row, float y0, float y1, bool executor)
        : c_(c), row_(row), y0_(y0), y1_(y1), executor_(executor) {}

    const std::vector<RowBox>& layout(std::vector<RowBox>& out);

private:
    FoldBox item(std::size_t i) const {
        if (level_) return level_->boxes[i];
        const PollSlice& s = row_.slices[i];
        return {c_.begin_of(s), c_.end_of(s), static_cast<std::uint32_t>(i), 1};
    }
    struct Items {  // random access for gallop()
        const RowLayout& r;
        std::size_t n;
        std::size_t size() const { return n; }
        FoldBox operator[](std::size_t i) const { return r.item(i); }
    };
    void slice(RowBox::Kind kind, float a, float z, std::uint32_t index);
    void fold(float a, float z, std::uint32_t first, std::uint32_t count);

    TimelineContext& c_;
    const SliceRow& row_;
    float y0_, y1_;
    bool executor_;
    const FoldLevel* level_ = nullptr;
    std::vector<RowBox>* out_ = nullptr;
};

void RowLayout::slice(RowBox::Kind kind, float a, float z, std::uint32_t index) {
    if (z - a < 1.0f) z = a + 1.0f;
    out_->push_back({kind, a, z, index, 1, 0});
    const ImVec2 m = c_.mouse;
    if (c_.mouse_in && m.x >= a - 1 && m.x <= z + 1 && m.y >= y0_ && m.y < y1_) {
        c_.hover.kind = TimelineHover::Kind::Slice;
        c_.hover.slice = &row_.slices[index];
        c_.hover.executor = executor_;
    }
}

void RowLayout::fold(float a, float z, std::uint32_t first, std::uint32_t count) {
    const std::uint32_t ready = row_.ready_between(first, first + count);
    z = std::max(z, a + 1.0f);
    out_->push_back({RowBox::Kind::Fold, a, z, first, count, ready});
    const ImVec2 m = c_.mouse;
    if (c_.mouse_in && m.x >= a && m.x <= z + 0.5f && m.y >= y0_ && m.y < y1_) {
        c_.hover.kind = TimelineHover::Kind::Fold;
        c_.hover.fold_count = count;
        c_.hover.fold_ready = ready;
        c_.hover.fold_first = row_.slices[first].begin;
        c_.hover.executor = executor_;
    }
}

const std::vector<RowBox>& RowLayout::layout(std::vector<RowBox>& out) {
    out.clear();
    out_ = &out;
    if (row_.slices.empty()) return out;
    const int axis = c_.axis == AxisMode::Time ? kAxisTime : kAxisSteps;
    level_ = row_.level_for(axis, TimelineContext::kFoldPx / c_.ppu);
    // Items: the level's boxes, or the slices themselves (as boxes of one).
    const std::size_t n = level_ ? level_->boxes.size() : row_.slices.size();
    const Items items{*this, n};
    auto end_key = [](const FoldBox& b) { return b.e; };
    auto begin_key = [](const FoldBox& b) { return b.b; };
    std::size_t i = gallop(items, 0, c_.x0, end_key);  // first item ending at or after x0
    while (i < n) {
        const FoldBox it = item(i);
        if (it.b > c_.x1) break;
        float a = c_.X(it.b), z = c_.X(it.e);
        if (z - a >= TimelineContext::kFoldPx) {
            if (it.count == 1)
                slice(RowBox::Kind::Slice, a, z, it.first);
            else
                fold(a, z, it.first, it.count);
            ++i;
            continue;
        }
        // Narrow: take every item that begins within kFoldPx of this one.
        std::size_t j = gallop(items, i + 1, c_.V(a + TimelineContext::kFoldPx), begin_key);
        if (j - 1 > i) {
            const FoldBox last = item(j - 1);
            if (c_.X(last.e) - c_.X(last.b) >= TimelineContext::kFoldPx) --j;
        }
        if (j == i + 1 && it.count == 1) {
            slice(RowBox::Kind::NarrowSlice, a, std::max(z, a + 1.0f), it.first);
            ++i;
            continue;
        }
        const FoldBox last = item(j - 1);
        fold(a, c_.X(last.e), it.first, last.first + last.count - it.first);
        i = j;
    }
    return out;
}

// "poll #2: Ready, 30.02ms", "poll #2: Ready", "Ready": the longest that fits wins.
void slice_label(TimelineContext& c, const PollSlice& s, float a, float z, float y0, float y1,
                 bool executor) {
    std::string candidates[3];
    if (executor) {
        candidates[0] = c.trace->task_name(s.task);
    } else if (s.depth == 0) {
        const char* r = s.result == static_cast<std::uint8_t>(PollResult::Ready)     ? "Ready"
                        : s.result == static_cast<std::uint8_t>(PollResult::Pending) ? "Pending"
                                                                                     : "polling";
        std::string poll = "poll #" + std::to_string((*c.trace)[s.begin].arg) + ": " + r;
        candidates[0] = poll + ", " + duration_text(s.t1 - s.t0);
        candidates[1] = poll;
        candidates[2] = r;
    } else if (const NodeInfo* ni = c.trace->node_info(s.node)) {
        candidates[0] = ni->text;
    } else {
        candidates[0] = std::string(c.trace->strings.get(s.node));
    }
    for (const auto& text : candidates) {
        if (text.empty()) continue;
        ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        if (ts.x + 6 >= z - a) continue;
        float cx = std::max(a, c.left) + 3;
        if (cx + ts.x > z - 3) cx = a + 3;
        c.dl->AddText(ImVec2(cx, y0 + (y1 - y0 - ts.y) * 0.5f), IM_COL32(20, 20, 20, 255), text.c_str());
        ++c.labels;
        break;
    }
}

bool room_for_label(const TimelineContext& c, float y0, float y1, const RowStyle& st) {
    return st.labels && c.labels < TimelineContext::kMaxLabels && y1 - y0 >= ImGui::GetFontSize();
}

void draw_slice(TimelineContext& c, const PollSlice& s, float a, float z, float y0, float y1,
                const RowStyle& st) {
    const Palette& p = *c.pal;
    ImU32 fill = st.executor ? p.task(s.task) : result_colour(p, s.result);
    c.dl->AddRectFilled(ImVec2(a, y0), ImVec2(z, y1), fill);
    ++c.items;
    if (z - a > 5.0f) c.dl->AddRect(ImVec2(a, y0), ImVec2(z, y1), p.fold_edge);
    if (st.executor && z - a > 3.0f) {
        // A thin strip at the bottom tells the result even in the executor lane.
        c.dl->AddRectFilled(ImVec2(a, y1 - 3), ImVec2(z, y1), result_colour(p, s.result));
    }
    if (z - a > 40.0f && room_for_label(c, y0, y1, st)) slice_label(c, s, a, z, y0, y1, st.executor);
}

void draw_fold(TimelineContext& c, const RowBox& b, float y0, float y1, const RowStyle& st) {
    const Palette& p = *c.pal;
    ImU32 fill = st.executor ? with_alpha(p.open, 220)
                             : lerp_colour(p.pending, p.ready,
                                           static_cast<float>(b.ready) / static_cast<float>(b.count));
    c.dl->AddRectFilled(ImVec2(std::max(b.a, c.left - 2), y0 + 1), ImVec2(std::min(b.z, c.right + 2), y1 - 1),
                        fill);
    ++c.items;
}

// Draw pass of one row. A run of adjacent narrow boxes gets one "N polls" label.
void draw_row(TimelineContext& c, const SliceRow& row, const std::vector<RowBox>& boxes, float y0, float y1,
              const RowStyle& st) {
    float run_a = 0, run_z = -1e30f;
    std::uint32_t run_n = 0;
    auto flush_run = [&]() {
        if (run_n > 1 && room_for_label(c, y0, y1, st)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%u polls", run_n);
            ImVec2 ts = ImGui::CalcTextSize(buf);
            float a = std::max(run_a, c.left), z = std::min(run_z, c.right);
            if (ts.x + 6 < z - a) {
                c.dl->AddText(ImVec2(a + (z - a - ts.x) * 0.5f, y0 + (y1 - y0 - ts.y) * 0.5f),
                              IM_COL32(20, 20, 20, 255), buf);
                ++c.labels;
            }
        }
        run_n = 0;
        run_z = -1e30f;
    };
    for (const RowBox& b : boxes) {
        switch (b.kind) {
            case RowBox::Kind::Slice:
                flush_run();
                draw_slice(c, row.slices[b.first], b.a, b.z, y0, y1, st);
                continue;
            case RowBox::Kind::NarrowSlice:
                if (b.a > run_z + 1.0f) flush_run();
                draw_slice(c, row.slices[b.first], b.a, b.z, y0, y1, st);
                break;
            case RowBox::Kind::Fold:
                draw_fold(c, b, y0, y1, st);
                if (b.a > run_z + 1.0f) flush_run();
                break;
        }
        if (run_n == 0) run_a = b.a;
        run_n += b.count;
        run_z = b.z;
    }
    flush_run();
}

void lay_out_and_draw_row(TimelineContext& c, std::vector<RowBox>& scratch, const SliceRow& row, float y0,
                          float y1, const RowStyle& st) {
    draw_row(c, row, RowLayout(c, row, y0, y1, st.executor).layout(scratch), y0, y1, st);
}

// [SECTION] Markers

}  // namespace

void draw_marker_shape(ImDrawList* dl, const Palette& p, const Marker& m, float x, float yc, float r) {
    switch (m.kind) {
        case EventKind::WakerClone:  // up triangle: a new clone exists
            dl->AddTriangleFilled(ImVec2(x, yc - r), ImVec2(x - r, yc + r), ImVec2(x + r, yc + r), p.clone);
            break;
        case EventKind::WakerDrop:  // down triangle: a clone is gone
            dl->AddTriangleFilled(ImVec2(x - r, yc - r), ImVec2(x + r, yc - r), ImVec2(x, yc + r), p.drop);
            break;
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef:  // diamond: a wake
            dl->AddQuadFilled(ImVec2(x, yc - r - 1), ImVec2(x + r + 1, yc), ImVec2(x, yc + r + 1),
                              ImVec2(x - r - 1, yc), p.wake);
            break;
        case EventKind::Spawn: dl->AddCircleFilled(ImVec2(x, yc), r, p.ready, 8); break;
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
        case EventKind::Steal:  // two small left-pointing triangles: took work from another worker
            dl->AddTriangleFilled(ImVec2(x - r, yc), ImVec2(x, yc - r), ImVec2(x, yc + r), p.io);
            dl->AddTriangleFilled(ImVec2(x, yc), ImVec2(x + r, yc - r), ImVec2(x + r, yc + r), p.io);
            break;
        case EventKind::WorkerPark:
        case EventKind::WorkerUnpark:
            dl->AddRectFilled(ImVec2(x - 1, yc - r), ImVec2(x + 1, yc + r), p.text_dim);
            break;
        case EventKind::Diagnostic: {  // a red disc with "!": something went wrong here
            float rr = r + 2;
            dl->AddCircleFilled(ImVec2(x, yc), rr, p.diag, 12);
            dl->AddLine(ImVec2(x, yc - rr * 0.6f), ImVec2(x, yc + rr * 0.15f), IM_COL32(255, 255, 255, 255),
                        1.5f);
            dl->AddCircleFilled(ImVec2(x, yc + rr * 0.5f), 1.0f, IM_COL32(255, 255, 255, 255), 4);
            break;
        }
        default: dl->AddCircleFilled(ImVec2(x, yc), r, p.text_dim, 6); break;
    }
}

namespace {

// Layout of one marker row: either one band (too many to tell apart: more than one per
// kMinGap pixels on average) or the markers at least kMinGap apart (the rest are skipped by
// search).
struct MarkerLayout {
    static constexpr float kMinGap = 5.0f;
    bool dense = false;
    float band_a = 0, band_z = 0;
    struct Point {
        float x;
        std::size_t index;
    };
    std::vector<Point> points;
};

void lay_out_markers(TimelineContext& c, const std::vector<Marker>& v, float yc, float r, std::uint32_t task,
                     bool time_spans, MarkerLayout& out) {
    out.dense = false;
    out.points.clear();
    if (v.empty()) return;
    auto key = [&](const Marker& m) { return c.at(m); };
    std::size_t i = gallop(v, 0, c.x0 - 6.0 / c.ppu, key);
    std::size_t end = gallop(v, i, c.x1 + 6.0 / c.ppu, key);
    if (end > i &&
        static_cast<double>(end - i) > static_cast<double>(c.right - c.left) / MarkerLayout::kMinGap) {
        out.dense = true;
        out.band_a = std::max(c.X(c.at(v[i])), c.left);
        out.band_z = std::min(c.X(c.at(v[end - 1])), c.right);
        if (c.mouse_in && c.mouse.x >= out.band_a && c.mouse.x <= out.band_z &&
            std::fabs(c.mouse.y - yc) <= r + 2) {
            c.hover.kind = TimelineHover::Kind::Dense;
            c.hover.fold_count = static_cast<std::uint32_t>(end - i);
            c.hover.marker_task = task;
            c.hover.fold_first = v[i].step;
        }
        return;
    }
    while (i < v.size()) {
        const Marker& m = v[i];
        float x = c.X(c.at(m));
        if (x > c.right + 6) break;
        if (time_spans && c.axis == AxisMode::Time && m.kind == EventKind::TimeAdvance) {
            ++i;  // drawn as a span; the timer or IO event at the same instant says more
            continue;
        }
        out.points.push_back({x, i});
        if (c.mouse_in && std::fabs(c.mouse.x - x) <= r + 2 && std::fabs(c.mouse.y - yc) <= r + 3) {
            c.hover.kind = TimelineHover::Kind::Marker;
            c.hover.marker = m;
            c.hover.marker_task = task;
        }
        std::size_t next = gallop(v, i + 1, c.V(x + MarkerLayout::kMinGap), key);
        i = std::max(next, i + 1);
    }
}

void draw_markers(TimelineContext& c, const std::vector<Marker>& v, float yc, float r, std::uint32_t task,
                  const MarkerLayout& l) {
    const Palette& p = *c.pal;
    if (l.dense) {
        c.dl->AddRectFilled(ImVec2(l.band_a, yc - r * 0.5f),
                            ImVec2(std::max(l.band_z, l.band_a + 1), yc + r * 0.5f),
                            with_alpha(task == kNone ? p.timer : p.clone, 110));
        ++c.items;
        return;
    }
    for (const auto& pt : l.points) {
        draw_marker_shape(c.dl, p, v[pt.index], pt.x, yc, r);
        ++c.items;
    }
}

void lay_out_and_draw_markers(TimelineContext& c, MarkerLayout& scratch, const std::vector<Marker>& v,
                              float yc, float r, std::uint32_t task, bool time_spans) {
    lay_out_markers(c, v, yc, r, task, time_spans, scratch);
    draw_markers(c, v, yc, r, task, scratch);
}

// [SECTION] Spans

// Disjoint spans in order, drawn when at least 2 px wide, with a label when wide enough:
// parked workers and the reactor's time jumps. Spans within 2 px of a drawn one are skipped.
template <class Seq, class Begin, class End, class Draw>
void draw_spans(TimelineContext& c, const Seq& v, Begin begin, End end, Draw draw) {
    std::size_t i = gallop(v, 0, c.x0, end);
    while (i < v.size()) {
        float a = c.X(begin(v[i])), z = c.X(end(v[i]));
        if (a > c.right) break;
        if (z - a >= 2.0f) draw(v[i], a, z);
        i = std::max(i + 1, gallop(v, i + 1, c.V(std::max(z, a) + 2.0f), end));
    }
}

// Times a worker slept (multi-worker policies): a hatched grey band, "parked" when wide.
void draw_parked(TimelineContext& c, const std::vector<TimelineModel::ParkSpan>& v, float y0, float y1) {
    if (v.empty()) return;
    const bool time = c.axis == AxisMode::Time;
    auto begin = [&](const TimelineModel::ParkSpan& sp) {
        return time ? static_cast<double>(sp.t0) : static_cast<double>(sp.begin);
    };
    auto end = [&](const TimelineModel::ParkSpan& sp) {
        return time ? static_cast<double>(sp.t1) : static_cast<double>(sp.end) + 1.0;
    };
    draw_spans(c, v, begin, end, [&](const TimelineModel::ParkSpan&, float a, float z) {
        c.dl->AddRectFilled(ImVec2(a, y0 + 2), ImVec2(z, y1 - 2), with_alpha(c.pal->open, 60));
        ++c.items;
        if (z - a > 60 && c.labels < TimelineContext::kMaxLabels) {
            c.dl->AddText(ImVec2(std::max(a, c.left) + 4, y0 + (y1 - y0 - ImGui::GetFontSize()) * 0.5f),
                          c.pal->text_dim, "parked");
            ++c.labels;
        }
    });
}

// Time jumps of the reactor lane (time axis only) as shaded spans, from the time before the
// jump to the time after. Other reactor markers are skipped by the search.
void draw_time_jumps(TimelineContext& c, const std::vector<Marker>& v, float yc, float r) {
    auto to = [](const Marker& m) { return static_cast<double>(m.time); };
    std::size_t i = gallop(v, 0, c.x0, to);
    while (i < v.size()) {
        const Marker& m = v[i];
        if (m.kind != EventKind::TimeAdvance) {
            ++i;
            continue;
        }
        const Event& e = (*c.trace)[m.step];
        float a = c.X(static_cast<double>(e.arg)), z = c.X(static_cast<double>(e.time));
        if (a > c.right) break;
        if (z - a >= 2.0f) {
            c.dl->AddRectFilled(ImVec2(a, yc + r * 0.6f), ImVec2(z, yc + r * 2.0f), c.pal->time_jump);
            ++c.items;
            if (z - a > 90 && c.labels < TimelineContext::kMaxLabels) {
                std::string text = "time jumps +" + duration_text(e.time - e.arg);
                float tx = std::max(a, c.left) + 4;
                if (tx + ImGui::CalcTextSize(text.c_str()).x < z) {
                    c.dl->AddText(ImVec2(tx + r * 2, yc - ImGui::GetFontSize() * 0.5f), c.pal->text_dim,
                                  text.c_str());
                    ++c.labels;
                }
            }
        }
        i = std::max(i + 1, gallop(v, i + 1, c.V(std::max(z, a) + 2.0f), to));
    }
}

}  // namespace

// [SECTION] draw_lanes

void draw_lanes(TimelineContext& c, const LaneLayout& l, const TimelineView& tv) {
    const TimelineModel& model = *c.model;
    std::vector<RowBox> boxes;
    MarkerLayout marks;
    const RowStyle exec_style{true, true}, task_style{false, true}, nested_style{false, false};
    for (std::size_t w = 0; w < l.workers; ++w) {
        const float y = l.exec_y[w];
        if (y + l.exec_h < l.view_top || y > l.view_bottom) continue;
        draw_parked(c, model.parked[w], y + 3, y + l.exec_h - 3);
        lay_out_and_draw_row(c, boxes, model.executor[w], y + 3, y + l.exec_h - 3, exec_style);
        if (l.workers > 1)
            lay_out_and_draw_markers(c, marks, model.worker_marks[w], y + l.exec_h * 0.5f, l.fs * 0.3f, kNone,
                                     false);
    }
    if (l.reactor_y + l.reactor_h >= l.view_top && l.reactor_y <= l.view_bottom && !model.reactor.empty()) {
        if (c.axis == AxisMode::Time) draw_time_jumps(c, model.reactor, l.reactor_c, l.fs * 0.3f);
        lay_out_and_draw_markers(c, marks, model.reactor, l.reactor_c, l.fs * 0.3f, kNone, true);
    }
    // Task lanes (only the ones scrolled into view).
    for (std::size_t t = 0; t < l.tasks; ++t) {
        const float top = l.task_top[t];
        if (top + l.task_h < l.view_top || top - l.mark_h > l.view_bottom) continue;
        const TaskLane& lane = model.tasks[t];
        if (tv.show_waker_marks)
            lay_out_and_draw_markers(c, marks, lane.wakers, top - l.mark_h * 0.5f - 1, l.mark_h * 0.38f,
                                     static_cast<std::uint32_t>(t), false);
        lay_out_and_draw_row(c, boxes, lane.polls, top, top + l.bar_h, task_style);
        for (int r = 0; r < l.nested_rows; ++r) {
            float ny = top + l.bar_h + 1 + static_cast<float>(r) * (l.nested_h + 1);
            lay_out_and_draw_row(c, boxes, lane.nested_row(static_cast<std::size_t>(r)), ny, ny + l.nested_h,
                                 nested_style);
        }
    }
}

}  // namespace ps::gui
