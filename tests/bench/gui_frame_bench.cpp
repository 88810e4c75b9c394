// CPU cost of building one GUI frame (ImGui NewFrame .. Render, no GL, no window) with a
// 1,000-event and a 1,000,000-event trace, at full zoom-out and zoomed in, on both axes.
//
// The timeline's work must depend on pixels, not on the trace length: the 1M frame may
// cost at most twice the 1k frame. The two traces live in two ImGui contexts (sharing one
// font atlas) and their frames are measured alternately, in thread CPU time, so that the
// noise of a shared machine hits both alike. Prints medians; exits 1 if the bound is broken.
//
//   build/bench/gui_frame_bench [--frames N] [--events N]
//
// --events sets the large trace's size (default 1,000,000; up to 10,000,000, the most a run may
// write); the time to build it and to open it in the views is printed.
#include <imgui.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/model/app_state.hpp"
#include "app/gui/views.hpp"
#include "engine/export/synthetic_trace.hpp"

namespace {

using ps::gui::AxisMode;

double thread_cpu_us() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Case {
    const char* name;
    AxisMode axis;
    bool zoomed;
};

// One trace in its own ImGui context.
struct Subject {
    std::size_t events = 0;
    ImGuiContext* ctx = nullptr;
    ps::gui::AppState app;
    std::int64_t mid = 0;
    double build_ms = 0, model_ms = 0;
    std::vector<double> samples;
};

void frame(Subject& s, const ps::gui::UiContext& ui) {
    ImGui::SetCurrentContext(s.ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ps::gui::draw_ui(s.app, ui);
    ImGui::Render();
}

void set_view(Subject& s, const ps::gui::UiContext& ui, const Case& c) {
    auto& tv = s.app.timeline;
    tv.axis = c.axis;
    tv.follow_cursor = false;
    tv.fitted = false;
    frame(s, ui);  // fits the view
    if (c.zoomed) {
        int m = static_cast<int>(c.axis);
        double centre = c.axis == AxisMode::Steps
                            ? static_cast<double>(s.mid)
                            : static_cast<double>((*s.app.trace())[static_cast<std::size_t>(s.mid)].time);
        double half = c.axis == AxisMode::Steps ? 30.0 : 1.0e6;
        tv.x0[m] = centre - half;
        tv.x1[m] = centre + half;
    }
    for (int i = 0; i < 5; ++i) frame(s, ui);  // warm up
}

}  // namespace

int main(int argc, char** argv) {
    int frames = 300;
    std::size_t big = 1'000'000;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--frames") == 0 && i + 1 < argc)
            frames = std::max(10, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--events") == 0 && i + 1 < argc)
            big = std::clamp<std::size_t>(std::strtoull(argv[++i], nullptr, 10), 1'000, 10'000'000);
    }
    char big_label[32];
    std::snprintf(big_label, sizeof big_label, "%zuk events", big / 1000);

    IMGUI_CHECKVERSION();
    ImFontAtlas atlas;
    Subject subjects[2];
    subjects[0].events = 1'000;
    subjects[1].events = big;
    ps::gui::UiContext ui;
    ui.headless = true;
    for (int k = 0; k < 2; ++k) {
        Subject& s = subjects[k];
        s.ctx = ImGui::CreateContext(&atlas);
        ImGui::SetCurrentContext(s.ctx);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1600, 900);
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        if (k == 0) {
            ui.fonts = ps::gui::load_fonts(1.0f);
            unsigned char* pixels = nullptr;
            int tw = 0, th = 0;
            atlas.GetTexDataAsRGBA32(&pixels, &tw, &th);  // builds the atlas; no GPU upload
        }
        ps::gui::apply_theme(true, 1.0f);

        ps::SyntheticOptions so;
        so.events = s.events;
        so.tasks = 8;
        auto t0 = std::chrono::steady_clock::now();
        auto trace = ps::make_synthetic_trace(so);
        auto t1 = std::chrono::steady_clock::now();
        s.app.set_document(ps::gui::document_from_trace(std::move(trace)), false);
        auto t2 = std::chrono::steady_clock::now();
        s.build_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        s.model_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
        s.mid = s.app.last_step() / 2;
        s.app.seek(s.mid);
    }

    const Case cases[] = {
        {"steps axis, full zoom-out", AxisMode::Steps, false},
        {"steps axis, zoomed in (~60 steps)", AxisMode::Steps, true},
        {"time axis, full zoom-out", AxisMode::Time, false},
        {"time axis, zoomed in (~2ms)", AxisMode::Time, true},
    };
    std::printf(
        "GUI frame: ImGui NewFrame..Render at 1600x900, no GL; median thread CPU time of %d frames,\n"
        "the two traces measured alternately. Synthetic traces, 8 tasks, cursor in the middle.\n\n",
        frames);
    for (const Subject& s : subjects)
        std::printf("  %7zu events: trace built in %.0f ms, views' model + snapshot index in %.0f ms\n",
                    s.app.trace()->size(), s.build_ms, s.model_ms);
    std::printf("\n  %-36s %12s %12s %8s\n", "case", "1k events", big_label, "big/1k");
    bool ok = true;
    for (const Case& c : cases) {
        std::size_t items[2] = {};
        for (Subject& s : subjects) {
            set_view(s, ui, c);
            s.samples.clear();
        }
        for (int i = 0; i < frames; ++i) {
            for (int k = 0; k < 2; ++k) {
                Subject& s = subjects[(i + k) % 2];  // alternate which goes first
                double a = thread_cpu_us();
                frame(s, ui);
                s.samples.push_back(thread_cpu_us() - a);
            }
        }
        for (int k = 0; k < 2; ++k) items[k] = subjects[k].app.timeline.items_last_frame;
        double m0 = median(subjects[0].samples), m1 = median(subjects[1].samples);
        double r = m1 / std::max(1e-9, m0);
        ok &= r <= 2.0;
        std::printf("  %-36s %9.1f us %9.1f us %7.2fx  %s   (timeline shapes: %zu / %zu)\n", c.name, m0, m1,
                    r, r <= 2.0 ? "ok" : "TOO SLOW", items[0], items[1]);
    }
    std::printf("\n%s: the %s frame %s at most twice the 1k-event frame\n", ok ? "PASS" : "FAIL", big_label,
                ok ? "costs" : "does not cost");
    for (Subject& s : subjects) ImGui::DestroyContext(s.ctx);
    return ok ? 0 : 1;
}
