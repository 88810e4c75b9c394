#include <catch2/catch.hpp>

#include "engine/trace/causality.hpp"
#include "engine/export/synthetic_trace.hpp"

using namespace ps;

namespace {

// Two tasks: "sleeper" parks on a timer, "sender" wakes it through a channel.
struct TwoTasks {
    Trace trace;
    TraceBuilder b{trace};
    std::uint32_t sleeper = b.task("sleeper");
    std::uint32_t sender = b.task("sender");
    TwoTasks() {
        b.node("sleeper/0", "sleep", "sleep(10ms)", 1);
        b.node("sender/0", "send", "tx.send(1)", 1);
    }
};

}  // namespace

TEST_CASE("a timer wake is linked to the poll it caused") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.schedule(s.sleeper, ScheduleReason::Spawned);
    b.poll_begin(s.sleeper, "sleeper", 1);
    b.poll_begin(s.sleeper, "sleeper/0");
    b.clone(s.sleeper, "sleeper/0", 7, HolderKind::Timer, "timer #2 (fires at 10ms)");
    b.poll_end(s.sleeper, "sleeper/0", PollResult::Pending);
    b.poll_end(s.sleeper, "sleeper", PollResult::Pending);
    b.advance_to(10 * kMilli);
    b.timer_fire(s.sleeper, 7, 2);
    std::uint32_t wake = b.wake(s.sleeper, "sleeper/0", 7, HolderKind::Timer, "timer #2 fired");
    std::uint32_t sched = b.schedule(s.sleeper, ScheduleReason::Woken);
    std::uint32_t poll = b.poll(s.sleeper, 2, PollResult::Ready, {"sleeper/0"});
    b.complete(s.sleeper);

    auto flows = wake_flows(s.trace);
    REQUIRE(flows.size() == 1);
    CHECK(flows[0].wake_step == wake);
    CHECK(flows[0].task == s.sleeper);
    CHECK(flows[0].waker == 7);
    CHECK(flows[0].outcome == WakeOutcome::Polled);
    CHECK(flows[0].poll_step == poll);
    CHECK(flows[0].schedule_step == sched);
    CHECK(flows[0].from_task == kNone);   // the reactor, not a task
    CHECK_FALSE(flows[0].by_ref);
}

TEST_CASE("a wake from inside another task's poll remembers where it came from") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.spawn(s.sender);
    b.poll(s.sleeper, 1, PollResult::Pending, {"sleeper/0"});
    b.poll_begin(s.sender, "sender", 1);
    b.poll_begin(s.sender, "sender/0");
    std::uint32_t wake = b.wake(s.sleeper, "sender/0", 3, HolderKind::Channel, "tx.send(1)");
    b.poll_end(s.sender, "sender/0", PollResult::Ready, 1);
    b.poll_end(s.sender, "sender", PollResult::Ready);
    std::uint32_t poll = b.poll(s.sleeper, 2, PollResult::Ready);

    Causality c = analyze_causality(s.trace);
    REQUIRE(c.wakes.size() == 1);
    CHECK(c.wakes[0].wake_step == wake);
    CHECK(c.wakes[0].outcome == WakeOutcome::Polled);
    CHECK(c.wakes[0].poll_step == poll);
    CHECK(c.wakes[0].from_task == s.sender);
    REQUIRE(c.wakes[0].from_slice != kNone);
    CHECK(s.trace.strings.get(c.slices[c.wakes[0].from_slice].path) == "sender/0");
    // the slice of the caused poll knows its cause
    std::size_t last = c.slices.size() - 1;
    CHECK(c.slices[last].begin_step == poll);
    CHECK(c.cause_of_slice[last] == 0);
}

TEST_CASE("a wake of an already scheduled task is coalesced into the pending poll") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.poll(s.sleeper, 1, PollResult::Pending);
    std::uint32_t first = b.wake(s.sleeper, "", 1, HolderKind::Timer, "timer fired");
    b.schedule(s.sleeper, ScheduleReason::Woken);
    std::uint32_t second = b.wake(s.sleeper, "", 2, HolderKind::Channel, "send");
    std::uint32_t poll = b.poll(s.sleeper, 2, PollResult::Pending);

    auto flows = wake_flows(s.trace);
    REQUIRE(flows.size() == 2);
    CHECK(flows[0].wake_step == first);
    CHECK(flows[0].outcome == WakeOutcome::Polled);
    CHECK(flows[0].poll_step == poll);
    CHECK(flows[1].wake_step == second);
    CHECK(flows[1].outcome == WakeOutcome::Coalesced);
    CHECK(flows[1].poll_step == kNone);
    CHECK(flows[1].absorbed_by == poll);
}

TEST_CASE("a wake of a task that was spawned but not yet polled is coalesced") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.schedule(s.sleeper, ScheduleReason::Spawned);
    b.wake(s.sleeper, "", 1, HolderKind::Channel, "send");
    std::uint32_t poll = b.poll(s.sleeper, 1, PollResult::Ready);
    auto flows = wake_flows(s.trace);
    REQUIRE(flows.size() == 1);
    CHECK(flows[0].outcome == WakeOutcome::Coalesced);
    CHECK(flows[0].absorbed_by == poll);
}

