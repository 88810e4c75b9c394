#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/export/chrome_json.hpp"
#include "engine/export/markdown.hpp"
#include "engine/export/synthetic_trace.hpp"
#include "engine/export/trace_json.hpp"
#include "engine/runtime/program/program_load.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/frames.hpp"
#include "tests/temp_dir.hpp"

using namespace ps;
using ps::testing::slurp;
namespace fs = std::filesystem;

namespace {

std::string temp_file(const std::string& name) {
    return (fs::temp_directory_path() / ("pollscope-tj-" + std::to_string(::getpid()) + "-" + name)).string();
}

// A small trace that touches every event kind and every meta field.
std::unique_ptr<Trace> every_kind() {
    auto t = std::make_unique<Trace>();
    Trace& tr = *t;
    tr.meta.scenario_path = "scenarios/tiny.json";
    tr.meta.title = "Every \"kind\" | once";
    tr.meta.summary = "Quotes \", backslash \\, tab\t, unicode caf\xC3\xA9 \xE2\x9C\x93, control \x01.";
    tr.meta.lesson = {"First paragraph.", "Second one."};
    tr.meta.policy = "fifo";
    tr.meta.seed = 18446744073709551615ULL;
    tr.meta.poll_cost = 10 * kMicro;
    tr.meta.max_events = 1000;
    tr.meta.workers = 2;
    tr.meta.code = {{"main", {{"async fn main() {", ""}, {"    sleep(10ms).await;", "main/0"}, {"}", ""}}},
                    {"empty", {}}};
    tr.meta.resources = {{"conn", "socket", {"at 5ms: 100 bytes readable", "at 9ms: closed"}},
                         {"tx", "channel", {}}};
    TraceBuilder b(tr);
    auto main = b.task("main");
    auto child = b.task("child", main);
    tr.tasks[main].spec = 0;
    b.node("main/0", "sleep", "sleep(10ms)", 1);
    b.spawn(main);
    b.schedule(main, ScheduleReason::Spawned, 1);
    b.poll_begin(main, "main", 1);
    b.emit(EventKind::Spawn, child, "child", kNone, 0, main);
    b.schedule(child, ScheduleReason::Spawned, 1);
    b.poll_begin(main, "main/0");
    b.clone(main, "main/0", 7, HolderKind::Timer, "timer #2 (fires at 10ms)");
    b.register_source(main, "main/0", 7, HolderKind::Timer, "timer #2");
    b.poll_end(main, "main/0", PollResult::Pending);
    b.diagnostic(main, DiagKind::LostWakeup, "no \"waker\" stored", "main/0", 7);
    b.at(10 * kMicro).poll_end(main, "main", PollResult::Pending);
    b.on_worker(1).poll(child, 1, PollResult::Ready, {}, 0);
    b.on_worker(0).complete(child, 42);
    b.future_drop(child, "child", DropReason::Completed);
    b.advance_to(10 * kMilli);
    b.timer_fire(main, 7, 2);
    b.deregister_source(main, "main/0", 7, HolderKind::Timer, "timer #2");
    b.wake(main, "main/0", 7, HolderKind::Timer, "timer #2 fired");
    b.schedule(main, ScheduleReason::Woken, 1);
    b.io_ready(kNone, 8, IoReadiness::Closed, "conn");
    b.poll_begin(main, "main", 2);
    b.wake_by_ref(main, "main", 9, HolderKind::Scripted, "yield");
    b.poll_end(main, "main", PollResult::Pending);
    b.schedule(main, ScheduleReason::Requeued, 1);
    b.drop(main, "main/0", 9, HolderKind::Scripted, "dropped with the future");
    b.poll(main, 3, PollResult::Ready, {"main/0"}, 5);
    b.complete(main, -7, true);
    b.future_drop(main, "main/0", DropReason::Cancelled);
    b.run_end(EndReason::AllComplete, "all 2 tasks completed at t=10.015ms");
    tr.meta.notes = {{0, "The runtime starts."}, {5, "A clone for the timer."}};
    // Odd values the contract allows: raw detail/arg on kinds that do not use them.
    Event odd;
    odd.kind = EventKind::FutureDrop;
    odd.time = b.now();
    odd.arg = 99;
    tr.append(odd);
    Event odd2;
    odd2.kind = EventKind::TimerFire;
    odd2.time = b.now();
    odd2.detail = 3;
    odd2.arg = 12;
    tr.append(odd2);
    return t;
}

// Load `text` and return the single error's text ("" if it loaded).
std::string load_error(const std::string& text) {
    auto r = load_trace_text(text, "t.json");
    if (r.ok()) return "";
    REQUIRE(r.errors.size() == 1);
    return r.errors[0].text();
}

// A minimal valid file with `events` spliced in.
std::string with_events(
    const std::string& events,
    const std::string& tasks = R"([{"id": 0, "name": "main", "parent": null, "spec": null}])") {
    return "{\n\"format\": \"pollscope-trace/1\",\n\"tasks\": " + tasks + ",\n\"events\": [\n" + events +
           "\n]\n}\n";
}

}  // namespace

