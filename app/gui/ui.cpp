// The frame: menu bar, toolbar, the fixed layout of the panels, modals and the keyboard.
//
// Index of this file:
// [SECTION] Shared helpers (step links, durations)
// [SECTION] Menu bar
// [SECTION] Layout (fixed, relative to the window: no docking, nothing overlaps)
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
    if (app.step >= 0) {
        const Event& e = (*app.trace())[static_cast<std::size_t>(app.step)];
        bool wake = e.kind == EventKind::WakerWake || e.kind == EventKind::WakerWakeByRef;
        if (wake && e.task == task) return false;  // woken this very step: queued next
    }
    return true;
}

namespace {

// [SECTION] Menu bar

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
            if (app.open(path, app.doc->is_trace)) app.seek(keep);
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
        if (ImGui::MenuItem("Larger text", "Ctrl++")) {
            app.settings.font_scale = std::min(3.0f, app.settings.font_scale + 0.125f);
            app.font_rebuild = app.settings_dirty = true;
        }
        if (ImGui::MenuItem("Smaller text", "Ctrl+-")) {
            app.settings.font_scale = std::max(0.625f, app.settings.font_scale - 0.125f);
            app.font_rebuild = app.settings_dirty = true;
        }
        if (ImGui::MenuItem("Normal text size", "Ctrl+0")) {
            app.settings.font_scale = 1.0f;
            app.font_rebuild = app.settings_dirty = true;
        }
        ImGui::Separator();
        Settings& s = app.settings;
        bool changed = false;
        changed |= ImGui::MenuItem("Lesson", nullptr, &s.show_lesson);
        changed |= ImGui::MenuItem("Code", nullptr, &s.show_code);
        changed |= ImGui::MenuItem("Tasks", nullptr, &s.show_tasks);
        changed |= ImGui::MenuItem("Run queue and reactor", nullptr, &s.show_reactor);
        changed |= ImGui::MenuItem("Event log", nullptr, &s.show_log);
        changed |= ImGui::MenuItem("Wakers", nullptr, &s.show_wakers);
        changed |= ImGui::MenuItem("Diagnostics", nullptr, &s.show_diagnostics);
        if (changed) app.settings_dirty = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::TextUnformatted("Keys: Space play/pause, Right/Left step, Home/End,");
        ImGui::TextUnformatted("N next poll, P previous poll, W next wake,");
        ImGui::TextUnformatted("Ctrl +/- text size, Ctrl+O open a scenario.");
        ImGui::Separator();
        ImGui::TextUnformatted("Timeline: wheel zooms, drag pans, click moves the cursor.");
        ImGui::EndMenu();
    }
    if (app.has_trace()) {
        const std::string& title = app.trace()->meta.title;
        std::string label = title.empty()           ? app.doc->path
                            : app.doc->path.empty() ? title
                                                    : title + "   (" + app.doc->path + ")";
        float w = ImGui::CalcTextSize(label.c_str()).x;
        float x = ImGui::GetWindowWidth() - w - ImGui::GetStyle().ItemSpacing.x * 2;
        if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
        ImGui::TextDisabled("%s", label.c_str());
    }
    ImGui::EndMainMenuBar();
}

// [SECTION] Layout

struct Rect {
    float x, y, w, h;
};

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus;

template <class Fn>
void panel(const char* title, bool show, Rect r, ImGuiWindowFlags extra, Fn&& body) {
    if (!show || r.w < 40 || r.h < 30) return;
    ImGui::SetNextWindowPos(ImVec2(std::floor(r.x), std::floor(r.y)), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(std::floor(r.w), std::floor(r.h)), ImGuiCond_Always);
    if (ImGui::Begin(title, nullptr, kPanelFlags | extra)) body();
    ImGui::End();
}

}  // namespace

// [SECTION] draw_ui

void draw_ui(AppState& app, const UiContext& ui) {
    draw_menu(app);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImGuiStyle& style = ImGui::GetStyle();
    const float X = vp->WorkPos.x, Y = vp->WorkPos.y, W = vp->WorkSize.x, H = vp->WorkSize.y;

    const float toolbar_h = ImGui::GetFrameHeight() + ImGui::GetTextLineHeight() + style.ItemSpacing.y +
                            style.WindowPadding.y * 2 + 2;
    panel("Controls", true, {X, Y, W, toolbar_h}, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar,
          [&] { draw_toolbar(app, ui); });

    const float y0 = Y + toolbar_h, ch = H - toolbar_h;
    const float left_w = std::floor(std::clamp(W * 0.27f, std::min(W * 0.4f, 300.0f), 560.0f));
    const float lesson_h = std::floor(ch * 0.44f);
    panel("Lesson", app.settings.show_lesson, {X, y0, left_w, lesson_h}, 0,
          [&] { draw_lesson_panel(app, ui); });
    panel("Code", app.settings.show_code, {X, y0 + lesson_h, left_w, ch - lesson_h}, 0,
          [&] { draw_code_view(app, ui); });

    const float rx = X + left_w, rw = W - left_w;
    const float tl_h = std::floor(ch * 0.43f);
    const float row2_h = std::floor(ch * 0.25f);
    const float row3_h = ch - tl_h - row2_h;
    panel("Timeline", true, {rx, y0, rw, tl_h},
          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse, [&] { draw_timeline(app, ui); });
    const float tasks_w = std::floor(rw * 0.60f);
    panel("Tasks", app.settings.show_tasks, {rx, y0 + tl_h, tasks_w, row2_h}, 0,
          [&] { draw_tasks_table(app, ui); });
    panel("Run queue and reactor", app.settings.show_reactor, {rx + tasks_w, y0 + tl_h, rw - tasks_w, row2_h},
          0, [&] { draw_reactor_panel(app, ui); });
    const float y3 = y0 + tl_h + row2_h;
    const float log_w = std::floor(rw * 0.46f), wak_w = std::floor(rw * 0.32f);
    panel("Event log", app.settings.show_log, {rx, y3, log_w, row3_h}, 0, [&] { draw_event_log(app, ui); });
    panel("Wakers", app.settings.show_wakers, {rx + log_w, y3, wak_w, row3_h}, 0,
          [&] { draw_waker_inspector(app, ui); });
    panel("Diagnostics", app.settings.show_diagnostics, {rx + log_w + wak_w, y3, rw - log_w - wak_w, row3_h},
          0, [&] { draw_diagnostics(app, ui); });

    draw_file_browser(app, ui);
    draw_error_modal(app, ui);
    draw_export_dialog(app, ui);
    draw_compare_view(app, ui);
    handle_keyboard(app);
}

}  // namespace ps::gui
