// The browser side of platform.hpp (the web build, web/CMakeLists.txt): the browser's animation
// frames drive the loop, WebGL2 wants GLSL ES 3.00, exports become downloads, and the page
// reaches the program through a few exported functions (web/pre.js calls them).
#include <emscripten.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <utility>
#include <vector>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <nlohmann/json.hpp>

#include "app/gui/model/app_state.hpp"
#include "platform.hpp"

namespace ps::gui::platform {

namespace {

std::function<int()>* g_frame = nullptr;  // owned; freed when the loop ends
const AppState* g_app = nullptr;          // the state of the frame last begun
long g_frames = 0;                        // frames begun
std::string g_open_request;               // from pollscope_open
int g_resize_w = 0, g_resize_h = 0;       // from pollscope_resize (0 = none pending)
std::string g_state_json;                 // pollscope_state's answer (kept alive for the caller)

// The cost of the last frames (building and drawing one, in ms), for pollscope_state.
double g_frame_ms[64] = {};
std::size_t g_frame_ms_count = 0;

double median_frame_ms() {
    const std::size_t n = std::min<std::size_t>(g_frame_ms_count, std::size(g_frame_ms));
    if (n == 0) return 0;
    std::vector<double> v(g_frame_ms, g_frame_ms + n);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2), v.end());
    return v[n / 2];
}

void browser_frame() {
    const double start = emscripten_get_now();
    const int rc = (*g_frame)();
    g_frame_ms[g_frame_ms_count++ % std::size(g_frame_ms)] = emscripten_get_now() - start;
    if (rc < 0) return;
    emscripten_cancel_main_loop();
    delete std::exchange(g_frame, nullptr);
    g_app = nullptr;
    EM_ASM(
        {
            if (Module.onProgramExit) Module.onProgramExit($0);
        },
        rc);
}

}  // namespace

int run_frames(std::function<int()> frame) {
    g_frame = new std::function<int()>(std::move(frame));
    emscripten_set_main_loop(browser_frame, 0, 1);  // throws to leave run_gui; never returns
    return 0;
}

bool waits_block() {
    return false;
}

const char* glsl_version() {
    return "#version 300 es";
}

void before_frame(GLFWwindow* window, const AppState& app) {
    g_app = &app;
    if (++g_frames == 2) EM_ASM({ Module.firstFrameMs = performance.now(); });  // frame 1 is drawn
    if (g_resize_w > 0) {
        glfwSetWindowSize(window, g_resize_w, g_resize_h);
        g_resize_w = g_resize_h = 0;
    }
}

std::string take_open_request() {
    return std::exchange(g_open_request, {});
}

void exported(const std::string& path) {
    EM_ASM(
        {
            if (Module.offerDownload) Module.offerDownload(UTF8ToString($0));
        },
        path.c_str());
}

}  // namespace ps::gui::platform

using namespace ps::gui::platform;

extern "C" {

// The page's test hook: the state at the cursor as JSON (step, document, --dump-state's text).
EMSCRIPTEN_KEEPALIVE const char* pollscope_state() {
    nlohmann::json j;
    j["frames"] = g_frames;
    j["frame_ms"] = median_frame_ms();  // median of the last 64 frames
    if (g_app) {
        const ps::gui::AppState& app = *g_app;
        j["step"] = app.step;
        j["document"] = app.doc ? app.doc->path : std::string();
        j["events"] = app.has_trace() ? app.trace()->size() : 0;
        j["last_error"] = app.last_error;
        j["describe"] = ps::gui::describe_state(app);
    }
    g_state_json = j.dump();
    return g_state_json.c_str();
}

// Opens a file of the page's file system on the next frame (the page's file picker).
EMSCRIPTEN_KEEPALIVE void pollscope_open(const char* path) {
    g_open_request = path ? path : "";
}

// Resizes the window (the canvas) on the next frame: the page calls it when the browser
// window changes size.
EMSCRIPTEN_KEEPALIVE void pollscope_resize(int width, int height) {
    g_resize_w = width < 200 ? 200 : width;
    g_resize_h = height < 150 ? 150 : height;
}
}
