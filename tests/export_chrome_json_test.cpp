#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/export/chrome_json.hpp"
#include "engine/export/synthetic_trace.hpp"
#include "engine/trace/causality.hpp"
#include "tests/export_cases.hpp"

using namespace ps;
using export_cases::polls_in;
using nlohmann::json;

namespace {

std::int64_t ns(const json& v) {
    return std::llround(v.get<double>() * 1000.0);
}

struct Checked {
    std::map<std::string, std::int64_t> tid_by_name;  // thread names
    std::size_t poll_slices = 0;                      // X events with cat "poll" on task threads
    std::set<std::uint64_t> flow_ids;
};

// Checks the structure every export must have and returns what the individual tests look at.
Checked check_chrome(const Trace& trace, const std::string& text, StepRange range = {}) {
    Checked out;
    json j = json::parse(text);  // throws (and fails the test) if it is not JSON
    REQUIRE(j.is_object());
    REQUIRE(j["traceEvents"].is_array());
    CHECK(j["displayTimeUnit"] == "ns");
    const json& events = j["traceEvents"];

    std::string process_name;
    std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> slices_by_tid;  // (begin, end)
    std::map<std::uint64_t, int> s_count, f_count;
    std::vector<std::pair<std::int64_t, std::int64_t>> s_at, f_at;  // (tid, ts)
    std::map<std::uint64_t, std::pair<std::int64_t, std::int64_t>> f_by_id;
    std::map<std::pair<std::int64_t, std::int64_t>, std::uint64_t> root_poll_begin;  // (tid, begin) -> step
    for (const json& e : events) {
        REQUIRE(e.contains("ph"));
        REQUIRE(e.contains("pid"));
        REQUIRE(e.contains("tid"));
        std::string ph = e["ph"];
        if (ph == "M") {
            if (e["name"] == "process_name") process_name = e["args"]["name"];
            if (e["name"] == "thread_name") out.tid_by_name[e["args"]["name"]] = e["tid"];
            continue;
        }
        REQUIRE(e.contains("ts"));
        REQUIRE(e["ts"].is_number());
        CHECK(e["ts"].get<double>() >= 0);
        if (ph != "C" && ph != "s" && ph != "f") REQUIRE(e.contains("name"));
        if (ph == "X") {
            REQUIRE(e.contains("dur"));
            CHECK(e["dur"].get<double>() > 0);
            std::int64_t b = ns(e["ts"]), d = ns(e["dur"]);
            slices_by_tid[e["tid"]].emplace_back(b, b + d);
            if (e["cat"] == "poll" && e["tid"].get<std::int64_t>() >= 1000) {
                ++out.poll_slices;
                const json& a = e["args"];
                CHECK(a.contains("result"));
                CHECK(a.contains("path"));
                CHECK(a.contains("task"));
                CHECK(a.contains("step"));
                if (a.contains("poll")) root_poll_begin[{e["tid"], b}] = a["step"];
            }
        } else if (ph == "i") {
            CHECK(e["s"] == "t");
        } else if (ph == "s" || ph == "f") {
            std::uint64_t id = e["id"];
            (ph == "s" ? s_count : f_count)[id]++;
            (ph == "s" ? s_at : f_at).emplace_back(e["tid"], ns(e["ts"]));
            if (ph == "f") {
                CHECK(e["bp"] == "e");
                f_by_id[id] = {e["tid"], ns(e["ts"])};
            }
        } else if (ph == "C") {
            CHECK(e["args"].is_object());
        }
    }
    CHECK(process_name == (trace.meta.title.empty() ? std::string("pollscope") : trace.meta.title));
    CHECK(out.tid_by_name.count("reactor") == 1);

    // Slices on one thread never partially overlap: each is inside the enclosing one or after it.
    for (auto& [tid, v] : slices_by_tid) {
        std::sort(v.begin(), v.end(), [](auto a, auto b) {
            return a.first != b.first ? a.first < b.first : a.second > b.second;
        });
        std::vector<std::pair<std::int64_t, std::int64_t>> stack;
        for (auto [b, e] : v) {
            while (!stack.empty() && b >= stack.back().second) stack.pop_back();
            if (!stack.empty()) {
                INFO("thread " << tid << ": [" << b << ", " << e << "] crosses [" << stack.back().first
                               << ", " << stack.back().second << "]");
                REQUIRE(e <= stack.back().second);
                REQUIRE(b > stack.back().first);  // strictly inside: no ambiguous ties
            }
            stack.emplace_back(b, e);
        }
    }
    // Every flow is a pair, and both ends sit inside a slice of their thread; the end sits in the
    // task-level poll that the wake caused.
    for (auto& [id, n] : s_count) {
        CHECK(n == 1);
        CHECK(f_count[id] == 1);
        out.flow_ids.insert(id);
    }
    CHECK(s_count.size() == f_count.size());
    auto inside = [&](std::int64_t tid, std::int64_t ts) {
        for (auto [b, e] : slices_by_tid[tid])
            if (b < ts && ts < e) return true;
        return false;
    };
    for (auto [tid, ts] : s_at) CHECK(inside(tid, ts));
    for (auto [tid, ts] : f_at) {
        CHECK(inside(tid, ts));
        CHECK(root_poll_begin.count({tid, ts - 1}) == 1);
    }
    // One flow per wake that led to a poll (within the range).
    StepSpan span = resolve_range(range, trace.size());
    std::set<std::uint64_t> expected;
    for (const WakeFlow& w : wake_flows(trace))
        if (w.outcome == WakeOutcome::Polled && span.contains(w.wake_step) && span.contains(w.poll_step))
            expected.insert(w.wake_step);
    CHECK(out.flow_ids == expected);
    // The "f" of wake `id` is just inside the task-level poll that wake caused.
    for (const WakeFlow& w : wake_flows(trace)) {
        if (!out.flow_ids.count(w.wake_step)) continue;
        auto [tid, ts] = f_by_id[w.wake_step];
        CHECK(root_poll_begin[{tid, ts - 1}] == w.poll_step);
    }
    return out;
}

}  // namespace

