// The ImGui front end's entry point.
#pragma once
#include <cstddef>
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
    // Hidden test hooks (headless: the run ends after they are done).
    std::string keys;                // "Right,Right,Left,End,Home": one key press per frame
    std::string dump_state;          // write a text description of the final state here
    std::string dump_state_on_exit;  // (not headless) write it when the window closes
    std::string open_after;          // open this file once the first one is shown (like a drop)
    std::string mouse;               // "X,Y" or "X,Y,click": the pointer there (and one left click) headless
    std::size_t demo_events = 0;  // > 0: show a synthetic trace of about this many events instead of a file
    int axis = -1;                // -1 = default (virtual time), 0 time, 1 steps
    float font_scale = 0;         // 0 = the saved setting (1 when headless)
    int theme = -1;               // -1 = the saved setting (dark when headless), 0 dark, 1 light
    std::string policy;           // run the scenario under this policy ("" = the scenario's)
    bool present = false;         // start in presentation mode (timeline, note, code, large text)
    bool hide_future = false;     // show nothing after the cursor (H toggles)
    bool quiz = false;            // quiz mode: each poll asked before it is shown (implies hide_future)
    std::string compare;          // also run it under this policy and show the comparison
};

int run_gui(const GuiOptions& options);

}  // namespace ps
