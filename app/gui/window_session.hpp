// WindowSession: the one owner of the GLFW window, the GL context and the ImGui context
// with its two backends. Construction sets them up in order; the destructor tears down
// whatever was set up, in reverse, so every exit path of run_gui shares one teardown.
#pragma once
#include <string>

struct GLFWwindow;

namespace ps::gui {

class WindowSession {
public:
    // Opens a width x height window (hidden when `headless`) with an OpenGL 3.3 core context,
    // then ImGui with the GLFW and OpenGL3 backends. `ini_path` is ImGui's settings file
    // ("" = none). On failure ok() is false and error() says why.
    WindowSession(int width, int height, bool headless, const std::string& ini_path);
    ~WindowSession();
    WindowSession(const WindowSession&) = delete;
    WindowSession& operator=(const WindowSession&) = delete;

    bool ok() const { return imgui_ready_; }
    const std::string& error() const { return error_; }
    GLFWwindow* window() const { return window_; }

private:
    bool open_window(int width, int height, bool headless);

    bool glfw_ready_ = false;
    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
    std::string ini_path_;  // ImGui keeps a pointer to it
    std::string error_;
};

}  // namespace ps::gui
