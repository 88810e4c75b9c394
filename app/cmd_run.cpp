// pollscope run SCENARIO: run a scenario and narrate every event.
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "app/commands.hpp"
#include "app/load_input.hpp"
#include "app/summary.hpp"
#include "engine/export/chrome_json.hpp"
#include "engine/export/markdown.hpp"
#include "engine/export/svg_timeline.hpp"
#include "engine/export/trace_json.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/model/time.hpp"
#include "engine/runtime/intervention.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/compare.hpp"
#include "engine/trace/narrate.hpp"

namespace ps {

namespace {

namespace fs = std::filesystem;

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
    "  --workers N       worker threads for tokio-multi-thread, smol and async-std (default: the scenario's, "
    "4)\n"
    "  --max-events N    stop a run that does not end after N events (default: the scenario's,\n"
    "                    200000; at most 10000000, as in a scenario file)\n"
    "  --poll-cost D     virtual CPU time of each leaf poll, e.g. 10us or 0ns (default: the scenario's)\n"
    "  --format F        'log' (default): narrated events, summary, diagnostics;\n"
    "                    'polls': only '<time_ns> <task> <pending|ready>' per task-level poll\n"
    "  --trace OUT.json  write the trace in pollscope's own format (pollscope-trace/1)\n"
    "  --chrome OUT.json write Chrome Trace Event JSON (opens in Perfetto and chrome://tracing)\n"
    "  --svg OUT.svg     write the timeline as an SVG picture\n"
    "  --markdown OUT.md write a step-by-step narration for lecture notes\n"
    "  --from STEP, --to STEP   export only these steps (both included; default: the whole run);\n"
    "                    they need one of the exports above. A trace over 512 MiB is not written\n"
    "                    (pollscope view would refuse it): export a range of steps instead\n"
    "  --compare POLICY  run again under POLICY and print where the two runs first diverge\n"
    "  --compare-seed N  run again with seed N (same policy) and print where the runs diverge\n"
    "  --quiet           print only the summary and the diagnostics, not every event\n"
    "  --notes           print the lesson's notes in the log, under the step each is pinned to\n"
    "  --inject STEP:ACTION  the teacher's hand: when the run reaches STEP (at the next step\n"
    "                    between two polls), apply ACTION and record it as an 'inject' event;\n"
    "                    repeatable; saved in --trace so the demonstration replays. ACTION is one of\n"
    "%s"
    "  -h, --help        this text\n"
    "\n"
    "Exit status: 0 the run ended (a detected deadlock is a normal ending), 2 the scenario is\n"
    "invalid, 1 any other error (a usage error, a scenario file that cannot be opened or read,\n"
    "a failed export).\n";

bool parse_u64(std::string_view s, std::uint64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

// The largest --max-events, --from and --to: the scenario format's own event limit, so the
// command line allows exactly the runs a scenario file may ask for.
const std::uint64_t kMaxEvents = static_cast<std::uint64_t>(LoadLimits{}.max_events);

struct RunArgs {
    std::string scenario;
    RunOptions options;
    std::string trace_out, chrome_out, svg_out, markdown_out;
    StepRange range;
    bool range_given = false;  // --from or --to
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

// [SECTION] Options that take a value: each setter checks the value and stores it, or prints
// why not (naming the option) and returns false.
using Setter = bool (*)(const char* name, const char* v, RunArgs& a);

// An integer from lo to hi into `out`, or a message "NAME expects WHAT from LO to HI".
bool read_count(const char* name, const char* v, std::uint64_t lo, std::uint64_t hi, const char* what,
                std::uint64_t& out) {
    if (parse_u64(v, out) && out >= lo && out <= hi) return true;
    std::fprintf(stderr, "pollscope run: %s expects %s from %llu to %llu, got '%s'\n", name, what,
                 static_cast<unsigned long long>(lo), static_cast<unsigned long long>(hi), v);
    return false;
}

bool set_workers(const char* name, const char* v, RunArgs& a) {
    std::uint64_t n = 0;
    if (!read_count(name, v, 1, 64, "an integer", n)) return false;
    a.options.workers = static_cast<int>(n);
    return true;
}

// --seed and --compare-seed: any 64-bit unsigned integer.
bool read_seed(const char* name, const char* v, std::optional<std::uint64_t>& into) {
    std::uint64_t n = 0;
    if (!parse_u64(v, n)) {
        std::fprintf(stderr, "pollscope run: %s expects a non-negative integer, got '%s'\n", name, v);
        return false;
    }
    into = n;
    return true;
}

bool set_max_events(const char* name, const char* v, RunArgs& a) {
    std::uint64_t n = 0;
    if (!read_count(name, v, 1, kMaxEvents, "an integer", n)) return false;
    a.options.max_events = static_cast<std::int64_t>(n);
    return true;
}

bool set_step(const char* name, const char* v, RunArgs& a) {
    std::uint64_t n = 0;
    if (!read_count(name, v, 0, kMaxEvents, "a step number", n)) return false;
    (std::strcmp(name, "--from") == 0 ? a.range.from : a.range.to) = static_cast<std::int64_t>(n);
    a.range_given = true;
    return true;
}

bool set_poll_cost(const char* name, const char* v, RunArgs& a) {
    auto d = parse_duration(v);
    if (!d) {
        std::fprintf(stderr, "pollscope run: %s expects a duration like \"10us\" or \"0ns\", got '%s'\n",
                     name, v);
        return false;
    }
    a.options.poll_cost = *d;
    return true;
}

bool set_format(const char* name, const char* v, RunArgs& a) {
    if (std::strcmp(v, "polls") == 0 || std::strcmp(v, "log") == 0) {
        a.polls_only = std::strcmp(v, "polls") == 0;
        return true;
    }
    std::fprintf(stderr, "pollscope run: %s is 'log' or 'polls', got '%s'\n", name, v);
    return false;
}

// --inject STEP:ACTION (engine/runtime/intervention.hpp): the form is checked here, the
// names and the step when the run reaches it.
bool set_inject(const char* name, const char* v, RunArgs& a) {
    Injection in;
    std::string error;
    if (parse_injection(v, in, error)) {
        a.options.injections.push_back(std::move(in));
        return true;
    }
    std::fprintf(stderr, "pollscope run: %s %s: %s\n", name, v, error.c_str());
    return false;
}

std::string& output_for(std::string_view name, RunArgs& a) {
    return name == "--trace"    ? a.trace_out
           : name == "--chrome" ? a.chrome_out
           : name == "--svg"    ? a.svg_out
                                : a.markdown_out;
}

struct ValueOption {
    const char* name;
    Setter set;
};

constexpr ValueOption kValueOptions[] = {
    {"--seed", [](const char* n, const char* v, RunArgs& a) { return read_seed(n, v, a.options.seed); }},
    {"--policy", [](const char*, const char* v, RunArgs& a) { return a.options.policy = v, true; }},
    {"--workers", set_workers},
    {"--max-events", set_max_events},
    {"--poll-cost", set_poll_cost},
    {"--format", set_format},
    {"--trace", [](const char* n, const char* v, RunArgs& a) { return output_for(n, a) = v, true; }},
    {"--chrome", [](const char* n, const char* v, RunArgs& a) { return output_for(n, a) = v, true; }},
    {"--svg", [](const char* n, const char* v, RunArgs& a) { return output_for(n, a) = v, true; }},
    {"--markdown", [](const char* n, const char* v, RunArgs& a) { return output_for(n, a) = v, true; }},
    {"--inject", set_inject},
    {"--from", set_step},
    {"--to", set_step},
    {"--compare",
     [](const char*, const char* v, RunArgs& a) {
         if (!a.compare) a.compare = RunOptions{};
         return a.compare->policy = v, true;
     }},
    {"--compare-seed",
     [](const char* n, const char* v, RunArgs& a) {
         if (!a.compare) a.compare = RunOptions{};
         return read_seed(n, v, a.compare->seed);
     }},
};

const ValueOption* find_value_option(std::string_view arg) {
    for (const auto& opt : kValueOptions)
        if (arg == opt.name) return &opt;
    return nullptr;
}

// [SECTION] Checks across options, before anything runs

// False (with a message) when two exports name the same file: the second would silently
// replace the first.
bool outputs_distinct(RunArgs& a) {
    const char* names[] = {"--trace", "--chrome", "--svg", "--markdown"};
    for (std::size_t i = 0; i < 4; ++i) {
        const std::string& p = output_for(names[i], a);
        if (p.empty()) continue;
        for (std::size_t j = i + 1; j < 4; ++j) {
            const std::string& q = output_for(names[j], a);
            if (q.empty() || fs::absolute(p).lexically_normal() != fs::absolute(q).lexically_normal())
                continue;
            std::fprintf(stderr, "pollscope run: %s and %s both write '%s'; give each export its own file\n",
                         names[i], names[j], q.c_str());
            return false;
        }
    }
    return true;
}

// False (with a message) when an export or --from/--to would be silently ignored: exports are
// written by a plain run (not --compare, not --format polls), and a range needs an export.
bool exports_apply(const RunArgs& a) {
    const bool any_export =
        !a.trace_out.empty() || !a.chrome_out.empty() || !a.svg_out.empty() || !a.markdown_out.empty();
    if (any_export && (a.compare || a.polls_only)) {
        std::fprintf(stderr,
                     "pollscope run: %s prints no run to export; give --trace, --chrome, --svg and "
                     "--markdown without it\n",
                     a.compare ? "--compare" : "--format polls");
        return false;
    }
    if (a.range_given && !any_export) {
        std::fprintf(
            stderr,
            "pollscope run: --from and --to choose the steps to export; give --trace, --chrome, --svg "
            "or --markdown too\n");
        return false;
    }
    if (a.range.to >= 0 && a.range.to < a.range.from) {
        std::fprintf(stderr, "pollscope run: --to %lld is before --from %lld\n",
                     static_cast<long long>(a.range.to), static_cast<long long>(a.range.from));
        return false;
    }
    return true;
}

// [SECTION] The command line

// Returns -1 to go on, else the exit code.
int parse(int argc, char** argv, RunArgs& a) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            std::printf(kRunUsage, kInjectForms);
            std::printf("\n%s", policy_help().c_str());
            return 0;
        } else if (arg == "--quiet" || arg == "-q") {
            a.quiet = true;
        } else if (arg == "--notes") {
            a.notes = true;
        } else if (const ValueOption* opt = find_value_option(arg)) {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "pollscope run: %s needs a value\n", opt->name);
                return 1;
            }
            if (!opt->set(opt->name, argv[++i], a)) return 1;
        } else if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "pollscope run: unknown option '%s'\n\n", argv[i]);
            std::fprintf(stderr, kRunUsage, kInjectForms);
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
        std::fprintf(stderr, "pollscope run: which scenario? \n\n");
        std::fprintf(stderr, kRunUsage, kInjectForms);
        return 1;
    }
    return policies_known(a) && outputs_distinct(a) && exports_apply(a) ? -1 : 1;
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

    LoadResult loaded = load_input_file(a.scenario);
    if (!loaded.ok()) {
        for (const LoadError& e : loaded.errors) std::fprintf(stderr, "%s\n", e.text().c_str());
        return scenario_unreadable(loaded) ? 1 : 2;
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
        std::size_t next_note = 0, next_print = 0;
        for (std::uint32_t i = 0; i < t.size(); ++i) {
            buf += narrate_line(t, i);
            buf += '\n';
            for (; next_print < t.console.size() && t.console[next_print].step <= i; ++next_print)
                buf += std::string(t.console[next_print].to_stderr ? "    stderr: " : "    stdout: ") +
                       t.console[next_print].text + "\n";
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
}

}  // namespace ps
