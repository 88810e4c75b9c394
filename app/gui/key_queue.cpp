#include "key_queue.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>

namespace ps::gui {

namespace {

KeyQueue* g_queue = nullptr;
GLFWkeyfun g_chained = nullptr;  // ImGui's key callback

void trampoline(GLFWwindow* w, int key, int scancode, int action, int mods) {
    if (g_queue) g_queue->on_key(w, key, scancode, action, mods);
}

}  // namespace

void KeyQueue::install(GLFWwindow* window) {
    window_ = window;
    g_queue = this;
    g_chained = glfwSetKeyCallback(window, trampoline);
}

void KeyQueue::on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
    const bool fresh = std::find(fresh_.begin(), fresh_.end(), key) != fresh_.end();
    if (action == GLFW_RELEASE && fresh) {
        held_releases_.push_back({key, scancode, mods});  // let one frame see it down first
        return;
    }
    if (action != GLFW_RELEASE) {
        presses_.push_back({key, mods, action == GLFW_REPEAT});
        if (!fresh) fresh_.push_back(key);
    }
    if (g_chained) g_chained(w, key, scancode, action, mods);
}

std::vector<KeyPress> KeyQueue::take() {
    std::vector<KeyPress> out;
    out.swap(presses_);
    return out;
}

void KeyQueue::frame_seen() {
    fresh_.clear();
    std::vector<Held> held;
    held.swap(held_releases_);
    for (const Held& h : held)
        if (g_chained && window_) g_chained(window_, h.key, h.scancode, GLFW_RELEASE, h.mods);
}

}  // namespace ps::gui
