// Diagnostics: what went wrong in the run, each pinned to its step (click to jump).
#include <iterator>

#include "engine/model/enum_names.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

const char* diag_help(DiagKind k) {
    static constexpr const char* kHelp[] = {
        "A future returned Pending but no clone of its task's waker is alive anywhere: nothing can ever "
        "wake the task.",
        "The task wakes itself on every poll, so the executor keeps polling it without progress.",
        "One poll burned a lot of CPU time without returning: no other task can run meanwhile.",
        "A waker of a task that already finished was woken: harmless, but a sign of a stale waker.",
        "At the end some tasks are still pending and nothing left can wake them.",
        "The run was stopped after the maximum number of events.",
        "A future panicked: tokio's timers and sockets need tokio's runtime (its reactor) to be running.",
    };
    static_assert(std::size(kHelp) == static_cast<std::size_t>(DiagKind::Count_));
    return enum_name(k, kHelp, "");
}

}  // namespace

void draw_diagnostics(AppState& app, const UiContext& /*ui*/) {
    if (show_placeholder_without_trace(app, "Problems found in the run appear here.")) return;
    const Trace& t = *app.trace();
    const Palette& p = palette();
    // Hiding the future: only those at or before the cursor (they are in step order).
    std::size_t shown = 0;
    while (shown < t.diagnostics.size() && app.step_shown(t.diagnostics[shown].step)) ++shown;
    if (shown == 0) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(app.end_shown() ? "No problems found in this run."
                                               : "No problems found so far.");
        if (!t.meta.end_message.empty() && app.end_shown())
            ImGui::TextDisabled("%s", t.meta.end_message.c_str());
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::Text(app.end_shown() ? "%zu found" : "%zu found so far", shown);
    help_marker(
        "Each line is pinned to the step where the problem shows. Click the step to go there; "
        "hover the line for the whole message. Red: already happened at the cursor.");
    // One line per diagnostic (full text in the tooltip), so a run with thousands of them
    // costs only the visible lines.
    ImGui::BeginChild("##diags", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(shown));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const DiagnosticInfo& d = t.diagnostics[static_cast<std::size_t>(i)];
            bool happened = static_cast<std::int64_t>(d.step) <= app.step;
            ImGui::PushID(i);
            step_link(app, d.step, "dg");
            ImGui::SameLine();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(happened ? p.diag : p.text_dim),
                               "%s:", diagnostic_title(d.kind));
            ImGui::SameLine();
            const std::string text(diagnostic_message(d));
            if (happened)
                ImGui::TextUnformatted(text.c_str());
            else
                ImGui::TextDisabled("%s", text.c_str());
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
                ImGui::TextUnformatted(text.c_str());
                ImGui::Separator();
                ImGui::TextDisabled("%s", diag_help(d.kind));
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace ps::gui
