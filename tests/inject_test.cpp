// The teacher's hand on the reactor: run --inject STEP:ACTION (engine/runtime/intervention.hpp)
// and AppState::inject / undo_inject.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/gui/model/app_state.hpp"
#include "engine/export/trace_json.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/runtime/intervention.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/narrate.hpp"
#include "engine/trace/snapshot.hpp"

using namespace ps;

namespace {

std::string lesson(const char* name) {
    return std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/" + name;
}

Scenario load(const char* name) {
    LoadResult r = load_scenario_file(lesson(name));
    REQUIRE(r.ok());
    return *r.scenario;
}

std::unique_ptr<Trace> run(const char* name, std::vector<Injection> injections) {
    RunOptions o;
    o.injections = std::move(injections);
    return simulate(load(name), o);
}

// The message of the InjectionError a run throws ("" when it runs).
std::string error_of(const char* name, std::vector<Injection> injections) {
    try {
        run(name, std::move(injections));
    } catch (const InjectionError& e) {
        return e.what();
    }
    return {};
}

// The first step >= from whose narration contains `text`, or -1.
std::int64_t find_line(const Trace& t, const std::string& text, std::size_t from = 0) {
    for (std::size_t i = from; i < t.size(); ++i)
        if (narrate(t, static_cast<std::uint32_t>(i)).find(text) != std::string::npos)
            return static_cast<std::int64_t>(i);
    return -1;
}

std::size_t diagnostics_of(const Trace& t, DiagKind kind) {
    std::size_t n = 0;
    for (const DiagnosticInfo& d : t.diagnostics) n += d.kind == kind;
    return n;
}

}  // namespace

