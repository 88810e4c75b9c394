// File > Open: an in-app file browser (starts in scenarios/, lists the lessons, *.json and
// *.rs, by title, walks directories), the "Next lesson" button, and the modal that shows a
// loader error while the current scenario stays.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "app/gui/model/lesson_flow.hpp"
#include "views.hpp"

namespace ps::gui {

namespace fs = std::filesystem;

namespace {

void list_dir(FileBrowser& b) {
    b.entries.clear();
    b.listed_dir = b.dir;
    std::error_code ec;
    std::vector<std::string> dirs, files;
    for (fs::directory_iterator it(b.dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        const auto& e = *it;
        std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code ec2;
        if (e.is_directory(ec2))
            dirs.push_back(name + "/");
        else if (is_lesson_file(name))
            files.push_back(name);
    }
    std::sort(dirs.begin(), dirs.end());
    std::sort(files.begin(), files.end());
    b.titles.assign(dirs.size(), std::string());
    for (const auto& f : files) b.titles.push_back(lesson_title((fs::path(b.dir) / f).string()));
    b.entries = std::move(dirs);
    b.entries.insert(b.entries.end(), files.begin(), files.end());
}

bool contains_nocase(const std::string& hay, const std::string& needle) {
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char c) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(c));
    });
    return it != hay.end();
}

bool key_pressed(ImGuiKey k) {
    int idx = ImGui::GetKeyIndex(k);
    return idx >= 0 && ImGui::IsKeyPressed(idx, false);
}

}  // namespace

void draw_file_browser(AppState& app, const UiContext& /*ui*/) {
    FileBrowser& b = app.browser;
    if (b.open_request) {
        b.open_request = false;
        if (b.dir.empty()) {
            std::error_code ec;
            b.dir = fs::is_directory("scenarios", ec) ? "scenarios" : ".";
        }
        b.listed_dir.clear();
        ImGui::OpenPopup("Open a scenario");
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
        ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(
        ImVec2(std::min(760.0f, vp->WorkSize.x * 0.8f), std::min(520.0f, vp->WorkSize.y * 0.8f)),
        ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Open a scenario", nullptr)) return;
    if (b.listed_dir != b.dir) list_dir(b);

    std::error_code ec;
    std::string shown = fs::absolute(b.dir, ec).lexically_normal().string();
    ImGui::Text("Folder: %s", shown.c_str());
    if (ImGui::Button("Up one folder")) {
        b.dir = (fs::path(b.dir) / "..").lexically_normal().string();
        if (b.dir.empty()) b.dir = ".";
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::InputTextWithHint("##filter", "filter by name", &b.filter);
    ImGui::SameLine();
    ImGui::TextDisabled("Double-click a file to open it.");

    std::string chosen;
    float list_h = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 1.2f;
    if (ImGui::BeginChild("##entries", ImVec2(0, list_h), true)) {
        std::string enter;
        for (std::size_t i = 0; i < b.entries.size(); ++i) {
            const std::string& e = b.entries[i];
            const std::string& title = b.titles[i];
            if (!b.filter.empty() && !contains_nocase(e, b.filter) && !contains_nocase(title, b.filter))
                continue;
            bool is_dir = !e.empty() && e.back() == '/';
            const std::string label = (title.empty() ? e : title) + "##" + e;
            const bool picked =
                ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick);
            if (!title.empty()) {  // the file name, greyed, at the right
                const float w = ImGui::CalcTextSize(e.c_str()).x;
                ImGui::SameLine(
                    std::max(ImGui::GetContentRegionMax().x - w, ImGui::GetItemRectSize().x * 0.5f));
                ImGui::TextDisabled("%s", e.c_str());
            }
            if (picked && ImGui::IsMouseDoubleClicked(0)) {
                if (is_dir)
                    enter = e;
                else
                    chosen = (fs::path(b.dir) / e).lexically_normal().string();
            }
        }
        if (b.entries.empty()) ImGui::TextDisabled("No folders or lessons (.json, .rs) here.");
        if (!enter.empty()) b.dir = (fs::path(b.dir) / enter).lexically_normal().string();
    }
    ImGui::EndChild();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    if (!chosen.empty()) {
        ImGui::CloseCurrentPopup();
        app.open(chosen, looks_like_trace(chosen));
    }
    ImGui::EndPopup();
}

bool open_next_lesson(AppState& app) {
    if (!app.doc || app.doc->is_trace || app.doc->path.empty()) return false;
    const std::string next = next_lesson(app.doc->path);
    if (next.empty()) {
        app.status = "This was the last lesson in its folder.";
        return false;
    }
    return app.open(next);
}

void draw_next_lesson_button(AppState& app) {
    if (!app.has_trace() || app.step < app.last_step() || app.doc->is_trace || app.doc->path.empty()) return;
    const std::string next = next_lesson(app.doc->path);
    if (next.empty()) return;
    const std::string title = lesson_title(next);
    if (ImGui::Button("Next lesson (N)")) open_next_lesson(app);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open %s", next.c_str());
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);  // the title wraps at the window's edge
    ImGui::TextDisabled("%s", title.empty() ? next.c_str() : title.c_str());
    ImGui::PopTextWrapPos();
}

void draw_error_modal(AppState& app, const UiContext& ui) {
    ErrorModal& m = app.error;
    if (m.open_request) {
        m.open_request = false;
        ImGui::OpenPopup("Could not open the file");
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f),
        ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(360, 0),
                                        ImVec2(vp->WorkSize.x * 0.85f, vp->WorkSize.y * 0.8f));
    if (!ImGui::BeginPopupModal("Could not open the file", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        m.close_request = false;
        return;
    }
    if (m.close_request) {  // the file it was about has been fixed (reloaded)
        m.close_request = false;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ImGui::TextUnformatted(m.title.c_str());
    ImGui::Separator();
    ImGui::PushFont(ui.fonts.code);
    // The loader's text, wrapped; scrolls when it is taller than most of the window.
    const float wrap_w = std::min(vp->WorkSize.x * 0.78f, ImGui::GetFontSize() * 70);
    const ImVec2 size = ImGui::CalcTextSize(m.text.c_str(), nullptr, false, wrap_w);
    const float h = std::min(size.y + ImGui::GetStyle().WindowPadding.y * 2, vp->WorkSize.y * 0.55f);
    ImGui::BeginChild("##error_text", ImVec2(wrap_w + ImGui::GetStyle().ScrollbarSize + 16, h), false);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_w);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().diag), "%s", m.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopFont();
    ImGui::Separator();
    ImGui::TextDisabled(app.has_trace() ? "The scenario that was open stays loaded." : "Nothing is loaded.");
    if (ImGui::Button("OK", ImVec2(120, 0)) || key_pressed(ImGuiKey_Escape) || key_pressed(ImGuiKey_Enter))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace ps::gui
