#include <catch2/catch.hpp>
#include <sstream>

#include "engine/export/markdown.hpp"
#include "engine/export/synthetic_trace.hpp"
#include "engine/trace/narrate.hpp"
#include "tests/export_cases.hpp"

using namespace ps;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// Cells of a table row, splitting on '|' that are not escaped.
std::vector<std::string> cells(const std::string& row) {
    std::vector<std::string> out;
    std::string cur;
    for (std::size_t i = 1; i < row.size(); ++i) {
        if (row[i] == '\\' && i + 1 < row.size()) {
            cur += row[i + 1];
            ++i;
        } else if (row[i] == '|') {
            out.push_back(cur.size() >= 2 ? cur.substr(1, cur.size() - 2) : cur);
            cur.clear();
        } else {
            cur += row[i];
        }
    }
    return out;
}

std::vector<std::vector<std::string>> rows(const std::string& md) {
    std::vector<std::vector<std::string>> out;
    for (const std::string& l : lines_of(md))
        if (l.rfind("| ", 0) == 0 && l.rfind("| step |", 0) != 0) out.push_back(cells(l));
    return out;
}

// A timer wakes a task whose name has a pipe in it.
Trace timer_trace() {
    Trace trace;
    trace.meta.title = "A | timer";
    trace.meta.summary = "One task sleeps.";
    trace.meta.lesson = {"First paragraph.", "Second paragraph."};
    trace.meta.end_message = "all 1 tasks completed";
    TraceBuilder b(trace);
    auto t = b.task("sle|eper");
    b.node("sle|eper/0", "sleep", "sleep(10ms)", 1);
    b.spawn(t);
    b.schedule(t, ScheduleReason::Spawned);
    b.poll_begin(t, "sle|eper", 1);
    b.poll_begin(t, "sle|eper/0");
    b.clone(t, "sle|eper/0", 7, HolderKind::Timer, "timer #2 (fires at 10ms)");
    b.poll_end(t, "sle|eper/0", PollResult::Pending);
    b.poll_end(t, "sle|eper", PollResult::Pending);
    b.advance_to(10 * kMilli);
    b.timer_fire(t, 7, 2);
    b.wake(t, "", 7, HolderKind::Timer, "timer #2 fired");
    b.schedule(t, ScheduleReason::Woken);
    b.poll(t, 2, PollResult::Ready, {"sle|eper/0"});
    b.complete(t);
    b.diagnostic(t, DiagKind::WakeAfterComplete, "a late | wake");
    b.run_end(EndReason::AllComplete, "all 1 tasks completed");
    trace.meta.notes = {{4, "The task parks on its timer."}, {10, "The timer fires."}};
    return trace;
}

}  // namespace

TEST_CASE("the Markdown narration starts with the title, summary and lesson") {
    Trace trace = timer_trace();
    std::string md = markdown_string(trace);
    auto l = lines_of(md);
    REQUIRE(l.size() > 10);
    CHECK(l[0] == "# A | timer");
    CHECK(l[2] == "One task sleeps.");
    CHECK(l[4] == "First paragraph.");
    CHECK(l[6] == "Second paragraph.");
    CHECK(md.find("## The run\n") != std::string::npos);
    CHECK(md.find("- outcome: all 1 tasks completed\n") != std::string::npos);
    CHECK(md.find("## Step by step\n") != std::string::npos);
}

