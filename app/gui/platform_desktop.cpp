// The desktop side of platform.hpp: a plain loop, OpenGL 3.3 core, files stay where written.
#include "platform.hpp"

namespace ps::gui::platform {

int run_frames(std::function<int()> frame) {
    for (;;) {
        if (int rc = frame(); rc >= 0) return rc;
    }
}

bool waits_block() {
    return true;
}

const char* glsl_version() {
    return "#version 330 core";
}

void before_frame(GLFWwindow*, const AppState&) {}

std::string take_open_request() {
    return {};
}

void exported(const std::string&) {}

}  // namespace ps::gui::platform
