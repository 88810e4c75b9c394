// The scenario loader: good files read field by field, and errors asserted word for word.
// The malformed corpus (tests/malformed/*.json + .expected) is checked here too, so it runs
// under the sanitizers; tests/cli/check_malformed.sh checks the same files through the CLI.
#include "engine/load/scenario_load.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "engine/runtime/simulation.hpp"

using namespace ps;

namespace {

const std::string kSourceDir = POLLSCOPE_SOURCE_DIR;

// A minimal valid scenario around the given ops of task "main" (and extra top-level members).
std::string with_ops(const std::string& ops, const std::string& extra = "") {
    return R"({"format": "pollscope-scenario/1", "title": "t", )" + extra +
           R"("tasks": [{"name": "main", "body": [)" + ops + "]}]}";
}

// All error texts of loading `text` as "t.json", one per line ("" when it loads).
std::string errors_of(const std::string& text, const LoadLimits& limits = {}) {
    LoadResult r = load_scenario_text(text, "t.json", limits);
    std::string out;
    for (const LoadError& e : r.errors) out += e.text() + "\n";
    CHECK(r.ok() == r.errors.empty());
    return out;
}

Scenario load_ok(const std::string& text) {
    LoadResult r = load_scenario_text(text, "t.json");
    INFO(errors_of(text));
    REQUIRE(r.ok());
    return *r.scenario;
}

const std::string kEveryOp = kSourceDir + "/tests/scenario_load/every_op.json";

// tests/scenario_load/every_op.json, loaded; the test stops (showing the errors) if it does not load.
Scenario every_op() {
    LoadResult r = load_scenario_file(kEveryOp);
    for (const LoadError& e : r.errors) UNSCOPED_INFO(e.text());
    REQUIRE(r.ok());
    return *r.scenario;
}

const FutureSpec& op(const Scenario& s, std::size_t i) {
    return s.tasks.at(0).body.children.at(i);
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

// ---- Good files ---------------------------------------------------------------------------

TEST_CASE("a file with every op loads and keeps its top-level fields") {
    const Scenario s = every_op();
    CHECK(s.path == kEveryOp);
    CHECK(s.title == "Every op");
    CHECK(s.summary == "One of each op, to test the loader.");
    CHECK(s.lesson == std::vector<std::string>{"First paragraph.", "Second paragraph."});
    CHECK(s.runtime.policy == "fifo");
    CHECK(s.runtime.seed == 42);
    CHECK(s.runtime.poll_cost == 5 * kMicro);
    CHECK(s.runtime.max_events == 5000);
    CHECK(s.runtime.compute_threshold == 2 * kMilli);
    CHECK(s.runtime.busy_threshold == 7);
    REQUIRE(s.tasks.size() == 2);
    CHECK(s.tasks[0].name == "main");
    CHECK(s.tasks[0].start);
    CHECK(s.tasks[1].name == "worker");
    CHECK_FALSE(s.tasks[1].start);
    CHECK(s.tasks[0].body.kind == FutureKind::Block);
    CHECK(s.tasks[0].body.children.size() == 25);
}

TEST_CASE("resources load with their kinds, capacities and scripts") {
    const Scenario s = every_op();
    const auto& res = s.resources;
    REQUIRE(res.size() == 6);
    CHECK(res[0].name == "conn");
    CHECK(res[0].kind == ResourceKind::Socket);
    CHECK(res[0].capacity == 1024);
    REQUIRE(res[0].script.size() == 3);
    CHECK(res[0].script[0].at == kMilli);
    CHECK(res[0].script[0].readable == 100);
    CHECK(res[0].script[1].at == 2 * kMilli);
    CHECK(res[0].script[1].writable == 50);
    CHECK(res[0].script[2].closed);
    CHECK(res[1].kind == ResourceKind::Listener);
    REQUIRE(res[1].script.size() == 1);
    CHECK(res[1].script[0].at == 500 * kMicro);
    CHECK(res[1].script[0].connect == "conn");
    CHECK(res[2].kind == ResourceKind::Channel);
    CHECK(res[2].capacity == 4);
    CHECK(res[3].kind == ResourceKind::Oneshot);
    CHECK(res[3].capacity == 1);
    CHECK(res[4].kind == ResourceKind::Mutex);
    CHECK(res[5].kind == ResourceKind::Notify);
}

TEST_CASE("leaf ops fill kind, amount, duration, resource and task") {
    const Scenario s = every_op();
    CHECK(op(s, 0).kind == FutureKind::Ready);
    CHECK(op(s, 0).amount == 7);
    CHECK(op(s, 1).kind == FutureKind::Sleep);
    CHECK(op(s, 1).duration == 10 * kMilli);
    CHECK(op(s, 1).label == "nap");
    CHECK(op(s, 2).kind == FutureKind::Read);
    CHECK(op(s, 2).resource == "conn");
    CHECK(op(s, 2).amount == 10);
    CHECK(op(s, 3).kind == FutureKind::Read);
    CHECK(op(s, 3).amount == 0);
    CHECK(op(s, 4).kind == FutureKind::Write);
    CHECK(op(s, 4).amount == 20);
    CHECK(op(s, 5).kind == FutureKind::Accept);
    CHECK(op(s, 5).resource == "server");
    CHECK(op(s, 6).kind == FutureKind::Send);
    CHECK(op(s, 6).resource == "jobs");
    CHECK(op(s, 6).amount == 3);
    CHECK(op(s, 7).kind == FutureKind::Recv);
    CHECK(op(s, 7).resource == "reply");
    CHECK(op(s, 8).kind == FutureKind::Lock);
    CHECK(op(s, 9).kind == FutureKind::Unlock);
    CHECK(op(s, 9).resource == "state");
    CHECK(op(s, 10).kind == FutureKind::Notified);
    CHECK(op(s, 11).kind == FutureKind::NotifyOne);
    CHECK(op(s, 12).kind == FutureKind::NotifyWaiters);
    CHECK(op(s, 12).resource == "bell");
    CHECK(op(s, 13).kind == FutureKind::YieldNow);
    CHECK(op(s, 14).kind == FutureKind::Compute);
    CHECK(op(s, 14).duration == 1'500'000);
    CHECK(op(s, 15).kind == FutureKind::Spawn);
    CHECK(op(s, 15).task == "worker");
    CHECK(op(s, 16).kind == FutureKind::JoinHandle);
    CHECK(op(s, 16).task == "worker");
}

TEST_CASE("combinator ops keep their children in order") {
    const Scenario s = every_op();
    const FutureSpec& join = op(s, 17);
    CHECK(join.kind == FutureKind::Join);
    REQUIRE(join.children.size() == 2);
    CHECK(join.children[0].kind == FutureKind::Sleep);
    CHECK(join.children[1].kind == FutureKind::Ready);
    const FutureSpec& select = op(s, 18);
    CHECK(select.kind == FutureKind::Select);
    CHECK(select.biased);
    REQUIRE(select.children.size() == 2);
    CHECK(select.children[1].kind == FutureKind::Recv);
    const FutureSpec& timeout = op(s, 19);
    CHECK(timeout.kind == FutureKind::Timeout);
    CHECK(timeout.duration == 5 * kMilli);
    REQUIRE(timeout.children.size() == 1);
    CHECK(timeout.children[0].kind == FutureKind::Recv);
    const FutureSpec& block = op(s, 20);
    CHECK(block.kind == FutureKind::Block);
    REQUIRE(block.children.size() == 1);
    CHECK(block.children[0].amount == 2);
    const FutureSpec& repeat = op(s, 21);
    CHECK(repeat.kind == FutureKind::Repeat);
    CHECK(repeat.count == 3);
    REQUIRE(repeat.children.size() == 1);
    CHECK(repeat.children[0].kind == FutureKind::YieldNow);
    CHECK(op(s, 22).count == -1);
}

TEST_CASE("scripted ops keep every step and its waker action") {
    const Scenario s = every_op();
    const FutureSpec& f = op(s, 23);
    CHECK(f.kind == FutureKind::Scripted);
    CHECK_FALSE(f.repeat_last);
    REQUIRE(f.script.size() == 3);
    CHECK_FALSE(f.script[0].ready);
    CHECK(f.script[0].action == WakerAction::Store);
    CHECK(f.script[0].wake_after == 2 * kMilli);
    CHECK(f.script[1].action == WakerAction::WakeByRef);
    CHECK(f.script[1].wake_after == -1);
    CHECK(f.script[2].ready);
    CHECK(f.script[2].value == 9);
    const FutureSpec& g = op(s, 24);
    CHECK(g.repeat_last);
    REQUIRE(g.script.size() == 1);
    CHECK(g.script[0].action == WakerAction::Forget);
}

TEST_CASE("every waker action name maps to its WakerAction") {
    Scenario s = load_ok(with_ops(
        R"({"scripted": [{"pending": "store"}, {"pending": "wake_by_ref"}, {"pending": "wake"},
                         {"pending": "forget"}, {"pending": "drop_stored"}, {"ready": -5}]})"));
    const auto& script = op(s, 0).script;
    REQUIRE(script.size() == 6);
    CHECK(script[0].action == WakerAction::Store);
    CHECK(script[1].action == WakerAction::WakeByRef);
    CHECK(script[2].action == WakerAction::Wake);
    CHECK(script[3].action == WakerAction::Forget);
    CHECK(script[4].action == WakerAction::DropStored);
    CHECK(script[5].value == -5);
}

TEST_CASE("notes load with a fixed step or an event filter") {
    const Scenario s = every_op();
    const auto& notes = s.notes;
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].text == "The first event.");
    CHECK(notes[0].step == 0);
    CHECK(notes[0].event.empty());
    CHECK(notes[1].step == -1);
    CHECK(notes[1].event == "poll_end");
    CHECK(notes[1].task == "main");
    CHECK(notes[1].result == "pending");
    CHECK(notes[1].nth == 2);
}

