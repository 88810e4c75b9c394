// The live runtime and the fold of its trace follow the same task rules (engine/runtime/task.hpp):
// the runtime applies them as it runs, the snapshot applies them to the recorded events
// (engine/trace/task_fold.hpp). This checks that both land in the same state.
//
// What "equal" means: the very same TaskRunState, with no mapping. Every transition of the
// runtime is recorded by an event (spawn, schedule, poll_begin/poll_end of the task's root,
// waker_wake/waker_wake_by_ref, task_complete), but the runtime changes state just before or
// just after the event that records it: it records spawn and then schedules the task, it marks
// the task running and then records poll_begin. So the two are compared between executor
// steps (after start() and after every step()), where no event is half-applied. Running and
// Notified never outlast a step, since a step polls its task until it returns.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "app/load_input.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/runtime/policy.hpp"
#include "engine/runtime/runtime.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/code_view.hpp"
#include "engine/trace/snapshot.hpp"

using namespace ps;

namespace {

std::vector<std::string> lesson_files() {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(fs::path(POLLSCOPE_SOURCE_DIR) / "scenarios"))
        if (entry.path().extension() == ".json") out.push_back(entry.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

// The trace header the runtime expects, as simulate() fills it in.
void prepare_trace(const Scenario& sc, const std::string& policy, Trace& trace) {
    trace.meta.policy = policy;
    trace.meta.seed = sc.runtime.seed;
    trace.meta.poll_cost = sc.runtime.poll_cost;
    trace.meta.max_events = sc.runtime.max_events;
    for (const TaskSpec& t : sc.tasks) {
        TaskCode code;
        render_task_code(t, code, trace.meta.nodes);
        trace.meta.code.push_back(std::move(code));
    }
    trace.index_nodes();
}

// "" when the runtime and the snapshot agree on every task, else the first difference.
std::string disagreement(const Runtime& rt, const Snapshot& s, std::size_t step) {
    const std::string at =
        "after executor step " + std::to_string(step) + " (trace step " + std::to_string(s.step) + "): ";
    if (s.tasks.size() != rt.task_count())
        return at + std::to_string(rt.task_count()) + " tasks live, " + std::to_string(s.tasks.size()) +
               " in the fold";
    for (std::uint32_t id = 0; id < rt.task_count(); ++id) {
        TaskRunState live = rt.task(id).state;
        if (live != s.tasks[id].state)
            return at + "task " + std::to_string(id) + " is " + task_run_state_name(live) + " live but " +
                   task_run_state_name(s.tasks[id].state) + " in the fold";
    }
    if (s.rule_breaks != 0)
        return at + "the fold had to force " + std::to_string(s.rule_breaks) + " state(s)";
    return "";
}

struct Agreement {
    std::string difference;                                // "" = none
    std::size_t steps = 0;                                 // executor steps compared
    std::vector<bool> seen = std::vector<bool>(7, false);  // states met at step boundaries
};

Agreement compare_run(const Scenario& sc, const std::string& policy) {
    Trace trace;
    prepare_trace(sc, policy, trace);
    const int workers = std::clamp(sc.runtime.workers, 1, 64);
    Runtime rt(sc, trace, make_policy(policy, workers, sc.runtime.seed), sc.runtime.seed,
               std::max<std::int64_t>(1, sc.runtime.max_events));
    SnapshotCursor cursor(trace);
    Agreement out;
    rt.start();
    for (bool more = true; out.difference.empty(); ++out.steps) {
        const Snapshot& s = cursor.seek(static_cast<std::int64_t>(trace.size()) - 1);
        out.difference = disagreement(rt, s, out.steps);
        // A panic unwinds out of a poll (lesson 27): that run ends with its task still Running.
        const bool panicked = rt.ended() && trace.meta.end == EndReason::Panic;
        for (const TaskSnapshot& t : s.tasks)
            if (!panicked) out.seen[static_cast<std::size_t>(t.state)] = true;
        if (!more) break;
        more = rt.step();
    }
    CHECK(rt.ended());
    return out;
}

}  // namespace

TEST_CASE(
    "at every step of every lesson under every policy the live task states equal the fold of the trace") {
    std::vector<std::string> lessons = lesson_files();
    REQUIRE(lessons.size() >= 20);
    std::vector<bool> seen(7, false);
    for (const std::string& file : lessons) {
        LoadResult loaded = load_input_file(file);  // a lesson may carry its program
        REQUIRE(loaded.ok());
        for (const char* const* p = policy_names(); *p; ++p) {
            INFO(file << " under " << *p);
            Agreement a = compare_run(*loaded.scenario, *p);
            CHECK(a.difference == "");
            CHECK(a.steps > 1);
            for (std::size_t i = 0; i < seen.size(); ++i) seen[i] = seen[i] || a.seen[i];
        }
    }
    // The lessons reach every state a task can rest in between steps.
    CHECK(seen[static_cast<std::size_t>(TaskRunState::Idle)]);
    CHECK(seen[static_cast<std::size_t>(TaskRunState::Scheduled)]);
    CHECK(seen[static_cast<std::size_t>(TaskRunState::Complete)]);
    CHECK_FALSE(seen[static_cast<std::size_t>(TaskRunState::Running)]);
    CHECK_FALSE(seen[static_cast<std::size_t>(TaskRunState::Notified)]);
}
