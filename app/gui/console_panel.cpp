// Console: what a Rust program printed (println!/eprintln!, a panic's message) up to the
// cursor, each line with the step that printed it (click to jump) and the printing task.
#include <string>

#include "engine/trace/narrate.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

// One printed line: "step N", the task's name in its colour, then the text (stderr in red).
void draw_console_line(AppState& app, const Trace& t, const ConsoleLine& c, int index) {
    const Palette& p = palette();
    ImGui::PushID(index);
    step_link(app, c.step, "cs");
    ImGui::SameLine();
    const bool has_task = c.task < t.tasks.size();
    if (has_task) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.task(c.task)), "%s",
                           t.tasks[c.task].name.c_str());
        ImGui::SameLine();
    }
    if (c.to_stderr)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.diag), "%s", c.text.c_str());
    else
        ImGui::TextUnformatted(c.text.c_str());
    if (ImGui::IsItemHovered()) {  // the whole line, when the panel is too narrow for it
        ImGui::BeginTooltip();
        ImGui::TextDisabled("%s at step %u%s", c.to_stderr ? "eprintln!" : "println!", c.step,
                            has_task ? (", by " + task_label(t, c.task)).c_str() : "");
        ImGui::TextUnformatted(c.text.c_str());
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

}  // namespace

void draw_console_panel(AppState& app, const UiContext& ui) {
    if (show_placeholder_without_trace(app, "What the program prints appears here.")) return;
    const Trace& t = *app.trace();
    // The lines printed up to the cursor (in step order); later ones are the future.
    std::size_t shown = 0;
    while (shown < t.console.size() && static_cast<std::int64_t>(t.console[shown].step) <= app.step) ++shown;
    const std::size_t later = t.console.size() - shown;
    if (shown == 0) {
        ImGui::TextDisabled(t.console.empty() && app.end_shown() ? "The program prints nothing."
                                                                 : "No output yet.");
    } else {
        ImGui::TextDisabled("%zu line%s printed so far", shown, shown == 1 ? "" : "s");
    }
    if (later > 0 && !app.hide_future) {
        ImGui::SameLine();
        ImGui::TextDisabled("(%zu more later in the run)", later);
    }
    help_marker(
        "What println! and eprintln! wrote (stderr in red), up to the cursor, with the step that "
        "printed each line and the task that printed it. Click a step to go there.");
    if (shown == 0) return;
    ImGui::BeginChild("##console", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    const bool follow = app.views.console_serial != app.cursor_serial;
    app.views.console_serial = app.cursor_serial;
    ImGui::PushFont(ui.fonts.code);
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(shown));
    while (clip.Step())
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i)
            draw_console_line(app, t, t.console[static_cast<std::size_t>(i)], i);
    ImGui::PopFont();
    if (follow) ImGui::SetScrollHereY(1.0f);  // the newest line in view
    ImGui::EndChild();
}

}  // namespace ps::gui