TEST_CASE("omitted fields take the documented defaults") {
    Scenario s = load_ok(with_ops(R"({"ready": 1})", R"("resources": [{"name": "c", "kind": "socket"}], )"));
    RuntimeSpec defaults;
    CHECK(s.runtime.policy == defaults.policy);
    CHECK(s.runtime.seed == defaults.seed);
    CHECK(s.runtime.poll_cost == defaults.poll_cost);
    CHECK(s.runtime.max_events == defaults.max_events);
    CHECK(s.runtime.compute_threshold == defaults.compute_threshold);
    CHECK(s.runtime.busy_threshold == defaults.busy_threshold);
    CHECK(s.summary.empty());
    CHECK(s.lesson.empty());
    CHECK(s.notes.empty());
    CHECK(s.tasks[0].start);
    CHECK(s.resources[0].capacity == 65536);
    CHECK(s.resources[0].script.empty());
}

TEST_CASE("a lesson may be a single string") {
    Scenario s = load_ok(with_ops(R"({"ready": 1})", R"("lesson": "Just one paragraph.", )"));
    CHECK(s.lesson == std::vector<std::string>{"Just one paragraph."});
}

TEST_CASE("a task body may be empty") {
    Scenario s = load_ok(with_ops(""));
    CHECK(s.tasks[0].body.children.empty());
}