TEST_CASE("the Markdown table has one row per step with narrate's words and a causal why") {
    Trace trace = timer_trace();
    std::string md = markdown_string(trace);
    auto r = rows(md);
    REQUIRE(r.size() == trace.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
        INFO("step " << i);
        REQUIRE(r[i].size() == 4);
        CHECK(r[i][0] == std::to_string(i));
        CHECK(r[i][2] == narrate(trace, static_cast<std::uint32_t>(i)));
    }
    CHECK(r[1][1] == "0.000ms");
    CHECK(r[7][1] == "10.000ms");
    // the poll that the timer's wake caused says so, with the waker's holder
    CHECK(r[11][3] == "woken at step 9 by waker #7, held by timer #2 (fires at 10ms)");
    CHECK(r[6][3] ==
          "its poll returned Pending while parked on sleep(10ms); waker #7 is held by timer #2 (fires at "
          "10ms) to wake it");
    CHECK(r[9][3] == "timer #2 fired; it leads to poll #2 of task 0 'sle|eper' (step 11)");
    CHECK(r[10][3] == "waker #7 was woken at step 9 and the task was idle, so it is queued to be polled");
    CHECK(r[2][3] == "its first poll: a spawned task runs once before it can wait for anything");
}

TEST_CASE("the Markdown escapes pipes in cells") {
    Trace trace = timer_trace();
    std::string md = markdown_string(trace);
    CHECK(md.find("task 0 'sle\\|eper'") != std::string::npos);
    for (const std::string& l : lines_of(md)) {
        if (l.rfind("| ", 0) != 0) continue;
        std::size_t unescaped = 0;
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (l[i] == '\\')
                ++i;
            else if (l[i] == '|')
                ++unescaped;
        }
        CHECK(unescaped == 5);
    }
}

TEST_CASE("the Markdown puts each note just before its step") {
    Trace trace = timer_trace();
    std::string md = markdown_string(trace);
    std::size_t note1 = md.find("> **Note 1 (step 4).** The task parks on its timer.\n");
    std::size_t row3 = md.find("\n| 3 |"), row4 = md.find("\n| 4 |");
    REQUIRE(note1 != std::string::npos);
    CHECK(row3 < note1);
    CHECK(note1 < row4);
    CHECK(md.find("> **Note 2 (step 10).** The timer fires.\n") != std::string::npos);
    // the table starts again after each note
    CHECK(md.find("The task parks on its timer.\n\n| step | time | what happened | why "
                  "|\n|---:|---:|---|---|\n| 4 |") != std::string::npos);
}

TEST_CASE("the Markdown lists the diagnostics at the end") {
    Trace trace = timer_trace();
    std::string md = markdown_string(trace);
    CHECK(md.find("## Diagnostics\n\n- **wake_after_complete** at step 16 (t=10.000ms), task 0 'sle|eper': a "
                  "late | wake\n") != std::string::npos);
}

TEST_CASE("the Markdown of a step range shows only those steps, notes and diagnostics") {
    Trace trace = timer_trace();
    std::string md = markdown_string(trace, {5, 9});
    auto r = rows(md);
    REQUIRE(r.size() == 5);
    CHECK(r.front()[0] == "5");
    CHECK(r.back()[0] == "9");
    CHECK(md.find("this page shows steps 5 to 9") != std::string::npos);
    CHECK(md.find("Note 1") == std::string::npos);
    CHECK(md.find("None in these steps.") != std::string::npos);
    // the why column still knows what happened before the range
    CHECK(r[1][3] ==
          "its poll returned Pending while parked on sleep(10ms); waker #7 is held by timer #2 (fires at "
          "10ms) to wake it");
    CHECK(markdown_string(trace, {100, -1}).find("No steps in this range.") != std::string::npos);
}

TEST_CASE("explain_step gives the same why as the table") {
    Trace trace = timer_trace();
    auto r = rows(markdown_string(trace));
    for (std::uint32_t i = 0; i < trace.size(); ++i) CHECK(explain_step(trace, i) == r[i][3]);
}

TEST_CASE("the Markdown of every engine run and lesson file has a row per step") {
    for (const auto& c : export_cases::all_cases()) {
        INFO(c.name);
        std::string md = markdown_string(*c.trace);
        auto r = rows(md);
        CHECK(r.size() == c.trace->size());
        for (const auto& row : r) CHECK(row.size() == 4);
        CHECK(md.find("## Diagnostics") != std::string::npos);
        if (!c.trace->diagnostics.empty()) CHECK(md.find("None in these steps.") == std::string::npos);
    }
}