TEST_CASE("a saved trace loads back and saves to the same bytes") {
    auto original = every_kind();
    std::string first = trace_json_string(*original);
    auto loaded = load_trace_text(first, "every.json");
    INFO((loaded.ok() ? std::string() : loaded.errors[0].text()));
    REQUIRE(loaded.ok());
    CHECK(loaded.first_step == 0);
    std::string second = trace_json_string(*loaded.trace);
    CHECK(second == first);

    Trace& t = *loaded.trace;
    REQUIRE(t.size() == original->size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& a = (*original)[i];
        const Event& b = t[i];
        CHECK(a.time == b.time);
        CHECK(a.kind == b.kind);
        CHECK(a.task == b.task);
        CHECK(a.waker == b.waker);
        CHECK(a.detail == b.detail);
        CHECK(a.worker == b.worker);
        CHECK(original->strings.get(a.node) == t.strings.get(b.node));
    }
    CHECK(t.meta.seed == 18446744073709551615ULL);
    CHECK(t.meta.summary == original->meta.summary);
    CHECK(t.meta.code.size() == 2);
    CHECK(t.tasks[1].parent == 0);
    CHECK(t.diagnostics.size() == 1);
    CHECK(t.meta.notes.size() == 2);
    REQUIRE(t.node_info(t.strings.intern("main/0")) != nullptr);
    CHECK(t.node_info(t.strings.intern("main/0"))->text == "sleep(10ms)");
    CHECK(t.task_events(0).size() == original->task_events(0).size());
}

namespace {

// A small program that prints from two tasks and is parked at its awaits with live locals.
std::unique_ptr<Trace> printing_program() {
    const char* src =
        "use std::time::Duration;\nuse tokio::sync::mpsc;\nuse tokio::time::sleep;\n"
        "async fn producer(tx: mpsc::Sender<u32>) {\n"
        "    for i in 1..=2 {\n        tx.send(i).await.unwrap();\n"
        "        sleep(Duration::from_millis(2)).await;\n    }\n    eprintln!(\"producer: "
        "\\\"done\\\"\");\n}\n"
        "#[tokio::main(flavor = \"current_thread\", start_paused = true)]\nasync fn main() {\n"
        "    let (tx, mut rx) = mpsc::channel::<u32>(1);\n    let p = tokio::spawn(producer(tx));\n"
        "    while let Some(v) = rx.recv().await {\n        println!(\"got {}\", v);\n    }\n"
        "    p.await.unwrap();\n}\n";
    ProgramLoad p = load_program_text(src, "print.rs");
    INFO(p.id << " " << p.line << ":" << p.column << " " << p.message);
    REQUIRE(p.scenario);
    return simulate(*p.scenario, {});
}

}  // namespace