TEST_CASE("source positions point at the opening brace of each object") {
    std::string text =
        "{\"format\": \"pollscope-scenario/1\", \"title\": \"t\",\n"
        "  \"resources\": [\n"
        "    {\"name\": \"c\", \"kind\": \"socket\",\n"
        "     \"script\": [ {\"at\": \"1ms\", \"readable\": 1} ]}],\n"
        "  \"tasks\": [\n"
        "    {\"name\": \"main\", \"body\": [\n"
        "      {\"join\": [ {\"sleep\": \"1ms\"},\n"
        "                 {\"scripted\": [ {\"ready\": 1} ]} ]}]}],\n"
        "  \"notes\": [ {\"text\": \"n\", \"step\": 1} ]}\n";
    Scenario s = load_ok(text);
    auto at = [](SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); };
    CHECK(at(s.resources[0].pos) == "3:5");
    CHECK(at(s.resources[0].script[0].pos) == "4:18");
    CHECK(at(s.tasks[0].pos) == "6:5");
    CHECK(at(s.tasks[0].body.pos) == "6:30");
    CHECK(at(op(s, 0).pos) == "7:7");
    CHECK(at(op(s, 0).children[0].pos) == "7:18");
    CHECK(at(op(s, 0).children[1].pos) == "8:18");
    CHECK(at(op(s, 0).children[1].script[0].pos) == "8:33");
    CHECK(at(s.notes[0].pos) == "9:14");
}

TEST_CASE("a UTF-8 byte-order mark at the start is accepted") {
    Scenario s = load_ok("\xEF\xBB\xBF" + with_ops(R"({"ready": 1})"));
    CHECK(s.title == "t");
}

TEST_CASE("a seed of -0 is the integer zero") {
    Scenario s = load_ok(with_ops(R"({"ready": 1})", R"("runtime": {"seed": -0}, )"));
    CHECK(s.runtime.seed == 0);
}

TEST_CASE("the largest seed loads and one more is out of range, not of the wrong type") {
    Scenario s = load_ok(with_ops(R"({"ready": 1})", R"("runtime": {"seed": 18446744073709551615}, )"));
    CHECK(s.runtime.seed == 18446744073709551615ULL);
    CHECK(errors_of(with_ops(R"({"ready": 1})", R"("runtime": {"seed": 18446744073709551616}, )")) ==
          "t.json:1:70 (/runtime/seed): expected a non-negative integer of at most 18446744073709551615, got "
          "18446744073709551616 [scenario.schema.307]\n");
    CHECK(errors_of(with_ops(R"({"ready": 1})", R"("runtime": {"seed": -18446744073709551616}, )")) ==
          "t.json:1:70 (/runtime/seed): expected a non-negative integer, got -18446744073709551616 "
          "[scenario.schema.307]\n");
    CHECK(errors_of(with_ops(R"({"ready": 1})", R"("runtime": {"seed": 1e3}, )")) ==
          "t.json:1:70 (/runtime/seed): expected a non-negative integer, got 1e3 [scenario.schema.305]\n");
}

