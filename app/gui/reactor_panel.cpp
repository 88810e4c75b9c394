// Run queue and reactor: who runs now, who waits for a turn, what the reactor is holding
// (timers, IO registrations) and the scripted IO sources.
#include "engine/trace/narrate.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

// One row of the reactor's table: a timer or IO registration and the waker it holds.
void draw_registration_row(AppState& app, const RegistrationSnapshot& r) {
    const Trace& t = *app.trace();
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    colour_chip(palette().holder(r.kind));
    ImGui::TextUnformatted(std::string(t.strings.get(r.source)).c_str());
    ImGui::TableSetColumnIndex(1);
    if (r.waker == kNone)
        ImGui::TextDisabled("-");
    else
        ImGui::Text("#%u", r.waker);
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(t.task_name(r.task).c_str());
    ImGui::TableSetColumnIndex(3);
    step_link(app, r.step, "rg");
}

}  // namespace

void draw_reactor_panel(AppState& app, const UiContext& /*ui*/) {
    if (show_placeholder_without_trace(app, "The run queue and the reactor appear here.")) return;
    const Trace& t = *app.trace();
    const Snapshot& s = *app.snapshot();
    const Palette& p = palette();

    ImGui::TextUnformatted("Running:");
    ImGui::SameLine();
    if (s.running == kNone)
        ImGui::TextDisabled("nothing");
    else {
        colour_chip(p.task(s.running));
        ImGui::TextUnformatted(task_label(t, s.running).c_str());
    }
    ImGui::TextUnformatted("Run queue:");
    help_marker(
        "Tasks that were woken (or just spawned) and wait for their turn; the executor polls the "
        "one on the left next. A task appears here at most once: waking it again while it waits "
        "changes nothing.");
    ImGui::SameLine();
    if (s.run_queue.empty()) ImGui::TextDisabled("empty");
    bool first = true;
    for (auto q : s.run_queue) {
        if (!first) {
            ImGui::SameLine();
            // The panel does not scroll sideways: what starts past its right edge is never seen.
            if (ImGui::GetCursorScreenPos().x > ImGui::GetWindowDrawList()->GetClipRectMax().x) break;
            ImGui::TextDisabled("<");
        }
        ImGui::SameLine();
        colour_chip(p.task(q));
        ImGui::TextUnformatted(t.task_name(q).c_str());
        first = false;
    }

    ImGui::Separator();
    ImGui::Text("Reactor: %zu waiting", s.registrations.size());
    help_marker(
        "Timers and IO registrations, each with the waker to wake when it fires or becomes ready. "
        "When the run queue is empty the reactor jumps virtual time to the earliest of them.");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
    float h = std::max(ImGui::GetFrameHeight() * 3, ImGui::GetContentRegionAvail().y * 0.55f);
    if (ImGui::BeginTable("registrations", 4, flags, ImVec2(0, h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Waker", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Task", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Since", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        // Only the rows scrolled into view are drawn: every row is one line high.
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(s.registrations.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i)
                draw_registration_row(app, s.registrations[static_cast<std::size_t>(i)]);
        ImGui::EndTable();
    }
    if (!t.meta.resources.empty() && !app.hide_future &&  // the script says what happens later
        ImGui::TreeNodeEx("IO sources and their script", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const auto& res : t.meta.resources) {
            ImGui::BulletText("%s (%s)", res.name.c_str(), res.kind.c_str());
            ImGui::Indent();
            for (const auto& line : res.script) ImGui::TextDisabled("%s", line.c_str());
            ImGui::Unindent();
        }
        ImGui::TreePop();
    }
}

}  // namespace ps::gui