TEST_CASE("a program's console and frames round-trip through the trace file") {
    auto original = printing_program();
    REQUIRE(original->console.size() == 3);
    REQUIRE(!original->frames.empty());
    const std::string first = trace_json_string(*original);
    CHECK(first.find("\n  \"console\": [\n    {\"step\": ") != std::string::npos);
    CHECK(first.find("\"stream\": \"stderr\", \"text\": \"producer: \\\"done\\\"\"}") != std::string::npos);
    auto loaded = load_trace_text(first, "print.json");
    INFO((loaded.ok() ? std::string() : loaded.errors[0].text()));
    REQUIRE(loaded.ok());
    CHECK(trace_json_string(*loaded.trace) == first);
    const Trace& t = *loaded.trace;
    REQUIRE(t.console.size() == original->console.size());
    for (std::size_t i = 0; i < t.console.size(); ++i) {
        CHECK(t.console[i].step == original->console[i].step);
        CHECK(t.console[i].task == original->console[i].task);
        CHECK(t.console[i].to_stderr == original->console[i].to_stderr);
        CHECK(t.console[i].text == original->console[i].text);
    }
    REQUIRE(t.frames.size() == original->frames.size());
    const std::int64_t last = static_cast<std::int64_t>(t.size()) - 1;
    for (std::uint32_t task = 0; task < t.tasks.size(); ++task) {
        for (std::int64_t step = 0; step <= last; step += 7) {
            auto a = frames_at(*original, task, step);
            auto b = frames_at(t, task, step);
            REQUIRE(a.size() == b.size());
            for (std::size_t i = 0; i < a.size(); ++i) {
                CHECK(frame_text(*a[i]) == frame_text(*b[i]));
                CHECK(a[i]->line == b[i]->line);
                CHECK(a[i]->column == b[i]->column);
                CHECK(original->strings.get(a[i]->await_node) == t.strings.get(b[i]->await_node));
                CHECK(original->strings.get(a[i]->node) == t.strings.get(b[i]->node));
            }
        }
    }
}

TEST_CASE("a ranged export keeps the console lines and frames inside the range") {
    auto original = printing_program();
    const std::uint32_t from = original->console[1].step;
    const std::string text = trace_json_string(*original, StepRange{from, -1});
    auto loaded = load_trace_text(text, "range.json");
    INFO((loaded.ok() ? std::string() : loaded.errors[0].text()));
    REQUIRE(loaded.ok());
    REQUIRE(loaded.trace->console.size() == 2);
    CHECK(loaded.trace->console[0].step == 0);
    CHECK(loaded.trace->console[0].text == original->console[1].text);
    for (const FrameRecord& f : loaded.trace->frames) CHECK(f.step < loaded.trace->size());
}

TEST_CASE("the Chrome export shows printed lines as instants and the Markdown one at their steps") {
    auto t = printing_program();
    const std::string chrome = chrome_json_string(*t);
    CHECK(chrome.find("\"cat\":\"console\",\"name\":\"println!\",\"args\":{\"step\":" +
                      std::to_string(t->console[0].step) + ",\"text\":\"got 1\"}}") != std::string::npos);
    CHECK(chrome.find("\"name\":\"eprintln!\"") != std::string::npos);
    const std::string md = markdown_string(*t);
    const std::string row = "| " + std::to_string(t->console[0].step) + " | ";
    const std::size_t at = md.find(row);
    REQUIRE(at != std::string::npos);
    const std::string line = md.substr(at, md.find('\n', at) - at);
    CHECK(line.find("; task 0 'main' prints \"got 1\" |") != std::string::npos);
    CHECK(md.find("prints to stderr \"producer: \"done\"\"") != std::string::npos);
}

TEST_CASE("a trace without a program writes no console and no frames") {
    const std::string text = trace_json_string(*every_kind());
    CHECK(text.find("\"console\"") == std::string::npos);
    CHECK(text.find("\"frames\"") == std::string::npos);
}