TEST_CASE("a task spawned twice is allowed") {
    load_ok(R"({"format": "pollscope-scenario/1", "title": "t", "tasks": [
        {"name": "main", "body": [{"spawn": "w"}, {"spawn": "w"}]},
        {"name": "w", "start": false, "body": []}]})");
}

TEST_CASE("a task spawned by a task that is itself spawned runs") {
    Scenario s = load_ok(R"({"format": "pollscope-scenario/1", "title": "t", "tasks": [
        {"name": "c", "start": false, "body": [{"ready": 1}]},
        {"name": "b", "start": false, "body": [{"spawn": "c"}]},
        {"name": "main", "body": [{"spawn": "b"}, {"join_handle": "c"}]}]})");
    auto t = simulate(s);
    CHECK(t->meta.end == EndReason::AllComplete);
    REQUIRE(t->tasks.size() == 3);  // main, then b spawned by main, then c spawned by b
    CHECK(t->tasks[2].name == "c");
    CHECK(t->tasks[2].parent == 1);
    std::int64_t main_result = -1;
    for (std::size_t i = 0; i < t->size(); ++i)
        if ((*t)[i].kind == EventKind::TaskComplete && (*t)[i].task == 0) main_result = (*t)[i].arg;
    CHECK(main_result == 1);  // main's join handle saw c's output
}

TEST_CASE("valid JSON corner cases pass the scanner and nlohmann alike") {
    load_ok(with_ops(R"({"ready": -0}, {"ready": 0, "label": "\u0000\/\"\\\b\f\n\r\t\ud83d\ude00"})"));
    // 1E+2 is a float in JSON terms: the loader wants an integer.
    CHECK(errors_of(with_ops(R"({"ready": 1E+2})")) ==
          "t.json:1:96 (/tasks/0/body/0/ready): expected an integer, got 1E+2 [scenario.schema.305]\n");
}

// ---- Error format -------------------------------------------------------------------------

TEST_CASE("an error's text leaves out what it does not know") {
    LoadError e{"scenario.schema.306",
                "scenarios/echo.json",
                12,
                7,
                "/tasks/3/body/2/sleep",
                "expected a duration like \"10ms\", got 12.5"};
    CHECK(e.text() ==
          "scenarios/echo.json:12:7 (/tasks/3/body/2/sleep): expected a duration like \"10ms\", got 12.5 "
          "[scenario.schema.306]");
    e.pointer.clear();
    CHECK(e.text() ==
          "scenarios/echo.json:12:7: expected a duration like \"10ms\", got 12.5 [scenario.schema.306]");
    e.line = 0;
    CHECK(e.text() ==
          "scenarios/echo.json: expected a duration like \"10ms\", got 12.5 [scenario.schema.306]");
}

TEST_CASE("independent errors are all reported, in document order") {
    std::string text =
        "{\"format\": \"pollscope-scenario/1\", \"title\": \"t\",\n"
        " \"tasks\": [{\"name\": \"main\", \"body\": [\n"
        "   {\"sleep\": 12.5},\n"
        "   {\"read\": \"nope\"},\n"
        "   {\"slep\": \"1ms\"}]}],\n"
        " \"runtime\": {\"seed\": -1}}";
    CHECK(
        errors_of(text) ==
        "t.json:3:14 (/tasks/0/body/0/sleep): expected a duration like \"10ms\", got 12.5 "
        "[scenario.schema.306]\n"
        "t.json:4:13 (/tasks/0/body/1/read): unknown resource \"nope\" (the scenario declares no resources) "
        "[scenario.semantic.401]\n"
        "t.json:5:5 (/tasks/0/body/2/slep): unknown key \"slep\" in an op; did you mean \"sleep\"? "
        "[scenario.schema.304]\n"
        "t.json:6:22 (/runtime/seed): expected a non-negative integer, got -1 [scenario.schema.307]\n");
}

TEST_CASE("after 20 errors the loader stops and says how many it left out") {
    std::string ops;
    for (int i = 0; i < 25; ++i) ops += std::string(i ? "," : "") + R"({"sleep": 1})";
    LoadResult r = load_scenario_text(with_ops(ops), "t.json");
    REQUIRE(r.errors.size() == 21);
    CHECK(r.errors[19].pointer == "/tasks/0/body/19/sleep");
    CHECK(r.errors[20].text() == "t.json: stopped after 20 errors (5 more not shown) [scenario.limit.511]");
}

// ---- Schema errors ------------------------------------------------------------------------

