// run_gui: options to state, the frame loop and the headless ending (screenshot, dump).
// The window and ImGui's lifetime belong to WindowSession; injected input to HeadlessInput.
//
// Index of this file:
// [SECTION] Start: settings, the document
// [SECTION] When to draw
// [SECTION] One frame
// [SECTION] run_gui
#include <glad/gl.h>  // before GLFW
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/model/settings.hpp"
#include "engine/export/atomic_file.hpp"
#include "engine/export/synthetic_trace.hpp"
#include "gui.hpp"
#include "headless.hpp"
#include "input_wake.hpp"
#include "key_queue.hpp"
#include "platform.hpp"
#include "screenshot.hpp"
#include "views.hpp"
#include "window_session.hpp"

namespace ps {

namespace {

using gui::AppState;

// [SECTION] Start

struct WindowData {
    std::vector<std::string> dropped;  // files dropped since the last frame
};

void on_drop(GLFWwindow* w, int count, const char** paths) {
    auto* data = static_cast<WindowData*>(glfwGetWindowUserPointer(w));
    if (!data) return;
    for (int i = 0; i < count; ++i)
        if (paths[i]) data->dropped.emplace_back(paths[i]);
}

// Saved settings (none when headless), overridden by the command line.
void apply_settings(AppState& app, const GuiOptions& o, bool headless, const std::string& cfg) {
    if (!headless) gui::load_settings(app.settings, cfg);
    if (o.font_scale > 0)
        app.settings.font_scale = o.font_scale;
    else if (headless)
        app.settings.font_scale = 1.0f;
    if (o.theme >= 0)
        app.settings.dark = o.theme == 0;
    else if (headless)
        app.settings.dark = true;
}

// The scenario (or the synthetic demo trace). An invalid scenario is exit 2 with the
// loader's text, display or not; 0 otherwise.
int open_first_document(AppState& app, const GuiOptions& o, bool headless) {
    if (!o.file.empty()) {
        std::string err;
        if (!o.policy.empty()) app.run_options.policy = o.policy;
        auto d = gui::open_document(o.file, o.file_is_trace, err, app.run_options);
        if (!d) {
            std::fprintf(stderr, "%s\n", err.c_str());
            return 2;
        }
        app.set_document(std::move(d), false);
        if (!headless) app.add_recent(o.file);
        if (!o.compare.empty()) app.compare_with(o.compare);
    } else if (o.demo_events > 0) {
        SyntheticOptions so;
        so.events = o.demo_events;
        so.tasks = 4;
        so.iterations = 0;
        app.set_document(gui::document_from_trace(make_synthetic_trace(so)), false);
    }
    return 0;
}

// [SECTION] When to draw

// An idle window draws nothing: a frame follows input (and a few more for ImGui to settle:
// hover, popups), a play tick, a drag or a reload. Waits block until then.
struct FramePacer {
    static constexpr int kSettleFrames = 3;
    int settle = kSettleFrames;  // frames still to draw after the last input

    // Seconds to wait for events: 0 = do not wait, < 0 = until an event.
    double timeout(const AppState& app, const gui::KeyQueue& keys) const {
        if (settle > 0 || app.timeline.dragging || keys.pending() || app.font_rebuild) return 0;
        if (app.play.playing) {  // until the next event is due (a little after, to be sure)
            const double eps = std::max(0.1, static_cast<double>(app.play.events_per_second));
            return std::clamp((1.0 - app.play.carry) / eps + 0.002, 0.0, 1.0);
        }
        // Idle: wake only for the file's modification time, about once a second (no frame then).
        return app.doc && !app.doc->path.empty() ? 1.0 : -1.0;
    }

