// The GUI's model, without a window: opening files, the cursor commands, reloading, and
// the timeline's precomputed fold levels.
//
// Links pollscope_gui_model, the GL-free part of the GUI (no window needed).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/gui/model/app_state.hpp"
#include "app/gui/model/settings.hpp"
#include "app/gui/model/timeline_model.hpp"
#include "engine/export/synthetic_trace.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/model/policies.hpp"
#include "tests/temp_dir.hpp"

using namespace ps;
using namespace ps::gui;

namespace {

const std::string kLesson = std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/02-sleep.json";

std::string temp_file(const std::string& name, const std::string& text) {
    auto dir = std::filesystem::temp_directory_path() / ("pollscope-gui-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = (dir / name).string();
    std::ofstream(path, std::ios::trunc) << text;
    return path;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("opening a lesson starts before the first event") {
    AppState app;
    REQUIRE(app.open(kLesson));
    CHECK(app.step == -1);
    CHECK(app.snapshot()->step == -1);
    CHECK(app.last_error.empty());
    CHECK(app.settings.recent.size() == 1);
}

TEST_CASE("stepping forward then back gives an identical state description") {
    AppState app;
    REQUIRE(app.open(kLesson));
    app.seek(5);
    std::string at5 = describe_state(app);
    for (int i = 0; i < 7; ++i) app.step_forward();
    CHECK(app.step == 12);
    for (int i = 0; i < 7; ++i) app.step_back();
    CHECK(describe_state(app) == at5);
}

TEST_CASE("the cursor clamps at both ends") {
    AppState app;
    REQUIRE(app.open(kLesson));
    app.step_back();
    CHECK(app.step == -1);
    app.seek(1'000'000);
    CHECK(app.step == app.last_step());
    app.step_forward();
    CHECK(app.step == app.last_step());
    app.to_start();
    CHECK(app.step == -1);
}

TEST_CASE("next poll lands on a task-level poll_begin and next wake on a wake") {
    AppState app;
    REQUIRE(app.open(kLesson));
    app.next_poll();
    const Trace& t = *app.trace();
    REQUIRE(app.step >= 0);
    CHECK(t[static_cast<std::size_t>(app.step)].kind == EventKind::PollBegin);
    CHECK(t[static_cast<std::size_t>(app.step)].arg == 1);  // poll #1 of its task
    app.next_wake();
    auto k = t[static_cast<std::size_t>(app.step)].kind;
    CHECK((k == EventKind::WakerWake || k == EventKind::WakerWakeByRef));
    std::int64_t wake = app.step;
    app.next_poll();
    CHECK(app.step > wake);
    CHECK(t[static_cast<std::size_t>(app.step)].arg == 2);  // the poll the wake caused
    app.prev_poll();
    CHECK(t[static_cast<std::size_t>(app.step)].arg == 1);
}

TEST_CASE("page down and up walk the lesson's notes and stop at the last one") {
    AppState app;
    REQUIRE(app.open(std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/05-select-timeout.json"));
    const auto& notes = app.trace()->meta.notes;
    REQUIRE(notes.size() >= 3);
    for (const NoteInfo& n : notes) {
        app.next_note();
        CHECK(app.step == static_cast<std::int64_t>(n.step));
    }
    app.next_note();  // past the last note: the cursor stays
    CHECK(app.step == static_cast<std::int64_t>(notes.back().step));
    app.prev_note();
    CHECK(app.step == static_cast<std::int64_t>(notes[notes.size() - 2].step));
}

TEST_CASE("previous wake goes back to the wake before the cursor, next diagnostic to the first problem") {
    AppState app;
    REQUIRE(app.open(kLesson));
    app.next_wake();
    const std::int64_t first = app.step;
    app.next_wake();
    REQUIRE(app.step > first);
    app.prev_wake();
    CHECK(app.step == first);
    app.prev_wake();
    CHECK(app.step == -1);  // no wake before the first: back to the start
    AppState bad;
    REQUIRE(bad.open(std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/11-lost-wakeup.json"));
    REQUIRE_FALSE(bad.trace()->diagnostics.empty());
    bad.next_diagnostic();
    CHECK(bad.step == static_cast<std::int64_t>(bad.trace()->diagnostics.front().step));
}

TEST_CASE("a bad file keeps the current document and reports the loader's exact text") {
    AppState app;
    REQUIRE(app.open(kLesson));
    app.seek(4);
    std::string bad = temp_file("bad.json", "{ \"title\": ");
    CHECK_FALSE(app.open(bad));
    CHECK(app.doc->path == kLesson);
    CHECK(app.step == 4);
    LoadResult r = load_scenario_file(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(app.last_error == r.errors.front().text());
    CHECK(app.error.open_request);
    CHECK(app.error.text == app.last_error);
    CHECK(describe_state(app).find("last error: " + r.errors.front().text()) != std::string::npos);
}

TEST_CASE("a changed file is reloaded, keeping the cursor step") {
    std::string path = temp_file("lesson.json", read_all(kLesson));
    AppState app;
    REQUIRE(app.open(path));
    app.seek(6);
    CHECK_FALSE(app.reload_if_changed(10.0));  // unchanged
    // Change the file (and make sure the modification time moves).
    std::string text = read_all(path);
    const std::string old_summary = app.trace()->meta.summary;
    auto pos = text.find(old_summary);
    REQUIRE(pos != std::string::npos);
    text.replace(pos, old_summary.size(), "changed on disk");
    auto old_time = std::filesystem::last_write_time(path);
    std::ofstream(path, std::ios::trunc) << text;
    std::filesystem::last_write_time(path, old_time + std::chrono::seconds(2));
    CHECK_FALSE(app.reload_if_changed(10.5));  // polled at most once a second
    CHECK(app.reload_if_changed(11.5));
    CHECK(app.step == 6);
    CHECK(app.trace()->meta.summary == "changed on disk");
    // A broken save does not replace what is shown.
    std::ofstream(path, std::ios::trunc) << "{";
    std::filesystem::last_write_time(path, old_time + std::chrono::seconds(4));
    CHECK_FALSE(app.reload_if_changed(13.0));
    CHECK(app.trace()->meta.summary == "changed on disk");
    CHECK_FALSE(app.last_error.empty());
}

TEST_CASE(
    "reloading a changed file keeps the chosen policy and the comparison, and closes the error once fixed") {
    std::string path = temp_file("policy.json", read_all(kLesson));
    AppState app;
    REQUIRE(app.open(path));
    const std::string own = app.trace()->meta.policy;
    std::string chosen, other;
    for (const char* const* p = policy_names(); *p; ++p) {
        if (*p == own) continue;
        (chosen.empty() ? chosen : other) = *p;
        if (!other.empty()) break;
    }
    REQUIRE(!other.empty());
    REQUIRE(app.rerun_with_policy(chosen));
    REQUIRE(app.compare_with(other));
    auto when = std::filesystem::last_write_time(path);
    auto rewrite = [&](const std::string& text, int seconds) {
        std::ofstream(path, std::ios::trunc) << text;
        std::filesystem::last_write_time(path, when + std::chrono::seconds(seconds));
    };
    std::string text = read_all(path);
    const std::string old_summary = app.trace()->meta.summary;
    text.replace(text.find(old_summary), old_summary.size(), "changed on disk");
    rewrite(text, 2);
    REQUIRE(app.reload_if_changed(10.0));
    CHECK(app.trace()->meta.policy == chosen);
    REQUIRE(app.compare);
    CHECK(app.compare->meta.policy == other);
    CHECK(app.compare->meta.summary == "changed on disk");  // run again from the new file
    rewrite("{", 4);
    CHECK_FALSE(app.reload_if_changed(12.0));
    CHECK(app.error.open_request);
    CHECK_FALSE(app.error.close_request);
    rewrite(text, 6);
    REQUIRE(app.reload_if_changed(14.0));
    CHECK(app.error.close_request);
    CHECK(app.last_error.empty());
    CHECK(app.trace()->meta.policy == chosen);
}

TEST_CASE("a saved trace is recognised by its format line") {
    std::string scenario = temp_file("s.json", read_all(kLesson));
    std::string trace = temp_file("t.json", "{\n  \"format\": \"pollscope-trace/1\",\n");
    CHECK_FALSE(looks_like_trace(scenario));
    CHECK(looks_like_trace(trace));
    CHECK_FALSE(looks_like_trace("/nonexistent/file.json"));
}

TEST_CASE("fold levels cover every poll once, in order, with growing thresholds") {
    SyntheticOptions so;
    so.events = 200'000;
    so.tasks = 4;
    auto trace = make_synthetic_trace(so);
    TimelineModel m(*trace);
    auto check_row = [](const SliceRow& row) {
        for (int axis : {kAxisTime, kAxisSteps}) {
            double last_threshold = 0;
            std::size_t last_size = row.slices.size();
            for (const FoldLevel& level : row.lod[axis]) {
                CHECK(level.threshold > last_threshold);
                CHECK(level.boxes.size() * 2 <= last_size);
                last_threshold = level.threshold;
                last_size = level.boxes.size();
                std::uint32_t next = 0;
                double last_end = -1e300;
                for (const FoldBox& b : level.boxes) {
                    REQUIRE(b.first == next);  // contiguous, nothing skipped or repeated
                    REQUIRE(b.count >= 1);
                    REQUIRE(b.b >= last_end);  // sorted, not overlapping
                    REQUIRE(b.e >= b.b);
                    last_end = b.e;
                    next = b.first + b.count;
                }
                CHECK(next == row.slices.size());
            }
        }
    };
    REQUIRE_FALSE(m.tasks.empty());
    check_row(m.executor[0]);
    for (const auto& lane : m.tasks) {
        check_row(lane.polls);
        for (const auto& row : lane.nested) check_row(row);
    }
    CHECK_FALSE(m.executor[0].lod[kAxisSteps].empty());  // a big row has coarser levels
}

TEST_CASE("a task lane holds nested rows only as deep as the task's own polls go") {
    SyntheticOptions so;
    so.events = 20'000;
    so.tasks = 50;
    auto trace = make_synthetic_trace(so);
    TimelineModel m(*trace);
    REQUIRE(m.tasks.size() >= 50);
    for (const auto& lane : m.tasks) {
        CHECK(lane.nested.size() <= static_cast<std::size_t>(TaskLane::kMaxDepthRows));
        if (!lane.nested.empty()) CHECK_FALSE(lane.nested.back().slices.empty());
        for (const auto& row : lane.nested)
            for (const auto& s : row.slices) CHECK(s.depth <= lane.nested.size());
        const SliceRow& beyond = lane.nested_row(lane.nested.size());
        CHECK(beyond.slices.empty());
        CHECK(beyond.ready_between(0, 0) == 0);
        if (lane.polls.slices.empty()) CHECK(lane.polls.ready_prefix.capacity() == 0);
    }
}

TEST_CASE("wake arrows go from a wake to a later task-level poll of the woken task") {
    AppState app;
    REQUIRE(app.open(kLesson));
    const Trace& t = *app.trace();
    const auto& arrows = app.doc->model->arrows;
    REQUIRE_FALSE(arrows.empty());
    for (const auto& a : arrows) {
        CHECK(a.poll > a.wake);
        CHECK(t[a.poll].kind == EventKind::PollBegin);
        CHECK(t[a.poll].task == a.to_task);
    }
}

TEST_CASE("settings are saved, read back, and a settings.ini that is a FIFO is ignored without waiting") {
    ps::testing::TempDir dir("pollscope-settings");
    Settings saved;
    saved.dark = false;
    saved.show_log = false;
    saved.recent = {"scenarios/02-sleep.json"};
    REQUIRE(save_settings(saved, dir.path.string()));
    Settings read;
    REQUIRE(load_settings(read, dir.path.string()));
    CHECK_FALSE(read.dark);
    CHECK_FALSE(read.show_log);
    CHECK(read.show_code);
    CHECK(read.recent == saved.recent);

    std::filesystem::remove(dir.file("settings.ini"));
    REQUIRE(::mkfifo(dir.file("settings.ini").c_str(), 0600) == 0);
    Settings untouched;
    CHECK_FALSE(load_settings(untouched, dir.path.string()));  // returns at once: nobody writes
    CHECK(untouched.dark);
}

namespace {

// The largest step anything in the timeline model refers to.
std::int64_t latest_step_in(const TimelineModel& m) {
    std::int64_t latest = -1;
    auto see = [&](std::int64_t s) { latest = std::max(latest, s); };
    auto rows = [&](const SliceRow& r) {
        for (const PollSlice& p : r.slices) see(p.end);
    };
    for (const TaskLane& lane : m.tasks) {
        rows(lane.polls);
        for (const SliceRow& r : lane.nested) rows(r);
        for (const Marker& mk : lane.wakers) see(mk.step);
    }
    for (const SliceRow& r : m.executor) rows(r);
    for (const auto& marks : m.worker_marks)
        for (const Marker& mk : marks) see(mk.step);
    for (const Marker& mk : m.reactor) see(mk.step);
    for (const WakeArrow& a : m.arrows) see(a.poll);
    for (auto w : m.wakes) see(w);
    for (auto p : m.task_polls) see(p);
    return latest;
}

void check_nothing_after_cursor(const std::string& lesson) {
    AppState app;
    REQUIRE(app.open(std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/" + lesson));
    const Trace& t = *app.trace();
    const std::int64_t last = app.last_step();
    app.seek(0);
    REQUIRE(latest_step_in(app.timeline_model()) > 0);  // not hiding: the whole run
    app.toggle_hide_future();
    for (std::int64_t k = -1; k <= last; ++k) {
        app.seek(k);
        INFO(lesson << " at step " << k);
        CHECK(latest_step_in(app.timeline_model()) <= k);
        CHECK(app.shown_events() == static_cast<std::size_t>(k + 1));
        for (std::uint32_t task = 0; task < t.tasks.size(); ++task)
            CHECK(app.task_shown(task) == (static_cast<std::int64_t>(t.task_events(task).front()) <= k));
        for (const DiagnosticInfo& d : t.diagnostics) CHECK(app.step_shown(d.step) == (d.step <= k));
        CHECK(app.end_shown() == (k == last));
    }
}

}  // namespace

TEST_CASE(
    "hiding the future, no later step reaches the timeline, the log, the tasks, the diagnostics or the end") {
    check_nothing_after_cursor("05-select-timeout.json");
    check_nothing_after_cursor("11-lost-wakeup.json");         // diagnostics
    check_nothing_after_cursor("14-spawn-join-handles.json");  // tasks spawned along the way
}

TEST_CASE("showing the future again gives the whole run's timeline back") {
    AppState app;
    REQUIRE(app.open(kLesson));
    app.toggle_hide_future();
    app.seek(3);
    CHECK(latest_step_in(app.timeline_model()) <= 3);
    app.toggle_hide_future();
    CHECK(latest_step_in(app.timeline_model()) > 3);
    CHECK(app.shown_events() == app.trace()->size());
}

TEST_CASE("a diagnostic's message does not repeat its kind after the title") {
    AppState app;
    REQUIRE(app.open(std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/16-deadlock.json"));
    const auto& diags = app.trace()->diagnostics;
    REQUIRE_FALSE(diags.empty());
    for (const DiagnosticInfo& d : diags) {
        CHECK(std::string(diagnostic_title(d.kind)) == "Deadlock");
        CHECK(d.message.rfind("deadlock: ", 0) == 0);  // the engine's text (unchanged: the CLI prints it)
        CHECK(diagnostic_message(d) == d.message.substr(10));
    }
    DiagnosticInfo other{3, DiagKind::LostWakeup, 0, "task 0 returned Pending (lost wakeup)"};
    CHECK(diagnostic_message(other) == other.message);  // nothing to drop
}
