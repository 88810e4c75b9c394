#include "input_wake.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace ps::gui {

namespace {

bool g_active = true;  // draw the first frames
GLFWcursorposfun g_cursor = nullptr;
GLFWmousebuttonfun g_button = nullptr;
GLFWscrollfun g_scroll = nullptr;
GLFWcharfun g_char = nullptr;
GLFWwindowfocusfun g_focus = nullptr;
GLFWcursorenterfun g_enter = nullptr;

void on_cursor(GLFWwindow* w, double x, double y) {
    g_active = true;
    if (g_cursor) g_cursor(w, x, y);
}
void on_button(GLFWwindow* w, int b, int action, int mods) {
    g_active = true;
    if (g_button) g_button(w, b, action, mods);
}
void on_scroll(GLFWwindow* w, double x, double y) {
    g_active = true;
    if (g_scroll) g_scroll(w, x, y);
}
void on_char(GLFWwindow* w, unsigned int c) {
    g_active = true;
    if (g_char) g_char(w, c);
}
void on_focus(GLFWwindow* w, int focused) {
    g_active = true;
    if (g_focus) g_focus(w, focused);
}
void on_enter(GLFWwindow* w, int entered) {
    g_active = true;
    if (g_enter) g_enter(w, entered);
}
void on_size(GLFWwindow*, int, int) {
    g_active = true;
}
void on_refresh(GLFWwindow*) {
    g_active = true;
}

}  // namespace

void watch_input(GLFWwindow* window) {
    g_cursor = glfwSetCursorPosCallback(window, on_cursor);
    g_button = glfwSetMouseButtonCallback(window, on_button);
    g_scroll = glfwSetScrollCallback(window, on_scroll);
    g_char = glfwSetCharCallback(window, on_char);
    g_focus = glfwSetWindowFocusCallback(window, on_focus);
    g_enter = glfwSetCursorEnterCallback(window, on_enter);
    glfwSetFramebufferSizeCallback(window, on_size);
    glfwSetWindowRefreshCallback(window, on_refresh);
}

bool take_input_activity() {
    const bool a = g_active;
    g_active = false;
    return a;
}

}  // namespace ps::gui
