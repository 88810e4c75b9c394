// `"runtime": {"reactor": "none"}`: an executor without tokio's reactor, where tokio's timers
// and sockets panic at their first poll (engine/runtime/futures/tokio_context.hpp).
#include <catch2/catch.hpp>

#include "engine/export/trace_json.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/runtime/futures/tokio_context.hpp"
#include "support/build.hpp"

using namespace pst;

namespace {

std::unique_ptr<Trace> run_without_reactor(Scenario sc, std::string_view policy) {
    sc.runtime.tokio_reactor = false;
    RunOptions o;
    o.policy = std::string(policy);
    return simulate(sc, o);
}

// The path of the future whose poll began last: where the panic happened.
std::string last_poll_path(const Trace& t) {
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i].kind == EventKind::PollBegin) out = t.node_info(t[i].node)->path;
    return out;
}

}  // namespace

TEST_CASE("tokio's exact message is the one the run ends with") {
    CHECK(kNoTokioReactor ==
          "there is no reactor running, must be called from the context of a Tokio 1.x runtime");
}

TEST_CASE("without tokio's reactor a sleep panics at its first poll and the run ends there") {
    auto sc = scenario({task("main", {sleep_for(5 * kMilli), ready(1)})});
    for (const char* policy : {"fifo", "smol", "async-std"}) {
        auto t = run_without_reactor(sc, policy);
        INFO(policy << "\n" << dump(*t));
        CHECK(t->meta.end == EndReason::Panic);
        CHECK(t->meta.end_message.find(kNoTokioReactor) != std::string::npos);
        REQUIRE(t->diagnostics.size() == 1);
        CHECK(t->diagnostics[0].kind == DiagKind::Panic);
        CHECK(last_poll_path(*t) == "main/0");
        CHECK(count(*t, EventKind::PollEnd) == 0);   // the panic unwound: no future returned
        CHECK(count(*t, EventKind::Register) == 0);  // the timer was never registered
        CHECK(t->end_time() == 0);                   // at the first poll, with no time passing
    }
}

TEST_CASE("without tokio's reactor a timeout and a socket read panic too, before polling anything inside") {
    auto timed = scenario({task("main", {timeout(1 * kMilli, yield_now())})});
    auto t = run_without_reactor(timed, "fifo");
    CHECK(t->meta.end == EndReason::Panic);
    CHECK(last_poll_path(*t) == "main/0");  // the timeout itself, not the yield inside it
    auto read =
        scenario({task("main", {on(FutureKind::Read, "sock")})}, {resource("sock", ResourceKind::Socket)});
    auto r = run_without_reactor(read, "fifo");
    INFO(dump(*r));
    CHECK(r->meta.end == EndReason::Panic);
    CHECK(last_poll_path(*r) == "main/0");
}

TEST_CASE("without tokio's reactor tokio's channels still work: they need no runtime") {
    auto sc =
        scenario({task("rx", {on(FutureKind::Recv, "ch")}), task("tx", {on(FutureKind::Send, "ch", 3)})},
                 {resource("ch", ResourceKind::Channel, 1)});
    auto t = run_without_reactor(sc, "fifo");
    CHECK(t->meta.end == EndReason::AllComplete);
    CHECK(t->diagnostics.empty());
}

TEST_CASE("tokio's schedulers always run tokio's reactor, whatever the scenario says") {
    auto sc = scenario({task("main", {sleep_for(5 * kMilli)})});
    for (const char* policy : {"tokio-current-thread", "tokio-multi-thread"}) {
        auto t = run_without_reactor(sc, policy);
        INFO(policy);
        CHECK(t->meta.end == EndReason::AllComplete);
        CHECK(t->diagnostics.empty());
    }
}

TEST_CASE("a run that ended in a panic round-trips through the trace file") {
    auto t = run_without_reactor(scenario({task("main", {sleep_for(5 * kMilli)})}), "fifo");
    std::string once = trace_json_string(*t);
    TraceLoadResult back = load_trace_text(once, "t.json");
    REQUIRE(back.ok());
    CHECK(back.trace->meta.end == EndReason::Panic);
    REQUIRE(back.trace->diagnostics.size() == 1);
    CHECK(back.trace->diagnostics[0].kind == DiagKind::Panic);
    CHECK(trace_json_string(*back.trace) == once);
}

TEST_CASE("\"reactor\" in \"runtime\" is \"tokio\" or \"none\"") {
    auto load = [](const std::string& value) {
        return load_scenario_text(
            R"({"format": "pollscope-scenario/1", "title": "t", "runtime": {"reactor": )" + value +
                R"(}, "tasks": [{"name": "main", "body": [{"ready": 1}]}]})",
            "t.json");
    };
    CHECK_FALSE(load(R"("none")").scenario->runtime.tokio_reactor);
    CHECK(load(R"("tokio")").scenario->runtime.tokio_reactor);
    CHECK_FALSE(load(R"("off")").errors.empty());
}
