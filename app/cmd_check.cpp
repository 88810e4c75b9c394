// pollscope check FILE...: validate scenario files and print every error exactly.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "app/commands.hpp"
#include "app/load_input.hpp"
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
    "Exit status: 0 all files valid, 2 some file invalid, 1 a usage error or a file that cannot\n"
    "be opened or read (this wins over 2).\n";

}  // namespace

bool scenario_unreadable(const LoadResult& r) {
    return !r.errors.empty() && r.errors.front().id.rfind("scenario.io.", 0) == 0;
}

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
    bool all_read = true;
    for (const std::string& file : files) {
        LoadResult r = load_input_file(file);
        if (r.ok()) {
            if (!quiet) std::printf("%s: ok\n", file.c_str());
            continue;
        }
        all_ok = false;
        if (scenario_unreadable(r)) all_read = false;
        for (const LoadError& e : r.errors) std::fprintf(stderr, "%s\n", e.text().c_str());
    }
    std::fflush(stdout);
    return !all_read ? 1 : all_ok ? 0 : 2;
}

}  // namespace ps
