// pollscope: see how asynchronous Rust executes, one poll at a time.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
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
    "A SCENARIO is a scenario JSON file or an async Rust program (PROGRAM.rs, tokio 1.24).\n"
    "Run 'pollscope COMMAND --help' for the options of a command.\n"
    "Lessons live in scenarios/; start with: pollscope run scenarios/01-ready.json\n";

constexpr const char* kOutOfMemory =
    "pollscope: out of memory: this needs more memory than the system allows (a smaller "
    "runtime.max_events or runtime.max_live_tasks needs less)\n";

// Out of memory anywhere ends the same way, whatever the code that asked was about to catch:
// the message, exit 1. What was printed so far is flushed; nothing else runs.
[[noreturn]] void out_of_memory() {
    std::fflush(stdout);
    std::fputs(kOutOfMemory, stderr);
    std::_Exit(1);
}

int dispatch(std::string_view cmd, int argc, char** argv) {
    if (cmd == "run") return ps::cmd_run(argc, argv);
    if (cmd == "check") return ps::cmd_check(argc, argv);
    if (cmd == "gui") return ps::cmd_gui(argc, argv);
    if (cmd == "view") return ps::cmd_view(argc, argv);
    if (cmd == "bench") return ps::cmd_bench(argc, argv);
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    std::set_new_handler(out_of_memory);
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
    try {
        if (int rc = dispatch(cmd, argc - 1, argv + 1); rc >= 0) return rc;
    } catch (const std::bad_alloc&) {  // one not from operator new (an allocator of its own)
        out_of_memory();
    }
    std::fprintf(stderr, "pollscope: unknown command '%s'\n\n%s", argv[1], kUsage);
    return 1;
}
