// Timeline view: one lane per task, an executor lane, a reactor lane, waker markers and
// wake -> poll arrows, over a virtual-time or a step axis. This file sets up the frame and
// runs the passes in order; see timeline_context.hpp for where each part lives.
#include <algorithm>
#include <cmath>

#include "timeline_context.hpp"
#include "views.hpp"

namespace ps::gui {

// [SECTION] Lane layout

LaneLayout LaneLayout::measure(const TimelineModel& model, bool show_nested, ImVec2 avail) {
    LaneLayout l;
    l.fs = ImGui::GetFontSize();
    l.gutter = std::floor(l.fs * 9.5f);
    l.axis_h = l.fs + 8;
    l.nested_rows =
        show_nested ? static_cast<int>(std::min<std::uint32_t>(model.max_depth, TaskLane::kMaxDepthRows)) : 0;
    l.workers = model.executor.size();
    l.tasks = model.tasks.size();
    const float fs = l.fs;
    auto lanes_height = [&](float k) {
        float bar = std::floor(fs * 1.25f * k), mark = std::floor(fs * 0.75f * k),
              nest = std::floor(fs * 0.45f * k);
        return (bar + 6) * static_cast<float>(l.workers + 1) +
               (mark + bar + static_cast<float>(l.nested_rows) * (nest + 1) + 8) *
                   static_cast<float>(l.tasks);
    };
    // With few tasks the lanes grow (up to 1.8x) to use the panel's height.
    const float grow = std::clamp((avail.y - l.axis_h - 4) / std::max(1.0f, lanes_height(1.0f)), 1.0f, 1.8f);
    l.bar_h = std::floor(fs * 1.25f * grow);
    l.mark_h = std::floor(fs * 0.75f * grow);
    l.nested_h = std::floor(fs * 0.45f * grow);
    l.exec_h = l.bar_h + 6;
    l.reactor_h = l.bar_h + 6;
    l.task_h = l.mark_h + l.bar_h + static_cast<float>(l.nested_rows) * (l.nested_h + 1) + 8;
    l.total_h =
        l.exec_h * static_cast<float>(l.workers) + l.reactor_h + l.task_h * static_cast<float>(l.tasks);
    return l;
}

void LaneLayout::place(float top) {
    lanes_top = top;
    float y = top;
    exec_y.resize(workers);
    for (std::size_t w = 0; w < workers; ++w, y += exec_h) exec_y[w] = y;
    executor_c = exec_y.empty() ? y : exec_y[0] + exec_h * 0.5f;
    reactor_y = y;
    reactor_c = y + reactor_h * 0.5f;
    y += reactor_h;
    task_top.resize(tasks);
    task_c.resize(tasks);
    for (std::size_t t = 0; t < tasks; ++t, y += task_h) {
        task_top[t] = y + mark_h + 2;
        task_c[t] = y + mark_h + 2 + bar_h * 0.5f;
    }
    lanes_bottom = y;
}

namespace {

// [SECTION] Controls row

// Widths for wrapping the row: a checkbox or radio button with its label.
float toggle_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}

// What the lanes show: a menu, so the row stays short on a small screen.
void draw_show_menu(TimelineView& tv) {
    same_line_if_fits(ImGui::CalcTextSize("Show...").x + ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::SmallButton("Show...")) ImGui::OpenPopup("##timeline_show");
    if (ImGui::BeginPopup("##timeline_show")) {
        ImGui::Checkbox("wake arrows", &tv.show_arrows);
        ImGui::Checkbox("sub-futures", &tv.show_nested);
        ImGui::Checkbox("waker marks", &tv.show_waker_marks);
        ImGui::Checkbox("legend", &tv.show_legend);
        ImGui::EndPopup();
    }
}

void draw_controls(TimelineView& tv) {
    int axis = static_cast<int>(tv.axis);
    ImGui::TextUnformatted("Axis:");
    ImGui::SameLine();
    if (ImGui::RadioButton("virtual time", axis == 0)) tv.axis = AxisMode::Time;
    same_line_if_fits(toggle_width("steps") + ImGui::GetFontSize() * 2);
    if (ImGui::RadioButton("steps", axis == 1)) tv.axis = AxisMode::Steps;
    help_marker(
        "Virtual time: where each event happened on the simulated clock. Polls can take zero "
        "virtual time, so many events may share one instant.\nSteps: one step = one event, so every "
        "event gets the same width.");
    draw_show_menu(tv);
    same_line_if_fits(ImGui::CalcTextSize("Fit").x + ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::SmallButton("Fit")) tv.fitted = false;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the whole run (W/S zoom, A/D pan)");
    if (!tv.show_legend) return;
    // The whole legend when the panel has room for it and the lanes; else one button that
    // shows it on hover.
    if (ImGui::GetContentRegionAvail().y > ImGui::GetFontSize() * 16) {
        draw_legend();
        return;
    }
    same_line_if_fits(ImGui::CalcTextSize("Legend").x + ImGui::GetStyle().FramePadding.x * 2);
    ImGui::SmallButton("Legend");
    if (ImGui::IsItemHovered()) {
        ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26, 0));
        ImGui::BeginTooltip();
        draw_legend();
        ImGui::EndTooltip();
    }
}

