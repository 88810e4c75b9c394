// File > Export: the trace, Chrome JSON, SVG or Markdown of the whole run or of a range of
// steps, or a PNG of the window. The text exports are the same functions the command line
// uses (engine/export/); every file is written to a temporary name and renamed when complete.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "engine/export/chrome_json.hpp"
#include "engine/export/markdown.hpp"
#include "engine/export/svg_timeline.hpp"
#include "engine/export/trace_json.hpp"
#include "platform.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

constexpr const char* kFormats[] = {"pollscope trace (.json)", "Chrome / Perfetto trace (.json)",
                                    "SVG timeline (.svg)", "Markdown narration (.md)",
                                    "PNG of the window (.png)"};
constexpr const char* kSuffix[] = {".trace.json", ".chrome.json", ".svg", ".md", ".png"};

// out/<scenario name><suffix>, next to where pollscope was started.
std::string default_path(const AppState& app, int format) {
    std::string stem = "pollscope";
    if (app.doc && !app.doc->path.empty()) stem = std::filesystem::path(app.doc->path).stem().string();
    if (stem.size() > 6 && stem.compare(stem.size() - 6, 6, ".trace") == 0) stem.resize(stem.size() - 6);
    return "out/" + stem + kSuffix[format];
}

void set_path(ExportDialog& d, const std::string& p) {
    std::snprintf(d.path, sizeof d.path, "%s", p.c_str());
}

}  // namespace

void draw_export_dialog(AppState& app, const UiContext& /*ui*/) {
    ExportDialog& d = app.exporter;
    if (d.open_request) {
        d.open_request = false;
        if (d.path[0] == '\0') set_path(d, default_path(app, d.format));
        d.to = static_cast<int>(std::max<std::int64_t>(0, app.step));
        d.message.clear();
        ImGui::OpenPopup("Export");
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f),
        ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    d.drawn = ImGui::BeginPopupModal("Export", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    if (!d.drawn) return;
    if (!app.has_trace()) {
        ImGui::TextUnformatted("Nothing is loaded.");
        if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const int last = static_cast<int>(app.last_step());
    ImGui::TextUnformatted("What to write");
    for (int f = 0; f < 5; ++f) {
        const bool chosen = ImGui::RadioButton(kFormats[f], d.format == f);
        if (f == 4)
            d.png_choice = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                            ImGui::GetItemRectMax().y};
        if (chosen) {
            // Keep a path the user typed; follow the format when it is still a default one.
            bool was_default = default_path(app, d.format) == d.path;
            d.format = f;
            if (was_default) set_path(d, default_path(app, f));
        }
    }
    ImGui::Separator();
    if (d.format != 4) {
        ImGui::TextUnformatted("Which steps");
        ImGui::RadioButton("the whole run", &d.range, 0);
        ImGui::RadioButton("from the start to the cursor", &d.range, 1);
        ImGui::RadioButton("steps", &d.range, 2);
        if (d.range == 2) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
            ImGui::InputInt("##from", &d.from, 0);
            ImGui::SameLine();
            ImGui::TextUnformatted("to");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
            ImGui::InputInt("##to", &d.to, 0);
            d.from = std::clamp(d.from, 0, last);
            d.to = std::clamp(d.to, d.from, last);
        }
    } else {
        ImGui::TextDisabled("The picture shows the window as it is now, at step %lld.",
                            static_cast<long long>(app.step));
    }
    ImGui::Separator();
    ImGui::TextUnformatted("File");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    ImGui::InputText("##path", d.path, sizeof d.path);
    ImGui::TextDisabled("Written to a temporary file first, then renamed: never half-written.");

    if (ImGui::Button("Export", ImVec2(ImGui::GetFontSize() * 7, 0))) {
        std::string path = d.path;
        std::error_code ec;
        std::filesystem::path parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        StepRange range;
        if (d.range == 1) range.to = std::max<std::int64_t>(0, app.step);
        if (d.range == 2) range = {d.from, d.to};
        const Trace& t = *app.trace();
        ExportResult r;
        r.ok = true;
        switch (d.format) {
            case 0: r = write_trace_json(t, path, range); break;
            case 1: r = write_chrome_json(t, path, range); break;
            case 2: r = write_svg_timeline(t, path, range); break;
            case 3: r = write_markdown(t, path, range); break;
            default:
                // The main loop writes the first frame drawn without this dialog.
                d.png_request = path;
                d.message = "writing " + path + " ...";
                d.failed = false;
                ImGui::CloseCurrentPopup();
                break;
        }
        if (d.format != 4) {
            d.failed = !r.ok;
            d.message = r.ok ? "wrote " + path + " (" + std::to_string(r.bytes) + " bytes)" : r.error;
            for (const std::string& w : r.warnings) d.message += "\nwarning: " + w;
            if (r.ok) platform::exported(path);
        }
        if (d.format != 4) app.status = d.message;  // the PNG: once written (not in the picture)
    }
    d.export_button = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                       ImGui::GetItemRectMax().y};
    ImGui::SameLine();
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    if (!d.message.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 30);
        if (d.failed)
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().diag), "%s", d.message.c_str());
        else
            ImGui::TextUnformatted(d.message.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndPopup();
}

}  // namespace ps::gui
