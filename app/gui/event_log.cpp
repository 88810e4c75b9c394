// Event log: one plain sentence per event, the current one highlighted; click to jump.
// ImGuiListClipper keeps it as cheap for a million events as for ten.
#include <cstdio>

#include "engine/trace/narrate.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

ImU32 kind_colour(const Event& e) {
    const Palette& p = palette();
    switch (e.kind) {
        case EventKind::PollEnd:
            return e.detail == static_cast<std::uint8_t>(PollResult::Ready) ? p.ready : p.pending;
        case EventKind::WakerClone: return p.clone;
        case EventKind::WakerDrop: return p.drop;
        case EventKind::WakerWake:
        case EventKind::WakerWakeByRef: return p.wake;
        case EventKind::TimerFire:
        case EventKind::TimeAdvance: return p.timer;
        case EventKind::IoReady: return p.io;
        case EventKind::Diagnostic: return p.diag;
        default: return p.text_dim;
    }
}

}  // namespace

void draw_event_log(AppState& app, const UiContext& /*ui*/) {
    if (show_placeholder_without_trace(app, "Every event of the run appears here, in words.")) return;
    const Trace& t = *app.trace();
    ImGui::BeginChild("##log", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    // Auto-scroll so the current event stays in view when the cursor moves.
    if (app.views.log_serial != app.cursor_serial) {
        app.views.log_serial = app.cursor_serial;
        float y = static_cast<float>(std::max<std::int64_t>(app.step, 0)) * line_h;
        float top = ImGui::GetScrollY(), h = ImGui::GetWindowHeight();
        if (y < top + line_h || y > top + h - line_h * 2) ImGui::SetScrollY(std::max(0.0f, y - h * 0.4f));
    }
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(app.shown_events()), line_h);  // hiding the future: up to the cursor
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            auto step = static_cast<std::uint32_t>(i);
            const Event& e = t[step];
            bool current = static_cast<std::int64_t>(i) == app.step;
            bool future = static_cast<std::int64_t>(i) > app.step;
            ImGui::PushID(i);
            colour_chip(kind_colour(e));
            std::string line = narrate_line(t, step);
            if (future) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            if (ImGui::Selectable(line.c_str(), current)) app.seek(i);
            if (future) ImGui::PopStyleColor();
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace ps::gui
