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

// A toolbar button with its tooltip, on the current line when it fits (else the toolbar
// wraps). True when clicked.
bool tool_button(const char* label, const char* tip, float width = 0) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = width > 0 ? width : ImGui::CalcTextSize(label, nullptr, true).x + st.FramePadding.x * 2;
    same_line_if_fits(w);
    const bool clicked = ImGui::Button(label, ImVec2(width, 0));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    return clicked;
}

// The buttons, with short labels when the full ones would not fit on one line.
void draw_buttons(AppState& app) {
    const bool s = ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 62;
    if (ImGui::Button(s ? "|<" : "|< Reset")) app.to_start();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the start, before the first event (Home)");
    if (tool_button(s ? "<" : "< Back", "Undo one event: the exact state of the previous step (Left)"))
        app.step_back();
    if (tool_button(app.play.playing ? "Pause" : "Play",
                    "Play the events one after another at the speed on the right (Space)",
                    ImGui::GetFontSize() * (s ? 3.5f : 4.0f)))
        app.toggle_play();
    if (tool_button(s ? ">" : "Step >", "Apply one more event (Right)")) app.step_forward();
    if (tool_button(s ? "Poll >>" : "Next poll >>", "Jump to the next time the executor polls a task (N)"))
        app.next_poll();
    if (tool_button(s ? "Wake >>" : "Next wake >>",
                    "Jump to the next wake() or wake_by_ref() of a waker (])"))
        app.next_wake();
    if (tool_button(s ? ">|" : "End >|", "Jump to the last event (End)")) app.to_end();
    same_line_if_fits(ImGui::GetFontSize() * (s ? 7 : 9));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * (s ? 7 : 9));
    ImGui::SliderFloat("##speed", &app.play.events_per_second, 0.5f, 500.0f, s ? "%.1f/s" : "%.1f events/s",
                       ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed in events per second");
    const char* go = s ? "Step" : "Go to step";
    same_line_if_fits(ImGui::CalcTextSize(go).x + ImGui::GetFontSize() * 4.5f);
    ImGui::TextUnformatted(go);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
    long long target = app.step;
    if (ImGui::InputScalar("##goto", ImGuiDataType_S64, &target, nullptr, nullptr, "%lld",
                           ImGuiInputTextFlags_EnterReturnsTrue))
        app.seek(target);
}

}  // namespace

void draw_toolbar(AppState& app, const UiContext& /*ui*/) {
    const bool loaded = app.has_trace();
    ImGui::BeginDisabled(!loaded);
    draw_buttons(app);
    ImGui::EndDisabled();

    // Below: where the cursor is and what the current event was (wrapped when long).
    if (!loaded) {
        ImGui::TextWrapped("No scenario loaded: File > Open (Ctrl+O) or drop a .json file onto the window.");
        return;
    }
    const Trace& t = *app.trace();
    const Snapshot& s = *app.snapshot();
    char head[96];
    if (app.hide_future)  // not even how many steps are left
        std::snprintf(head, sizeof head, "step %lld   t=%s", static_cast<long long>(app.step),
                      format_time(s.time).c_str());
    else
        std::snprintf(head, sizeof head, "step %lld of %zu   t=%s", static_cast<long long>(app.step),
                      t.size() ? t.size() - 1 : 0, format_time(s.time).c_str());
    ImGui::TextUnformatted(head);
    const std::string what = app.step < 0
                                 ? std::string("before the first event: press Step > or Right to start")
                                 : narrate(t, static_cast<std::uint32_t>(app.step));
    same_line_if_fits(std::min(ImGui::CalcTextSize(what.c_str()).x, ImGui::GetFontSize() * 12));
    ImGui::PushTextWrapPos(0);
    ImGui::PushStyleColor(ImGuiCol_Text,
                          ImGui::ColorConvertU32ToFloat4(app.step < 0 ? palette().text_dim : palette().text));
    ImGui::TextUnformatted(what.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    if (!app.status.empty()) {
        const float w = ImGui::CalcTextSize(app.status.c_str()).x;
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) {
            ImGui::SameLine();
            ImGui::SetCursorScreenPos(ImVec2(right - w, ImGui::GetCursorScreenPos().y));
        }
        ImGui::TextDisabled("%s", app.status.c_str());
    }
}

// [SECTION] Keyboard

namespace {

// Ctrl+KEY: text size, open, export, quit.
void ctrl_shortcut(AppState& app, const KeyPress& k) {
    switch (k.key) {
        case GLFW_KEY_EQUAL:
        case GLFW_KEY_KP_ADD: app.set_font_scale(app.settings.font_scale + 0.125f); break;
        case GLFW_KEY_MINUS:
        case GLFW_KEY_KP_SUBTRACT: app.set_font_scale(app.settings.font_scale - 0.125f); break;
        case GLFW_KEY_0: app.set_font_scale(1.0f); break;
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
        case GLFW_KEY_F5: app.toggle_present(); break;
        case GLFW_KEY_H: app.toggle_hide_future(); break;
        case GLFW_KEY_ESCAPE:
            if (app.present && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) app.toggle_present();
            break;
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
        else if (!widget_active && !quiz_key(app, k.key))  // quiz answers, N at the end (quiz_panel.cpp)
            plain_shortcut(app, k);
    }
}

}  // namespace ps::gui
