// pollscope: see how asynchronous Rust executes, one poll at a time.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "app/commands.hpp"

namespace {

constexpr const char* kUsage =
    "pollscope - watch futures being polled, woken and dropped\n"
    "\n"
    "Usage: pollscope COMMAND [ARGS...]\n"
    "\n"
    "Commands:\n"
    "  run SCENARIO     run a scenario and narrate every event (exports: --trace, --chrome, --svg, "
    "--markdown)\n"
    "  check FILE...    validate scenario files and print exact errors\n"
    "  gui [SCENARIO]   open the interactive window (or --screenshot OUT.png headless)\n"
    "  view TRACE       open a saved pollscope trace in the window\n"
    "  bench            measure the engine and the exporters\n"
    "  help             this text\n"
    "\n"
    "Run 'pollscope COMMAND --help' for the options of a command.\n"
    "Lessons live in scenarios/; start with: pollscope run scenarios/01-ready.json\n";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return 1;
    }
    std::string_view cmd = argv[1];
    if (cmd == "help" || cmd == "--help" || cmd == "-h") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (cmd == "--version") {
        std::puts("pollscope 0.1.0");
        return 0;
    }
    int sub_argc = argc - 1;
    char** sub_argv = argv + 1;
    if (cmd == "run") return ps::cmd_run(sub_argc, sub_argv);
    if (cmd == "check") return ps::cmd_check(sub_argc, sub_argv);
    if (cmd == "gui") return ps::cmd_gui(sub_argc, sub_argv);
    if (cmd == "view") return ps::cmd_view(sub_argc, sub_argv);
    if (cmd == "bench") return ps::cmd_bench(sub_argc, sub_argv);
    std::fprintf(stderr, "pollscope: unknown command '%s'\n\n%s", argv[1], kUsage);
    return 1;
}
