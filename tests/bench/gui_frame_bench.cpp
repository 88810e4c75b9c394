// CPU cost of building one GUI frame (ImGui NewFrame .. Render, no GL, no window) with a
// 1,000-event and a 1,000,000-event trace, at full zoom-out and zoomed in, on both axes.
//
// The timeline's work must depend on pixels, not on the trace length: the 1M frame may
// cost at most twice the 1k frame. Prints medians and exits 1 if that bound is broken.
//
//   build/bench/gui_frame_bench [--frames N]
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "app/gui/app_state.hpp"
#include "app/gui/views.hpp"
#include "engine/export/synthetic_trace.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Case {
    const char* name;
    ps::gui::AxisMode axis;
    bool zoomed;
};

// Renders `frames` frames and returns the median CPU time per frame in microseconds.
double measure(ps::gui::AppState& app, const ps::gui::UiContext& ui, int frames, std::size_t& items) {
    ImGuiIO& io = ImGui::GetIO();
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(frames));
    for (int i = 0; i < frames + 10; ++i) {
        auto t0 = Clock::now();
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        ps::gui::draw_ui(app, ui);
        ImGui::Render();
        auto t1 = Clock::now();
        if (i >= 10) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    items = app.timeline.items_last_frame;
    return median(us);
}

}  // namespace

int main(int argc, char** argv) {
    int frames = 300;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--frames") == 0 && i + 1 < argc) frames = std::max(10, std::atoi(argv[++i]));
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1600, 900);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ps::gui::UiContext ui;
    ui.headless = true;
    ui.fonts = ps::gui::load_fonts(1.0f);
    ps::gui::apply_theme(true, 1.0f);
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);   // builds the atlas; no GPU upload needed

    const Case cases[] = {
        {"steps axis, full zoom-out", ps::gui::AxisMode::Steps, false},
        {"steps axis, zoomed in (~60 steps)", ps::gui::AxisMode::Steps, true},
        {"time axis, full zoom-out", ps::gui::AxisMode::Time, false},
        {"time axis, zoomed in (~2ms)", ps::gui::AxisMode::Time, true},
    };
    const std::size_t sizes[] = {1'000, 1'000'000};
    double result[2][4] = {};
    std::printf("GUI frame (ImGui NewFrame..Render, 1600x900, no GL), median of %d frames\n", frames);
    for (int si = 0; si < 2; ++si) {
        ps::SyntheticOptions so;
        so.events = sizes[si];
        so.tasks = 8;
        auto t0 = Clock::now();
        auto trace = ps::make_synthetic_trace(so);
        auto t1 = Clock::now();
        ps::gui::AppState app;
        app.set_document(ps::gui::document_from_trace(std::move(trace)), false);
        auto t2 = Clock::now();
        std::int64_t mid = app.last_step() / 2;
        app.seek(mid);
        std::printf("\n%zu events (synthetic, 8 tasks): trace %.0f ms, views' model + snapshot index %.0f ms\n",
                    app.trace()->size(), std::chrono::duration<double, std::milli>(t1 - t0).count(),
                    std::chrono::duration<double, std::milli>(t2 - t1).count());
        for (int ci = 0; ci < 4; ++ci) {
            const Case& c = cases[ci];
            auto& tv = app.timeline;
            tv.axis = c.axis;
            tv.follow_cursor = false;
            tv.fitted = false;
            // One frame fits the view, then set the zoom.
            ImGui::NewFrame();
            ps::gui::draw_ui(app, ui);
            ImGui::Render();
            if (c.zoomed) {
                int m = static_cast<int>(c.axis);
                double centre = c.axis == ps::gui::AxisMode::Steps
                                    ? static_cast<double>(mid)
                                    : static_cast<double>((*app.trace())[static_cast<std::size_t>(mid)].time);
                double half = c.axis == ps::gui::AxisMode::Steps ? 30.0 : 1.0e6;
                tv.x0[m] = centre - half;
                tv.x1[m] = centre + half;
            }
            std::size_t items = 0;
            result[si][ci] = measure(app, ui, frames, items);
            std::printf("  %-36s %8.1f us/frame   (%zu timeline shapes)\n", c.name, result[si][ci], items);
        }
    }
    std::printf("\nratio 1M / 1k:\n");
    bool ok = true;
    for (int ci = 0; ci < 4; ++ci) {
        double r = result[1][ci] / std::max(1e-9, result[0][ci]);
        bool pass = r <= 2.0;
        ok &= pass;
        std::printf("  %-36s %5.2fx  %s\n", cases[ci].name, r, pass ? "ok (<= 2x)" : "TOO SLOW (> 2x)");
    }
    ImGui::DestroyContext();
    return ok ? 0 : 1;
}
