// The task hand-off rules of engine/runtime/task.hpp, one test each, first as pure transitions and then
// as they show up in a real run.
#include "engine/runtime/task.hpp"

#include <catch2/catch.hpp>
#include <initializer_list>
#include <set>
#include <string>

#include "support/build.hpp"

using namespace pst;

namespace {

// One row per rule: from state `from`, the transition decides `decision` and leaves `to`.
template <typename Decision>
struct Rule {
    const char* says;
    TaskRunState from;
    Decision decision;
    TaskRunState to;
};

template <typename Decision, typename Transition>
void check_rules(std::initializer_list<Rule<Decision>> rules, Transition transition) {
    for (const Rule<Decision>& r : rules) {
        INFO(r.says);
        TaskRunState s = r.from;
        CHECK(transition(s) == r.decision);
        CHECK(task_run_state_name(s) == std::string(task_run_state_name(r.to)));
    }
}

using enum TaskRunState;

}  // namespace

TEST_CASE("a spawned task is scheduled exactly once") {
    check_rules<bool>({{"rule 1", NotStarted, true, Scheduled}}, [](TaskRunState& s) { return on_spawn(s); });
}

TEST_CASE("a poll starts only from the run queue and leaves the task running") {
    TaskRunState s = Scheduled;
    on_poll_start(s);
    CHECK(s == Running);
}

TEST_CASE("a wake schedules an idle task, notifies a running one, is coalesced when queued or notified") {
    check_rules<WakeAction>(
        {{"3: waking an idle task schedules it", Idle, WakeAction::Schedule, Scheduled},
         {"4: waking a scheduled task is coalesced", Scheduled, WakeAction::Coalesce, Scheduled},
         {"5: waking a running task marks it notified without queueing it", Running, WakeAction::Notify,
          Notified},
         {"6: waking a notified task is coalesced", Notified, WakeAction::Coalesce, Notified}},
        [](TaskRunState& s) { return on_wake(s); });
}

TEST_CASE("waking a completed or cancelled task is too late") {
    check_rules<WakeAction>({{"7: complete", Complete, WakeAction::TooLate, Complete},
                             {"7: cancelled", Cancelled, WakeAction::TooLate, Cancelled}},
                            [](TaskRunState& s) { return on_wake(s); });
}

TEST_CASE("a poll that returns Pending parks a running task and re-queues a notified one once") {
    check_rules<PollOutcome>(
        {{"8: a running task that returns Pending parks", Running, PollOutcome::Park, Idle},
         {"9: a notified task is re-queued", Notified, PollOutcome::Requeue, Scheduled}},
        [](TaskRunState& s) { return on_poll_end(s, false); });
}

TEST_CASE("a task that returns Ready completes, even if it was notified") {
    check_rules<PollOutcome>({{"10: running", Running, PollOutcome::Complete, Complete},
                              {"10: notified", Notified, PollOutcome::Complete, Complete}},
                             [](TaskRunState& s) { return on_poll_end(s, true); });
}

TEST_CASE("cancelling a task drops it whatever it was doing, and does nothing once it ended") {
    check_rules<CancelAction>({{"11: idle", Idle, CancelAction::Drop, Cancelled},
                               {"11: scheduled", Scheduled, CancelAction::Drop, Cancelled},
                               {"11: running", Running, CancelAction::Drop, Cancelled},
                               {"11: notified", Notified, CancelAction::Drop, Cancelled},
                               {"11: complete", Complete, CancelAction::AlreadyEnded, Complete},
                               {"11: cancelled", Cancelled, CancelAction::AlreadyEnded, Cancelled}},
                              [](TaskRunState& s) { return on_cancel(s); });
}

TEST_CASE("an observed state agrees when the rules reached it and is forced when they did not") {
    check_rules<Observation>({{"12: agrees", Scheduled, Observation::Agrees, Scheduled},
                              {"12: forced", Idle, Observation::Forced, Running}},
                             [](TaskRunState& s) { return on_observed(s, s == Idle ? Running : Scheduled); });
}

TEST_CASE("every task state has its own name, the one the views print") {
    CHECK(std::string(task_run_state_name(NotStarted)) == "not spawned");
    CHECK(std::string(task_run_state_name(Notified)) == "running (notified)");
    std::set<std::string> names;
    for (int i = 0; i <= static_cast<int>(Cancelled); ++i)
        names.insert(task_run_state_name(static_cast<TaskRunState>(i)));
    CHECK(names.size() == 7);
    CHECK(names.count("?") == 0);
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
    auto sc = scenario(
        {task("main", {group(FutureKind::Join, {
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
    auto sc = scenario(
        {task("sleeper", {on(FutureKind::Notified, "n")}),
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
    auto sc =
        scenario({task("main", {group(FutureKind::Select,
                                      {
                                          scripted({pending(WakerAction::Store, 5 * kMilli), ready_step()}),
                                          sleep_for(1 * kMilli),
                                      })})});
    sc.tasks[0].body.children[0].biased = true;
    auto t = simulate(sc);
    INFO(dump(*t));
    REQUIRE(t->diagnostics.size() == 1);
    CHECK(t->diagnostics[0].kind == DiagKind::WakeAfterComplete);
    CHECK(t->diagnostics[0].message ==
          "task 0 'main' was woken after it had completed: the wake does nothing");
    CHECK((*t)[t->diagnostics[0].step].time == 5 * kMilli);
    CHECK(t->meta.end == EndReason::AllComplete);
}
