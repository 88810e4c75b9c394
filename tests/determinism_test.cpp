// Same scenario + same seed + same policy => identical trace, event for event.
#include <catch2/catch.hpp>
#include <cstring>

#include "support/build.hpp"

using namespace pst;

namespace {
bool identical(const Trace& a, const Trace& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::memcmp(&a[i], &b[i], sizeof(Event)) != 0) return false;
    }
    return a.strings.all() == b.strings.all();
}
}  // namespace

TEST_CASE("the same scenario, seed and policy give byte-identical traces, under every policy") {
    auto sc = scenario({task("a", {group(FutureKind::Select, {sleep_for(kMilli), yield_now(), ready(3)}),
                                   sleep_for(kMilli)}),
                        task("b", {repeat(10, {group(FutureKind::Select, {yield_now(), ready(1)})})})});
    for (const PolicyInfo& policy : policies()) {
        for (std::uint64_t seed : {1ull, 2ull, 99ull}) {
            INFO(policy.name << " seed " << seed);
            RunOptions o;
            o.seed = seed;
            o.policy = std::string(policy.name);
            auto x = simulate(sc, o);
            auto y = simulate(sc, o);
            CHECK(identical(*x, *y));
            CHECK(x->meta.seed == seed);
        }
    }
}

TEST_CASE("trace events are 32 bytes and stored in chunks") {
    STATIC_REQUIRE(sizeof(Event) == 32);
    auto sc = scenario({task("spin", {repeat(20000, {yield_now()})})});
    sc.runtime.max_events = 1'000'000;
    auto t = simulate(sc);
    CHECK(t->size() > EventStore::kChunkSize);
    // events across a chunk boundary are intact and in time order
    for (std::size_t i = 1; i < t->size(); ++i) REQUIRE((*t)[i].time >= (*t)[i - 1].time);
    CHECK(t->task_events(0).size() + 1 == t->size());  // all but run_end are about task 0
}

TEST_CASE("an unknown policy is refused") {
    RunOptions o;
    o.policy = "round-robin";
    CHECK_THROWS_AS(simulate(scenario({task("a", {ready()})}), o), std::invalid_argument);
}