TEST_CASE("every op kind rejects a value of the wrong type") {
    struct Case {
        const char* op;
        const char* message;
    };
    const Case cases[] = {
        {R"({"ready": "1"})", "expected an integer, got \"1\" [scenario.schema.305]"},
        {R"({"sleep": 10})", "expected a duration like \"10ms\", got 10 [scenario.schema.306]"},
        {R"({"read": 1})", "expected a socket name, got 1 [scenario.schema.305]"},
        {R"({"accept": null})", "expected a listener name, got null [scenario.schema.305]"},
        {R"({"send": []})", "expected a channel or oneshot name, got an array [scenario.schema.305]"},
        {R"({"lock": {}})", "expected a mutex name, got an object [scenario.schema.305]"},
        {R"({"notified": true})", "expected a notify name, got true [scenario.schema.305]"},
        {R"({"yield_now": false})", "\"yield_now\" takes only true, got false [scenario.schema.315]"},
        {R"({"compute": "1 ms"})", "expected a duration like \"10ms\", got \"1 ms\" [scenario.schema.306]"},
        {R"({"spawn": 3})", "expected a task name, got 3 [scenario.schema.305]"},
        {R"({"join": {}})", "expected an array of ops, got an object [scenario.schema.305]"},
        {R"({"select": []})", "\"select\" needs at least one op [scenario.schema.311]"},
        {R"({"async": "x"})", "expected an array of ops, got \"x\" [scenario.schema.305]"},
        {R"({"repeat": 0, "body": [{"ready": 1}]})",
         "expected \"forever\" or an integer from 1 to 1000000, got 0 [scenario.schema.307]"},
        {R"({"repeat": "always", "body": [{"ready": 1}]})",
         "expected \"forever\" or an integer from 1 to 1000000, got \"always\" [scenario.schema.308]"},
        {R"({"scripted": {}})", "expected an array of steps, got an object [scenario.schema.305]"},
    };
    for (const Case& c : cases) {
        INFO(c.op);
        std::string errors = errors_of(with_ops(c.op));
        CHECK(errors.find(c.message) != std::string::npos);
        CHECK(std::count(errors.begin(), errors.end(), '\n') == 1);
    }
}

TEST_CASE("an op needs exactly one kind key") {
    CHECK(errors_of(with_ops(R"({"label": "x"})")) ==
          "t.json:1:86 (/tasks/0/body/0): an op needs one kind key, such as \"sleep\" or \"read\" (see the "
          "op list "
          "in scenarios/README.md); found none [scenario.schema.309]\n");
    CHECK(errors_of(with_ops(R"({"sleep": "1ms", "ready": 1})")) ==
          "t.json:1:103 (/tasks/0/body/0/ready): an op has exactly one kind key, found both \"sleep\" and "
          "\"ready\" "
          "(wrap them in {\"join\": [...]} or write two ops) [scenario.schema.309]\n");
}

TEST_CASE("a modifier of another op is named as not applying here") {
    CHECK(errors_of(with_ops(R"({"sleep": "1ms", "biased": true})")) ==
          "t.json:1:103 (/tasks/0/body/0/biased): \"biased\" does not apply to a \"sleep\" op "
          "[scenario.schema.313]\n");
    CHECK(errors_of(with_ops(R"({"sleep": "1ms", "lable": "x"})")) ==
          "t.json:1:103 (/tasks/0/body/0/lable): unknown key \"lable\" in an op; did you mean \"label\"? "
          "[scenario.schema.304]\n");
}

TEST_CASE("required modifiers are reported missing") {
    CHECK(errors_of(with_ops(R"({"write": "c"})", R"("resources": [{"name": "c", "kind": "socket"}], )"))
              .find("missing required key \"bytes\" in a \"write\" op [scenario.schema.303]") !=
          std::string::npos);
    CHECK(errors_of(with_ops(R"({"timeout": "1ms"})"))
              .find("missing required key \"future\" in a \"timeout\" op [scenario.schema.303]") !=
          std::string::npos);
    CHECK(errors_of(with_ops(R"({"repeat": 2})"))
              .find("missing required key \"body\" in a \"repeat\" op [scenario.schema.303]") !=
          std::string::npos);
}

TEST_CASE("durations above one hour are out of range") {
    CHECK(errors_of(with_ops(R"({"sleep": "3601s"})")) ==
          "t.json:1:96 (/tasks/0/body/0/sleep): duration \"3601s\" is longer than the maximum of 3600s (one "
          "hour) "
          "[scenario.schema.307]\n");
}

TEST_CASE("the policy must be one the simulator knows") {
    CHECK(errors_of(with_ops("", R"("runtime": {"policy": "fif"}, )")) ==
          "t.json:1:72 (/runtime/policy): expected \"fifo\", \"tokio-current-thread\", "
          "\"tokio-multi-thread\", \"smol\" or \"async-std\", got \"fif\"; did you mean \"fifo\"? "
          "[scenario.schema.308]\n");
}

