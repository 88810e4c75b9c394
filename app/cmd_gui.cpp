// `pollscope gui [SCENARIO]` and `pollscope view TRACE.json`: argument parsing for the window.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "app/commands.hpp"
#include "engine/export/trace_json.hpp"
#include "engine/model/policies.hpp"
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
    "  --axis steps|time     timeline axis: one step per event (default) or virtual time\n"
    "  --font-scale F        text size factor (default: saved setting, 1 headless)\n"
    "  --light | --dark      theme\n"
    "  --present             presentation mode: timeline, current note and code, large text (F5)\n"
    "  --hide-future         show nothing after the cursor, to ask \"what happens next?\" (H)\n"
    "  --quiz                quiz mode: before each poll, say which task runs and what it returns\n"
    "  --policy NAME         run the scenario under this scheduling policy (also: Run > Policy)\n"
    "  --compare NAME        also run it under NAME and show both side by side (Run > Compare with)\n"
    "  --help                this text\n"
    "\n"
    "Test hooks (headless, like --screenshot):\n"
    "  --keys LIST           press keys one per two frames: Right,Left,Home,End,PageDown,PageUp,\n"
    "                        Space,N,P,],[,E,W,S,A,D,F5,H, Ctrl+Plus, Ctrl+Minus, Ctrl+0, Escape\n"
    "  --dump-state OUT.txt  write the cursor step and the state at the cursor, then exit\n"
    "  --dump-state-on-exit OUT.txt  (a live window) write the same when the window closes (Ctrl+Q)\n"
    "  --open-after FILE     open FILE after the first one is shown (as if dropped on the window)\n"
    "  --mouse X,Y[,click]   put the pointer at X,Y (window pixels), optionally click there once;\n"
    "        X,Y,drag,X2,Y2  or press there and drag to X2,Y2\n"
    "  --demo N              show a synthetic trace of about N events instead of a file\n"
    "\n"
    "Keys in the window: Space play/pause, Right/Left step, Home/End, PgDn/PgUp next/previous note,\n"
    "N/P next/previous poll, ]/[ next/previous wake, E next diagnostic, W/S zoom, A/D pan,\n"
    "Ctrl +/- text size, Ctrl+O open, Ctrl+E export, Ctrl+Q quit (Help > Keys lists them all).\n"
    "Headless runs need a display: xvfb-run -a pollscope gui ...\n";

#ifdef POLLSCOPE_HAVE_GUI

bool parse_int(const char* s, long long& out) {
    if (!s || !*s) return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtoll(s, &end, 10);
    return end && *end == '\0' && errno != ERANGE;
}

// The largest --demo size: the trace loader's event limit, so the window never holds more
// events than a saved trace may.
const long long kMaxEvents = static_cast<long long>(TraceLoadLimits{}.max_events);

// [SECTION] Options that take a value: each setter checks the value and stores it, or
// prints why not and returns false.
using Setter = bool (*)(const char* cmd, const char* v, GuiOptions& o);

bool set_policy(const char* cmd, const char* v, std::string& into) {
    if (!find_policy(v)) {
        std::fprintf(stderr, "pollscope %s: unknown policy '%s' (known: %s)\n", cmd, v,
                     policy_name_list().c_str());
        return false;
    }
    into = v;
    return true;
}

bool set_step(const char* cmd, const char* v, GuiOptions& o) {
    long long n = 0;
    if (!parse_int(v, n) || n < -1) {  // past the last step means the last step
        std::fprintf(stderr, "pollscope %s: --step expects a step number (-1 or more), got '%s'\n", cmd, v);
        return false;
    }
    o.step = n;
    return true;
}

