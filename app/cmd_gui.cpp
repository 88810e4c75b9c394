// `pollscope gui [SCENARIO]` and `pollscope view TRACE.json`: argument parsing for the window.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "app/commands.hpp"
#include "engine/runtime/simulation.hpp"
#ifdef POLLSCOPE_HAVE_GUI
#include "app/gui/gui.hpp"
#endif

namespace ps {

namespace {

constexpr const char* kGuiUsage =
    "Usage: pollscope gui [SCENARIO] [options]\n"
    "       pollscope view TRACE.json [options]\n"
    "\n"
    "Opens the interactive window on a scenario (gui) or a saved trace (view).\n"
    "\n"
    "Options:\n"
    "  --screenshot OUT.png  render headless (hidden window), write a PNG and exit\n"
    "  --step N              put the cursor at step N (default: before the first event)\n"
    "  --size WxH            window size (default 1600x900)\n"
    "  --axis time|steps     timeline axis: virtual time (default) or one step per event\n"
    "  --font-scale F        text size factor (default: saved setting, 1 headless)\n"
    "  --light | --dark      theme\n"
    "  --policy NAME         run the scenario under this scheduling policy (also: Run > Policy)\n"
    "  --compare NAME        also run it under NAME and show both side by side (Run > Compare with)\n"
    "  --help                this text\n"
    "\n"
    "Test hooks (headless, like --screenshot):\n"
    "  --keys LIST           press keys one per frame: Right,Left,Home,End,Space,N,P,W,\n"
    "                        Ctrl+Plus, Ctrl+Minus, Ctrl+0, Escape\n"
    "  --dump-state OUT.txt  write the cursor step and the state at the cursor, then exit\n"
    "  --open-after FILE     open FILE after the first one is shown (as if dropped on the window)\n"
    "  --mouse X,Y[,click]   put the pointer at X,Y (window pixels), optionally click there once\n"
    "  --demo N              show a synthetic trace of about N events instead of a file\n"
    "\n"
    "Keys in the window: Space play/pause, Right/Left step, Home/End, N next poll, W next wake,\n"
    "Ctrl +/- text size, Ctrl+O open, Ctrl+E export. Headless runs need a display: xvfb-run -a pollscope gui ...\n";

[[maybe_unused]] bool parse_int(const char* s, long long& out) {
    if (!s || !*s) return false;
    char* end = nullptr;
    out = std::strtoll(s, &end, 10);
    return end && *end == '\0';
}

int run(int argc, char** argv, bool view) {
    const char* cmd = view ? "view" : "gui";
#ifndef POLLSCOPE_HAVE_GUI
    (void)argc;
    (void)argv;
    std::fprintf(stderr, "pollscope %s: this build has no GUI (configure with -DPOLLSCOPE_GUI=ON)\n", cmd);
    return 1;
#else
    GuiOptions o;
    o.file_is_trace = view;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "pollscope %s: %s needs a value\n", cmd, name);
                return nullptr;
            }
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            std::printf("%s\n%s", kGuiUsage, policy_help().c_str());
            return 0;
        } else if (a == "--policy" || a == "--compare") {
            const char* v = value(argv[i]);
            if (!v) return 1;
            if (!find_policy(v)) {
                std::fprintf(stderr, "pollscope %s: unknown policy '%s' (known: %s)\n", cmd, v, policy_name_list().c_str());
                return 1;
            }
            (a == "--policy" ? o.policy : o.compare) = v;
        } else if (a == "--screenshot") {
            const char* v = value("--screenshot");
            if (!v) return 1;
            o.screenshot = v;
        } else if (a == "--step") {
            const char* v = value("--step");
            long long n = 0;
            if (!v) return 1;
            if (!parse_int(v, n) || n < -1) {
                std::fprintf(stderr, "pollscope %s: --step expects a step number (-1 or more), got '%s'\n", cmd, v);
                return 1;
            }
            o.step = n;
        } else if (a == "--size") {
            const char* v = value("--size");
            if (!v) return 1;
            int w = 0, h = 0;
            char x = 0, extra = 0;
            if (std::sscanf(v, "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X')) {
                std::fprintf(stderr, "pollscope %s: --size expects WxH like 1280x720, got '%s'\n", cmd, v);
                return 1;
            }
            o.width = w;
            o.height = h;
        } else if (a == "--font-scale") {
            const char* v = value("--font-scale");
            if (!v) return 1;
            char* end = nullptr;
            float f = std::strtof(v, &end);
            if (!end || *end || !(f >= 0.5f && f <= 3.0f)) {
                std::fprintf(stderr, "pollscope %s: --font-scale expects a number from 0.5 to 3, got '%s'\n", cmd, v);
                return 1;
            }
            o.font_scale = f;
        } else if (a == "--mouse") {
            const char* v = value("--mouse");
            if (!v) return 1;
            o.mouse = v;
        } else if (a == "--demo") {
            const char* v = value("--demo");
            long long n = 0;
            if (!v) return 1;
            if (!parse_int(v, n) || n < 1 || n > 20'000'000) {
                std::fprintf(stderr, "pollscope %s: --demo expects a number of events (1 to 20000000), got '%s'\n", cmd, v);
                return 1;
            }
            o.demo_events = static_cast<std::size_t>(n);
        } else if (a == "--axis") {
            const char* v = value("--axis");
            if (!v) return 1;
            if (std::strcmp(v, "time") == 0) o.axis = 0;
            else if (std::strcmp(v, "steps") == 0) o.axis = 1;
            else {
                std::fprintf(stderr, "pollscope %s: --axis expects 'time' or 'steps', got '%s'\n", cmd, v);
                return 1;
            }
        } else if (a == "--light") {
            o.theme = 1;
        } else if (a == "--dark") {
            o.theme = 0;
        } else if (a == "--keys") {
            const char* v = value("--keys");
            if (!v) return 1;
            o.keys = v;
        } else if (a == "--dump-state") {
            const char* v = value("--dump-state");
            if (!v) return 1;
            o.dump_state = v;
        } else if (a == "--open-after") {
            const char* v = value("--open-after");
            if (!v) return 1;
            o.open_after = v;
        } else if (!a.empty() && a[0] == '-' && a != "-") {
            std::fprintf(stderr, "pollscope %s: unknown option '%s'\n\n%s", cmd, argv[i], kGuiUsage);
            return 1;
        } else if (o.file.empty()) {
            o.file = argv[i];
        } else {
            std::fprintf(stderr, "pollscope %s: only one file can be opened (got '%s' and '%s')\n", cmd,
                         o.file.c_str(), argv[i]);
            return 1;
        }
    }
    if (view && o.file.empty()) {
        std::fprintf(stderr, "pollscope view: which trace? Usage: pollscope view TRACE.json\n");
        return 1;
    }
    if ((!o.screenshot.empty() || !o.dump_state.empty()) && o.file.empty() && o.demo_events == 0) {
        std::fprintf(stderr, "pollscope %s: --screenshot and --dump-state need a scenario to show\n", cmd);
        return 1;
    }
    return run_gui(o);
#endif
}

}  // namespace

int cmd_gui(int argc, char** argv) { return run(argc, argv, false); }
int cmd_view(int argc, char** argv) { return run(argc, argv, true); }

}  // namespace ps