TEST_CASE("\"main\" says whether the first task is the block_on future or a spawned task") {
    CHECK(load_ok(with_ops("")).runtime.main_block_on);
    CHECK(load_ok(with_ops("", R"("runtime": {"main": "block_on"}, )")).runtime.main_block_on);
    CHECK_FALSE(load_ok(with_ops("", R"("runtime": {"main": "spawned"}, )")).runtime.main_block_on);
    CHECK(errors_of(with_ops("", R"("runtime": {"main": "spawn"}, )")) ==
          "t.json:1:70 (/runtime/main): expected \"block_on\" or \"spawned\", got \"spawn\"; did you mean "
          "\"spawned\"? [scenario.schema.308]\n");
    CHECK(errors_of(with_ops("", R"("runtime": {"main": true}, )")) ==
          "t.json:1:70 (/runtime/main): expected \"block_on\" or \"spawned\", got true "
          "[scenario.schema.305]\n");
}

TEST_CASE("runtime values outside their ranges are refused") {
    CHECK(errors_of(with_ops("", R"("runtime": {"busy_threshold": 1}, )"))
              .find("expected an integer from 2 to 1000000, got 1 [scenario.schema.307]") !=
          std::string::npos);
    CHECK(errors_of(with_ops("", R"("runtime": {"max_events": 0}, )"))
              .find("expected an integer from 1 to 10000000, got 0 [scenario.schema.307]") !=
          std::string::npos);
    CHECK(errors_of(with_ops("", R"("runtime": {"seed": 1.5}, )"))
              .find("expected a non-negative integer, got 1.5 [scenario.schema.305]") != std::string::npos);
}

TEST_CASE("scripted steps follow the rules of a hand-written future") {
    CHECK(errors_of(with_ops(R"({"scripted": [{"ready": 1}, {"pending": "store"}]})"))
              .find("unreachable step: step 0 already returns Ready") != std::string::npos);
    CHECK(errors_of(with_ops(R"({"scripted": [{"pending": "store"}]})"))
              .find("the script ends with a pending step") != std::string::npos);
    CHECK(errors_of(with_ops(R"({"scripted": [{"ready": 1}], "repeat_last": true})"))
              .find("[scenario.semantic.412]") != std::string::npos);
    CHECK(errors_of(with_ops(R"({"scripted": [{"pending": "wake", "wake_after": "1ms"}, {"ready": 1}]})"))
              .find("\"wake_after\" only goes with \"pending\": \"store\"") != std::string::npos);
    CHECK(errors_of(with_ops(R"({"scripted": [{"pending": "wake", "ready": 1}]})"))
              .find("a step is either \"pending\" or \"ready\", not both [scenario.schema.317]") !=
          std::string::npos);
}

TEST_CASE("a note needs exactly one of step and when") {
    CHECK(errors_of(with_ops("", R"("notes": [{"text": "x"}], )")).find("[scenario.schema.316]") !=
          std::string::npos);
    CHECK(errors_of(with_ops("", R"("notes": [{"text": "x", "step": 1, "when": {"event": "spawn"}}], )"))
              .find("a note takes \"step\" or \"when\", not both") != std::string::npos);
    CHECK(errors_of(with_ops("", R"("notes": [{"text": "x", "when": {"event": "poll_edn"}}], )"))
              .find("; did you mean \"poll_end\"?") != std::string::npos);
    CHECK(errors_of(
              with_ops("", R"("notes": [{"text": "x", "when": {"event": "spawn", "result": "ready"}}], )"))
              .find("\"result\" only applies to \"poll_end\" events") != std::string::npos);
}

// ---- Semantic errors ----------------------------------------------------------------------

TEST_CASE("an op on a resource of the wrong kind names both kinds") {
    std::string res = R"("resources": [{"name": "jobs", "kind": "channel", "capacity": 1},
                                       {"name": "m", "kind": "mutex"}], )";
    CHECK(errors_of(with_ops(R"({"read": "jobs"})", res))
              .find("\"read\" needs a socket, but \"jobs\" is a channel [scenario.semantic.402]") !=
          std::string::npos);
    CHECK(errors_of(with_ops(R"({"send": "m"})", res))
              .find("\"send\" needs a channel or a oneshot, but \"m\" is a mutex") != std::string::npos);
    CHECK(errors_of(with_ops(R"({"notify_one": "m"})", res)).find("needs a notify, but") !=
          std::string::npos);
    CHECK(errors_of(with_ops(R"({"accept": "m"})", res)).find("needs a listener, but") != std::string::npos);
    CHECK(errors_of(with_ops(R"({"lock": "jobs"})", res)).find("needs a mutex, but \"jobs\" is a channel") !=
          std::string::npos);
}

TEST_CASE("misspelt names get a suggestion") {
    std::string text = R"({"format": "pollscope-scenario/1", "title": "t",
        "resources": [{"name": "socket", "kind": "socket"}],
        "tasks": [{"name": "main", "body": [{"read": "sokcet"}, {"spawn": "wroker"}]},
                  {"name": "worker", "start": false, "body": []}]})";
    std::string errors = errors_of(text);
    CHECK(errors.find("unknown resource \"sokcet\"; did you mean \"socket\"? [scenario.semantic.401]") !=
          std::string::npos);
    CHECK(errors.find("unknown task \"wroker\"; did you mean \"worker\"? [scenario.semantic.403]") !=
          std::string::npos);
}