TEST_CASE("the Chrome export of a hand-written trace has named threads, nested polls and one flow per wake") {
    Trace trace;
    trace.meta.title = "Two tasks";
    TraceBuilder b(trace);
    auto a = b.task("sleeper");
    auto c = b.task("sender");
    b.node("sleeper/0", "sleep", "sleep(10ms)", 1);
    b.spawn(a);
    b.schedule(a, ScheduleReason::Spawned, 1);
    b.spawn(c);
    b.schedule(c, ScheduleReason::Spawned, 2);
    b.poll_begin(a, "sleeper", 1);
    b.poll_begin(a, "sleeper/0");
    b.clone(a, "sleeper/0", 0, HolderKind::Timer, "timer #0");
    b.register_source(a, "sleeper/0", 0, HolderKind::Timer, "timer #0");
    b.poll_end(a, "sleeper/0", PollResult::Pending);
    b.poll_end(a, "sleeper", PollResult::Pending);
    b.poll(c, 1, PollResult::Ready);  // zero-duration poll
    b.complete(c, 5);
    b.advance_to(10 * kMilli);
    b.timer_fire(a, 0, 0);
    b.wake(a, "", 0, HolderKind::Timer, "timer #0 fired");
    b.schedule(a, ScheduleReason::Woken, 1);
    b.poll(a, 2, PollResult::Ready, {"sleeper/0"});
    b.complete(a);
    b.run_end(EndReason::AllComplete, "done");

    std::string text = chrome_json_string(trace);
    Checked ch = check_chrome(trace, text);
    CHECK(ch.tid_by_name.count("executor") == 1);
    CHECK(ch.tid_by_name.count("task 0 sleeper") == 1);
    CHECK(ch.tid_by_name.count("task 1 sender") == 1);
    CHECK(ch.poll_slices == 5);
    CHECK(ch.flow_ids.size() == 1);

    json j = json::parse(text);
    bool named_by_what_was_polled = false, counter = false, lifetime = false;
    for (const json& e : j["traceEvents"]) {
        if (e["ph"] == "X" && e["name"] == "sleep(10ms)") named_by_what_was_polled = true;
        if (e["ph"] == "C" && e["name"] == "run queue") counter = true;
        if (e["ph"] == "X" && e["cat"] == "task" && e["name"] == "sender") lifetime = true;
    }
    CHECK(named_by_what_was_polled);
    CHECK(counter);
    CHECK(lifetime);
}

