// Wakers: every vtable call is an event, each clone has an identity, and the counts add up.
#include <catch2/catch.hpp>
#include <set>

#include "engine/trace/snapshot.hpp"
#include "support/build.hpp"

using namespace pst;

TEST_CASE("a sleep clones the waker once, into its timer, and the timer's wake consumes it") {
    auto t = simulate(scenario({task("main", {sleep_for(10 * kMilli)})}));
    INFO(dump(*t));
    CHECK(count(*t, EventKind::WakerClone) == 1);
    CHECK(count(*t, EventKind::WakerWake) == 1);
    CHECK(count(*t, EventKind::WakerDrop) == 0);  // wake() consumed it: no separate drop
    std::size_t clone = 0;
    while ((*t)[clone].kind != EventKind::WakerClone) ++clone;
    CHECK((*t)[clone].detail == static_cast<std::uint8_t>(HolderKind::Timer));
    CHECK(t->strings.get(static_cast<std::uint32_t>((*t)[clone].arg)) == "timer #0 (fires at 10.000ms)");
}

TEST_CASE("re-polling a sleep keeps its clone because will_wake is true") {
    // yield_now inside a join re-polls the pending sleep without the timer having fired.
    auto t =
        simulate(scenario({task("main", {group(FutureKind::Join, {sleep_for(5 * kMilli), yield_now()})})}));
    INFO(dump(*t));
    CHECK(count(*t, EventKind::WakerClone) == 1);
}

TEST_CASE("a hand-written future that stores a fresh clone each time drops the old one") {
    auto t = simulate(scenario({task(
        "main", {group(FutureKind::Join,
                       {
                           scripted({pending(WakerAction::Store), pending(WakerAction::Store), ready_step()}),
                           repeat(2, {yield_now()}),
                       })})}));
    INFO(dump(*t));
    CHECK(count(*t, EventKind::WakerClone) == 2);
    CHECK(count(*t, EventKind::WakerDrop) == 2);  // replaced once, dropped at completion once
}

TEST_CASE("the borrowed poll waker is never dropped") {
    auto t = simulate(scenario({task("main", {yield_now(), yield_now()})}));
    INFO(dump(*t));
    CHECK(count(*t, EventKind::WakerWakeByRef) == 2);
    CHECK(count(*t, EventKind::WakerDrop) == 0);
    CHECK(count(*t, EventKind::WakerClone) == 0);
    for (std::size_t i = 0; i < t->size(); ++i)
        if ((*t)[i].kind == EventKind::WakerWakeByRef) CHECK((*t)[i].waker == kNone);
}

TEST_CASE("waker ids are unique and every clone is accounted for at the end") {
    auto sc = scenario(
        {task("a", {sleep_for(kMilli), on(FutureKind::Send, "ch", 1), on(FutureKind::Send, "ch", 2)}),
         task("b", {on(FutureKind::Recv, "ch"), on(FutureKind::Recv, "ch"), sleep_for(kMilli)})},
        {resource("ch", ResourceKind::Channel, 1)});
    auto t = simulate(sc);
    INFO(dump(*t));
    std::set<std::uint32_t> ids;
    std::size_t clones = 0, gone = 0;
    for (std::size_t i = 0; i < t->size(); ++i) {
        const Event& e = (*t)[i];
        if (e.kind == EventKind::WakerClone) {
            ++clones;
            CHECK(ids.insert(e.waker).second);
        }
        if (e.kind == EventKind::WakerWake || e.kind == EventKind::WakerDrop) ++gone;
    }
    CHECK(clones == gone);
    SnapshotCursor c(*t);
    CHECK(c.seek(static_cast<std::int64_t>(t->size()) - 1).wakers.empty());
}