TEST_CASE("duplicate names point back at the first definition") {
    std::string text =
        "{\"format\": \"pollscope-scenario/1\", \"title\": \"t\", \"tasks\": [\n"
        "{\"name\": \"main\", \"body\": []},\n"
        "{\"name\": \"main\", \"body\": []}]}";
    CHECK(errors_of(text) ==
          "t.json:3:10 (/tasks/1/name): duplicate task name \"main\" (the first is at 2:10) "
          "[scenario.semantic.404]\n");
}

TEST_CASE("tasks that never run are reported") {
    std::string text = R"({"format": "pollscope-scenario/1", "title": "t", "tasks": [
        {"name": "main", "body": [{"join_handle": "idle"}]},
        {"name": "idle", "start": false, "body": [{"spawn": "deeper"}]},
        {"name": "deeper", "start": false, "body": []}]})";
    std::string errors = errors_of(text);
    CHECK(errors.find("\"join_handle\" waits for task \"idle\", which never runs") != std::string::npos);
    CHECK(errors.find("task \"idle\" never runs: it has \"start\": false and no \"spawn\" op spawns it") !=
          std::string::npos);
    CHECK(errors.find("task \"deeper\" never runs: it has \"start\": false and is spawned only by tasks that "
                      "never run") != std::string::npos);
}

TEST_CASE("a scenario where no task starts is refused") {
    CHECK(
        errors_of(R"({"format": "pollscope-scenario/1", "title": "t", "tasks": [
        {"name": "a", "start": false, "body": []}]})") ==
        "t.json:1:59 (/tasks): no task has \"start\": true, so nothing would run [scenario.semantic.408]\n");
}

TEST_CASE("whole-scenario rules wait until the schema errors are fixed") {
    // The misspelt spawn op is dropped; "w" must not also be reported as never spawned.
    std::string errors = errors_of(R"({"format": "pollscope-scenario/1", "title": "t", "tasks": [
        {"name": "main", "body": [{"spwan": "w"}]}, {"name": "w", "start": false, "body": []}]})");
    CHECK(errors.find("did you mean \"spawn\"?") != std::string::npos);
    CHECK(errors.find("never runs") == std::string::npos);
}

// ---- Limits -------------------------------------------------------------------------------

TEST_CASE("each LoadLimits field is enforced with its own id") {
    LoadLimits tiny;
    tiny.max_tasks = 1;
    tiny.max_ops = 2;
    tiny.max_resources = 1;
    tiny.max_script_events = 1;
    tiny.max_notes = 1;
    tiny.max_string = 20;
    tiny.max_repeat = 5;
    tiny.max_events = 100;
    CHECK(errors_of(R"({"format": "pollscope-scenario/1", "title": "t", "tasks": [
        {"name": "a", "body": []}, {"name": "b", "body": []}]})",
                    tiny)
              .find("too many tasks: 2 (the limit is 1) [scenario.limit.503]") != std::string::npos);
    CHECK(errors_of(with_ops(R"({"ready": 1}, {"ready": 1}, {"ready": 1})"), tiny)
              .find("too many ops: more than 2 in all tasks (the limit) [scenario.limit.504]") !=
          std::string::npos);
    CHECK(errors_of(
              with_ops("",
                       R"("resources": [{"name": "a", "kind": "mutex"}, {"name": "b", "kind": "mutex"}], )"),
              tiny)
              .find("[scenario.limit.505]") != std::string::npos);
    CHECK(errors_of(with_ops("", R"("resources": [{"name": "a", "kind": "socket", "script": [
              {"at": "1ms", "readable": 1}, {"at": "2ms", "readable": 1}]}], )"),
                    tiny)
              .find("[scenario.limit.506]") != std::string::npos);
    CHECK(errors_of(with_ops("", R"("notes": [{"text": "a", "step": 1}, {"text": "b", "step": 2}], )"), tiny)
              .find("[scenario.limit.507]") != std::string::npos);
    CHECK(errors_of(with_ops("", R"("summary": "123456789012345678901", )"), tiny)
              .find("string of 21 bytes is longer than the limit of 20 bytes [scenario.limit.508]") !=
          std::string::npos);
    CHECK(errors_of(with_ops(R"({"repeat": 6, "body": [{"ready": 1}]})"), tiny)
              .find("repeat count 6 is above the limit of 5") != std::string::npos);
    CHECK(errors_of(with_ops("", R"("runtime": {"max_events": 101}, )"), tiny)
              .find("max_events 101 is above the limit of 100 [scenario.limit.510]") != std::string::npos);
}

