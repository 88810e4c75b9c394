// Waker inspector: every live waker clone at the cursor (who holds it, since when) and each
// task's reference count.
#include <vector>

#include "engine/trace/narrate.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

// One row of the reference counts: the task's live clones and its latest drop.
void draw_refcount_row(AppState& app, const Trace& t, std::uint32_t i) {
    const Snapshot& s = *app.snapshot();
    const Palette& p = palette();
    const TaskSnapshot& ts = s.tasks[i];
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    colour_chip(p.task(i));
    ImGui::TextUnformatted(task_label(t, i).c_str());
    ImGui::TableSetColumnIndex(1);
    if (unwakeable(app, i))
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.diag), "0");
    else
        ImGui::Text("%u", ts.live_wakers);
    ImGui::TableSetColumnIndex(2);
    if (ts.last_drop_step != kNone)
        step_link(app, ts.last_drop_step, "rc");
    else
        ImGui::TextDisabled("-");
}

}  // namespace

void draw_waker_inspector(AppState& app, const UiContext& /*ui*/) {
    if (show_placeholder_without_trace(app, "Live waker clones appear here.")) return;
    const Trace& t = *app.trace();
    const Snapshot& s = *app.snapshot();
    const Palette& p = palette();
    ImGui::Text("%zu live waker clone%s", s.wakers.size(), s.wakers.size() == 1 ? "" : "s");
    help_marker(
        "A waker is the handle a future hands out so that someone can ask for its task to be "
        "polled again. Every clone here is held by something (a timer, a socket registration, a "
        "channel, a join handle, ...) that will call wake() when progress is possible. In real Rust "
        "a clone is just another pointer to the task; pollscope numbers each one so you can follow it.");

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
    float table_h = ImGui::GetContentRegionAvail().y * 0.62f;
    if (ImGui::BeginTable("wakers", 4, flags, ImVec2(0, table_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Waker", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Task", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Held by", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Created", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        // std::map has no random access: walk it once, drawing only the visible rows.
        clip.Begin(static_cast<int>(s.wakers.size()));
        while (clip.Step()) {
            int i = 0;
            for (const auto& [id, w] : s.wakers) {
                if (i >= clip.DisplayEnd) break;
                if (i++ < clip.DisplayStart) continue;
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::Text("#%u", id);
                ImGui::TableSetColumnIndex(1);
                colour_chip(p.task(w.task));
                ImGui::TextUnformatted(t.task_name(w.task).c_str());
                ImGui::TableSetColumnIndex(2);
                colour_chip(p.holder(w.holder_kind));
                std::string holder(t.strings.get(w.holder));
                if (holder.empty()) holder = holder_kind_name(w.holder_kind);
                ImGui::TextUnformatted(holder.c_str());
                if (ImGui::IsItemHovered()) {
                    const NodeInfo* ni = t.node_info(w.node);
                    ImGui::SetTooltip("Holder kind: %s\nCloned by: %s (%s)", holder_kind_name(w.holder_kind),
                                      ni ? ni->text.c_str() : "?",
                                      std::string(t.strings.get(w.node)).c_str());
                }
                ImGui::TableSetColumnIndex(3);
                step_link(app, w.created_step, "wk");
            }
        }
        ImGui::EndTable();
    }

    ImGui::TextUnformatted("Reference counts");
    help_marker(
        "How many clones of each task's waker are alive now. A task that is parked (Pending) "
        "with zero clones can never be woken again: a lost wakeup.");
    if (ImGui::BeginTable("refcounts", 3, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Task", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Live", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Last drop", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        // Only the rows scrolled into view are drawn: every row is one line high.
        std::vector<std::uint32_t> started;
        for (std::uint32_t i = 0; i < s.tasks.size(); ++i)
            if (s.tasks[i].state != TaskState::NotStarted && app.task_shown(i)) started.push_back(i);
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(started.size()));
        while (clip.Step())
            for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k)
                draw_refcount_row(app, t, started[static_cast<std::size_t>(k)]);
        ImGui::EndTable();
    }
}

}  // namespace ps::gui