TEST_CASE("malformed console lines and frames give exact errors") {
    const std::string ev0 = R"({"step":0,"t":0,"kind":"spawn","task":0,"path":"main","parent":null})";
    auto with = [&](const std::string& member) {
        return "{\n\"format\": \"pollscope-trace/1\",\n\"tasks\": [{\"id\": 0, \"name\": \"main\", "
               "\"parent\": null, \"spec\": null}],\n" +
               member + ",\n\"events\": [\n" + ev0 + "\n]\n}\n";
    };
    SECTION("a console line's unknown stream") {
        CHECK(load_error(with(R"("console": [{"step": 0, "task": 0, "stream": "stdin", "text": "x"}])")) ==
              "t.json:4:46 (/console/0/stream): unknown stream \"stdin\" (expected stdout or stderr) "
              "[trace.schema.209]");
    }
    SECTION("a console line without text") {
        CHECK(load_error(with(R"("console": [{"step": 0, "task": null}])")) ==
              "t.json:4:37 (/console/0): a console line needs \"text\" [trace.schema.204]");
    }
    SECTION("a console line past the events") {
        CHECK(load_error(with(R"("console": [{"step": 5, "text": "x"}])")) ==
              "t.json:4:22 (/console/0/step): step 5 is not in the trace (steps 0 to 0) [trace.schema.213]");
    }
    SECTION("a console line of a task that does not exist") {
        CHECK(load_error(with(R"("console": [{"step": 0, "task": 2, "text": "x"}])")) ==
              "t.json:4:33 (/console/0/task): task 2 does not exist (there are 1) [trace.schema.208]");
    }
    SECTION("console lines out of step order") {
        CHECK(load_error(with(R"("console": [{"step": 1, "text": "a"}, {"step": 0, "text": "b"}])")) ==
              "t.json:4:62 (/console/1): console lines must be in step order [trace.schema.214]");
    }
    SECTION("a frame without its task") {
        CHECK(load_error(with(R"("frames": [{"step": 0, "await": 1}])")) ==
              "t.json:4:34 (/frames/0): a frame needs \"task\" [trace.schema.204]");
    }
    SECTION("a frame with an unknown field") {
        CHECK(load_error(with(R"("frames": [{"step": 0, "task": 0, "state": 1}])"))
                  .find("(/frames/0/state): unknown field \"state\"") != std::string::npos);
    }
    SECTION("a frame whose locals are not strings") {
        CHECK(load_error(with(R"("frames": [{"step": 0, "task": 0, "locals": [3]}])")) ==
              "t.json:4:46 (/frames/0/locals/0): expected a string, got 3 [trace.schema.202]");
    }
    SECTION("a frame with a negative await index") {
        CHECK(load_error(with(R"("frames": [{"step": 0, "task": 0, "await": -1}])")) ==
              "t.json:4:44 (/frames/0/await): expected an await index from 0 to 1000000, got -1 "
              "[trace.schema.212]");
    }
    SECTION("too many locals") {
        TraceLoadLimits limits;
        limits.max_items = 2;
        auto r = load_trace_text(with(R"("frames": [{"step": 0, "task": 0, "locals": ["a", "b", "c"]}])"),
                                 "t.json", limits);
        REQUIRE(!r.ok());
        CHECK(r.errors[0].text() ==
              "t.json:4:56 (/frames/0/locals): too many locals (the limit is 2) [trace.limit.301]");
    }
}

TEST_CASE("the trace file is valid JSON with named fields") {
    auto trace = every_kind();
    auto j = nlohmann::json::parse(trace_json_string(*trace));
    CHECK(j["format"] == "pollscope-trace/1");
    CHECK(j["events"].size() == trace->size());
    CHECK(j["events"][0]["kind"] == "spawn");
    CHECK(j["events"][0]["parent"].is_null());
    CHECK(j["events"][1]["reason"] == "spawned");
    CHECK(j["events"][1]["queue_len"] == 1);
    CHECK(j["events"][6]["holder_kind"] == "timer");
    CHECK(j["events"][6]["holder"] == "timer #2 (fires at 10ms)");
    CHECK(j["events"][6]["waker"] == 7);
    CHECK(j["meta"]["seed"].get<std::uint64_t>() == 18446744073709551615ULL);
}