bool set_size(const char* cmd, const char* v, GuiOptions& o) {
    int w = 0, h = 0;
    char x = 0, extra = 0;
    if (std::sscanf(v, "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X')) {
        std::fprintf(stderr, "pollscope %s: --size expects WxH like 1280x720, got '%s'\n", cmd, v);
        return false;
    }
    o.width = w;
    o.height = h;
    return true;
}

bool set_font_scale(const char* cmd, const char* v, GuiOptions& o) {
    char* end = nullptr;
    float f = std::strtof(v, &end);
    if (!end || *end || !(f >= 0.5f && f <= 3.0f)) {
        std::fprintf(stderr, "pollscope %s: --font-scale expects a number from 0.5 to 3, got '%s'\n", cmd, v);
        return false;
    }
    o.font_scale = f;
    return true;
}

bool set_demo(const char* cmd, const char* v, GuiOptions& o) {
    long long n = 0;
    if (!parse_int(v, n) || n < 1 || n > kMaxEvents) {
        std::fprintf(stderr, "pollscope %s: --demo expects a number of events (1 to %lld), got '%s'\n", cmd,
                     kMaxEvents, v);
        return false;
    }
    o.demo_events = static_cast<std::size_t>(n);
    return true;
}

bool set_axis(const char* cmd, const char* v, GuiOptions& o) {
    if (std::strcmp(v, "time") == 0)
        o.axis = 0;
    else if (std::strcmp(v, "steps") == 0)
        o.axis = 1;
    else {
        std::fprintf(stderr, "pollscope %s: --axis expects 'time' or 'steps', got '%s'\n", cmd, v);
        return false;
    }
    return true;
}

struct ValueOption {
    const char* name;
    Setter set;
};

constexpr ValueOption kValueOptions[] = {
    {"--policy", [](const char* c, const char* v, GuiOptions& o) { return set_policy(c, v, o.policy); }},
    {"--compare", [](const char* c, const char* v, GuiOptions& o) { return set_policy(c, v, o.compare); }},
    {"--screenshot", [](const char*, const char* v, GuiOptions& o) { return o.screenshot = v, true; }},
    {"--step", set_step},
    {"--size", set_size},
    {"--font-scale", set_font_scale},
    {"--mouse", [](const char*, const char* v, GuiOptions& o) { return o.mouse = v, true; }},
    {"--demo", set_demo},
    {"--axis", set_axis},
    {"--keys", [](const char*, const char* v, GuiOptions& o) { return o.keys = v, true; }},
    {"--dump-state", [](const char*, const char* v, GuiOptions& o) { return o.dump_state = v, true; }},
    {"--dump-state-on-exit",
     [](const char*, const char* v, GuiOptions& o) { return o.dump_state_on_exit = v, true; }},
    {"--open-after", [](const char*, const char* v, GuiOptions& o) { return o.open_after = v, true; }},
};

const ValueOption* find_value_option(std::string_view a) {
    for (const auto& opt : kValueOptions)
        if (a == opt.name) return &opt;
    return nullptr;
}

// [SECTION] The command line

// Reads argv into `o`. Returns -1 to go on, else the exit code.
int parse_gui_args(int argc, char** argv, const char* cmd, GuiOptions& o) {
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--help" || a == "-h") {
            std::printf("%s\n%s", kGuiUsage, policy_help().c_str());
            return 0;
        } else if (const ValueOption* opt = find_value_option(a)) {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "pollscope %s: %s needs a value\n", cmd, opt->name);
                return 1;
            }
            if (!opt->set(cmd, argv[++i], o)) return 1;
        } else if (a == "--present") {
            o.present = true;
        } else if (a == "--hide-future") {
            o.hide_future = true;
        } else if (a == "--quiz") {
            o.quiz = true;
        } else if (a == "--light" || a == "--dark") {
            o.theme = a == "--light" ? 1 : 0;
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
    return -1;
}

int run(int argc, char** argv, bool view) {
    const char* cmd = view ? "view" : "gui";
    GuiOptions o;
    o.file_is_trace = view;
    if (int rc = parse_gui_args(argc, argv, cmd, o); rc >= 0) return rc;
    if (view && o.file.empty()) {
        std::fprintf(stderr, "pollscope view: which trace? Usage: pollscope view TRACE.json\n");
        return 1;
    }
    if ((!o.screenshot.empty() || !o.dump_state.empty()) && o.file.empty() && o.demo_events == 0) {
        std::fprintf(stderr, "pollscope %s: --screenshot and --dump-state need a scenario to show\n", cmd);
        return 1;
    }
    return run_gui(o);
}

#else

int run(int, char**, bool view) {
    std::fprintf(stderr, "pollscope %s: this build has no GUI (configure with -DPOLLSCOPE_GUI=ON)\n",
                 view ? "view" : "gui");
    return 1;
}

#endif

}  // namespace

int cmd_gui(int argc, char** argv) {
    return run(argc, argv, false);
}
int cmd_view(int argc, char** argv) {
    return run(argc, argv, true);
}

}  // namespace ps