// The frame context: the visible range on the chosen axis, mapped onto the canvas.
TimelineContext make_context(AppState& app, const LaneLayout& l, ImVec2 avail) {
    const TimelineView& tv = app.timeline;
    const int m = static_cast<int>(tv.axis);
    TimelineContext c;
    c.trace = app.trace();
    c.model = &app.timeline_model();
    c.pal = &palette();
    c.axis = tv.axis;
    c.left = l.origin.x + l.gutter;
    c.right = l.origin.x + avail.x - 2;
    c.x0 = tv.x0[m];
    c.x1 = tv.x1[m];
    c.ppu = (c.right - c.left) / std::max(1e-9, c.x1 - c.x0);
    return c;
}

// The axis row (does not scroll with the lanes).
void draw_axis_row(TimelineContext& c, const LaneLayout& l, float width) {
    c.dl = ImGui::GetWindowDrawList();
    float y0 = l.origin.y, y1 = l.origin.y + l.axis_h;
    c.dl->PushClipRect(ImVec2(c.left, y0), ImVec2(c.right, y1), true);
    draw_axis(c, y0, y1);
    c.dl->PopClipRect();
    c.dl->AddText(ImVec2(l.origin.x + 4, y0 + 2), c.pal->text_dim,
                  c.axis == AxisMode::Time ? "virtual time" : "step (1 per event)");
    ImGui::Dummy(ImVec2(width, l.axis_h));
}

// The lanes, in a child window that scrolls vertically: names, grid, lanes, arrows, cursor;
// then input and the tooltip.
void draw_lanes_child(TimelineContext& c, LaneLayout& l, AppState& app) {
    ImGui::BeginChild("##lanes", ImVec2(0, 0), false,
                      ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMove);
    c.dl = ImGui::GetWindowDrawList();
    const float top = ImGui::GetCursorScreenPos().y;
    ImVec2 win_pos = ImGui::GetWindowPos(), win_size = ImGui::GetWindowSize();
    l.view_top = win_pos.y;
    l.view_bottom = win_pos.y + win_size.y;
    ImGui::Dummy(ImVec2(1, l.total_h));
    c.mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsWindowHovered();
    c.mouse_in = hovered && c.mouse.x >= c.left;
    l.place(top);
    app.timeline.drawn = {true, c.left, c.right, c.x0, c.ppu, l.task_c};

    draw_lane_names(c, l, *app.snapshot());
    c.dl->PushClipRect(ImVec2(c.left, l.view_top), ImVec2(c.right, l.view_bottom), true);
    draw_grid(c, l, app.step);
    draw_lanes(c, l, app.timeline);
    if (app.timeline.show_arrows) draw_arrows(c, l, app.step);
    // The cursor: the state shown in every panel is the state just after this step.
    float cx = c.X(cursor_value(c, app.step));
    c.dl->AddLine(ImVec2(cx, l.lanes_top), ImVec2(cx, std::max(l.lanes_bottom, l.view_bottom)), c.pal->cursor,
                  2.0f);
    c.dl->PopClipRect();

    handle_input(c, l, app, hovered);
    show_tooltip(c, app.timeline.dragging);
    app.timeline.items_last_frame = c.items;
    ImGui::EndChild();
}

}  // namespace

// [SECTION] draw_timeline

void draw_timeline(AppState& app, const UiContext& /*ui*/) {
    TimelineView& tv = app.timeline;
    draw_controls(tv);
    if (show_placeholder_without_trace(
            app, "No scenario loaded. Use File > Open, or drop a scenario file onto the window."))
        return;
    if (!tv.fitted) fit_view(tv, *app.trace());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    LaneLayout l = LaneLayout::measure(app.timeline_model(), tv.show_nested, avail);
    l.origin = ImGui::GetCursorScreenPos();
    if (avail.x < l.gutter + 50 || avail.y < l.axis_h + 20) return;
    TimelineContext c = make_context(app, l, avail);
    follow_cursor(tv, c, app);
    draw_axis_row(c, l, avail.x);
    draw_lanes_child(c, l, app);
}

}  // namespace ps::gui
