#include "window_session.hpp"

#include <glad/gl.h>  // before GLFW
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "platform.hpp"

namespace ps::gui {

namespace {

std::string g_glfw_error;  // last GLFW error text (GLFW reports through a plain callback)
void on_glfw_error(int code, const char* text) {
    g_glfw_error = "GLFW error " + std::to_string(code) + ": " + (text ? text : "");
}

}  // namespace

WindowSession::WindowSession(int width, int height, bool headless, const std::string& ini_path)
    : ini_path_(ini_path) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        error_ = "no display: run under xvfb-run -a pollscope gui ... (or set DISPLAY)" +
                 (g_glfw_error.empty() ? "" : "\n  " + g_glfw_error);
        return;
    }
    glfw_ready_ = true;
    if (!open_window(width, height, headless)) return;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init(platform::glsl_version());
    imgui_ready_ = true;
}

bool WindowSession::open_window(int width, int height, bool headless) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, headless ? GLFW_FALSE : GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);
    window_ = glfwCreateWindow(width, height, "pollscope", nullptr, nullptr);
    if (!window_) {
        error_ =
            "cannot create an OpenGL 3.3 window" + (g_glfw_error.empty() ? "" : " (" + g_glfw_error + ")");
        return false;
    }
    glfwMakeContextCurrent(window_);
    if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
        error_ = "cannot load the OpenGL functions";
        return false;
    }
    glfwSwapInterval(headless ? 0 : 1);
    return true;
}

WindowSession::~WindowSession() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_) glfwDestroyWindow(window_);
    if (glfw_ready_) glfwTerminate();
}

}  // namespace ps::gui
