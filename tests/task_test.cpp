// The task hand-off rules of engine/runtime/task.hpp, one test each, first as pure transitions and then
// as they show up in a real run.
#include <catch2/catch.hpp>

#include "engine/runtime/task.hpp"
#include "support/build.hpp"

using namespace pst;

TEST_CASE("a spawned task is scheduled exactly once") {
    TaskRunState s = TaskRunState::NotStarted;
    CHECK(on_spawn(s));
    CHECK(s == TaskRunState::Scheduled);
}

TEST_CASE("waking an idle task schedules it") {
    TaskRunState s = TaskRunState::Idle;
    CHECK(on_wake(s) == WakeAction::Schedule);
    CHECK(s == TaskRunState::Scheduled);
}

TEST_CASE("waking a scheduled task is coalesced") {
    TaskRunState s = TaskRunState::Scheduled;
    CHECK(on_wake(s) == WakeAction::Coalesce);
    CHECK(s == TaskRunState::Scheduled);
}

TEST_CASE("waking a running task marks it notified without queueing it") {
    TaskRunState s = TaskRunState::Running;
    CHECK(on_wake(s) == WakeAction::Notify);
    CHECK(s == TaskRunState::Notified);
    CHECK(on_wake(s) == WakeAction::Coalesce);
    CHECK(s == TaskRunState::Notified);
}

TEST_CASE("a notified task is re-queued once its poll returns Pending") {
    TaskRunState s = TaskRunState::Notified;
    CHECK(on_poll_end(s, false) == PollOutcome::Requeue);
    CHECK(s == TaskRunState::Scheduled);
}

TEST_CASE("a running task that returns Pending parks") {
    TaskRunState s = TaskRunState::Running;
    CHECK(on_poll_end(s, false) == PollOutcome::Park);
    CHECK(s == TaskRunState::Idle);
}

TEST_CASE("a task that returns Ready completes, even if it was notified") {
    TaskRunState s = TaskRunState::Notified;
    CHECK(on_poll_end(s, true) == PollOutcome::Complete);
    CHECK(s == TaskRunState::Complete);
}

TEST_CASE("waking a completed or cancelled task is too late") {
    TaskRunState s = TaskRunState::Complete;
    CHECK(on_wake(s) == WakeAction::TooLate);
    CHECK(s == TaskRunState::Complete);
    s = TaskRunState::Cancelled;
    CHECK(on_wake(s) == WakeAction::TooLate);
}

// ---- the rules in a run --------------------------------------------------------------------

namespace {
std::size_t schedules(const Trace& t, ScheduleReason why) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
        n += t[i].kind == EventKind::Schedule && t[i].detail == static_cast<std::uint8_t>(why);
    return n;
}
}  // namespace

TEST_CASE("waking a running task twice re-queues it once after Pending") {
    // Two hand-written futures in a join both wake the task during the same poll.
    auto sc = scenario({task("main", {group(FutureKind::Join, {
                                          scripted({pending(WakerAction::WakeByRef), ready_step()}),
                                          scripted({pending(WakerAction::WakeByRef), ready_step()}),
                                      })})});
    auto t = simulate(sc);
    INFO(dump(*t));
    CHECK(count(*t, EventKind::WakerWakeByRef) == 2);
    CHECK(schedules(*t, ScheduleReason::Requeued) == 1);
    CHECK(count(*t, EventKind::PollBegin) > 0);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("a wake of a task that is already queued is coalesced in a run") {
    // 'waker' wakes 'sleeper' via notify twice before 'sleeper' gets to run.
    auto sc = scenario({task("sleeper", {on(FutureKind::Notified, "n")}),
                        task("waker", {yield_now(), on(FutureKind::NotifyOne, "n"), on(FutureKind::NotifyOne, "n")})},
                       {resource("n", ResourceKind::Notify)});
    auto t = simulate(sc);
    INFO(dump(*t));
    // sleeper: spawned (1 schedule) + woken once by the first notify_one; the second stores a permit.
    std::size_t sleeper_schedules = 0;
    for (std::size_t i = 0; i < t->size(); ++i)
        sleeper_schedules += (*t)[i].kind == EventKind::Schedule && (*t)[i].task == 0;
    CHECK(sleeper_schedules == 2);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("waking a completed task is a no-op with a diagnostic") {
    // The hand-written future gives a waker clone to "another thread" that wakes it at 5ms, but
    // the select finishes at 1ms through the sleep and the task completes; the thread still wakes.
    auto sc = scenario({task("main", {group(FutureKind::Select, {
                                          scripted({pending(WakerAction::Store, 5 * kMilli), ready_step()}),
                                          sleep_for(1 * kMilli),
                                      })})});
    sc.tasks[0].body.children[0].biased = true;
    auto t = simulate(sc);
    INFO(dump(*t));
    REQUIRE(t->diagnostics.size() == 1);
    CHECK(t->diagnostics[0].kind == DiagKind::WakeAfterComplete);
    CHECK(t->diagnostics[0].message == "task 0 'main' was woken after it had completed: the wake does nothing");
    CHECK((*t)[t->diagnostics[0].step].time == 5 * kMilli);
    CHECK(t->meta.end == EndReason::AllComplete);
}
