// Run > Compare with: the open scenario under a second policy, side by side, poll by poll.
// Rows where the two runs poll a different task (or get a different result) are highlighted;
// the first such row is where the runs diverge. Clicking a row moves the cursor there.
#include <algorithm>
#include <string>

#include "engine/model/time.hpp"
#include "engine/trace/compare.hpp"
#include "views.hpp"

namespace ps::gui {

void draw_compare_view(AppState& app, const UiContext& /*ui*/) {
    // Hiding the future: a whole-run comparison would tell it.
    if (!app.show_compare || !app.compare || !app.has_trace() || app.hide_future) return;
    const Trace& a = *app.trace();
    const Trace& b = *app.compare;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.30f, vp->WorkPos.y + vp->WorkSize.y * 0.12f),
        ImGuiCond_Appearing);
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.55f, vp->WorkSize.y * 0.6f), ImGuiCond_Appearing);
    if (!ImGui::Begin("Compare policies", &app.show_compare)) {
        ImGui::End();
        return;
    }
    const auto pa = task_polls(a), pb = task_polls(b);
    const std::int64_t first = first_divergence(pa, pb);
    ImGui::Text("A: %s (this run): %zu task polls, ended at t=%s", a.meta.policy.c_str(), pa.size(),
                format_time(a.end_time()).c_str());
    ImGui::Text("B: %s: %zu task polls, ended at t=%s", b.meta.policy.c_str(), pb.size(),
                format_time(b.end_time()).c_str());
    const ImVec4 diag = ImGui::ColorConvertU32ToFloat4(palette().diag);
    if (first < 0) {
        ImGui::TextUnformatted("Both runs poll the same tasks in the same order, with the same results.");
    } else {
        ImGui::TextColored(diag, "They agree on the first %lld task polls and diverge at poll #%lld.",
                           static_cast<long long>(first), static_cast<long long>(first + 1));
        ImGui::SameLine();
        if (ImGui::SmallButton("Go there") && static_cast<std::size_t>(first) < pa.size())
            app.seek(pa[static_cast<std::size_t>(first)].begin_step);
    }
    ImGui::TextDisabled("Highlighted rows differ. Click a row to move the cursor to A's poll.");
    const std::size_t rows = std::max(pa.size(), pb.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("##compare", 5, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 3);
        ImGui::TableSetupColumn(("A: " + a.meta.policy).c_str());
        ImGui::TableSetupColumn("time A", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.5f);
        ImGui::TableSetupColumn(("B: " + b.meta.policy).c_str());
        ImGui::TableSetupColumn("time B", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.5f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows));
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const auto i = static_cast<std::size_t>(r);
                const PollRecord* x = i < pa.size() ? &pa[i] : nullptr;
                const PollRecord* y = i < pb.size() ? &pb[i] : nullptr;
                const bool differ = !x || !y || x->task != y->task || x->ready != y->ready;
                ImGui::TableNextRow();
                if (differ)
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1,
                                           ImGui::GetColorU32(ImVec4(diag.x, diag.y, diag.z, 0.22f)));
                ImGui::TableNextColumn();
                ImGui::PushID(r);
                bool current = x && app.step >= x->begin_step && app.step <= x->end_step;
                if (ImGui::Selectable(std::to_string(r + 1).c_str(), current,
                                      ImGuiSelectableFlags_SpanAllColumns) &&
                    x)
                    app.seek(x->begin_step);
                ImGui::PopID();
                auto cell = [](const PollRecord* p) {
                    ImGui::TableNextColumn();
                    if (p)
                        ImGui::Text("%s  %s", p->task.c_str(), p->ready ? "Ready" : "Pending");
                    else
                        ImGui::TextDisabled("(ended)");
                    ImGui::TableNextColumn();
                    if (p) ImGui::TextUnformatted(format_time(p->time).c_str());
                };
                cell(x);
                cell(y);
            }
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace ps::gui