TEST_CASE("firing the sleep's timer by hand makes the task's next poll Ready at that time") {
    auto plain = run("02-sleep.json", {});
    auto t = run("02-sleep.json", {{8, "fire-timer:main"}});
    REQUIRE(t->size() > 8);
    CHECK((*t)[8].kind == EventKind::Inject);
    CHECK(narrate(*t, 8) == "the teacher fired timer #0 (fires at 10.000ms) of task 0 'main' now");
    CHECK((*t)[9].kind == EventKind::TimerFire);
    const std::int64_t ready = find_line(*t, "sleep(10ms) (main/0) returned Ready");
    REQUIRE(ready > 0);
    CHECK((*t)[static_cast<std::size_t>(ready)].time == 20'000);  // 0.010ms + one poll cost, not 10ms
    CHECK(t->end_time() < plain->end_time());
    CHECK(find_line(*t, "virtual time jumps") < 0);  // nothing was left to wait for
}

TEST_CASE("an intervention inside a poll applies at the next step between two polls") {
    auto t = run("02-sleep.json", {{3, "fire-timer:main"}});
    CHECK((*t)[3].kind != EventKind::Inject);
    CHECK((*t)[8].kind == EventKind::Inject);
}

TEST_CASE("readable, writable and close make the socket ready now") {
    auto r = run("06-socket-read.json", {{8, "readable:conn:50"}});
    CHECK(narrate(*r, 8) == "the teacher made socket 'conn' readable now: 50 bytes arrive");
    CHECK(narrate(*r, 9) == "'conn' is readable; the reactor wakes waker #0 of task 0 'reader'");
    CHECK(narrate(*r, 14) == "read on socket 'conn' (reader/0) returned Ready(50)");

    auto c = run("06-socket-read.json", {{8, "close:conn"}});
    CHECK(narrate(*c, 8) == "the teacher closed socket 'conn' from the peer's side now");
    CHECK(narrate(*c, 9) == "the peer closed 'conn'; the reactor wakes waker #0 of task 0 'reader'");
    CHECK(narrate(*c, 14) == "read on socket 'conn' (reader/0) returned Ready");

    auto w = run("06-socket-read.json", {{8, "writable:conn:10"}});
    CHECK(narrate(*w, 8) ==
          "the teacher made socket 'conn' writable now: 10 bytes of its send buffer are freed");
    CHECK(narrate(*w, 9) == "'conn' is writable; nobody is waiting for it yet");
}

TEST_CASE("a value sent by hand wakes the receiver, which receives it") {
    auto t = run("19-oneshot-reply.json", {{11, "send:reply:42"}});
    CHECK(narrate(*t, 11) == "the teacher sent 42 on channel 'reply' from another thread now");
    CHECK(narrate(*t, 12) ==
          "waker #0 of task 0 'client' woken and consumed: a value was sent on channel 'reply' (by the "
          "teacher's hand)");
    CHECK(find_line(*t, "recv on channel 'reply' (client/1) returned Ready(42)") > 12);
}

TEST_CASE("waking the stored waker from another thread polls the task now; the holder still wakes it later") {
    auto t = run("11-lost-wakeup.json", {{10, "wake:0"}});
    CHECK(narrate(*t, 10) ==
          "the teacher woke waker #0 of task 0 'correct' from another thread now, by reference: another "
          "thread (wakes it at 3.000ms) keeps its clone");
    CHECK((*t)[11].kind == EventKind::WakerWakeByRef);
    const std::int64_t ready = find_line(*t, "task 0 'correct' returned Ready(1)");
    REQUIRE(ready > 0);
    CHECK((*t)[static_cast<std::size_t>(ready)].time < 3'000'000);  // rescued before its helper's 3 ms
    CHECK(diagnostics_of(*t, DiagKind::WakeAfterComplete) == 1);    // the helper thread still wakes it
}

TEST_CASE("dropping the stored waker makes a lost wakeup and a deadlock") {
    auto plain = run("11-lost-wakeup.json", {});
    CHECK(plain->meta.end_message ==
          "1 of 2 tasks are still pending and nothing is left that could wake them");
    auto t = run("11-lost-wakeup.json", {{10, "drop-waker:0"}});
    CHECK(
        narrate(*t, 10) ==
        "the teacher dropped waker #0 of task 0 'correct', held by another thread (wakes it at 3.000ms): it "
        "can no longer wake the task");
    CHECK((*t)[11].kind == EventKind::WakerDrop);
    REQUIRE(!t->diagnostics.empty());
    CHECK(t->diagnostics[0].step == 12);
    CHECK(t->diagnostics[0].message ==
          "task 0 'correct' waits at hand-written future 'stores its waker with a helper thread' (correct/0) "
          "and "
          "its last waker was just dropped: nothing can wake it again (lost wakeup)");
    CHECK(find_line(*t,
                    "another thread would wake task 0 'correct' now, but the waker it held was dropped: "
                    "nothing is woken") > 12);
    CHECK(diagnostics_of(*t, DiagKind::Deadlock) == 2);
    CHECK(t->meta.end_message == "2 of 2 tasks are still pending and nothing is left that could wake them");
}

TEST_CASE("a run with injections is deterministic and records them in the trace meta") {
    const std::vector<Injection> in = {{21, "readable:conn:5"}, {8, "readable:conn:7"}};
    auto a = run("06-socket-read.json", in);
    auto b = run("06-socket-read.json", in);
    CHECK(narrate(*a, 8) == "the teacher made socket 'conn' readable now: 7 bytes arrive");
    CHECK(trace_json_string(*a) == trace_json_string(*b));
    CHECK(a->meta.injections == in);  // as given, applied in step order
    CHECK(run("02-sleep.json", {})->meta.injections.empty());
    CHECK(trace_json_string(*run("02-sleep.json", {})).find("injections") == std::string::npos);
}

TEST_CASE("a trace with interventions breaks none of the task rules a trace reader predicts") {
    const std::pair<const char*, Injection> runs[] = {
        {"02-sleep.json", {8, "fire-timer:main"}},  {"06-socket-read.json", {8, "readable:conn:50"}},
        {"06-socket-read.json", {8, "close:conn"}}, {"19-oneshot-reply.json", {11, "send:reply:42"}},
        {"11-lost-wakeup.json", {10, "wake:0"}},    {"11-lost-wakeup.json", {10, "drop-waker:0"}},
    };
    for (const auto& [name, in] : runs) {
        INFO(name << " " << in.action);
        auto t = run(name, {in});
        CHECK(snapshot_at(*t, static_cast<std::int64_t>(t->size()) - 1).rule_breaks == 0);
    }
}

TEST_CASE("a saved demonstration, loaded and run again, gives the same trace") {
    auto first = run("02-sleep.json", {{8, "fire-timer:main"}});
    const std::string saved = trace_json_string(*first);
    CHECK(saved.find("\"injections\": [{\"step\": 8, \"action\": \"fire-timer:main\"}]") !=
          std::string::npos);
    TraceLoadResult loaded = load_trace_text(saved, "demo.json");
    REQUIRE(loaded.trace);
    CHECK(loaded.trace->meta.injections == first->meta.injections);
    CHECK(trace_json_string(*loaded.trace) == saved);
    RunOptions again;
    again.injections = loaded.trace->meta.injections;
    again.policy = loaded.trace->meta.policy;
    again.seed = loaded.trace->meta.seed;
    CHECK(trace_json_string(*simulate(load("02-sleep.json"), again)) == saved);
}

TEST_CASE("inject in the window re-runs from the start, and undo restores the previous trace exactly") {
    gui::AppState app;
    REQUIRE(app.open(lesson("02-sleep.json")));
    const std::string before = trace_json_string(*app.trace());
    app.seek(7);
    REQUIRE(app.inject("fire-timer:main"));
    CHECK(app.step == 8);
    CHECK((*app.trace())[8].kind == EventKind::Inject);
    CHECK(app.run_options.injections == std::vector<Injection>{{8, "fire-timer:main"}});
    CHECK(!app.inject("fire-timer:main"));  // the timer has fired: nothing left to fire
    CHECK(app.status == lesson("02-sleep.json") +
                            ": the simulation failed: --inject 9:fire-timer:main: no pending timer of task "
                            "'main' at step 9");
    CHECK(app.run_options.injections.size() == 1);
    REQUIRE(app.undo_inject());
    CHECK(trace_json_string(*app.trace()) == before);
    CHECK(app.step == 7);
    CHECK(!app.undo_inject());
}

TEST_CASE("the window offers the actions that make sense at the cursor") {
    gui::AppState app;
    REQUIRE(app.open(lesson("11-lost-wakeup.json")));
    app.seek(9);
    CHECK(app.inject_choices() == std::vector<std::string>{"fire-timer:correct", "wake:0", "drop-waker:0"});
    REQUIRE(app.open(lesson("06-socket-read.json")));
    CHECK(app.inject_choices() ==
          std::vector<std::string>{"readable:conn:64", "writable:conn:64", "close:conn"});  // before step 0
}

TEST_CASE("every injection error says exactly what is wrong") {
    Injection in;
    std::string e;
    CHECK(!parse_injection("fire-timer", in, e));
    CHECK(e == "expected STEP:ACTION, e.g. 12:fire-timer:main");
    CHECK(!parse_injection("x:fire-timer:main", in, e));
    CHECK(e == "'x' is not a step number (expected STEP:ACTION, e.g. 12:fire-timer:main)");
    CHECK(!parse_injection("3:fire:main", in, e));
    CHECK(e ==
          "unknown action 'fire' (expected fire-timer, readable, writable, close, send, wake or drop-waker)");
    CHECK(!parse_injection("3:readable:conn", in, e));
    CHECK(e == "'readable' takes SOCKET:BYTES, e.g. readable:conn:64");
    CHECK(!parse_injection("3:fire-timer:", in, e));
    CHECK(e == "'fire-timer' takes TASK, e.g. fire-timer:main");
    CHECK(!parse_injection("3:readable:conn:0", in, e));
    CHECK(e == "BYTES must be a whole number from 1 to 1000000000, got '0'");
    CHECK(!parse_injection("3:send:jobs:x", in, e));
    CHECK(e == "VALUE must be a whole number, got 'x'");
    CHECK(!parse_injection("3:wake:w", in, e));
    CHECK(e == "WAKER_ID must be a waker number like 3 (or #3), got 'w'");
    REQUIRE(parse_injection("3:drop-waker:#2", in, e));
    CHECK((in.step == 3 && in.action == "drop-waker:#2"));

    CHECK(error_of("02-sleep.json", {{8, "fire-timer:a"}}) ==
          "--inject 8:fire-timer:a: no task named 'a' in this scenario (its tasks: main)");
    CHECK(error_of("02-sleep.json", {{8, "close:conn"}}) ==
          "--inject 8:close:conn: no socket named 'conn' in this scenario (it has no sockets)");
    CHECK(error_of("06-socket-read.json", {{8, "send:conn:1"}}) ==
          "--inject 8:send:conn:1: no channel named 'conn' in this scenario (it has no channels)");
    CHECK(error_of("02-sleep.json", {{99, "fire-timer:main"}}) ==
          "--inject 99:fire-timer:main: step 99 is past the end of the run (the last step an action can "
          "apply at is 20)");
    CHECK(error_of("02-sleep.json", {{12, "fire-timer:main"}}) ==
          "--inject 12:fire-timer:main: no pending timer of task 'main' at step 12");
    CHECK(error_of("11-lost-wakeup.json", {{4, "wake:0"}}) ==
          "--inject 4:wake:0: waker #0 is not alive at step 4 (no such waker was made yet)");
    CHECK(error_of("11-lost-wakeup.json", {{20, "drop-waker:0"}}) ==
          "--inject 20:drop-waker:0: waker #0 is not alive at step 20 (it was used up or dropped)");
    CHECK(error_of("06-socket-read.json", {{8, "close:conn"}, {9, "readable:conn:5"}}) ==
          "--inject 9:readable:conn:5: socket 'conn' is already closed at step 9");
    CHECK(error_of("08-channel-backpressure.json", {{12, "send:jobs:5"}}) ==
          "--inject 12:send:jobs:5: channel 'jobs' is full at step 12 (capacity 2)");
}
