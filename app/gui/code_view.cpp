// Code view: each task's body as async Rust, with the await point the task is parked on
// (amber) and the futures being polled right now (green) highlighted at the cursor.
#include <string>
#include <string_view>
#include <vector>

#include "engine/narrate.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

// Index of the line standing for `path`: the exact node, or else its nearest ancestor.
int line_for_path(const TaskCode& code, std::string_view path) {
    if (path.empty()) return -1;
    int best = -1;
    std::size_t best_len = 0;
    for (std::size_t i = 0; i < code.lines.size(); ++i) {
        const std::string& lp = code.lines[i].path;
        if (lp.empty()) continue;
        if (lp == path) return static_cast<int>(i);
        if (path.size() > lp.size() && path.substr(0, lp.size()) == lp && path[lp.size()] == '/' &&
            lp.size() > best_len) {
            best = static_cast<int>(i);
            best_len = lp.size();
        }
    }
    return best;
}

}  // namespace

void draw_code_view(AppState& app, const UiContext& ui) {
    if (!app.has_trace()) {
        ImGui::TextDisabled("The tasks' code appears here.");
        return;
    }
    const Trace& t = *app.trace();
    const Snapshot& s = *app.snapshot();
    const Palette& p = palette();
    ImGui::TextDisabled("Each task's body as async Rust.");
    help_marker("Amber line: the await point where the task is parked (its last poll returned Pending "
                "there, and it waits for a wake).\nGreen lines: the futures being polled right now, outermost "
                "first.\nEach .await is a point where the future can return Pending and be resumed later.");
    const bool follow = app.views.code_serial != app.cursor_serial;
    app.views.code_serial = app.cursor_serial;

    ImGui::BeginChild("##code", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    for (std::uint32_t task = 0; task < t.tasks.size(); ++task) {
        const TaskInfo& info = t.tasks[task];
        if (info.spec >= t.meta.code.size()) continue;
        const TaskCode& code = t.meta.code[info.spec];
        const TaskSnapshot* ts = task < s.tasks.size() ? &s.tasks[task] : nullptr;
        std::string header = task_label(t, task);
        if (ts) header += std::string("  -  ") + task_state_name(ts->state);
        header += "##code" + std::to_string(task);
        ImGui::SetNextItemOpen(true, ImGuiCond_Once);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.task(task)));
        bool open = ImGui::CollapsingHeader(header.c_str());
        ImGui::PopStyleColor();
        if (!open) continue;

        // Lines to highlight.
        int parked = -1;
        std::vector<int> polling;
        if (ts && ts->parked_at != kNone && ts->state != TaskState::Complete && ts->state != TaskState::Cancelled &&
            s.running != task)
            parked = line_for_path(code, t.strings.get(ts->parked_at));
        if (s.running == task)
            for (auto path : s.poll_stack) polling.push_back(line_for_path(code, t.strings.get(path)));

        ImGui::PushFont(ui.fonts.code);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        for (std::size_t i = 0; i < code.lines.size(); ++i) {
            const auto li = static_cast<int>(i);
            bool is_parked = li == parked;
            bool is_polling = false;
            for (int pl : polling) is_polling |= pl == li;
            ImVec2 a = ImGui::GetCursorScreenPos();
            float h = ImGui::GetTextLineHeightWithSpacing();
            if (is_parked || is_polling) {
                dl->AddRectFilled(a, ImVec2(a.x + ImGui::GetContentRegionAvail().x, a.y + h),
                                  is_polling ? p.polling_bg : p.parked_bg);
                if (follow && (is_polling || s.running == kNone)) ImGui::SetScrollHereY(0.4f);
            }
            ImGui::Text("%3zu  %s", i + 1, code.lines[i].text.c_str());
            if (is_parked || is_polling) {
                ImGui::SameLine();
                ImGui::PushFont(ui.fonts.ui);
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(is_polling ? p.ready : p.pending), "%s",
                                   is_polling ? "<- being polled" : "<- parked here (Pending)");
                ImGui::PopFont();
            }
            if (ImGui::IsItemHovered() && !code.lines[i].path.empty()) {
                const std::string& path = code.lines[i].path;
                ImGui::BeginTooltip();
                ImGui::Text("future path: %s", path.c_str());
                ImGui::EndTooltip();
            }
        }
        ImGui::PopFont();
        ImGui::Spacing();
    }
    ImGui::EndChild();
}

}  // namespace ps::gui