TEST_CASE("a synthetic trace of many events round-trips through a file") {
    SyntheticOptions o;
    o.events = 50'000;
    o.tasks = 6;
    o.iterations = 200;
    o.workers = 3;
    auto trace = make_synthetic_trace(o);
    std::string a = temp_file("a.json"), b = temp_file("b.json");
    auto r1 = write_trace_json(*trace, a);
    REQUIRE(r1.ok);
    CHECK(r1.bytes == fs::file_size(a));
    auto loaded = load_trace_file(a);
    INFO((loaded.ok() ? std::string() : loaded.errors[0].text()));
    REQUIRE(loaded.ok());
    auto r2 = write_trace_json(*loaded.trace, b);
    REQUIRE(r2.ok);
    CHECK(slurp(a) == slurp(b));
    fs::remove(a);
    fs::remove(b);
}

TEST_CASE("a ranged export keeps its first step and renumbers on load") {
    auto trace = every_kind();
    std::string text = trace_json_string(*trace, {5, 12});
    auto j = nlohmann::json::parse(text);
    CHECK(j["first_step"] == 5);
    CHECK(j["events"].size() == 8);
    CHECK(j["notes"].size() == 1);        // the note at step 5; the one at step 0 is outside
    CHECK(j["diagnostics"].size() == 1);  // step 9
    auto loaded = load_trace_text(text, "range.json");
    REQUIRE(loaded.ok());
    CHECK(loaded.first_step == 5);
    CHECK(loaded.trace->size() == 8);
    CHECK(loaded.trace->meta.notes[0].step == 0);
    CHECK(loaded.trace->diagnostics[0].step == 4);
    // Saving the loaded part again gives the same events, numbered from 0.
    std::string again = trace_json_string(*loaded.trace);
    CHECK(nlohmann::json::parse(again)["events"][0]["step"] == 0);
}

TEST_CASE("an empty trace round-trips") {
    Trace t;
    std::string a = trace_json_string(t);
    auto loaded = load_trace_text(a, "empty.json");
    REQUIRE(loaded.ok());
    CHECK(loaded.trace->empty());
    CHECK(trace_json_string(*loaded.trace) == a);
    CHECK(trace_json_string(t, {10, 20}) == a.substr(0, a.find("\"first_step\": 0")) + "\"first_step\": 0" +
                                                a.substr(a.find("\"first_step\": 0") + 15));
}

