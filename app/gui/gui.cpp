// run_gui: the window, the frame loop and the headless test hooks.
//
// Index of this file:
// [SECTION] Injected keys (--keys) and dropped files
// [SECTION] Window and GL context
// [SECTION] Frame loop
// [SECTION] run_gui
#include <glad/gl.h>   // before GLFW
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "engine/export/synthetic_trace.hpp"
#include "gui.hpp"
#include "screenshot.hpp"
#include "app/gui/model/settings.hpp"
#include "views.hpp"

namespace ps {

namespace {

using gui::AppState;

// [SECTION] Injected keys and dropped files

// One injected key press: the key index the GLFW backend would set in io.KeysDown
// (io.KeyMap for ImGui's named keys, GLFW codes for letters and +/-), and Ctrl.
struct InjectedKey {
    int index = -1;
    bool ctrl = false;
};

int key_index(const std::string& name) {
    ImGuiIO& io = ImGui::GetIO();
    if (name == "Plus" || name == "Equal") return GLFW_KEY_EQUAL;
    if (name == "Minus") return GLFW_KEY_MINUS;
    if (name == "Escape") return io.KeyMap[ImGuiKey_Escape];
    if (name == "Right") return io.KeyMap[ImGuiKey_RightArrow];
    if (name == "Left") return io.KeyMap[ImGuiKey_LeftArrow];
    if (name == "Home") return io.KeyMap[ImGuiKey_Home];
    if (name == "End") return io.KeyMap[ImGuiKey_End];
    if (name == "Space") return io.KeyMap[ImGuiKey_Space];
    if (name.size() == 1 && std::isdigit(static_cast<unsigned char>(name[0]))) return GLFW_KEY_0 + (name[0] - '0');
    if (name.size() == 1 && std::isalpha(static_cast<unsigned char>(name[0])))
        return GLFW_KEY_A + (std::toupper(static_cast<unsigned char>(name[0])) - 'A');
    return -1;
}

std::vector<std::string> split_keys(const std::string& list) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : list) {
        if (c == ',' || c == ' ') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

struct WindowData {
    std::vector<std::string> dropped;   // files dropped since the last frame
};

void on_drop(GLFWwindow* w, int count, const char** paths) {
    auto* data = static_cast<WindowData*>(glfwGetWindowUserPointer(w));
    if (!data) return;
    for (int i = 0; i < count; ++i)
        if (paths[i]) data->dropped.emplace_back(paths[i]);
}

std::string g_glfw_error;   // last GLFW error text (GLFW reports through a plain callback)
void on_glfw_error(int code, const char* text) {
    g_glfw_error = "GLFW error " + std::to_string(code) + ": " + (text ? text : "");
}

// [SECTION] Window and GL context

GLFWwindow* create_window(const GuiOptions& o, bool headless, std::string& error) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, headless ? GLFW_FALSE : GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);
    GLFWwindow* w = glfwCreateWindow(o.width, o.height, "pollscope", nullptr, nullptr);
    if (!w) {
        error = "cannot create an OpenGL 3.3 window" + (g_glfw_error.empty() ? "" : " (" + g_glfw_error + ")");
        return nullptr;
    }
    glfwMakeContextCurrent(w);
    if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) {
        error = "cannot load the OpenGL functions";
        glfwDestroyWindow(w);
        return nullptr;
    }
    glfwSwapInterval(headless ? 0 : 1);
    return w;
}

// [SECTION] Frame loop

struct Headless {
    bool on = false;
    std::vector<InjectedKey> keys;   // one press per two frames
    bool has_mouse = false;          // --mouse: pointer position (window pixels), optional click
    float mouse_x = 0, mouse_y = 0;
    bool click = false;
    int frames = 0;            // frames to render before the screenshot
};

void write_text_file(const std::string& path, const std::string& text) {
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text;
    }
    std::rename(tmp.c_str(), path.c_str());
}

}  // namespace

// [SECTION] run_gui

