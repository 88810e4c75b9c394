// Scheduling policies: each documented rule of engine/policy.hpp, tested.
#include <catch2/catch.hpp>

#include "engine/policy.hpp"
#include "support/build.hpp"

using namespace pst;

namespace {

// Task names in the order of their task-level polls.
std::vector<std::string> poll_order(const Trace& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        const NodeInfo* n = t.node_info(e.node);
        if (e.kind == EventKind::PollBegin && n && n->depth == 0) out.push_back(t.tasks[e.task].name);
    }
    return out;
}

std::unique_ptr<Trace> run(Scenario sc, const char* policy) {
    RunOptions o;
    o.policy = policy;
    return simulate(sc, o);
}

}  // namespace

TEST_CASE("fifo: the front task runs and the reactor turns only when the queue is empty") {
    FifoPolicy p;
    CHECK(p.next(false).turn == Turn::Park);
    p.push(3, ScheduleReason::Spawned);
    p.push(1, ScheduleReason::Woken);
    Decision d = p.next(false);
    CHECK(d.turn == Turn::Poll);
    CHECK(d.task == 3);
    CHECK(p.next(true).task == 1);
    CHECK(p.next(true).turn == Turn::Park);
}

TEST_CASE("tokio-current-thread: the driver is polled after 61 polls in a row") {
    TokioCurrentThreadPolicy p;
    for (std::uint32_t i = 0; i < 100; ++i) p.push(i, ScheduleReason::Spawned);
    for (int i = 0; i < 61; ++i) REQUIRE(p.next(false).turn == Turn::Poll);
    CHECK(p.next(false).turn == Turn::DriverYield);
    CHECK(p.next(false).turn == Turn::Poll);
}

TEST_CASE("tokio-current-thread: an empty queue parks, or only yields to the driver when wakes are deferred") {
    TokioCurrentThreadPolicy p;
    CHECK(p.next(false).turn == Turn::Park);
    CHECK(p.next(true).turn == Turn::DriverYield);
    // parking restarts the count of rule T3
    for (std::uint32_t i = 0; i < 70; ++i) p.push(i, ScheduleReason::Woken);
    for (int i = 0; i < 61; ++i) REQUIRE(p.next(false).turn == Turn::Poll);
    CHECK(p.next(false).turn == Turn::DriverYield);
}

TEST_CASE("tokio-current-thread: timers round up to whole milliseconds and fire together in registration order") {
    auto sc = scenario({task("late", {sleep_for(1'700 * kMicro)}), task("early", {sleep_for(1'200 * kMicro)})});
    auto t = run(sc, "tokio-current-thread");
    INFO(dump(*t));
    CHECK(poll_order(*t) == std::vector<std::string>{"late", "early", "late", "early"});
    CHECK(t->end_time() == 2 * kMilli);
    auto f = run(sc, "fifo");
    CHECK(poll_order(*f) == std::vector<std::string>{"late", "early", "early", "late"});
    CHECK(f->end_time() == 1'700 * kMicro);
}

TEST_CASE("tokio-current-thread: yield_now's wake waits for the driver, behind tasks woken meanwhile") {
    auto sc = scenario({task("C", {on(FutureKind::Recv, "ch")}), task("A", {yield_now()}),
                        task("B", {on(FutureKind::Send, "ch", 1)})},
                       {resource("ch", ResourceKind::Channel, 1)});
    auto tokio = run(sc, "tokio-current-thread");
    INFO(dump(*tokio));
    CHECK(poll_order(*tokio) == std::vector<std::string>{"C", "A", "B", "C", "A"});
    // the deferred wake is a clone that the driver's turn consumes
    CHECK(count(*tokio, EventKind::WakerWakeByRef) == 0);
    auto fifo = run(sc, "fifo");
    CHECK(poll_order(*fifo) == std::vector<std::string>{"C", "A", "B", "A", "C"});
}

TEST_CASE("tokio-current-thread: the coop budget makes a task yield after 128 ready operations") {
    auto sc = scenario({task("producer", {repeat(200, {on(FutureKind::Send, "ch", 1)})}),
                        task("consumer", {repeat(200, {on(FutureKind::Recv, "ch")})})},
                       {resource("ch", ResourceKind::Channel, 500)});
    auto t = run(sc, "tokio-current-thread");
    // producer: 128 sends, budget gone, re-queued; consumer: 128 recvs, re-queued; then the rest.
    CHECK(poll_order(*t) == std::vector<std::string>{"producer", "consumer", "producer", "consumer"});
    CHECK(count(*t, EventKind::WakerWakeByRef) == 2);
    auto f = run(sc, "fifo");
    CHECK(poll_order(*f) == std::vector<std::string>{"producer", "consumer"});
}

TEST_CASE("a woken sender keeps the slot handed to it: no barging") {
    // 'late' arrives after the slot was handed to 'first' and must wait its turn.
    auto sc = scenario({task("first", {on(FutureKind::Send, "ch", 1), on(FutureKind::Send, "ch", 2)}),
                        task("drain", {sleep_for(kMilli), on(FutureKind::Recv, "ch"), on(FutureKind::Send, "ch", 9)}),
                        task("last", {sleep_for(2 * kMilli), on(FutureKind::Recv, "ch"), on(FutureKind::Recv, "ch")})},
                       {resource("ch", ResourceKind::Channel, 1)});
    auto t = run(sc, "fifo");
    INFO(dump(*t));
    // 'drain' receives 1, which hands the freed slot to the parked 'first' (value 2); drain's own
    // send of 9 must then park behind it even though 'first' has not been polled yet.
    std::vector<std::int64_t> received;
    for (std::size_t i = 0; i < t->size(); ++i) {
        const Event& e = (*t)[i];
        if (e.kind == EventKind::PollEnd && e.detail == 1 && t->node_info(e.node) &&
            t->node_info(e.node)->kind == "recv")
            received.push_back(e.arg);
    }
    CHECK(received == std::vector<std::int64_t>{1, 2, 9});
}

TEST_CASE("IO scripted at time zero is there before the first poll") {
    auto conn = resource("conn", ResourceKind::Socket, 64);
    IoScriptEvent e;
    e.at = 0;
    e.readable = 10;
    conn.script = {e};
    auto t = simulate(scenario({task("r", {on(FutureKind::Read, "conn")})}, {conn}));
    INFO(dump(*t));
    CHECK(count(*t, EventKind::WakerClone) == 0);
    CHECK(poll_order(*t).size() == 1);
}