TEST_CASE("malformed trace files give exact errors") {
    const std::string ev0 = R"({"step":0,"t":0,"kind":"spawn","task":0,"path":"main","parent":null})";

    SECTION("not JSON at all") {
        CHECK(load_error("hello") == "t.json:1:1: expected a trace object, got 'h' [trace.schema.202]");
    }
    SECTION("a missing comma") {
        CHECK(load_error("{\"format\": \"pollscope-trace/1\" \"tasks\": []}") ==
              "t.json:1:32: expected ',' or '}' after an object member, got \"tasks\" [trace.syntax.101]");
    }
    SECTION("a trailing comma") {
        CHECK(
            load_error(with_events(ev0 + ",")) ==
            "t.json:6:1 (/events): expected a value after ',', got ']' (trailing comma) [trace.syntax.101]");
    }
    SECTION("the wrong format") {
        CHECK(load_error(R"({"format": "chrome-trace"})") ==
              "t.json:1:12 (/format): unsupported format \"chrome-trace\" (this program reads "
              "\"pollscope-trace/1\") [trace.schema.201]");
    }
    SECTION("format is not first") {
        CHECK(load_error(R"({"tasks": [], "format": "pollscope-trace/1"})") ==
              "t.json:1:2 (/tasks): the trace must start with \"format\": \"pollscope-trace/1\" "
              "[trace.schema.201]");
    }
    SECTION("an unknown event kind") {
        CHECK(load_error(with_events(R"({"step":0,"t":0,"kind":"poll_start","task":0})")) ==
              "t.json:5:24 (/events/0/kind): unknown event kind \"poll_start\" [trace.schema.205]");
    }
    SECTION("a task id out of range") {
        CHECK(load_error(
                  with_events(R"({"step":0,"t":0,"kind":"poll_begin","task":3,"path":"main","poll":1})")) ==
              "t.json:5:44 (/events/0/task): task 3 does not exist (there are 1) [trace.schema.208]");
    }
    SECTION("steps that skip") {
        CHECK(load_error(with_events(ev0 + ",\n" +
                                     R"({"step":2,"t":0,"kind":"run_end","end":"idle","message":""})")) ==
              "t.json:6:9 (/events/1/step): steps must be consecutive: expected 1, got 2 [trace.schema.206]");
    }
    SECTION("time going backwards") {
        CHECK(load_error(with_events(R"({"step":0,"t":500,"kind":"time_advance","from":0},)"
                                     "\n"
                                     R"({"step":1,"t":400,"kind":"time_advance","from":0})")) ==
              "t.json:6:15 (/events/1/t): time went backwards: 400 after 500 [trace.schema.207]");
    }
    SECTION("a field that does not belong to the kind") {
        CHECK(load_error(
                  with_events(R"({"step":0,"t":0,"kind":"poll_begin","task":0,"poll":1,"holder":"x"})")) ==
              "t.json:5:64 (/events/0/holder): field \"holder\" does not apply to a \"poll_begin\" event "
              "[trace.schema.210]");
    }
    SECTION("a missing per-kind field") {
        CHECK(load_error(with_events(R"({"step":0,"t":0,"kind":"poll_end","task":0,"value":0})")) ==
              "t.json:5:1 (/events/0): a \"poll_end\" event needs \"result\" [trace.schema.204]");
    }
    SECTION("an unknown enum name lists the choices") {
        CHECK(load_error(
                  with_events(R"({"step":0,"t":0,"kind":"poll_end","task":0,"result":"done","value":0})")) ==
              "t.json:5:53 (/events/0/result): unknown poll result \"done\" (expected pending or ready) "
              "[trace.schema.209]");
    }
    SECTION("a fractional time") {
        CHECK(load_error(with_events(R"({"step":0,"t":1.5,"kind":"run_end","end":"idle","message":""})")) ==
              "t.json:5:15 (/events/0/t): expected an integer, got 1.5 [trace.schema.202]");
    }
    SECTION("a duplicate field") {
        CHECK(load_error(with_events(R"({"step":0,"step":0,"t":0})")) ==
              "t.json:5:11 (/events/0/step): duplicate field \"step\" [trace.syntax.106]");
    }
    SECTION("an unknown field") {
        CHECK(load_error(
                  with_events(R"({"step":0,"t":0,"kind":"run_end","end":"idle","message":"","colour":1})")) ==
              "t.json:5:60 (/events/0/colour): unknown field \"colour\" in an event [trace.schema.203]");
    }
    SECTION("a waker id too large") {
        CHECK(
            load_error(with_events(R"({"step":0,"t":0,"kind":"timer_fire","waker":4294967295,"timer":1})")) ==
            "t.json:5:45 (/events/0/waker): expected a waker id from 0 to 4294967294, got 4294967295 "
            "[trace.schema.212]");
    }
    SECTION("invalid UTF-8 in a string") {
        CHECK(load_error(with_events(
                  "{\"step\":0,\"t\":0,\"kind\":\"run_end\",\"end\":\"idle\",\"message\":\"a\xFF\"}")) ==
              "t.json:5:59 (/events/0/message): invalid UTF-8 in a string [trace.syntax.104]");
    }
    SECTION("a note outside the trace") {
        std::string text =
            R"({"format": "pollscope-trace/1", "tasks": [], "notes": [{"step": 4, "text": "x"}], "events": []})";
        CHECK(
            load_error(text) ==
            "t.json:1:65 (/notes/0/step): step 4 is not in the trace (it has no events) [trace.schema.213]");
    }
    SECTION("a task parent that does not exist") {
        CHECK(load_error(with_events("", R"([{"id": 0, "name": "a", "parent": 5, "spec": null}])")) ==
              "t.json:3:44 (/tasks/0/parent): task 5 does not exist (there are 1) [trace.schema.208]");
    }
    SECTION("task ids out of order") {
        CHECK(load_error(with_events("", R"([{"id": 1, "name": "a"}])")) ==
              "t.json:3:18 (/tasks/0/id): task ids must be 0, 1, 2, ... in order: expected 0, got 1 "
              "[trace.schema.215]");
    }
    SECTION("events before tasks") {
        CHECK(load_error(R"({"format": "pollscope-trace/1", "events": []})") ==
              "t.json:1:43 (/events): \"events\" must come after \"tasks\" [trace.schema.216]");
    }
    SECTION("text after the object") {
        CHECK(load_error(with_events(ev0) + "{}") ==
              "t.json:8:1: unexpected text after the trace object: an object [trace.syntax.107]");
    }
    SECTION("a truncated file") {
        std::string full = with_events(ev0);
        CHECK(load_error(full.substr(0, full.size() - 5)) ==
              "t.json:5:69 (/events): expected ',' or ']' after an array element, got the end of the file "
              "[trace.syntax.101]");
    }
    SECTION("no events at all") {
        CHECK(load_error(R"({"format": "pollscope-trace/1", "tasks": []})") ==
              "t.json:1:44: missing field \"events\" [trace.schema.204]");
    }
}