int run_gui(const GuiOptions& o) {
    AppState app;
    Headless hl;
    hl.on = !o.screenshot.empty() || !o.dump_state.empty();
    const std::string cfg = hl.on ? std::string() : gui::config_dir();
    if (!hl.on) gui::load_settings(app.settings, cfg);
    if (o.font_scale > 0) app.settings.font_scale = o.font_scale;
    else if (hl.on) app.settings.font_scale = 1.0f;
    if (o.theme >= 0) app.settings.dark = o.theme == 0;
    else if (hl.on) app.settings.dark = true;
    if (o.width < 200 || o.height < 150 || o.width > 8192 || o.height > 8192) {
        std::fprintf(stderr, "pollscope gui: window size %dx%d is out of range (200x150 .. 8192x8192)\n", o.width,
                     o.height);
        return 1;
    }

    // The scenario first: an invalid one is exit 2 with the loader's text, display or not.
    if (!o.file.empty()) {
        std::string err;
        if (!o.policy.empty()) app.run_options.policy = o.policy;
        auto d = gui::open_document(o.file, o.file_is_trace, err, app.run_options);
        if (!d) {
            std::fprintf(stderr, "%s\n", err.c_str());
            return 2;
        }
        app.set_document(std::move(d), false);
        if (!hl.on) app.add_recent(o.file);
        if (!o.compare.empty()) app.compare_with(o.compare);
    }

    if (o.file.empty() && o.demo_events > 0)
    {
        SyntheticOptions so;
        so.events = o.demo_events;
        so.tasks = 4;
        so.iterations = 0;
        app.set_document(gui::document_from_trace(make_synthetic_trace(so)), false);
    }

    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr,
                     "pollscope gui: no display: run under xvfb-run -a pollscope gui ... (or set DISPLAY)%s%s\n",
                     g_glfw_error.empty() ? "" : "\n  ", g_glfw_error.c_str());
        return 1;
    }
    std::string err;
    GLFWwindow* window = create_window(o, hl.on, err);
    if (!window) {
        std::fprintf(stderr, "pollscope gui: %s\n", err.c_str());
        glfwTerminate();
        return 1;
    }
    WindowData wdata;
    glfwSetWindowUserPointer(window, &wdata);
    glfwSetDropCallback(window, on_drop);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    const std::string ini = cfg.empty() ? std::string() : cfg + "/imgui.ini";
    io.IniFilename = ini.empty() ? nullptr : ini.c_str();
    if (!ini.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(cfg, ec);
    }
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    gui::UiContext ui;
    ui.headless = hl.on;
    ui.fonts = gui::load_fonts(app.settings.font_scale);
    gui::apply_theme(app.settings.dark, app.settings.font_scale);
    app.seek(o.step);
    if (o.axis >= 0) app.timeline.axis = o.axis == 1 ? gui::AxisMode::Steps : gui::AxisMode::Time;
    if (hl.on) {
        for (const auto& k0 : split_keys(o.keys)) {
            bool ctrl = k0.rfind("Ctrl+", 0) == 0;
            std::string k = ctrl ? k0.substr(5) : k0;
            int idx = key_index(k);
            if (idx < 0) {
                std::fprintf(stderr, "pollscope gui: unknown key '%s' in --keys (use Right, Left, Home, End, "
                                     "Space, Escape, Plus, Minus or a letter, optionally as Ctrl+KEY)\n", k0.c_str());
                hl.keys.clear();
                ImGui_ImplOpenGL3_Shutdown();
                ImGui_ImplGlfw_Shutdown();
                ImGui::DestroyContext();
                glfwDestroyWindow(window);
                glfwTerminate();
                return 1;
            }
            hl.keys.push_back({idx, ctrl});
        }
    }
    if (hl.on && !o.mouse.empty()) {
        char extra[16] = {};
        int n = std::sscanf(o.mouse.c_str(), "%f,%f,%15s", &hl.mouse_x, &hl.mouse_y, extra);
        if (n < 2 || (n == 3 && std::strcmp(extra, "click") != 0)) {
            std::fprintf(stderr, "pollscope gui: --mouse expects X,Y or X,Y,click, got '%s'\n", o.mouse.c_str());
            ImGui_ImplOpenGL3_Shutdown();
            ImGui_ImplGlfw_Shutdown();
            ImGui::DestroyContext();
            glfwDestroyWindow(window);
            glfwTerminate();
            return 1;
        }
        hl.has_mouse = true;
        hl.click = n == 3;
    }
    // Frames: a few to settle the layout, two per injected key, a few after --open-after.
    const int settle = 4;
    const int open_after_frame = settle + 2 * static_cast<int>(hl.keys.size());
    hl.frames = open_after_frame + (o.open_after.empty() ? 0 : 4) + 2;

    int exit_code = 0;
    int frame = 0;
    InjectedKey held;
    double next_save = 0;
    for (;; ++frame) {
        if (hl.on || app.play.playing || app.timeline.dragging) glfwPollEvents();
        else glfwWaitEventsTimeout(0.25);   // idle: wake up for input or the mtime check
        if (glfwWindowShouldClose(window) || app.quit) break;

        if (!wdata.dropped.empty()) {
            std::string path = wdata.dropped.back();
            wdata.dropped.clear();
            app.open(path, gui::looks_like_trace(path));
        }
        if (hl.on && !o.open_after.empty() && frame == open_after_frame)
            app.open(o.open_after, gui::looks_like_trace(o.open_after));
        if (!hl.on) app.reload_if_changed(glfwGetTime());
        if (app.font_rebuild) {
            app.font_rebuild = false;
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ui.fonts = gui::load_fonts(app.settings.font_scale);
            gui::apply_theme(app.settings.dark, app.settings.font_scale);
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (hl.on) {
            // One injected press per two frames: down on even frames, up on the next.
            if (held.index >= 0) {
                io.KeysDown[held.index] = false;
                io.KeysDown[GLFW_KEY_LEFT_CONTROL] = false;
                io.KeyCtrl = false;
                held = {};
            } else if (frame >= settle && (frame - settle) % 2 == 0) {
                auto k = static_cast<std::size_t>((frame - settle) / 2);
                if (k < hl.keys.size()) {
                    held = hl.keys[k];
                    io.KeysDown[held.index] = true;
                    io.KeysDown[GLFW_KEY_LEFT_CONTROL] = held.ctrl;
                    io.KeyCtrl = held.ctrl;
                }
            }
            if (hl.has_mouse && frame >= 1) {
                io.MousePos = ImVec2(hl.mouse_x, hl.mouse_y);
                io.MouseDown[0] = hl.click && frame == settle - 2;   // press, release on the next frame
            }
            io.DeltaTime = 1.0f / 60.0f;
        }
        ImGui::NewFrame();
        app.tick(io.DeltaTime);
        gui::draw_ui(app, ui);
        ImGui::Render();

        int fb_w = 0, fb_h = 0;
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        glViewport(0, 0, fb_w, fb_h);
        ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

        if (!app.exporter.png_request.empty()) {
            // File > Export > PNG: the frame just rendered, written before it is shown.
            std::string serr;
            std::string path = std::move(app.exporter.png_request);
            app.exporter.png_request.clear();
            app.exporter.failed = !gui::write_screenshot(path, fb_w, fb_h, serr);
            app.exporter.message = app.exporter.failed ? serr : "wrote " + path;
        }
        if (hl.on && frame + 1 >= hl.frames) {
            if (!o.screenshot.empty()) {
                std::string serr;
                if (!gui::write_screenshot(o.screenshot, fb_w, fb_h, serr)) {
                    std::fprintf(stderr, "pollscope gui: %s\n", serr.c_str());
                    exit_code = 1;
                }
            }
            if (!o.dump_state.empty()) write_text_file(o.dump_state, gui::describe_state(app));
            break;
        }
        glfwSwapBuffers(window);
        // Save changed settings about once a second (a killed window loses at most that).
        if (app.settings_dirty && !hl.on && glfwGetTime() >= next_save) {
            gui::save_settings(app.settings, cfg);
            app.settings_dirty = false;
            next_save = glfwGetTime() + 1.0;
        }
    }
    if (!hl.on) gui::save_settings(app.settings, cfg);

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

}  // namespace ps
