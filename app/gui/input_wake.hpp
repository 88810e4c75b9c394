// Whether anything happened to the window since the last look: mouse moves, clicks, wheel,
// typed characters, focus, resizes and expose events (keys go through KeyQueue). The main
// loop draws a frame only then (or while playing): an idle window does not redraw.
#pragma once

struct GLFWwindow;

namespace ps::gui {

// Installs callbacks that note activity and chain ImGui's (call after ImGui's backend init).
void watch_input(GLFWwindow* window);
// True when something happened since the last call.
bool take_input_activity();

}  // namespace ps::gui
