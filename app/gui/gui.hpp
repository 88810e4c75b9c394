// The ImGui front end's entry point.
#pragma once
#include <cstdint>
#include <string>

namespace ps {

struct GuiOptions {
    std::string file;            // scenario or trace to open ("" = none)
    bool file_is_trace = false;  // `pollscope view`
    std::string screenshot;      // write a PNG and exit (headless)
    std::int64_t step = -1;      // cursor step at start (-1 = before the first event)
    int width = 1600;
    int height = 900;
};

int run_gui(const GuiOptions& options);

}  // namespace ps