TEST_CASE("the Chrome export of every engine run and lesson file is well formed") {
    for (const auto& c : export_cases::all_cases()) {
        INFO(c.name);
        Checked ch = check_chrome(*c.trace, chrome_json_string(*c.trace));
        CHECK(ch.poll_slices == polls_in(*c.trace));
        for (std::uint32_t t = 0; t < c.trace->tasks.size(); ++t)
            CHECK(ch.tid_by_name.count("task " + std::to_string(t) + " " + c.trace->tasks[t].name) == 1);
    }
}

TEST_CASE("a step range exports only the polls it touches and keeps them nested") {
    for (const auto& c : export_cases::engine_cases()) {
        INFO(c.name);
        std::int64_t n = static_cast<std::int64_t>(c.trace->size());
        for (StepRange r :
             {StepRange{n / 3, 2 * n / 3}, StepRange{5, 5}, StepRange{n - 4, -1}, StepRange{n + 5, -1}}) {
            INFO("range " << r.from << ".." << r.to);
            Checked ch = check_chrome(*c.trace, chrome_json_string(*c.trace, r), r);
            CHECK(ch.poll_slices == polls_in(*c.trace, r));
        }
    }
}

TEST_CASE("a multi-worker trace gets one executor thread per worker") {
    SyntheticOptions o;
    o.events = 3000;
    o.tasks = 4;
    o.workers = 3;
    o.iterations = 20;
    auto trace = make_synthetic_trace(o);
    Checked ch = check_chrome(*trace, chrome_json_string(*trace));
    CHECK(ch.tid_by_name.count("executor worker 0") == 1);
    CHECK(ch.tid_by_name.count("executor worker 2") == 1);
    CHECK(ch.tid_by_name.count("executor") == 0);
    CHECK(ch.poll_slices == polls_in(*trace));
}

TEST_CASE("a Chrome export past the viewer's limits comes with a warning") {
    CHECK(chrome_size_warning(1000, 1000).empty());
    CHECK(chrome_size_warning(1'000'001, 1000) ==
          "this Chrome trace has 1000001 events (0 MB); chrome://tracing fails past about 1,000,000 events "
          "or 250 MB: "
          "open it in Perfetto (ui.perfetto.dev), or export a step range");
    CHECK_FALSE(chrome_size_warning(10, 300'000'000).empty());

    SyntheticOptions o;
    o.events = 2000;
    auto trace = make_synthetic_trace(o);
    auto path = (std::filesystem::temp_directory_path() /
                 ("pollscope-chrome-" + std::to_string(::getpid()) + ".json"))
                    .string();
    auto r = write_chrome_json(*trace, path);
    REQUIRE(r.ok);
    CHECK(r.warnings.empty());
    CHECK(r.bytes == std::filesystem::file_size(path));
    std::filesystem::remove(path);
}

TEST_CASE("a task that completes before its last poll_end still has its polls inside its lifetime") {
    Trace trace;
    trace.meta.title = "early complete";
    TraceBuilder b(trace);
    auto t = b.task("quick");
    b.spawn(t);
    b.poll_begin(t, "quick", 1);
    b.complete(t, 3);  // out of the usual order: inside the poll
    b.poll_end(t, "quick", PollResult::Ready, 3);
    b.run_end(EndReason::AllComplete, "done");
    Checked ch = check_chrome(trace, chrome_json_string(trace));
    CHECK(ch.poll_slices == 1);
}

TEST_CASE("a poll still open at a time near the largest 64-bit integer closes without overflow") {
    // Past what the trace loader accepts (kMaxTraceTime), but the writer takes any Trace: the
    // closing gaps saturate. Before, `end += kGap` overflowed here (caught by the sanitizer build).
    const Nanos near_max = std::numeric_limits<Nanos>::max() - 1;
    Trace trace;
    trace.meta.title = "open at the end of time";
    TraceBuilder b(trace);
    auto t = b.task("late");
    b.spawn(t);
    b.at(near_max).poll_begin(t, "late", 1);
    b.poll_begin(t, "late/0");
    // Every slice ends at or after its start, and no time wrapped around to negative. (The
    // usual structural checks do not apply: at this size microseconds lose precision in a double.)
    json j = json::parse(chrome_json_string(trace));
    std::size_t polls = 0;
    for (const json& e : j["traceEvents"]) {
        if (e["ph"] != "X") continue;
        polls += e["cat"] == "poll";
        CHECK(e["ts"].get<double>() >= 0);
        CHECK(e["dur"].get<double>() >= 0);
    }
    CHECK(polls == 3);  // the two polls on the task's thread, the outer one on the executor's
}
