// The subcommands of `pollscope`. Each takes its own argv (argv[0] is the command name)
// and returns the process exit code: 0 ok, 2 invalid scenario/trace input, 1 other errors
// (usage, a file that cannot be opened or read, a failed export).
#pragma once

namespace ps {

struct LoadResult;
// True when the scenario could not be loaded because its file could not be opened or read
// (errors scenario.io.*): exit 1, not the 2 of an invalid scenario. In app/cmd_check.cpp.
bool scenario_unreadable(const LoadResult& r);

int cmd_run(int argc, char** argv);    // app/cmd_run.cpp
int cmd_check(int argc, char** argv);  // app/cmd_check.cpp
int cmd_gui(int argc, char** argv);    // app/cmd_gui.cpp
int cmd_view(int argc, char** argv);   // app/cmd_gui.cpp (opens a saved trace)
int cmd_bench(int argc, char** argv);  // app/cmd_bench.cpp

}  // namespace ps