    // Blocks as long as timeout() says; true when a frame is to be drawn.
    bool wait(const AppState& app, const gui::KeyQueue& keys) {
        const double t = timeout(app, keys);
        if (t == 0)
            glfwPollEvents();
        else if (t < 0)
            glfwWaitEvents();
        else
            glfwWaitEventsTimeout(t);
        if (gui::take_input_activity() || keys.pending()) settle = kSettleFrames;
        return settle > 0 || app.play.playing || app.timeline.dragging || app.font_rebuild;
    }
    void drew() {
        if (settle > 0) --settle;
    }
};

// [SECTION] One frame

void rebuild_fonts(AppState& app, gui::UiContext& ui) {
    app.font_rebuild = false;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ui.fonts = gui::load_fonts(app.text_scale());
    gui::apply_theme(app.settings.dark, app.text_scale());
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

// Builds and renders one frame into the back buffer; returns the framebuffer size.
void render_frame(AppState& app, const gui::UiContext& ui, GLFWwindow* window, int& fb_w, int& fb_h) {
    ImGui::NewFrame();
    app.tick(ImGui::GetIO().DeltaTime);
    gui::draw_ui(app, ui);
    ImGui::Render();
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// File > Export > PNG: the frame just rendered, written before it is shown; the first frame
// in which the export dialog is gone (the picture is of the window, not of the dialog).
void export_png_if_asked(AppState& app, int fb_w, int fb_h) {
    if (app.exporter.png_request.empty() || app.exporter.drawn) return;
    std::string serr;
    std::string path = std::move(app.exporter.png_request);
    app.exporter.png_request.clear();
    app.exporter.failed = !gui::write_screenshot(path, fb_w, fb_h, serr);
    app.exporter.message = app.exporter.failed ? serr : "wrote " + path;
    app.status = app.exporter.message;  // no longer "writing ..."
    if (!app.exporter.failed) gui::platform::exported(path);
}

// --dump-state / --dump-state-on-exit: the state description into `path`. False (and the
// reason on stderr) when it cannot be written.
bool dump_state(const AppState& app, const std::string& path, const char* option) {
    const std::string text = gui::describe_state(app);
    ExportResult r = write_file_atomically(path, [&](Writer& w, ExportResult&) {
        w << text;
        return true;
    });
    if (!r.ok) std::fprintf(stderr, "pollscope gui: %s: %s\n", option, r.error.c_str());
    return r.ok;
}

// The end of a headless run: --screenshot and --dump-state. 0, or 1 after a write error.
int finish_headless(const AppState& app, const GuiOptions& o, int fb_w, int fb_h) {
    int exit_code = 0;
    if (!o.screenshot.empty()) {
        std::string serr;
        if (!gui::write_screenshot(o.screenshot, fb_w, fb_h, serr)) {
            std::fprintf(stderr, "pollscope gui: %s\n", serr.c_str());
            exit_code = 1;
        }
    }
    if (!o.dump_state.empty() && !dump_state(app, o.dump_state, "--dump-state")) exit_code = 1;
    return exit_code;
}

// One run of the window: everything the frames share. It lives on the heap: in the browser
// the frames run after run_gui's stack is gone (platform::run_frames).
struct GuiRun {
    AppState app;
    GuiOptions o;
    bool headless = false;
    std::string cfg;
    std::optional<gui::WindowSession> session;
    WindowData wdata;
    gui::UiContext ui;
    gui::HeadlessInput input;
    gui::KeyQueue keys;
    FramePacer pacer;
    int last_frame = 0;
    int frame = 0;
    double next_save = 0;
};

// The window is closing: settings saved, --dump-state-on-exit written. The exit code.
int close_window(GuiRun& r) {
    if (r.headless) return 0;
    gui::save_settings(r.app.settings, r.cfg);
    if (!r.o.dump_state_on_exit.empty() && !dump_state(r.app, r.o.dump_state_on_exit, "--dump-state-on-exit"))
        return 1;
    return 0;
}

// Waits for what the next frame needs (never in the browser, whose animation frames drive the
// loop); true when a frame is to be drawn.
bool wait_for_frame(GuiRun& r) {
    if (r.headless || !gui::platform::waits_block()) {
        glfwPollEvents();
        return true;
    }
    bool draw = r.pacer.wait(r.app, r.keys);
    if (r.app.reload_if_changed(glfwGetTime()) || !r.wdata.dropped.empty()) {
        r.pacer.settle = FramePacer::kSettleFrames;
        draw = true;
    }
    return draw;
}

// Files to open before the frame: dropped on the window, asked for by the page, --open-after.
void open_requested(GuiRun& r, int frame) {
    AppState& app = r.app;
    if (!r.wdata.dropped.empty()) {
        std::string path = r.wdata.dropped.back();
        r.wdata.dropped.clear();
        app.open(path, gui::looks_like_trace(path));
    }
    if (std::string path = gui::platform::take_open_request(); !path.empty())
        app.open(path, gui::looks_like_trace(path));
    if (r.headless && !r.o.open_after.empty() && frame == r.input.open_after_frame())
        app.open(r.o.open_after, gui::looks_like_trace(r.o.open_after));
}

// One frame of the loop: -1 to go on, else the exit code.
int run_one_frame(GuiRun& r) {
    AppState& app = r.app;
    const bool headless = r.headless;
    GLFWwindow* window = r.session->window();
    const int frame = r.frame++;
    const bool draw = wait_for_frame(r);
    if (glfwWindowShouldClose(window) || app.quit) return close_window(r);
    if (!draw) return -1;  // nothing changed: no frame
    r.pacer.drew();

    open_requested(r, frame);
    if (app.font_rebuild) rebuild_fonts(app, r.ui);
    gui::platform::before_frame(window, app);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (headless) r.input.apply(frame, ImGui::GetIO(), r.keys);
    r.ui.keys = r.keys.take();
    int fb_w = 0, fb_h = 0;
    render_frame(app, r.ui, window, fb_w, fb_h);
    r.keys.frame_seen();
    export_png_if_asked(app, fb_w, fb_h);
    if (headless && frame >= r.last_frame) return finish_headless(app, r.o, fb_w, fb_h);
    glfwSwapBuffers(window);
    // Save changed settings about once a second (a killed window loses at most that).
    if (app.settings_dirty && !headless && glfwGetTime() >= r.next_save) {
        gui::save_settings(app.settings, r.cfg);
        app.settings_dirty = false;
        r.next_save = glfwGetTime() + 1.0;
    }
    return -1;
}

}  // namespace

// [SECTION] run_gui

int run_gui(const GuiOptions& o) {
    auto run = std::make_shared<GuiRun>();
    run->o = o;
    AppState& app = run->app;
    const bool headless = run->headless = !o.screenshot.empty() || !o.dump_state.empty();
    const std::string cfg = run->cfg = headless ? std::string() : gui::config_dir();
    apply_settings(app, o, headless, cfg);
    if (o.width < 200 || o.height < 150 || o.width > 8192 || o.height > 8192) {
        std::fprintf(stderr, "pollscope gui: window size %dx%d is out of range (200x150 .. 8192x8192)\n",
                     o.width, o.height);
        return 1;
    }
    if (int rc = open_first_document(app, o, headless); rc != 0) return rc;

    const std::string ini = cfg.empty() ? std::string() : cfg + "/imgui.ini";
    if (!ini.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(cfg, ec);
    }
    gui::WindowSession& session = run->session.emplace(o.width, o.height, headless, ini);
    if (!session.ok()) {
        std::fprintf(stderr, "pollscope gui: %s\n", session.error().c_str());
        return 1;
    }
    GLFWwindow* window = session.window();
    glfwSetWindowUserPointer(window, &run->wdata);
    glfwSetDropCallback(window, on_drop);
    run->keys.install(window);
    gui::watch_input(window);

    gui::UiContext& ui = run->ui;
    ui.headless = headless;
    app.present = o.present;
    app.hide_future = o.hide_future;
    ui.fonts = gui::load_fonts(app.text_scale());
    gui::apply_theme(app.settings.dark, app.text_scale());
    app.seek(o.step);
    if (o.quiz) app.toggle_quiz();
    if (o.axis >= 0) app.timeline.axis = o.axis == 1 ? gui::AxisMode::Steps : gui::AxisMode::Time;
    if (std::string err; headless && !run->input.parse(o.keys, o.mouse, err)) {
        std::fprintf(stderr, "pollscope gui: %s\n", err.c_str());
        return 1;
    }
    run->last_frame = run->input.frames(!o.open_after.empty()) - 1;
    return gui::platform::run_frames([run] { return run_one_frame(*run); });
}

}  // namespace ps
