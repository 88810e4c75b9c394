// The async-std policy: each rule of the registry (engine/model/policies.cpp, A1-A7), tested.
#include <catch2/catch.hpp>

#include "engine/model/policies.hpp"
#include "engine/runtime/policy.hpp"
#include "support/build.hpp"

using namespace pst;

namespace {

std::unique_ptr<Trace> run_under(const Scenario& sc, std::string_view policy) {
    RunOptions o;
    o.policy = std::string(policy);
    return simulate(sc, o);
}

// Each task-level poll as "name@worker", in order.
std::vector<std::string> polls_with_worker(const Trace& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        const NodeInfo* n = t.node_info(e.node);
        if (e.kind == EventKind::PollBegin && n && n->depth == 0)
            out.push_back(t.tasks[e.task].name + "@" + std::to_string(e.worker));
    }
    return out;
}

// The wakes of `task`'s wakers: 'w' for wake, 'r' for wake_by_ref.
std::string wakes_of(const Trace& t, const std::string& task) {
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        if (e.task >= t.tasks.size() || t.tasks[e.task].name != task) continue;
        if (e.kind == EventKind::WakerWake) out += 'w';
        if (e.kind == EventKind::WakerWakeByRef) out += 'r';
    }
    return out;
}

}  // namespace

TEST_CASE("async-std: the block_on future is never queued and is polled as soon as it is woken (A1)") {
    AsyncStdPolicy p(2, 1);
    p.set_block_on(0);
    p.set_outside(true);
    p.push(0, ScheduleReason::Spawned);
    p.push(1, ScheduleReason::Spawned);
    p.set_outside(false);
    CHECK(p.len() == 2);  // task 1 in the global queue, the block_on future woken
    Decision d = p.next(false);
    REQUIRE(d.turn == Turn::Poll);
    CHECK(d.task == 0);
    CHECK(p.current_worker() == 0);
    CHECK(p.runners().len() == 1);  // the block_on future was never in a runner's queue
    CHECK(p.next(false).task == 1);
    p.push(2, ScheduleReason::Spawned);
    p.push(0, ScheduleReason::Woken);
    CHECK(p.next(false).task == 0);  // before task 2, which waits in the global queue
    CHECK(p.next(false).task == 2);
}

TEST_CASE("async-std: what the block_on future spawns goes to the global queue, like smol's wakes (A2)") {
    AsyncStdPolicy p(2, 1);
    p.set_block_on(0);
    p.push(0, ScheduleReason::Spawned);
    REQUIRE(p.next(false).task == 0);
    for (std::uint32_t t = 1; t <= 5; ++t) p.push(t, ScheduleReason::Spawned);
    Decision d = p.next(false);
    REQUIRE(d.turn == Turn::Poll);
    CHECK(d.task == 1);  // the front of the global queue
    // the runner that took it moved half of the other four into its local queue (S2)
    CHECK(p.runners().runner_state()[p.current_worker()].local == std::deque<std::uint32_t>{2, 3});
}

TEST_CASE("async-std: main runs on the block_on thread, spawned tasks on the runners (A1, A3)") {
    auto sc = scenario({task("main", {spawn("a"), spawn("b"), join_handle("a"), join_handle("b")}),
                        task("a", {sleep_for(1 * kMilli)}, false), task("b", {yield_now()}, false)});
    sc.runtime.workers = 3;
    auto t = run_under(sc, "async-std");
    INFO(dump(*t));
    CHECK(t->meta.end == EndReason::AllComplete);
    CHECK(t->meta.workers == 3);
    std::vector<std::string> order = polls_with_worker(*t);
    REQUIRE(order.size() >= 3);
    CHECK(order.front() == "main@0");
    // under smol, main is a task like any other and is queued behind nothing only by chance;
    // under async-std its every poll is the block_on thread's
    auto s = run_under(sc, "smol");
    CHECK(polls_with_worker(*s) != order);
}

TEST_CASE("async-std: with main spawned, the runners schedule exactly as smol's do (A2, A4)") {
    auto sc =
        scenario({task("a", {repeat(3, {yield_now()})}), task("b", {sleep_for(2 * kMilli), yield_now()}),
                  task("c", {repeat(2, {sleep_for(1 * kMilli)})})});
    sc.runtime.main_block_on = false;
    for (std::uint64_t seed : {1ULL, 7ULL, 42ULL}) {
        sc.runtime.seed = seed;
        auto a = run_under(sc, "async-std");
        auto s = run_under(sc, "smol");
        INFO("seed " << seed);
        CHECK(polls_with_worker(*a) == polls_with_worker(*s));
        CHECK(a->size() == s->size());
    }
}

TEST_CASE("async-std: timers fire at their exact deadline, not rounded to tokio's 1 ms ticks (A5)") {
    auto sc = scenario({task("main", {sleep_for(1500 * kMicro)})});
    auto t = run_under(sc, "async-std");
    auto k = run_under(sc, "tokio-current-thread");
    auto fire_time = [](const Trace& tr) {
        for (std::size_t i = 0; i < tr.size(); ++i)
            if (tr[i].kind == EventKind::TimerFire) return tr[i].time;
        return Nanos{-1};
    };
    CHECK(fire_time(*t) == 1500 * kMicro);
    CHECK(fire_time(*k) == 2 * kMilli);
    CHECK(wakes_of(*t, "main") == "w");  // the reactor's wake() consumes the waker
}

TEST_CASE("async-std: yield_now wakes by reference at once, with no defer list and no budget (A6)") {
    auto sc = scenario({task("main", {yield_now(), yield_now()}), task("other", {yield_now()})});
    auto t = run_under(sc, "async-std");
    INFO(dump(*t));
    CHECK(wakes_of(*t, "main") == "rr");
    // each wake unparks the block_on thread at once: main's three polls come first
    std::vector<std::string> order = polls_with_worker(*t);
    REQUIRE(order.size() >= 3);
    CHECK(order[0] == "main@0");
    CHECK(order[1] == "main@0");
    CHECK(order[2] == "main@0");
    auto p = make_policy("async-std", 2, 1);
    CHECK_FALSE(p->defers_yield());
    CHECK(p->coop_budget() == 0);
    CHECK_FALSE(p->join_rotates());
}

TEST_CASE("async-std: a task's completion wakes its JoinHandle with wake(), as async-task does (A7)") {
    auto sc = scenario({task("parent", {spawn("child"), join_handle("child")}),
                        task("child", {sleep_for(1 * kMilli)}, false)});
    auto t = run_under(sc, "async-std");
    INFO(dump(*t));
    CHECK(wakes_of(*t, "parent") == "w");
    CHECK_FALSE(make_policy("async-std", 2, 1)->join_handle_wakes_by_ref());
}

TEST_CASE("async-std is in the registry with seven rules and its simplification") {
    const PolicyInfo* info = find_policy("async-std");
    REQUIRE(info);
    CHECK(info->rules.size() == 7);
    CHECK_FALSE(info->simplification.empty());
    CHECK(policy_name_list().find("async-std") != std::string::npos);
}
