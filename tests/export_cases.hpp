// Real engine runs for the exporter tests: small scenarios built in code (so the tests do not
// wait for lesson files) that between them produce every event kind, nested polls, coalesced
// and late wakes, deadlock and the event limit. Plus every scenarios/*.json that loads.
#pragma once
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/export/export.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/causality.hpp"
#include "tests/support/build.hpp"

namespace export_cases {

using namespace ps;
using namespace pst;

struct Case {
    std::string name;
    std::unique_ptr<Trace> trace;
};

inline IoScriptEvent io_at(Nanos at, std::int64_t readable, bool closed = false) {
    IoScriptEvent e;
    e.at = at;
    e.readable = readable;
    e.closed = closed;
    return e;
}

inline std::vector<Case> engine_cases() {
    std::vector<Case> out;
    auto add = [&](std::string name, Scenario sc) {
        sc.title = name;
        sc.summary = "Built in code for the exporter tests.";
        sc.lesson = {"A paragraph | with a pipe.", "Second paragraph."};
        out.push_back({name, simulate(sc)});
    };
    {
        auto sc = scenario({task("fast", {repeat(3, {sleep_for(2 * kMilli)})}),
                            task("slow", {repeat(2, {sleep_for(5 * kMilli)})})});
        sc.runtime.poll_cost = 10 * kMicro;
        add("timers in a loop", sc);
    }
    add("bounded channel",
        scenario({task("producer", {on(FutureKind::Send, "ch", 1), on(FutureKind::Send, "ch", 2),
                                    on(FutureKind::Send, "ch", 3)}),
                  task("consumer", {sleep_for(kMilli), on(FutureKind::Recv, "ch"), on(FutureKind::Recv, "ch"),
                                    on(FutureKind::Recv, "ch")})},
                 {resource("ch", ResourceKind::Channel, 1)}));
    {
        auto conn = resource("conn", ResourceKind::Socket, 1024);
        conn.script = {io_at(5 * kMilli, 100), io_at(9 * kMilli, 20), io_at(12 * kMilli, 0, true)};
        auto sc = scenario({task("reader", {on(FutureKind::Read, "conn"), on(FutureKind::Read, "conn"),
                                            on(FutureKind::Read, "conn")}),
                            task("ticker", {repeat(4, {sleep_for(3 * kMilli)})})},
                           {conn});
        sc.runtime.poll_cost = 5 * kMicro;
        add("socket reads", sc);
    }
    add("select and timeout",
        scenario({task("racer",
                       {group(FutureKind::Select, {sleep_for(3 * kMilli), sleep_for(kMilli)}),
                        timeout(2 * kMilli, sleep_for(10 * kMilli)),
                        group(FutureKind::Join, {sleep_for(kMilli), sleep_for(2 * kMilli), ready(1)})})}));
    add("join handle",
        scenario({task("parent", {spawn("child"), join_handle("child")}),
                  task("child", {sleep_for(2 * kMilli), compute(3 * kMilli), ready(42)}, false)}));
    add("mutex",
        scenario({task("a", {on(FutureKind::Lock, "m"), sleep_for(3 * kMilli), on(FutureKind::Unlock, "m")}),
                  task("b", {on(FutureKind::Lock, "m"), sleep_for(kMilli), on(FutureKind::Unlock, "m")})},
                 {resource("m", ResourceKind::Mutex)}));
    add("lost wakeup", scenario({task("forgetful", {scripted({pending(WakerAction::Forget), ready_step(1)})}),
                                 task("fine", {sleep_for(kMilli)})}));
    {
        auto sc = scenario({task("spinner", {scripted({pending(WakerAction::WakeByRef)}, true)}),
                            task("sleeper", {sleep_for(kMilli)})});
        sc.runtime.max_events = 400;
        add("busy loop", sc);
    }
    add("yield", scenario({task("y", {yield_now(), yield_now(), ready(7)}), task("z", {yield_now()})}));
    return out;
}

// Every lesson file that loads and runs (none yet is fine: the engine cases still run).
inline std::vector<Case> scenario_file_cases() {
    std::vector<Case> out;
    std::filesystem::path dir = std::filesystem::path(POLLSCOPE_SOURCE_DIR) / "scenarios";
    if (!std::filesystem::is_directory(dir)) return out;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto r = load_scenario_file(f.string());
        if (!r.ok()) continue;  // the loader's own tests deal with broken lessons
        out.push_back({f.filename().string(), simulate(*r.scenario)});
    }
    return out;
}

inline std::vector<Case> all_cases() {
    auto a = engine_cases();
    auto b = scenario_file_cases();
    for (auto& c : b) a.push_back(std::move(c));
    return a;
}

// How many polls (task-level and nested) overlap the steps of `range`: what every timeline
// export must draw one box for.
inline std::size_t polls_in(const Trace& trace, StepRange range = {}) {
    StepSpan span = resolve_range(range, trace.size());
    std::size_t n = 0;
    for (const PollSlice& s : poll_slices(trace)) {
        std::size_t end = s.open() ? trace.size() : s.end_step;
        if (s.begin_step < span.end && end >= span.begin) ++n;
    }
    return n;
}

}  // namespace export_cases
