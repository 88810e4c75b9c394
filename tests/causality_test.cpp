#include "engine/trace/causality.hpp"

#include <catch2/catch.hpp>

#include "engine/export/synthetic_trace.hpp"

using namespace ps;

namespace {

// Two tasks: "sleeper" parks on a timer, "sender" wakes it through a channel. The sleeper is
// spawned at step 0.
struct TwoTasks {
    Trace trace;
    TraceBuilder b{trace};
    std::uint32_t sleeper = b.task("sleeper");
    std::uint32_t sender = b.task("sender");
    TwoTasks() {
        b.node("sleeper/0", "sleep", "sleep(10ms)", 1);
        b.node("sender/0", "send", "tx.send(1)", 1);
        b.spawn(sleeper);  // every test starts here
    }
};

// The one wake of a trace that has exactly one.
WakeFlow only_wake(const Trace& trace) {
    auto flows = wake_flows(trace);
    REQUIRE(flows.size() == 1);
    return flows[0];
}

}  // namespace

TEST_CASE_METHOD(TwoTasks, "a timer wake is linked to the poll it caused") {
    b.schedule(sleeper, ScheduleReason::Spawned);
    b.poll_begin(sleeper, "sleeper", 1);
    b.poll_begin(sleeper, "sleeper/0");
    b.clone(sleeper, "sleeper/0", 7, HolderKind::Timer, "timer #2 (fires at 10ms)");
    b.poll_end(sleeper, "sleeper/0", PollResult::Pending);
    b.poll_end(sleeper, "sleeper", PollResult::Pending);
    b.advance_to(10 * kMilli);
    b.timer_fire(sleeper, 7, 2);
    std::uint32_t wake = b.wake(sleeper, "sleeper/0", 7, HolderKind::Timer, "timer #2 fired");
    std::uint32_t sched = b.schedule(sleeper, ScheduleReason::Woken);
    std::uint32_t poll = b.poll(sleeper, 2, PollResult::Ready, {"sleeper/0"});
    b.complete(sleeper);

    WakeFlow w = only_wake(trace);
    CHECK(w.wake_step == wake);
    CHECK(w.task == sleeper);
    CHECK(w.waker == 7);
    CHECK(w.outcome == WakeOutcome::Polled);
    CHECK(w.poll_step == poll);
    CHECK(w.schedule_step == sched);
    CHECK(w.from_task == kNone);  // the reactor, not a task
    CHECK_FALSE(w.by_ref);
}

TEST_CASE_METHOD(TwoTasks, "a wake from inside another task's poll remembers where it came from") {
    b.spawn(sender);
    b.poll(sleeper, 1, PollResult::Pending, {"sleeper/0"});
    b.poll_begin(sender, "sender", 1);
    b.poll_begin(sender, "sender/0");
    std::uint32_t wake = b.wake(sleeper, "sender/0", 3, HolderKind::Channel, "tx.send(1)");
    b.poll_end(sender, "sender/0", PollResult::Ready, 1);
    b.poll_end(sender, "sender", PollResult::Ready);
    std::uint32_t poll = b.poll(sleeper, 2, PollResult::Ready);

    Causality c = analyze_causality(trace);
    REQUIRE(c.wakes.size() == 1);
    CHECK(c.wakes[0].wake_step == wake);
    CHECK(c.wakes[0].outcome == WakeOutcome::Polled);
    CHECK(c.wakes[0].poll_step == poll);
    CHECK(c.wakes[0].from_task == sender);
    REQUIRE(c.wakes[0].from_slice != kNone);
    CHECK(trace.strings.get(c.slices[c.wakes[0].from_slice].path) == "sender/0");
    // the slice of the caused poll knows its cause
    std::size_t last = c.slices.size() - 1;
    CHECK(c.slices[last].begin_step == poll);
    CHECK(c.cause_of_slice[last] == 0);
}