TEST_CASE("trace files past the limits are refused before parsing") {
    TraceLoadLimits small;
    small.max_file_bytes = 100;
    auto r = load_trace_text(std::string(200, ' '), "big.json", small);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].text() ==
          "big.json: the trace is 200 bytes, more than the limit of 100 [trace.limit.300]");

    TraceLoadLimits few;
    few.max_events = 1;
    auto trace = every_kind();
    r = load_trace_text(trace_json_string(*trace), "many.json", few);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].id == "trace.limit.302");
    CHECK(r.errors[0].pointer == "/events");

    TraceLoadLimits short_strings;
    short_strings.max_string = 20;
    r = load_trace_text(trace_json_string(*trace), "long.json", short_strings);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].id == "trace.syntax.103");
    CHECK(r.errors[0].pointer == "/meta/summary");
}

TEST_CASE("times and steps past what a run can produce are refused with their position") {
    const std::string spawn_at = R"({"step":0,"t":)";
    const std::string spawn_rest = R"(,"kind":"spawn","task":0,"path":"main","parent":null})";
    SECTION("a time at the limit loads") {
        CHECK(load_error(with_events(spawn_at + std::to_string(kMaxTraceTime) + spawn_rest)) == "");
    }
    SECTION("a time one past the limit") {
        CHECK(load_error(with_events(spawn_at + std::to_string(kMaxTraceTime + 1) + spawn_rest)) ==
              "t.json:5:15 (/events/0/t): time 4611686018427387905 is above the limit of 4611686018427387904 "
              "ns (about 146 years of virtual time) [trace.limit.303]");
    }
    SECTION("a time near the largest 64-bit integer") {
        CHECK(load_error(with_events(spawn_at + "9223372036854775806" + spawn_rest)) ==
              "t.json:5:15 (/events/0/t): time 9223372036854775806 is above the limit of 4611686018427387904 "
              "ns (about 146 years of virtual time) [trace.limit.303]");
    }
    SECTION("a first step at the event limit") {
        TraceLoadLimits few;
        few.max_events = 10;
        std::string text =
            with_events(R"({"step":10,"t":0,"kind":"spawn","task":0,"path":"main","parent":null})");
        text.insert(text.find("\"tasks\""), "\"first_step\": 10,\n");
        auto r = load_trace_text(text, "t.json", few);
        REQUIRE_FALSE(r.ok());
        CHECK(r.errors[0].text() ==
              "t.json:3:15 (/first_step): expected a step number from 0 to 9, got 10 [trace.schema.212]");
    }
    SECTION("a step past the event limit") {
        TraceLoadLimits few;
        few.max_events = 10;
        std::string text =
            with_events(R"({"step":9,"t":0,"kind":"spawn","task":0,"path":"main","parent":null},
{"step":10,"t":0,"kind":"spawn","task":0,"path":"main","parent":null})");
        text.insert(text.find("\"tasks\""), "\"first_step\": 9,\n");
        auto r = load_trace_text(text, "t.json", few);
        REQUIRE_FALSE(r.ok());
        CHECK(r.errors[0].text() ==
              "t.json:7:9 (/events/1/step): step 10 is above the limit of 9 (one less "
              "than the event limit) [trace.limit.302]");
    }
}

