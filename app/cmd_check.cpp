// pollscope check FILE...: validate scenario files and print every error exactly.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "app/commands.hpp"
#include "engine/load/scenario_load.hpp"

namespace ps {

namespace {

constexpr const char* kCheckUsage =
    "Usage: pollscope check [--quiet] FILE...\n"
    "\n"
    "Validates scenario files without running them.\n"
    "  prints 'FILE: ok' on stdout for each valid file, and each error of an invalid file on\n"
    "  stderr as FILE:LINE:COL (JSON-POINTER): MESSAGE [ID] (ids: scenarios/README.md)\n"
    "\n"
    "Options:\n"
    "  -q, --quiet   print only errors\n"
    "  -h, --help    this text\n"
    "  --            the arguments after this are files, even if they start with '-'\n"
    "\n"
    "Exit status: 0 all files valid, 2 some file invalid, 1 usage error.\n";

}  // namespace

int cmd_check(int argc, char** argv) {
    bool quiet = false;
    bool options_done = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (!options_done && a.size() > 1 && a[0] == '-') {
            if (a == "--") {
                options_done = true;
            } else if (a == "-h" || a == "--help") {
                std::fputs(kCheckUsage, stdout);
                return 0;
            } else if (a == "-q" || a == "--quiet") {
                quiet = true;
            } else {
                std::fprintf(stderr, "pollscope check: unknown option '%s'\n\n%s", argv[i], kCheckUsage);
                return 1;
            }
            continue;
        }
        files.emplace_back(a);
    }
    if (files.empty()) {
        std::fprintf(stderr, "pollscope check: no files given\n\n%s", kCheckUsage);
        return 1;
    }
    bool all_ok = true;
    for (const std::string& file : files) {
        LoadResult r = load_scenario_file(file);
        if (r.ok()) {
            if (!quiet) std::printf("%s: ok\n", file.c_str());
            continue;
        }
        all_ok = false;
        for (const LoadError& e : r.errors) std::fprintf(stderr, "%s\n", e.text().c_str());
    }
    std::fflush(stdout);
    return all_ok ? 0 : 2;
}

}  // namespace ps
