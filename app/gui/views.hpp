// The views of the window, one file per view, all drawn from `draw_ui` (ui.cpp).
//
// Every view reads the AppState (trace, snapshot at the cursor) and changes it only through
// AppState's commands (seek, step, open, ...).
#pragma once
#include <imgui.h>

#include <vector>

#include "app/gui/model/app_state.hpp"
#include "key_queue.hpp"
#include "theme.hpp"

namespace ps::gui {

struct UiContext {
    Fonts fonts;
    bool headless = false;       // screenshots: no settings written, no blinking
    std::vector<KeyPress> keys;  // this frame's key presses, in order (every tap counts)
};

// ui.cpp: the whole frame (menu, toolbar, fixed layout of the panels, modals, keyboard).
// Call between ImGui::NewFrame() and ImGui::Render(). Needs no GL.
void draw_ui(AppState& app, const UiContext& ui);

// panel_layout.cpp: the panels in the rectangle below the toolbar (reflowing, with splitters).
void draw_panels(AppState& app, const UiContext& ui, float x, float y, float w, float h);

// One per file.
void draw_toolbar(AppState& app, const UiContext& ui);                   // toolbar.cpp
void handle_keyboard(AppState& app, const std::vector<KeyPress>& keys);  // toolbar.cpp
void draw_timeline(AppState& app, const UiContext& ui);                  // timeline.cpp
void draw_code_view(AppState& app, const UiContext& ui);                 // code_view.cpp
void draw_tasks_table(AppState& app, const UiContext& ui);               // tasks_table.cpp
void draw_waker_inspector(AppState& app, const UiContext& ui);           // waker_inspector.cpp
void draw_reactor_panel(AppState& app, const UiContext& ui);             // reactor_panel.cpp
void draw_event_log(AppState& app, const UiContext& ui);                 // event_log.cpp
void draw_lesson_panel(AppState& app, const UiContext& ui);              // lesson_panel.cpp
void draw_diagnostics(AppState& app, const UiContext& ui);               // diagnostics_panel.cpp
void draw_console_panel(AppState& app, const UiContext& ui);             // console_panel.cpp
void draw_file_browser(AppState& app, const UiContext& ui);              // file_browser.cpp
void draw_export_dialog(AppState& app, const UiContext& ui);             // export_dialog.cpp
void draw_compare_view(AppState& app, const UiContext& ui);              // compare_view.cpp
void draw_error_modal(AppState& app, const UiContext& ui);               // file_browser.cpp
void draw_quiz_panel(AppState& app, const UiContext& ui);                // quiz_panel.cpp

// Lesson flow (file_browser.cpp): at the end of a lesson, a "Next lesson" button (N); opens the
// next scenario in its folder's order (false when there is none).
void draw_next_lesson_button(AppState& app);
bool open_next_lesson(AppState& app);
// Quiz mode's keys (quiz_panel.cpp): 1-9 pick a task, P / R answer Pending / Ready; and N at
// the end of a lesson opens the next one. True when the key was used.
bool quiz_key(AppState& app, int key);

// Keyboard zoom (factor < 1 zooms in, around the cursor when it is in view) and pan (by a
// fraction of the visible range) of the timeline (timeline_input.cpp).
void zoom_timeline(AppState& app, double factor);
void pan_timeline(AppState& app, double fraction);

// Helpers shared by views (ui.cpp).
// With no document open: shows `placeholder` greyed out and returns true (the view stops there).
bool show_placeholder_without_trace(const AppState& app, const char* placeholder);
// Between two items of a row that wraps: the next item (`next_width` pixels wide) goes on
// the same line when it fits, else on a new one.
void same_line_if_fits(float next_width);
// A clickable "step N" link that moves the cursor there.
void step_link(AppState& app, std::int64_t step, const char* id_suffix = "");
// True when the task is parked with no live waker clone: nothing can wake it (unless the
// event at the cursor is the wake that is about to queue it).
bool unwakeable(const AppState& app, std::uint32_t task);
// True when the event at the cursor is a wake of `task`.
bool woken_at_cursor(const AppState& app, std::uint32_t task);
// Duration text like "10ms" / "250us".
std::string duration_text(Nanos d);

}  // namespace ps::gui
