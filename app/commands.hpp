// The subcommands of `pollscope`. Each takes its own argv (argv[0] is the command name)
// and returns the process exit code: 0 ok, 2 invalid scenario/trace input, 1 other errors.
#pragma once

namespace ps {

int cmd_run(int argc, char** argv);    // app/cmd_run.cpp
int cmd_check(int argc, char** argv);  // app/cmd_check.cpp
int cmd_gui(int argc, char** argv);    // app/cmd_gui.cpp
int cmd_view(int argc, char** argv);   // app/cmd_gui.cpp (opens a saved trace)
int cmd_bench(int argc, char** argv);  // app/cmd_bench.cpp

}  // namespace ps
