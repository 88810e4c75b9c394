// Each future kind, observed through the trace it leaves.
#include <catch2/catch.hpp>
#include <set>

#include "support/build.hpp"

using namespace pst;

namespace {

// Steps at which `task` polled the node whose path is `path` (nested polls included).
std::vector<std::size_t> polls_of(const Trace& t, const std::string& path) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i].kind == EventKind::PollBegin && t.strings.get(t[i].node) == path) out.push_back(i);
    return out;
}

std::size_t first(const Trace& t, EventKind k, std::size_t from = 0) {
    for (std::size_t i = from; i < t.size(); ++i)
        if (t[i].kind == k) return i;
    return t.size();
}

IoScriptEvent at(Nanos when, std::int64_t readable = 0, bool closed = false, std::string connect = "") {
    IoScriptEvent e;
    e.at = when;
    e.readable = readable;
    e.closed = closed;
    e.connect = std::move(connect);
    return e;
}

}  // namespace

TEST_CASE("an async block goes on to its next await in the same poll") {
    auto t = simulate(scenario({task("main", {ready(1), ready(2), ready(3)})}));
    INFO(dump(*t));
    // One task-level poll runs all three ready futures.
    CHECK(polls_of(*t, "main").size() == 1);
    CHECK(polls_of(*t, "main/2").size() == 1);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("join polls every unfinished child on each poll, in order") {
    auto t = simulate(
        scenario({task("main", {group(FutureKind::Join, {sleep_for(2 * kMilli), sleep_for(1 * kMilli)})})}));
    INFO(dump(*t));
    auto a = polls_of(*t, "main/0/0"), b = polls_of(*t, "main/0/1");
    // First poll: both; at 1ms only the second is unfinished... both are polled until done.
    REQUIRE(a.size() == 3);
    REQUIRE(b.size() == 2);
    CHECK(a[0] < b[0]);
    CHECK(a[1] < b[1]);
    CHECK((*t)[a[2]].time == 2 * kMilli);
}

TEST_CASE("select drops the losing branch, and its waker with it") {
    auto sc =
        scenario({task("main", {group(FutureKind::Select, {sleep_for(5 * kMilli), sleep_for(1 * kMilli)})})});
    sc.tasks[0].body.children[0].biased = true;
    auto t = simulate(sc);
    INFO(dump(*t));
    std::size_t drop = first(*t, EventKind::FutureDrop);
    REQUIRE(drop < t->size());
    CHECK(t->strings.get((*t)[drop].node) == "main/0/0");
    CHECK((*t)[drop].detail == static_cast<std::uint8_t>(DropReason::Cancelled));
    CHECK((*t)[drop].time == 1 * kMilli);
    CHECK((*t)[first(*t, EventKind::Deregister, drop)].time == 1 * kMilli);
    std::size_t wd = first(*t, EventKind::WakerDrop, drop);
    REQUIRE(wd < t->size());
    CHECK(t->strings.get(static_cast<std::uint32_t>((*t)[wd].arg)) ==
          "timer #0 (fires at 5.000ms) cancelled");
    // The cancelled timer never fires and time never reaches 5ms.
    CHECK(count(*t, EventKind::TimerFire) == 1);
    CHECK(t->end_time() == 1 * kMilli);
}

TEST_CASE("select without biased starts at a seeded random branch") {
    auto sc =
        scenario({task("main", {group(FutureKind::Select, {ready(10), ready(20), ready(30), ready(40)})})});
    std::set<std::int64_t> winners;
    for (std::uint64_t seed = 1; seed <= 16; ++seed) {
        RunOptions o;
        o.seed = seed;
        auto t = simulate(sc, o);
        auto a = simulate(sc, o);
        REQUIRE(t->size() == a->size());
        std::size_t done = first(*t, EventKind::TaskComplete);
        winners.insert((*t)[done].arg);
    }
    CHECK(winners.size() > 1);  // different seeds pick different first branches
}

TEST_CASE("timeout drops its inner future when the timer fires first") {
    auto t = simulate(scenario({task("main", {timeout(2 * kMilli, sleep_for(10 * kMilli))})}));
    INFO(dump(*t));
    std::size_t drop = first(*t, EventKind::FutureDrop);
    REQUIRE(drop < t->size());
    CHECK(t->strings.get((*t)[drop].node) == "main/0/0");
    CHECK((*t)[drop].time == 2 * kMilli);
    std::size_t done = first(*t, EventKind::TaskComplete);
    CHECK((*t)[done].arg == -1);  // Err(Elapsed)
}

TEST_CASE("a socket read registers once, and stores a new waker after each readiness edge") {
    auto conn = resource("conn", ResourceKind::Socket, 1024);
    conn.script = {at(5 * kMilli, 100), at(9 * kMilli, 20), at(12 * kMilli, 0, true)};
    auto t = simulate(scenario({task("r", {on(FutureKind::Read, "conn"), on(FutureKind::Read, "conn"),
                                           on(FutureKind::Read, "conn")})},
                               {conn}));
    INFO(dump(*t));
    CHECK(count(*t, EventKind::Register) == 1);
    CHECK(count(*t, EventKind::Deregister) == 1);  // when the task ends
    CHECK(count(*t, EventKind::WakerClone) == 3);  // one per Pending: the wake took the previous one
    CHECK(count(*t, EventKind::IoReady) == 3);
    std::vector<std::int64_t> reads;
    for (std::size_t i = 0; i < t->size(); ++i) {
        const Event& e = (*t)[i];
        if (e.kind == EventKind::PollEnd && e.detail == 1 && t->strings.get(e.node).substr(0, 2) == "r/")
            reads.push_back(e.arg);
    }
    CHECK(reads == std::vector<std::int64_t>{100, 20, 0});  // 0 = EOF
}

TEST_CASE("a bounded channel parks the sender when full and wakes it when space frees") {
    auto sc =
        scenario({task("p", {on(FutureKind::Send, "ch", 1), on(FutureKind::Send, "ch", 2)}),
                  task("c", {sleep_for(kMilli), on(FutureKind::Recv, "ch"), on(FutureKind::Recv, "ch")})},
                 {resource("ch", ResourceKind::Channel, 1)});
    auto t = simulate(sc);
    INFO(dump(*t));
    std::size_t park = first(*t, EventKind::WakerClone);
    REQUIRE(park < t->size());
    CHECK((*t)[park].task == 0);
    CHECK((*t)[park].detail == static_cast<std::uint8_t>(HolderKind::Channel));
    CHECK((*t)[park].time == 0);
    // the producer is woken at 1ms, when the consumer takes the first value
    std::size_t wake = first(*t, EventKind::WakerWake);
    while (wake < t->size() && (*t)[wake].task != 0) wake = first(*t, EventKind::WakerWake, wake + 1);
    REQUIRE(wake < t->size());
    CHECK((*t)[wake].time == kMilli);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("mutex waiters are woken in the order they queued") {
    auto body = [](Nanos d) {
        return std::vector<FutureSpec>{on(FutureKind::Lock, "m"), sleep_for(d), on(FutureKind::Unlock, "m")};
    };
    auto sc = scenario({task("a", body(3 * kMilli)), task("b", body(kMilli)), task("c", body(kMilli))},
                       {resource("m", ResourceKind::Mutex)});
    auto t = simulate(sc);
    INFO(dump(*t));
    std::vector<std::uint32_t> woken;
    for (std::size_t i = 0; i < t->size(); ++i)
        if ((*t)[i].kind == EventKind::WakerWake &&
            (*t)[i].detail == static_cast<std::uint8_t>(HolderKind::Mutex))
            woken.push_back((*t)[i].task);
    CHECK(woken == std::vector<std::uint32_t>{1, 2});
    CHECK(t->end_time() == 5 * kMilli);
}

TEST_CASE("notify_one without a waiter stores a permit for the next notified()") {
    auto sc =
        scenario({task("n", {on(FutureKind::NotifyOne, "ev")}), task("w", {on(FutureKind::Notified, "ev")})},
                 {resource("ev", ResourceKind::Notify)});
    auto t = simulate(sc);
    INFO(dump(*t));
    CHECK(count(*t, EventKind::WakerClone) == 0);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("awaiting a join handle parks until the child completes, then gets its value") {
    auto sc = scenario({task("parent", {spawn("child"), join_handle("child")}),
                        task("child", {sleep_for(2 * kMilli), ready(42)}, false)});
    auto t = simulate(sc);
    INFO(dump(*t));
    REQUIRE(t->tasks.size() == 2);
    CHECK(t->tasks[1].parent == 0);
    std::size_t clone = first(*t, EventKind::WakerClone);
    CHECK((*t)[clone].detail == static_cast<std::uint8_t>(HolderKind::JoinHandle));
    std::size_t last_complete = t->size();
    for (std::size_t i = 0; i < t->size(); ++i)
        if ((*t)[i].kind == EventKind::TaskComplete) last_complete = i;
    REQUIRE(last_complete < t->size());
    CHECK((*t)[last_complete].task == 0);
    CHECK((*t)[last_complete].arg == 42);
}

TEST_CASE("accept waits for a client to connect") {
    auto l = resource("l", ResourceKind::Listener);
    l.script = {at(3 * kMilli, 0, false, "c1")};
    auto c1 = resource("c1", ResourceKind::Socket, 64);
    auto t = simulate(
        scenario({task("server", {on(FutureKind::Accept, "l"), on(FutureKind::Write, "c1", 16)})}, {l, c1}));
    INFO(dump(*t));
    CHECK(t->end_time() == 3 * kMilli);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("a write larger than the send buffer waits for writable space") {
    auto c = resource("c", ResourceKind::Socket, 10);
    IoScriptEvent e;
    e.at = 4 * kMilli;
    e.writable = 100;
    c.script = {e};
    auto t = simulate(scenario({task("w", {on(FutureKind::Write, "c", 50)})}, {c}));
    INFO(dump(*t));
    CHECK(t->end_time() == 4 * kMilli);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("poll cost is charged per leaf poll and gives polls a width") {
    auto sc = scenario({task("main", {ready(), ready()})});
    sc.runtime.poll_cost = 10 * kMicro;
    auto t = simulate(sc);
    CHECK(t->end_time() == 20 * kMicro);
}
