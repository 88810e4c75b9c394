// pollscope run SCENARIO: run a scenario and narrate every event.
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "app/commands.hpp"
#include "app/summary.hpp"
#include "engine/export/chrome_json.hpp"
#include "engine/export/markdown.hpp"
#include "engine/export/svg_timeline.hpp"
#include "engine/export/trace_json.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/model/time.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/compare.hpp"
#include "engine/trace/narrate.hpp"

namespace ps {

namespace {

constexpr const char* kRunUsage =
    "Usage: pollscope run SCENARIO [options]\n"
    "\n"
    "Runs a scenario on the deterministic executor and prints one line per event, then a\n"
    "per-task summary (polls, wakes, waker clones and drops, busy and idle time) and the\n"
    "diagnostics (lost wakeups, busy loops, blocking compute, deadlocks).\n"
    "\n"
    "Options:\n"
    "  --seed N          seed for select!'s random branch order (default: the scenario's)\n"
    "  --policy NAME     scheduling policy (default: the scenario's; see the list below)\n"
    "  --workers N       worker threads for tokio-multi-thread and smol (default: the scenario's, 4)\n"
    "  --max-events N    stop a run that does not end after N events (default: the scenario's, 200000)\n"
    "  --poll-cost D     virtual CPU time of each leaf poll, e.g. 10us or 0ns (default: the scenario's)\n"
    "  --format F        'log' (default): narrated events, summary, diagnostics;\n"
    "                    'polls': only '<time_ns> <task> <pending|ready>' per task-level poll\n"
    "  --trace OUT.json  write the trace in pollscope's own format (pollscope-trace/1)\n"
    "  --chrome OUT.json write Chrome Trace Event JSON (opens in Perfetto and chrome://tracing)\n"
    "  --svg OUT.svg     write the timeline as an SVG picture\n"
    "  --markdown OUT.md write a step-by-step narration for lecture notes\n"
    "  --from STEP, --to STEP   export only these steps (both included; default: the whole run)\n"
    "  --compare POLICY  run again under POLICY and print where the two runs first diverge\n"
    "  --compare-seed N  run again with seed N (same policy) and print where the runs diverge\n"
    "  --quiet           print only the summary and the diagnostics, not every event\n"
    "  --notes           print the lesson's notes in the log, under the step each is pinned to\n"
    "  -h, --help        this text\n"
    "\n"
    "Exit status: 0 the run ended (a detected deadlock is a normal ending), 2 the scenario is\n"
    "invalid, 1 any other error.\n";

bool parse_u64(std::string_view s, std::uint64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

struct RunArgs {
    std::string scenario;
    RunOptions options;
    std::string trace_out, chrome_out, svg_out, markdown_out;
    StepRange range;
    bool quiet = false;
    bool notes = false;
    bool polls_only = false;
    std::optional<RunOptions> compare;  // the second run of --compare / --compare-seed
};

// False (with a message) when --policy or --compare names no policy.
bool policies_known(const RunArgs& a) {
    for (const std::optional<std::string>* policy :
         {&a.options.policy, a.compare ? &a.compare->policy : nullptr}) {
        if (!policy || !*policy) continue;
        if (!find_policy(**policy)) {
            std::fprintf(stderr, "pollscope run: unknown policy '%s' (known: %s)\n", (*policy)->c_str(),
                         policy_name_list().c_str());
            return false;
        }
    }
    return true;
}

// Returns -1 to go on, else the exit code.
int parse(int argc, char** argv, RunArgs& a) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "pollscope run: %s needs a value\n", name);
                return nullptr;
            }
            return argv[++i];
        };
        if (arg == "-h" || arg == "--help") {
            std::printf("%s\n%s", kRunUsage, policy_help().c_str());
            return 0;
        } else if (arg == "--quiet" || arg == "-q") {
            a.quiet = true;
        } else if (arg == "--notes") {
            a.notes = true;
        } else if (arg == "--workers") {
            const char* v = value("--workers");
            if (!v) return 1;
            std::uint64_t n = 0;
            if (!parse_u64(v, n) || n < 1 || n > 64) {
                std::fprintf(stderr, "pollscope run: --workers expects an integer from 1 to 64, got '%s'\n",
                             v);
                return 1;
            }
            a.options.workers = static_cast<int>(n);
        } else if (arg == "--seed" || arg == "--max-events") {
            const char* v = value(argv[i]);
            if (!v) return 1;
            std::uint64_t n = 0;
            if (!parse_u64(v, n) || (arg == "--max-events" && (n == 0 || n > 100'000'000))) {
                std::fprintf(stderr, "pollscope run: %s expects %s, got '%s'\n", std::string(arg).c_str(),
                             arg == "--seed" ? "a non-negative integer" : "an integer from 1 to 100000000",
                             v);
                return 1;
            }
            if (arg == "--seed")
                a.options.seed = n;
            else
                a.options.max_events = static_cast<std::int64_t>(n);
        } else if (arg == "--poll-cost") {
            const char* v = value("--poll-cost");
            if (!v) return 1;
            auto d = parse_duration(v);
            if (!d) {
                std::fprintf(
                    stderr,
                    "pollscope run: --poll-cost expects a duration like \"10us\" or \"0ns\", got '%s'\n", v);
                return 1;
            }
            a.options.poll_cost = *d;
        } else if (arg == "--format") {
            const char* v = value("--format");
            if (!v) return 1;
            if (std::string_view(v) == "polls")
                a.polls_only = true;
            else if (std::string_view(v) != "log") {
                std::fprintf(stderr, "pollscope run: --format is 'log' or 'polls', got '%s'\n", v);
                return 1;
            }
        } else if (arg == "--compare" || arg == "--compare-seed") {
            const char* v = value(argv[i]);
            if (!v) return 1;
            if (!a.compare) a.compare = RunOptions{};
            if (arg == "--compare") {
                a.compare->policy = v;
            } else {
                std::uint64_t n = 0;
                if (!parse_u64(v, n)) {
                    std::fprintf(stderr,
                                 "pollscope run: --compare-seed expects a non-negative integer, got '%s'\n",
                                 v);
                    return 1;
                }
                a.compare->seed = n;
            }
        } else if (arg == "--policy") {
            const char* v = value("--policy");
            if (!v) return 1;
            a.options.policy = v;
        } else if (arg == "--trace" || arg == "--chrome" || arg == "--svg" || arg == "--markdown") {
            const char* v = value(argv[i]);
            if (!v) return 1;
            (arg == "--trace"    ? a.trace_out
             : arg == "--chrome" ? a.chrome_out
             : arg == "--svg"    ? a.svg_out
                                 : a.markdown_out) = v;
        } else if (arg == "--from" || arg == "--to") {
            const char* v = value(argv[i]);
            if (!v) return 1;
            std::uint64_t n = 0;
            if (!parse_u64(v, n) || n > 100'000'000) {
                std::fprintf(stderr, "pollscope run: %s expects a step number, got '%s'\n", argv[i], v);
                return 1;
            }
            (arg == "--from" ? a.range.from : a.range.to) = static_cast<std::int64_t>(n);
        } else if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "pollscope run: unknown option '%s'\n\n%s", argv[i], kRunUsage);
            return 1;
        } else if (a.scenario.empty()) {
            a.scenario = argv[i];
        } else {
            std::fprintf(stderr, "pollscope run: only one scenario at a time (got '%s' and '%s')\n",
                         a.scenario.c_str(), argv[i]);
            return 1;
        }
    }
    if (a.scenario.empty()) {
        std::fprintf(stderr, "pollscope run: which scenario? \n\n%s", kRunUsage);
        return 1;
    }
    return policies_known(a) ? -1 : 1;
}

