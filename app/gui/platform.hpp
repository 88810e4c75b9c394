// The few things the window does differently on the desktop and in a browser (the web build,
// see web/README.md): who drives the frame loop, the GLSL dialect, what happens to a file the
// user exported, files the page asks to open, and the page's test hook. platform_desktop.cpp
// and platform_web.cpp implement it; each build compiles exactly one of them.
#pragma once
#include <functional>
#include <string>

struct GLFWwindow;

namespace ps::gui {
class AppState;
}

namespace ps::gui::platform {

// Calls `frame` once per frame until it returns an exit code (>= 0). The desktop loops and
// returns that code. The browser calls `frame` from its animation frames and this never
// returns to the caller: whatever `frame` uses must live on the heap, not on the stack.
int run_frames(std::function<int()> frame);

// True when the loop may block waiting for events (the desktop: an idle window sleeps); false in
// the browser, whose animation frames pace the loop.
bool waits_block();

// The `#version` line ImGui's OpenGL3 backend compiles its shaders with.
const char* glsl_version();

// Before each frame: the browser applies a pending canvas resize and keeps `app` for the page's
// test hook (window.pollscope_state()). Nothing on the desktop.
void before_frame(GLFWwindow* window, const AppState& app);

// A file the page asked to open (its file picker), once; "" when none (always on the desktop).
std::string take_open_request();

// `path` was just written for the user (File > Export): the browser offers it as a download.
void exported(const std::string& path);

}  // namespace ps::gui::platform
