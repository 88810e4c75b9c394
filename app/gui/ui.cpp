// The frame: menu bar, toolbar, the panels (panel_layout.cpp), modals and the keyboard.
//
// Index of this file:
// [SECTION] Shared helpers (step links, durations)
// [SECTION] Menu bar
// [SECTION] Layout (the toolbar; the panels below it: panel_layout.cpp)
// [SECTION] draw_ui
#include <algorithm>
#include <cmath>
#include <string>

#include "engine/model/time.hpp"
#include "engine/runtime/simulation.hpp"
#include "views.hpp"

namespace ps::gui {

// [SECTION] Shared helpers

void step_link(AppState& app, std::int64_t step, const char* id_suffix) {
    char label[64];
    std::snprintf(label, sizeof label, "step %lld##%s%lld", static_cast<long long>(step), id_suffix,
                  static_cast<long long>(step));
    if (ImGui::SmallButton(label)) app.seek(step);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Move the cursor to step %lld", static_cast<long long>(step));
}

void same_line_if_fits(float next_width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + next_width <= right) ImGui::SameLine();
}

bool show_placeholder_without_trace(const AppState& app, const char* placeholder) {
    if (app.has_trace()) return false;
    ImGui::TextDisabled("%s", placeholder);
    return true;
}

std::string duration_text(Nanos d) {
    return format_duration(d);
}

bool unwakeable(const AppState& app, std::uint32_t task) {
    const Snapshot* s = app.snapshot();
    if (!s || task >= s->tasks.size()) return false;
    const TaskSnapshot& ts = s->tasks[task];
    if (ts.state != TaskState::Idle || ts.live_wakers != 0) return false;
    return !woken_at_cursor(app, task);  // woken this very step: queued next
}

bool woken_at_cursor(const AppState& app, std::uint32_t task) {
    if (!app.has_trace() || app.step < 0) return false;
    const Event& e = (*app.trace())[static_cast<std::size_t>(app.step)];
    return (e.kind == EventKind::WakerWake || e.kind == EventKind::WakerWakeByRef) && e.task == task;
}

namespace {

// [SECTION] Menu bar

// View > panels: the switches of the current layout (normal or presentation).
void draw_panel_switches(AppState& app) {
    auto items = [](auto& s) {
        bool changed = false;
        changed |= ImGui::MenuItem("Lesson", nullptr, &s.show_lesson);
        changed |= ImGui::MenuItem("Code", nullptr, &s.show_code);
        changed |= ImGui::MenuItem("Tasks", nullptr, &s.show_tasks);
        changed |= ImGui::MenuItem("Run queue and reactor", nullptr, &s.show_reactor);
        changed |= ImGui::MenuItem("Event log", nullptr, &s.show_log);
        changed |= ImGui::MenuItem("Wakers", nullptr, &s.show_wakers);
        changed |= ImGui::MenuItem("Diagnostics", nullptr, &s.show_diagnostics);
        changed |= ImGui::MenuItem("Console (Rust programs)", nullptr, &s.show_console);
        return changed;
    };
    if (app.present) {
        ImGui::TextDisabled("Panels shown while presenting:");
        items(app.present_panels);
    } else if (items(app.settings)) {
        app.settings_dirty = true;
    }
}

// Help > Keys: every shortcut, two columns.
void draw_keys_help() {
    static constexpr const char* kKeys[][2] = {
        {"Space", "play / pause"},
        {"Right / Left", "one step forward / back"},
        {"Home / End", "the start / the last step"},
        {"PgDn / PgUp", "next / previous lesson note (presenter clickers)"},
        {"N / P", "next / previous poll; N at the end: the next lesson"},
        {"] / [", "next / previous wake"},
        {"E", "next diagnostic"},
        {"W / S", "zoom the timeline in / out"},
        {"A / D", "pan the timeline left / right"},
        {"F5", "presentation mode on / off (Escape leaves it)"},
        {"H", "hide / show everything after the cursor"},
        {"1-9, P / R", "quiz: pick the task, answer Pending / Ready"},
        {"Ctrl + / Ctrl - / Ctrl 0", "larger / smaller / normal text"},
        {"Ctrl+O / Ctrl+E / Ctrl+Q", "open / export / quit"},
    };
    ImGui::TextDisabled("Keys");
    if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_SizingFixedFit)) {
        for (const auto& k : kKeys) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(k[0]);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(k[1]);
        }
        ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextUnformatted(
        "Timeline: wheel zooms, drag pans, click moves the cursor, Shift+wheel scrolls lanes.");
    ImGui::TextUnformatted("Panels: drag the borders between them to resize.");
}