TEST_CASE("a file over the size limit is refused before it is read") {
    auto path = std::filesystem::temp_directory_path() / "pollscope_scenario_load_big.json";
    {
        std::ofstream out(path, std::ios::binary);
        std::string line(1023, ' ');
        line += '\n';
        for (int i = 0; i < 1025; ++i) out << line;  // 1 MiB + 1 KiB of whitespace
    }
    LoadResult r = load_scenario_file(path.string());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].text() == path.string() +
                                    ": the file is 1049600 bytes, above the limit of 1048576 bytes "
                                    "[scenario.limit.501]");
    std::filesystem::remove(path);
}

TEST_CASE("one mebibyte of open brackets is refused without deep recursion") {
    std::string text(1 << 20, '[');
    LoadResult r = load_scenario_text(text, "deep.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].text() ==
          "deep.json:1:65: nesting is deeper than 64 levels of '[' and '{' (the limit) [scenario.limit.502]");
}

TEST_CASE("ten thousand and one ops exceed the default op limit") {
    std::string ops;
    for (int i = 0; i < 10'001; ++i) ops += std::string(i ? "," : "") + R"({"ready":1})";
    std::string errors = errors_of(with_ops(ops));
    CHECK(errors.find("(/tasks/0/body/10000): too many ops: more than 10000 in all tasks (the limit) "
                      "[scenario.limit.504]") != std::string::npos);
}

// ---- I/O ----------------------------------------------------------------------------------

TEST_CASE("a missing file and a directory get clear messages") {
    CHECK(load_scenario_file("no/such/file.json").errors.at(0).text() ==
          "no/such/file.json: no such file [scenario.io.101]");
    CHECK(load_scenario_file(kSourceDir + "/tests").errors.at(0).text() ==
          kSourceDir + "/tests: this is a directory, not a scenario file [scenario.io.102]");
}

TEST_CASE("a missing file with a typo names the file in its folder it probably meant") {
    CHECK(load_scenario_file(kSourceDir + "/scenarios/02-slep.json").errors.at(0).text() ==
          kSourceDir + "/scenarios/02-slep.json: no such file; did you mean \"" + kSourceDir +
              "/scenarios/02-sleep.json\"? [scenario.io.101]");
    // Nothing close enough: no guess.
    CHECK(load_scenario_file(kSourceDir + "/scenarios/zz.json").errors.at(0).text() ==
          kSourceDir + "/scenarios/zz.json: no such file [scenario.io.101]");
}

// ---- Robustness ---------------------------------------------------------------------------

TEST_CASE("random bytes and truncations of a good file never crash the loader") {
    std::string good = read_file(kEveryOp);
    REQUIRE(!good.empty());
    for (std::size_t cut = 0; cut < good.size(); cut += 7) {
        LoadResult r = load_scenario_text(good.substr(0, cut), "cut.json");
        CHECK_FALSE(r.ok());
        CHECK_FALSE(r.errors.empty());
    }
    std::mt19937 rng(1234);
    for (int round = 0; round < 300; ++round) {
        std::string text = good;
        for (int k = 0; k < 4; ++k) text[rng() % text.size()] = static_cast<char>(rng() % 256);
        LoadResult r = load_scenario_text(text, "noise.json");
        for (const LoadError& e : r.errors) CHECK(e.id != "scenario.syntax.299");
        CHECK(r.ok() == r.errors.empty());
    }
}

TEST_CASE("every lesson in scenarios/ loads") {
    namespace fs = std::filesystem;
    int lessons = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(kSourceDir) / "scenarios")) {
        if (entry.path().extension() != ".json") continue;
        ++lessons;
        LoadResult r = load_scenario_file(entry.path().string());
        INFO(entry.path().string());
        for (const LoadError& e : r.errors) UNSCOPED_INFO(e.text());
        CHECK(r.ok());
    }
    INFO("lessons found: " << lessons);
    CHECK(lessons > 0);
}

// ---- The malformed corpus -----------------------------------------------------------------

TEST_CASE("every malformed file gives exactly its expected errors") {
    namespace fs = std::filesystem;
    fs::path dir = fs::path(kSourceDir) / "tests" / "malformed";
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    CHECK(files.size() >= 45);
    for (const fs::path& json : files) {
        // Messages name the file as the CLI test does: relative to the source directory.
        std::string shown = "tests/malformed/" + json.filename().string();
        fs::path expected = json;
        expected.replace_extension(".expected");
        INFO(shown);
        REQUIRE(fs::exists(expected));
        std::string text = read_file(json);
        LoadResult r = load_scenario_text(text, shown);
        std::string got;
        for (const LoadError& e : r.errors) got += e.text() + "\n";
        CHECK_FALSE(r.ok());
        CHECK(got == read_file(expected));
    }
}