TEST_CASE("a trace file that starts with a UTF-8 byte-order mark loads as if it had none") {
    auto trace = every_kind();
    const std::string text = trace_json_string(*trace);
    auto r = load_trace_text("\xEF\xBB\xBF" + text, "bom.json");
    REQUIRE(r.ok());
    CHECK(trace_json_string(*r.trace) == text);
    // Anywhere else it is not JSON, and the error says what it is.
    CHECK(load_error(" \xEF\xBB\xBF" + text) ==
          "t.json:1:2: expected a trace object, got a byte-order mark (U+FEFF), which may only start the "
          "file [trace.schema.202]");
}

TEST_CASE("a trace the loader would refuse is not written") {
    const std::string path = temp_file("late.json");
    auto trace = every_kind();
    Event late;
    late.kind = EventKind::FutureDrop;
    late.time = kMaxTraceTime + 1;
    trace->append(late);
    ExportResult r = write_trace_json(*trace, path);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("its virtual time reaches 4611686018427387905 ns, above the limit") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(path));
    // The steps before the late event still make a trace that loads.
    r = write_trace_json(*trace, path, StepRange{0, static_cast<std::int64_t>(trace->size()) - 2});
    REQUIRE(r.ok);
    CHECK(load_trace_file(path).ok());
    fs::remove(path);
}

TEST_CASE("a missing trace file is reported with the system's words") {
    auto r = load_trace_file("/nonexistent/trace.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].text() ==
          "/nonexistent/trace.json: cannot open the trace: No such file or directory [trace.io.001]");
}

TEST_CASE("a FIFO given as a trace is refused at once, not waited on") {
    std::string fifo =
        (std::filesystem::temp_directory_path() / ("pollscope-trace-fifo-" + std::to_string(::getpid())))
            .string();
    std::filesystem::remove(fifo);
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto r = load_trace_file(fifo);  // a blocking open would wait here for a writer
    std::filesystem::remove(fifo);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].text() == fifo + ": not a regular file (a FIFO) [trace.io.002]");
}

#include "tests/export_cases.hpp"

TEST_CASE("engine runs and lesson files round-trip through the trace file byte for byte") {
    auto cases = export_cases::all_cases();
    REQUIRE(cases.size() >= 9);
    for (const auto& c : cases) {
        INFO(c.name);
        std::string first = trace_json_string(*c.trace);
        auto loaded = load_trace_text(first, c.name);
        INFO((loaded.ok() ? std::string() : loaded.errors[0].text()));
        REQUIRE(loaded.ok());
        CHECK(trace_json_string(*loaded.trace) == first);
        CHECK(loaded.trace->size() == c.trace->size());
    }
}

TEST_CASE("every truncation or corrupted byte of a trace file gives an error, never a crash") {
    auto trace = every_kind();
    std::string text = trace_json_string(*trace);
    for (std::size_t n = 0; n + 2 < text.size(); n += 3) {
        auto r = load_trace_text(std::string_view(text).substr(0, n), "cut.json");
        CHECK_FALSE(r.ok());
        REQUIRE(r.errors.size() == 1);
        CHECK_FALSE(r.errors[0].id.empty());
    }
    const char junk[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '\x00', '\xff', '9', '-', 'x', ' '};
    std::size_t ok = 0, refused = 0;
    for (std::size_t pos = 0; pos < text.size(); pos += 7) {
        for (char c : junk) {
            std::string bad = text;
            bad[pos] = c;
            auto r = load_trace_text(bad, "bad.json");
            if (r.ok()) {
                ++ok;  // e.g. a digit changed inside a number or a string: still a valid trace
                CHECK(r.errors.empty());
            } else {
                ++refused;
                CHECK(r.errors.size() == 1);
            }
        }
    }
    CHECK(refused > ok);
}