// One line per task-level poll: "<time_ns> <task> <pending|ready>", the time the poll began.
// A poll still open when the run stopped has no result and is left out.
void print_polls(const Trace& t) {
    std::string out;
    for (const PollRecord& r : task_polls(t)) {
        if (r.end_step == r.begin_step) continue;
        out += std::to_string(r.time) + ' ' + r.task + ' ' + (r.ready ? "ready" : "pending") + '\n';
    }
    std::fputs(out.c_str(), stdout);
}

}  // namespace

int cmd_run(int argc, char** argv) {
    RunArgs a;
    if (int rc = parse(argc, argv, a); rc >= 0) return rc;

    LoadResult loaded = load_scenario_file(a.scenario);
    if (!loaded.ok()) {
        for (const LoadError& e : loaded.errors) std::fprintf(stderr, "%s\n", e.text().c_str());
        return 2;
    }
    const Scenario& sc = *loaded.scenario;
    std::unique_ptr<Trace> trace;
    try {
        trace = simulate(sc, a.options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pollscope run: %s\n", e.what());
        return 1;
    }
    const Trace& t = *trace;
    if (a.polls_only) {
        print_polls(t);
        return 0;
    }
    if (a.compare) {
        RunOptions second = a.options;
        if (a.compare->policy) second.policy = a.compare->policy;
        if (a.compare->seed) second.seed = a.compare->seed;
        std::unique_ptr<Trace> other;
        try {
            other = simulate(sc, second);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "pollscope run: %s\n", e.what());
            return 1;
        }
        std::fputs(compare_runs(t, *other).c_str(), stdout);
        return 0;
    }
    std::printf("%s: \"%s\" (policy %s, seed %llu, poll cost %lldns)\n", a.scenario.c_str(),
                t.meta.title.c_str(), t.meta.policy.c_str(), static_cast<unsigned long long>(t.meta.seed),
                static_cast<long long>(t.meta.poll_cost));
    if (!a.quiet) {
        std::string buf;
        std::size_t next_note = 0;
        for (std::uint32_t i = 0; i < t.size(); ++i) {
            buf += narrate_line(t, i);
            buf += '\n';
            while (a.notes && next_note < t.meta.notes.size() && t.meta.notes[next_note].step <= i) {
                buf += "    note: " + t.meta.notes[next_note++].text + "\n";
            }
            if (buf.size() > (1 << 16)) {
                std::fputs(buf.c_str(), stdout);
                buf.clear();
            }
        }
        std::fputs(buf.c_str(), stdout);
    }
    std::printf("\nTasks:\n%s", task_summary(t).c_str());
    std::printf("\nDiagnostics:\n%s", diagnostics_summary(t).c_str());
    std::printf("\nRun ended after %zu events at t=%s: %s\n", t.size(), format_time(t.end_time()).c_str(),
                t.meta.end_message.c_str());
    if (a.range.to >= 0 && a.range.to < a.range.from) {
        std::fprintf(stderr, "pollscope run: --to %lld is before --from %lld\n",
                     static_cast<long long>(a.range.to), static_cast<long long>(a.range.from));
        return 1;
    }
    // Every export is written to a temporary file and renamed; a failed one leaves nothing behind
    // and does not stop the others.
    int rc = 0;
    auto report = [&](const char* what, const std::string& path, const ExportResult& r) {
        for (const std::string& w : r.warnings)
            std::fprintf(stderr, "pollscope run: warning: %s\n", w.c_str());
        if (!r.ok) {
            std::fprintf(stderr, "pollscope run: %s\n", r.error.c_str());
            rc = 1;
            return;
        }
        std::fprintf(stderr, "wrote %s %s (%llu bytes)\n", what, path.c_str(),
                     static_cast<unsigned long long>(r.bytes));
    };
    if (!a.trace_out.empty()) report("trace", a.trace_out, write_trace_json(t, a.trace_out, a.range));
    if (!a.chrome_out.empty())
        report("Chrome trace", a.chrome_out, write_chrome_json(t, a.chrome_out, a.range));
    if (!a.svg_out.empty()) report("SVG timeline", a.svg_out, write_svg_timeline(t, a.svg_out, a.range));
    if (!a.markdown_out.empty())
        report("Markdown narration", a.markdown_out, write_markdown(t, a.markdown_out, a.range));
    return rc;
    return 0;
}

}  // namespace ps