TEST_CASE("waking a running task links the wake to its next poll after the requeue") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.poll_begin(s.sleeper, "sleeper", 1);
    std::uint32_t wake = b.wake_by_ref(s.sleeper, "sleeper", 4, HolderKind::Scripted, "yield_now");
    b.poll_end(s.sleeper, "sleeper", PollResult::Pending);
    std::uint32_t requeue = b.schedule(s.sleeper, ScheduleReason::Requeued);
    std::uint32_t poll = b.poll(s.sleeper, 2, PollResult::Ready);
    auto flows = wake_flows(s.trace);
    REQUIRE(flows.size() == 1);
    CHECK(flows[0].wake_step == wake);
    CHECK(flows[0].by_ref);
    CHECK(flows[0].from_task == s.sleeper);
    CHECK(flows[0].outcome == WakeOutcome::Polled);
    CHECK(flows[0].poll_step == poll);
    CHECK(flows[0].schedule_step == requeue);
}

TEST_CASE("a wake during a poll that returns Ready is unserved") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.poll_begin(s.sleeper, "sleeper", 1);
    b.wake_by_ref(s.sleeper, "sleeper", 4, HolderKind::Scripted, "self");
    b.poll_end(s.sleeper, "sleeper", PollResult::Ready);
    b.complete(s.sleeper);
    auto flows = wake_flows(s.trace);
    REQUIRE(flows.size() == 1);
    CHECK(flows[0].outcome == WakeOutcome::Unserved);
    CHECK(flows[0].poll_step == kNone);
}

TEST_CASE("a wake after completion comes too late") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.poll(s.sleeper, 1, PollResult::Ready);
    b.complete(s.sleeper);
    b.wake(s.sleeper, "", 9, HolderKind::Channel, "late send");
    auto flows = wake_flows(s.trace);
    REQUIRE(flows.size() == 1);
    CHECK(flows[0].outcome == WakeOutcome::AfterComplete);
    CHECK(std::string(wake_outcome_name(flows[0].outcome)) == "after_complete");
}

TEST_CASE("a wake whose task is never polled again is unserved") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.poll(s.sleeper, 1, PollResult::Pending);
    b.wake(s.sleeper, "", 1, HolderKind::Timer, "timer");
    b.run_end(EndReason::EventLimit, "stopped");
    auto flows = wake_flows(s.trace);
    REQUIRE(flows.size() == 1);
    CHECK(flows[0].outcome == WakeOutcome::Unserved);
}

TEST_CASE("poll slices pair nested poll_begin and poll_end per task") {
    TwoTasks s;
    auto& b = s.b;
    b.node("sleeper/0/1", "ready", "ready(1)", 2);
    b.spawn(s.sleeper);
    b.spawn(s.sender);
    b.at(1000);
    b.poll_begin(s.sleeper, "sleeper", 1);
    b.poll_begin(s.sleeper, "sleeper/0");
    b.poll_begin(s.sleeper, "sleeper/0/1");
    b.at(1500);
    b.poll_end(s.sleeper, "sleeper/0/1", PollResult::Ready, 1);
    b.poll_end(s.sleeper, "sleeper/0", PollResult::Pending);
    b.at(2000);
    b.poll_end(s.sleeper, "sleeper", PollResult::Pending);
    b.poll_begin(s.sender, "sender", 1);   // left open: the trace ends inside it
    b.at(3000);
    b.poll_begin(s.sender, "sender/0");
    b.poll_end(s.sender, "sender/0", PollResult::Ready, 5);

    auto slices = poll_slices(s.trace);
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
    CHECK(slices[3].task == s.sender);
    CHECK(slices[3].open());
    CHECK(slices[3].end_time == 3000);
    CHECK(slices[4].parent == 3);
    CHECK(slices[4].value == 5);
    for (const PollSlice& sl : slices)
        if (!sl.open()) CHECK(sl.end_step > sl.begin_step);
}

TEST_CASE("a poll_end that skips an open child closes the child too") {
    TwoTasks s;
    auto& b = s.b;
    b.spawn(s.sleeper);
    b.poll_begin(s.sleeper, "sleeper", 1);
    b.poll_begin(s.sleeper, "sleeper/0");
    std::uint32_t end = b.poll_end(s.sleeper, "sleeper", PollResult::Ready, 3);
    b.poll_end(s.sleeper, "nowhere", PollResult::Ready);   // matches nothing: ignored
    auto slices = poll_slices(s.trace);
    REQUIRE(slices.size() == 2);
    CHECK(slices[0].end_step == end);
    CHECK(slices[0].result == PollResult::Ready);
    CHECK(slices[0].value == 3);
    CHECK(slices[1].end_step == end);
    CHECK(slices[1].result == PollResult::Pending);
}

TEST_CASE("in a long synthetic trace every wake resolves and polls nest") {
    SyntheticOptions o;
    o.events = 20'000;
    o.tasks = 5;
    o.iterations = 50;
    auto trace = make_synthetic_trace(o);
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
    CHECK(c.slices.size() % 3 == 0);   // every poll nests three deep
    for (const PollSlice& s : c.slices) {
        CHECK_FALSE(s.open());
        if (s.parent != kNone) {
            CHECK(c.slices[s.parent].begin_step < s.begin_step);
            CHECK(c.slices[s.parent].end_step > s.end_step);
        }
    }
    (void)late;
}
