// Stepping toolbar and keyboard shortcuts.
//
// Index of this file:
// [SECTION] Toolbar (step, next poll, next wake, play/pause + speed, back, jump, reset)
// [SECTION] Keyboard: one command per queued key press (key_queue.hpp)
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>  // key codes only (KeyPress carries them)

#include <algorithm>
#include <cstdio>

#include "engine/model/time.hpp"
#include "engine/trace/narrate.hpp"
#include "views.hpp"

namespace ps::gui {

// [SECTION] Toolbar

namespace {

// A toolbar button with its tooltip; the next item goes on the same line. True when clicked.
bool tool_button(const char* label, const char* tip, ImVec2 size = ImVec2(0, 0)) {
    const bool clicked = ImGui::Button(label, size);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    ImGui::SameLine();
    return clicked;
}

}  // namespace

void draw_toolbar(AppState& app, const UiContext& /*ui*/) {
    const bool loaded = app.has_trace();
    ImGui::BeginDisabled(!loaded);
    if (tool_button("|< Reset", "Back to the start, before the first event (Home)")) app.to_start();
    if (tool_button("< Back", "Undo one event: the exact state of the previous step (Left)")) app.step_back();
    if (tool_button(app.play.playing ? "Pause" : "Play",
                    "Play the events one after another at the speed on the right (Space)",
                    ImVec2(ImGui::GetFontSize() * 4, 0)))
        app.toggle_play();
    if (tool_button("Step >", "Apply one more event (Right)")) app.step_forward();
    if (tool_button("Next poll >>", "Jump to the next time the executor polls a task (N)")) app.next_poll();
    if (tool_button("Next wake >>", "Jump to the next wake() or wake_by_ref() of a waker (])"))
        app.next_wake();
    if (tool_button("End >|", "Jump to the last event (End)")) app.to_end();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    ImGui::SliderFloat("##speed", &app.play.events_per_second, 0.5f, 500.0f, "%.1f events/s",
                       ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed in events per second");
    ImGui::SameLine();
    ImGui::TextUnformatted("Go to step");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    long long target = app.step;
    if (ImGui::InputScalar("##goto", ImGuiDataType_S64, &target, nullptr, nullptr, "%lld",
                           ImGuiInputTextFlags_EnterReturnsTrue))
        app.seek(target);
    ImGui::EndDisabled();

    // Second line: where the cursor is and what the current event was.
    if (!loaded) {
        ImGui::TextDisabled("No scenario loaded: File > Open (Ctrl+O) or drop a .json file onto the window.");
        return;
    }
    const Trace& t = *app.trace();
    const Snapshot& s = *app.snapshot();
    char head[96];
    std::snprintf(head, sizeof head, "step %lld of %zu   t=%s", static_cast<long long>(app.step),
                  t.size() ? t.size() - 1 : 0, format_time(s.time).c_str());
    ImGui::TextUnformatted(head);
    ImGui::SameLine();
    if (app.step < 0)
        ImGui::TextDisabled("before the first event: press Step > or Right to start");
    else
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text), "%s",
                           narrate(t, static_cast<std::uint32_t>(app.step)).c_str());
    if (!app.status.empty()) {
        float w = ImGui::CalcTextSize(app.status.c_str()).x;
        float x = ImGui::GetWindowContentRegionMax().x - w;
        ImGui::SameLine();
        if (ImGui::GetCursorPosX() < x) ImGui::SetCursorPosX(x);
        ImGui::TextDisabled("%s", app.status.c_str());
    }
}

// [SECTION] Keyboard

namespace {

void change_font_scale(AppState& app, float to) {
    app.settings.font_scale = std::clamp(to, 0.625f, 3.0f);
    app.font_rebuild = app.settings_dirty = true;
}

// Ctrl+KEY: text size, open, export, quit.
void ctrl_shortcut(AppState& app, const KeyPress& k) {
    switch (k.key) {
        case GLFW_KEY_EQUAL:
        case GLFW_KEY_KP_ADD: change_font_scale(app, app.settings.font_scale + 0.125f); break;
        case GLFW_KEY_MINUS:
        case GLFW_KEY_KP_SUBTRACT: change_font_scale(app, app.settings.font_scale - 0.125f); break;
        case GLFW_KEY_0: change_font_scale(app, 1.0f); break;
        case GLFW_KEY_O: app.browser.open_request = true; break;
        case GLFW_KEY_E:
            if (app.has_trace()) app.exporter.open_request = true;
            break;
        case GLFW_KEY_Q: app.quit = true; break;
        default: break;
    }
}

// Keys that move the cursor; true when `k` was one of them.
bool cursor_shortcut(AppState& app, const KeyPress& k) {
    switch (k.key) {
        case GLFW_KEY_RIGHT: app.step_forward(); return true;
        case GLFW_KEY_LEFT: app.step_back(); return true;
        case GLFW_KEY_HOME: app.to_start(); return true;
        case GLFW_KEY_END: app.to_end(); return true;
        case GLFW_KEY_PAGE_DOWN: app.next_note(); return true;
        case GLFW_KEY_PAGE_UP: app.prev_note(); return true;
        case GLFW_KEY_N: app.next_poll(); return true;
        case GLFW_KEY_P: app.prev_poll(); return true;
        case GLFW_KEY_RIGHT_BRACKET: app.next_wake(); return true;
        case GLFW_KEY_LEFT_BRACKET: app.prev_wake(); return true;
        case GLFW_KEY_E: app.next_diagnostic(); return true;
        default: return false;
    }
}

// Keys without Ctrl: the cursor, play/pause, and zoom (W/S) and pan (A/D) as in Perfetto.
void plain_shortcut(AppState& app, const KeyPress& k) {
    if (cursor_shortcut(app, k)) return;
    switch (k.key) {
        case GLFW_KEY_SPACE:
            if (!k.repeat) app.toggle_play();
            break;
        case GLFW_KEY_W: zoom_timeline(app, 0.8); break;
        case GLFW_KEY_S: zoom_timeline(app, 1.25); break;
        case GLFW_KEY_A: pan_timeline(app, -0.15); break;
        case GLFW_KEY_D: pan_timeline(app, 0.15); break;
        default: break;
    }
}

}  // namespace

void handle_keyboard(AppState& app, const std::vector<KeyPress>& keys) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;  // typing into a field (Go to step, a file name)
    const bool widget_active = io.WantCaptureKeyboard && ImGui::IsAnyItemActive();
    for (const KeyPress& k : keys) {
        if (k.mods & GLFW_MOD_CONTROL)
            ctrl_shortcut(app, k);
        else if (!widget_active)
            plain_shortcut(app, k);
    }
}

}  // namespace ps::gui