TEST_CASE_METHOD(TwoTasks, "a wake of an already scheduled task is coalesced into the pending poll") {
    b.poll(sleeper, 1, PollResult::Pending);
    std::uint32_t first = b.wake(sleeper, "", 1, HolderKind::Timer, "timer fired");
    b.schedule(sleeper, ScheduleReason::Woken);
    std::uint32_t second = b.wake(sleeper, "", 2, HolderKind::Channel, "send");
    std::uint32_t poll = b.poll(sleeper, 2, PollResult::Pending);

    auto flows = wake_flows(trace);
    REQUIRE(flows.size() == 2);
    CHECK(flows[0].wake_step == first);
    CHECK(flows[0].outcome == WakeOutcome::Polled);
    CHECK(flows[0].poll_step == poll);
    CHECK(flows[1].wake_step == second);
    CHECK(flows[1].outcome == WakeOutcome::Coalesced);
    CHECK(flows[1].poll_step == kNone);
    CHECK(flows[1].absorbed_by == poll);
}

TEST_CASE_METHOD(TwoTasks, "a wake of a task that was spawned but not yet polled is coalesced") {
    b.schedule(sleeper, ScheduleReason::Spawned);
    b.wake(sleeper, "", 1, HolderKind::Channel, "send");
    std::uint32_t poll = b.poll(sleeper, 1, PollResult::Ready);
    WakeFlow w = only_wake(trace);
    CHECK(w.outcome == WakeOutcome::Coalesced);
    CHECK(w.absorbed_by == poll);
}

TEST_CASE_METHOD(TwoTasks, "waking a running task links the wake to its next poll after the requeue") {
    b.poll_begin(sleeper, "sleeper", 1);
    std::uint32_t wake = b.wake_by_ref(sleeper, "sleeper", 4, HolderKind::Scripted, "yield_now");
    b.poll_end(sleeper, "sleeper", PollResult::Pending);
    std::uint32_t requeue = b.schedule(sleeper, ScheduleReason::Requeued);
    std::uint32_t poll = b.poll(sleeper, 2, PollResult::Ready);
    WakeFlow w = only_wake(trace);
    CHECK(w.wake_step == wake);
    CHECK(w.by_ref);
    CHECK(w.from_task == sleeper);
    CHECK(w.outcome == WakeOutcome::Polled);
    CHECK(w.poll_step == poll);
    CHECK(w.schedule_step == requeue);
}

TEST_CASE_METHOD(TwoTasks, "a wake during a poll that returns Ready is unserved") {
    b.poll_begin(sleeper, "sleeper", 1);
    b.wake_by_ref(sleeper, "sleeper", 4, HolderKind::Scripted, "self");
    b.poll_end(sleeper, "sleeper", PollResult::Ready);
    b.complete(sleeper);
    WakeFlow w = only_wake(trace);
    CHECK(w.outcome == WakeOutcome::Unserved);
    CHECK(w.poll_step == kNone);
}

TEST_CASE_METHOD(TwoTasks, "a wake after completion comes too late") {
    b.poll(sleeper, 1, PollResult::Ready);
    b.complete(sleeper);
    b.wake(sleeper, "", 9, HolderKind::Channel, "late send");
    WakeFlow w = only_wake(trace);
    CHECK(w.outcome == WakeOutcome::AfterComplete);
    CHECK(std::string(wake_outcome_name(w.outcome)) == "after_complete");
}

TEST_CASE_METHOD(TwoTasks,
                 "a wake after the task's last poll returned Ready comes too late, as in the runtime") {
    // Rule 10 of task.hpp: Ready completes the task at once; task_complete only records it.
    b.poll(sleeper, 1, PollResult::Ready);
    b.wake(sleeper, "", 9, HolderKind::Channel, "its own channel closed");
    b.complete(sleeper);
    CHECK(only_wake(trace).outcome == WakeOutcome::AfterComplete);
}

TEST_CASE_METHOD(TwoTasks, "a wake whose task is never polled again is unserved") {
    b.poll(sleeper, 1, PollResult::Pending);
    b.wake(sleeper, "", 1, HolderKind::Timer, "timer");
    b.run_end(EndReason::EventLimit, "stopped");
    WakeFlow w = only_wake(trace);
    CHECK(w.outcome == WakeOutcome::Unserved);
}

