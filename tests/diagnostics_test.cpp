// Diagnostics a teacher wants pointed at the exact step, messages asserted word for word.
#include <catch2/catch.hpp>

#include "support/build.hpp"

using namespace pst;

TEST_CASE("a Pending with no live waker is reported as a lost wakeup at that poll") {
    auto t = simulate(scenario({task("main", {scripted({pending(WakerAction::Forget), ready_step()})})}));
    INFO(dump(*t));
    REQUIRE(t->diagnostics.size() >= 1);
    const DiagnosticInfo& d = t->diagnostics[0];
    CHECK(d.kind == DiagKind::LostWakeup);
    CHECK(d.message ==
          "task 0 'main' returned Pending from hand-written future (main/0) but no clone of its "
          "waker is alive anywhere: nothing can wake it again (lost wakeup)");
    // Pinned right after the task-level poll_end.
    CHECK((*t)[d.step - 1].kind == EventKind::PollEnd);
    CHECK(t->meta.end == EndReason::Deadlock);
}

TEST_CASE("a deadlock names what each stuck task waits on and where its last waker went") {
    auto t = simulate(scenario({task("main", {scripted({pending(WakerAction::Forget), ready_step()})})}));
    REQUIRE(t->diagnostics.size() == 2);
    CHECK(t->diagnostics[1].kind == DiagKind::Deadlock);
    CHECK(t->diagnostics[1].message ==
          "deadlock: task 0 'main' waits at hand-written future (main/0); no waker of it was ever stored");
    CHECK(t->meta.end_message == "1 of 1 tasks are still pending and nothing is left that could wake them");
}

TEST_CASE("two tasks waiting on each other deadlock with their wakers held by the notifies") {
    auto sc = scenario({task("a", {on(FutureKind::Notified, "to_a"), on(FutureKind::NotifyOne, "to_b")}),
                        task("b", {on(FutureKind::Notified, "to_b"), on(FutureKind::NotifyOne, "to_a")})},
                       {resource("to_a", ResourceKind::Notify), resource("to_b", ResourceKind::Notify)});
    auto t = simulate(sc);
    INFO(dump(*t));
    REQUIRE(t->diagnostics.size() == 2);
    CHECK(t->diagnostics[0].message ==
          "deadlock: task 0 'a' waits at notified() on 'to_a' (a/0); its waker is held by notify 'to_a' "
          "waiters "
          "(position 1) (waker #0), but nothing will ever wake them");
    CHECK(t->diagnostics[1].task == 1);
    CHECK(t->meta.end == EndReason::Deadlock);
}

TEST_CASE("a future that wakes itself on every poll is a busy loop, stopped at the event limit") {
    auto sc = scenario({task("spin", {scripted({pending(WakerAction::WakeByRef)}, true)})});
    sc.runtime.max_events = 500;
    sc.runtime.busy_threshold = 20;
    auto t = simulate(sc);
    REQUIRE(t->diagnostics.size() == 2);
    CHECK(t->diagnostics[0].kind == DiagKind::BusyLoop);
    CHECK(t->diagnostics[0].message ==
          "task 0 'spin' woke itself during each of its last 20 polls: a busy loop that keeps the executor "
          "spinning without progress");
    CHECK(t->diagnostics[1].kind == DiagKind::EventLimit);
    CHECK(t->meta.end == EndReason::EventLimit);
    CHECK(t->size() <= 510);
}

TEST_CASE("yield_now a few times is cooperative, not a busy loop") {
    auto sc = scenario({task("polite", {repeat(5, {yield_now()})})});
    auto t = simulate(sc);
    CHECK(t->diagnostics.empty());
}

TEST_CASE("compute longer than the threshold is reported as blocking the executor") {
    auto sc = scenario({task("hog", {compute(50 * kMilli)}), task("victim", {sleep_for(kMilli)})});
    auto t = simulate(sc);
    REQUIRE(t->diagnostics.size() == 1);
    CHECK(t->diagnostics[0].kind == DiagKind::BlockingCompute);
    CHECK(
        t->diagnostics[0].message ==
        "task 0 'hog' kept the executor busy for 50ms in one poll (threshold 10ms): no other task could run "
        "meanwhile");
}

TEST_CASE("an infinite loop inside one poll is cut at the event limit") {
    auto sc = scenario({task("forever", {repeat(-1, {ready()})})});
    sc.runtime.max_events = 1000;
    auto t = simulate(sc);
    CHECK(t->meta.end == EndReason::EventLimit);
    CHECK(t->size() < 1100);
}

TEST_CASE("a run whose virtual clock reaches 2^62 ns is stopped there instead of overflowing") {
    // Two hours of CPU per poll (an hour of poll cost, an hour of compute), forever: within every
    // scenario limit, but without the bound the clock would pass INT64_MAX before max_events.
    auto sc = scenario({task("burner", {repeat(-1, {compute(kMaxDuration), yield_now()})})});
    sc.runtime.poll_cost = kMaxDuration;
    sc.runtime.max_events = 10'000'000;
    auto t = simulate(sc);
    REQUIRE_FALSE(t->diagnostics.empty());
    CHECK(t->diagnostics.back().kind == DiagKind::EventLimit);
    CHECK(t->meta.end == EndReason::EventLimit);
    CHECK(t->meta.end_message == "stopped at the end of virtual time (2^62 ns)");
    CHECK(t->end_time() == kMaxVirtualTime);
    bool monotonic = true;
    for (std::size_t i = 1; i < t->size(); ++i) monotonic &= (*t)[i].time >= (*t)[i - 1].time;
    CHECK(monotonic);
}
