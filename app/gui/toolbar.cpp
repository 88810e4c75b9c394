// Stepping toolbar and keyboard shortcuts.
//
// Index of this file:
// [SECTION] Toolbar (step, next poll, next wake, play/pause + speed, back, jump, reset)
// [SECTION] Keyboard (Space, Left/Right, Home/End, N, W, Ctrl +/-, Ctrl O)
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>  // key codes only (the GLFW backend fills io.KeysDown with them)

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
    if (tool_button("Next wake >>", "Jump to the next wake() or wake_by_ref() of a waker (W)"))
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

void handle_keyboard(AppState& app) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    auto pressed = [](ImGuiKey k, bool repeat) {
        int idx = ImGui::GetKeyIndex(k);
        return idx >= 0 && ImGui::IsKeyPressed(idx, repeat);
    };
    auto pressed_code = [](int code) { return ImGui::IsKeyPressed(code, true); };
    if (io.KeyCtrl) {
        if (pressed_code(GLFW_KEY_EQUAL) || pressed_code(GLFW_KEY_KP_ADD)) {
            app.settings.font_scale = std::min(3.0f, app.settings.font_scale + 0.125f);
            app.font_rebuild = app.settings_dirty = true;
        }
        if (pressed_code(GLFW_KEY_MINUS) || pressed_code(GLFW_KEY_KP_SUBTRACT)) {
            app.settings.font_scale = std::max(0.625f, app.settings.font_scale - 0.125f);
            app.font_rebuild = app.settings_dirty = true;
        }
        if (pressed_code(GLFW_KEY_0)) {
            app.settings.font_scale = 1.0f;
            app.font_rebuild = app.settings_dirty = true;
        }
        if (pressed_code(GLFW_KEY_O)) app.browser.open_request = true;
        if (pressed_code(GLFW_KEY_E) && app.has_trace()) app.exporter.open_request = true;
        return;
    }
    if (io.WantCaptureKeyboard && ImGui::IsAnyItemActive()) return;
    if (pressed(ImGuiKey_Space, false)) app.toggle_play();
    if (pressed(ImGuiKey_RightArrow, true)) app.step_forward();
    if (pressed(ImGuiKey_LeftArrow, true)) app.step_back();
    if (pressed(ImGuiKey_Home, false)) app.to_start();
    if (pressed(ImGuiKey_End, false)) app.to_end();
    if (pressed_code(GLFW_KEY_N)) app.next_poll();
    if (pressed_code(GLFW_KEY_P)) app.prev_poll();
    if (pressed_code(GLFW_KEY_W)) app.next_wake();
}

}  // namespace ps::gui