// The document's title (and path, when there is room) at the right of the menu bar.
void draw_title(const AppState& app) {
    if (!app.has_trace()) return;
    const std::string& title = app.trace()->meta.title;
    const float room = ImGui::GetWindowWidth() - ImGui::GetCursorPosX() - ImGui::GetStyle().ItemSpacing.x * 2;
    std::string label = title.empty() ? app.doc->path : title + "   (" + app.doc->path + ")";
    if (!title.empty() && (app.doc->path.empty() || ImGui::CalcTextSize(label.c_str()).x > room))
        label = title;
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    if (w > room) return;  // no room: the title is in the lesson panel anyway
    ImGui::SetCursorPosX(ImGui::GetWindowWidth() - w - ImGui::GetStyle().ItemSpacing.x * 2);
    ImGui::TextDisabled("%s", label.c_str());
}

void draw_menu(AppState& app) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open...", "Ctrl+O")) app.browser.open_request = true;
        if (ImGui::BeginMenu("Open recent", !app.settings.recent.empty())) {
            std::string chosen;
            for (const auto& r : app.settings.recent)
                if (ImGui::MenuItem(r.c_str())) chosen = r;
            if (!chosen.empty()) app.open(chosen, looks_like_trace(chosen));
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Reload", nullptr, false, app.doc && !app.doc->path.empty())) {
            std::string path = app.doc->path;
            std::int64_t keep = app.step;
            if (app.open(path, app.doc->is_trace)) {  // under the chosen policy (run_options)
                app.seek(keep);
                app.refresh_comparison();
            }
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Export...", "Ctrl+E", false, app.has_trace())) app.exporter.open_request = true;
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) app.quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Run")) {
        const bool scenario = app.doc && !app.doc->is_trace && !app.doc->path.empty();
        const std::string current = app.has_trace() ? app.trace()->meta.policy : std::string();
        if (ImGui::BeginMenu("Policy", scenario)) {
            for (const char* const* p = policy_names(); *p; ++p)
                if (ImGui::MenuItem(*p, nullptr, current == *p) && current != *p) app.rerun_with_policy(*p);
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Compare with", scenario)) {
            for (const char* const* p = policy_names(); *p; ++p)
                if (ImGui::MenuItem(*p, nullptr, false, current != *p)) app.compare_with(*p);
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("Inject at the cursor", scenario)) {  // the teacher's hand (inject.cpp)
            for (const std::string& a : app.inject_choices())
                if (ImGui::MenuItem(a.c_str())) app.inject(a);
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Undo inject", nullptr, false, !app.run_options.injections.empty()))
            app.undo_inject();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Dark theme", nullptr, app.settings.dark)) {
            app.settings.dark = true;
            app.font_rebuild = app.settings_dirty = true;
        }
        if (ImGui::MenuItem("Light theme", nullptr, !app.settings.dark)) {
            app.settings.dark = false;
            app.font_rebuild = app.settings_dirty = true;
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Larger text", "Ctrl++")) app.set_font_scale(app.settings.font_scale + 0.125f);
        if (ImGui::MenuItem("Smaller text", "Ctrl+-")) app.set_font_scale(app.settings.font_scale - 0.125f);
        if (ImGui::MenuItem("Normal text size", "Ctrl+0")) app.set_font_scale(1.0f);
        ImGui::Separator();
        if (ImGui::MenuItem("Presentation mode", "F5", app.present)) app.toggle_present();
        if (ImGui::MenuItem("Hide the future", "H", app.hide_future)) app.toggle_hide_future();
        if (ImGui::MenuItem("Quiz", nullptr, app.quiz.on, app.has_trace())) app.toggle_quiz();
        ImGui::Separator();
        draw_panel_switches(app);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        draw_keys_help();
        ImGui::EndMenu();
    }
    draw_title(app);
    ImGui::EndMainMenuBar();
}

// [SECTION] Layout

// The toolbar: as tall as its content was in the last frame (it wraps when narrow).
void draw_toolbar_panel(AppState& app, const UiContext& ui, float x, float y, float w, float h) {
    ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar;
    if (ImGui::Begin("Controls", nullptr, flags)) {
        draw_toolbar(app, ui);
        app.toolbar_h = std::ceil(ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y +
                                  ImGui::GetStyle().WindowPadding.y);
    }
    ImGui::End();
}

}  // namespace

// [SECTION] draw_ui

void draw_ui(AppState& app, const UiContext& ui) {
    draw_menu(app);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float X = vp->WorkPos.x, Y = vp->WorkPos.y, W = vp->WorkSize.x, H = vp->WorkSize.y;
    const float two_lines = ImGui::GetFrameHeight() + ImGui::GetTextLineHeight() + style.ItemSpacing.y +
                            style.WindowPadding.y * 2 + 2;
    const float toolbar_h =
        std::clamp(app.toolbar_h > 0 ? app.toolbar_h : two_lines, ImGui::GetFrameHeight(), H * 0.4f);
    draw_toolbar_panel(app, ui, X, Y, W, toolbar_h);
    draw_panels(app, ui, X, Y + toolbar_h, W, H - toolbar_h);

    draw_file_browser(app, ui);
    draw_error_modal(app, ui);
    draw_export_dialog(app, ui);
    draw_compare_view(app, ui);
    draw_quiz_panel(app, ui);
    handle_keyboard(app, ui.keys);
}

}  // namespace ps::gui
