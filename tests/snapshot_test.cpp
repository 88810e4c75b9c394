// Snapshots: the state at any step, rebuilt from the trace; stepping back is exact.
#include "engine/trace/snapshot.hpp"

#include <catch2/catch.hpp>
#include <string_view>

#include "engine/export/synthetic_trace.hpp"
#include "support/build.hpp"

using namespace pst;

namespace {

bool same(const Snapshot& a, const Snapshot& b) {
    if (a.step != b.step || a.time != b.time || a.run_queue != b.run_queue || a.running != b.running ||
        a.poll_stack != b.poll_stack || a.wakers.size() != b.wakers.size() ||
        a.registrations.size() != b.registrations.size() || a.tasks.size() != b.tasks.size())
        return false;
    for (std::size_t i = 0; i < a.tasks.size(); ++i) {
        const auto &x = a.tasks[i], &y = b.tasks[i];
        if (x.state != y.state || x.stats.polls != y.stats.polls || x.stats.wakes != y.stats.wakes ||
            x.live_wakers != y.live_wakers || x.parked_at != y.parked_at || x.stats.busy != y.stats.busy)
            return false;
    }
    return true;
}

// Step of the first task-level poll_end of the task whose root path is `root`.
std::int64_t first_root_poll_end(const Trace& t, std::string_view root) {
    for (std::uint32_t i = 0; i < t.size(); ++i)
        if (t[i].kind == EventKind::PollEnd && t.strings.get(t[i].node) == root) return i;
    FAIL("no poll_end of " << root);
    return -1;
}

Scenario busy_scenario() {
    std::vector<TaskSpec> tasks;
    for (int i = 0; i < 4; ++i)
        tasks.push_back(
            task("t" + std::to_string(i), {repeat(800, {yield_now(), sleep_for(kMicro * (i + 1))})}));
    auto sc = scenario(tasks);
    sc.runtime.max_events = 1'000'000;
    return sc;
}

// main spawns `node`; each node spawns two more: the tasks grow with the events.
Scenario spawn_tree(std::int64_t max_events) {
    auto sc = scenario({task("main", {spawn("node")}), task("node", {spawn("node"), spawn("node")}, false)});
    sc.runtime.max_events = max_events;
    return sc;
}

Snapshot folded(const Trace& t, std::int64_t step) {
    Snapshot fresh;
    fresh.tasks.resize(t.tasks.size());
    for (std::int64_t i = 0; i <= step; ++i) fresh.apply(t, static_cast<std::uint32_t>(i));
    return fresh;
}

}  // namespace

TEST_CASE("a sleeping task is idle with its waker in the timer") {
    auto t = simulate(scenario({task("main", {sleep_for(10 * kMilli)})}));
    SnapshotCursor c(*t);
    const Snapshot& s = c.seek(first_root_poll_end(*t, "main"));
    CHECK(s.tasks[0].state == TaskState::Idle);
    CHECK(s.tasks[0].live_wakers == 1);
    REQUIRE(s.wakers.size() == 1);
    CHECK(s.wakers.begin()->second.holder_kind == HolderKind::Timer);
    REQUIRE(s.registrations.size() == 1);
    CHECK(t->strings.get(s.registrations[0].source) == "timer #0 (fires at 10.000ms)");
    CHECK(t->strings.get(s.tasks[0].parked_at) == "main/0");
    const Snapshot& end = c.seek(static_cast<std::int64_t>(t->size()) - 1);
    CHECK(end.tasks[0].state == TaskState::Complete);
    CHECK(end.registrations.empty());
    CHECK(end.tasks[0].stats.polls == 2);
}

TEST_CASE("seeking back and forth gives the same state as folding from the start") {
    auto t = simulate(busy_scenario());
    REQUIRE(t->size() > 3 * SnapshotCursor::kCheckpointEvery);
    SnapshotCursor cursor(*t);
    std::vector<std::int64_t> steps = {5000, 100, 13000, 12999, 7, 4095, 4096, 4097, -1, 20000, 3};
    for (std::int64_t step : steps) {
        const auto last = static_cast<std::int64_t>(t->size()) - 1;
        step = std::min(step, last);
        INFO("step " << step);
        CHECK(same(cursor.seek(step), folded(*t, step)));
    }
}

TEST_CASE("checkpoints of a trace with many tasks cost a bounded number of bytes per event") {
    auto t = simulate(spawn_tree(200'000));
    REQUIRE(t->tasks.size() > 30'000);
    SnapshotCursor cursor(*t);
    const auto last = static_cast<std::int64_t>(t->size()) - 1;
    const Snapshot& end = cursor.seek(last);
    // A whole snapshot every 4096 events would be about 50 of them, of 30,000+ tasks each.
    const std::size_t budget =
        SnapshotCursor::kCheckpointBytesPerEvent * t->size() + end.bytes();  // + the last stretch
    CHECK(cursor.checkpoint_bytes() <= budget);
}

TEST_CASE("seeking a trace with many tasks gives the same state as folding from the start") {
    auto t = simulate(spawn_tree(60'000));
    SnapshotCursor cursor(*t);
    for (std::int64_t step : {59'000, 17, 30'000, 29'999, 45'000, 4095, 40'000}) {
        INFO("step " << step);
        CHECK(same(cursor.seek(step), folded(*t, step)));
    }
    CHECK(same(snapshot_at(*t, 12'345), folded(*t, 12'345)));
}

TEST_CASE("the run queue in the snapshot follows FIFO order") {
    auto t =
        simulate(scenario({task("a", {yield_now()}), task("b", {yield_now()}), task("c", {yield_now()})}));
    SnapshotCursor c(*t);
    // just after the three spawns and schedules
    const Snapshot& s = c.seek(5);
    CHECK(s.run_queue == std::deque<std::uint32_t>{0, 1, 2});
}

TEST_CASE("a task parked inside a join is parked at the leaf, not at the join") {
    auto t = simulate(
        scenario({task("main", {group(FutureKind::Join, {sleep_for(kMilli), sleep_for(2 * kMilli)})})}));
    SnapshotCursor c(*t);
    const Snapshot& s = c.seek(first_root_poll_end(*t, "main"));
    CHECK(t->strings.get(s.tasks[0].parked_at) == "main/0/1");  // the join polled both sleeps
    CHECK(s.tasks[0].state == TaskState::Idle);
}

TEST_CASE("a spawned task is scheduled from its spawn event on") {
    auto t = simulate(scenario({task("main", {yield_now()})}));
    REQUIRE((*t)[0].kind == EventKind::Spawn);
    SnapshotCursor c(*t);
    CHECK(c.seek(-1).tasks[0].state == TaskState::NotStarted);
    CHECK(c.seek(0).tasks[0].state == TaskState::Scheduled);
    CHECK(c.seek(0).rule_breaks == 0);
}

TEST_CASE("a trace that breaks the task rules is followed, and the breaks are counted") {
    Trace trace;
    TraceBuilder b{trace};
    std::uint32_t t = b.task("main");
    b.spawn(t);
    b.poll(t, 1, PollResult::Pending);  // parks: idle
    b.poll(t, 2, PollResult::Ready);    // polled without a wake: rule 2 broken
    b.complete(t, 0, true);             // "cancelled" after it completed: nothing changes
    SnapshotCursor c(trace);
    const Snapshot& s = c.seek(static_cast<std::int64_t>(trace.size()) - 1);
    CHECK(s.tasks[0].state == TaskState::Complete);
    CHECK(s.tasks[0].stats.polls == 2);
    CHECK(s.rule_breaks == 1);
}