TEST_CASE_METHOD(TwoTasks, "poll slices pair nested poll_begin and poll_end per task") {
    b.node("sleeper/0/1", "ready", "ready(1)", 2);
    b.spawn(sender);
    b.at(1000);
    b.poll_begin(sleeper, "sleeper", 1);
    b.poll_begin(sleeper, "sleeper/0");
    b.poll_begin(sleeper, "sleeper/0/1");
    b.at(1500);
    b.poll_end(sleeper, "sleeper/0/1", PollResult::Ready, 1);
    b.poll_end(sleeper, "sleeper/0", PollResult::Pending);
    b.at(2000);
    b.poll_end(sleeper, "sleeper", PollResult::Pending);
    b.poll_begin(sender, "sender", 1);  // left open: the trace ends inside it
    b.at(3000);
    b.poll_begin(sender, "sender/0");
    b.poll_end(sender, "sender/0", PollResult::Ready, 5);

    auto slices = poll_slices(trace);
    REQUIRE(slices.size() == 5);
    CHECK(slices[0].depth == 0);
    CHECK(slices[0].poll_number == 1);
    CHECK(slices[0].begin_time == 1000);
    CHECK(slices[0].end_time == 2000);
    CHECK(slices[0].parent == kNone);
    CHECK(slices[1].depth == 1);
    CHECK(slices[1].parent == 0);
    CHECK(slices[2].depth == 2);
    CHECK(slices[2].parent == 1);
    CHECK(slices[2].result == PollResult::Ready);
    CHECK(slices[2].value == 1);
    CHECK(slices[2].end_time == 1500);
    CHECK(slices[3].task == sender);
    CHECK(slices[3].open());
    CHECK(slices[3].end_time == 3000);
    CHECK(slices[4].parent == 3);
    CHECK(slices[4].value == 5);
    for (const PollSlice& sl : slices)
        if (!sl.open()) CHECK(sl.end_step > sl.begin_step);
}

TEST_CASE_METHOD(TwoTasks, "a poll_end that skips an open child closes the child too") {
    b.poll_begin(sleeper, "sleeper", 1);
    b.poll_begin(sleeper, "sleeper/0");
    std::uint32_t end = b.poll_end(sleeper, "sleeper", PollResult::Ready, 3);
    b.poll_end(sleeper, "nowhere", PollResult::Ready);  // matches nothing: ignored
    auto slices = poll_slices(trace);
    REQUIRE(slices.size() == 2);
    CHECK(slices[0].end_step == end);
    CHECK(slices[0].result == PollResult::Ready);
    CHECK(slices[0].value == 3);
    CHECK(slices[1].end_step == end);
    CHECK(slices[1].result == PollResult::Pending);
}

TEST_CASE("in a long synthetic trace every wake resolves and polls nest") {
    auto trace = make_synthetic_trace({.events = 20'000, .tasks = 5, .iterations = 50});
    Causality c = analyze_causality(*trace);
    std::size_t polled = 0, coalesced = 0, late = 0;
    for (const WakeFlow& w : c.wakes) {
        if (w.outcome == WakeOutcome::Polled) {
            ++polled;
            REQUIRE(w.poll_step > w.wake_step);
            CHECK((*trace)[w.poll_step].kind == EventKind::PollBegin);
            CHECK((*trace)[w.poll_step].task == w.task);
        }
        if (w.outcome == WakeOutcome::Coalesced) ++coalesced;
        if (w.outcome == WakeOutcome::AfterComplete) ++late;
    }
    CHECK(polled > 100);
    CHECK(coalesced > 10);
    CHECK(c.slices.size() % 3 == 0);  // every poll nests three deep
    for (const PollSlice& s : c.slices) {
        CHECK_FALSE(s.open());
        if (s.parent != kNone) {
            CHECK(c.slices[s.parent].begin_step < s.begin_step);
            CHECK(c.slices[s.parent].end_step > s.end_step);
        }
    }
    (void)late;
}
