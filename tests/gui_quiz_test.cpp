// Quiz mode (app/gui/model/quiz.hpp): the questions at each poll, the choices, the scoring,
// and how forward moves stop at an open question. GL-free.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "app/gui/model/app_state.hpp"
#include "app/gui/model/lesson_flow.hpp"
#include "app/gui/model/quiz.hpp"

using namespace ps;
using namespace ps::gui;

namespace {

const std::string kTwoTasks = std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/03-two-tasks.json";

AppState quiz_on(const std::string& path) {
    AppState app;
    REQUIRE(app.open(path));
    app.toggle_quiz();
    return app;
}

// The trace's events up to `last` only (what the student has seen), with every task's name.
Trace cut_after(const Trace& t, std::int64_t last) {
    Trace p;
    p.meta = t.meta;
    p.strings = t.strings;
    for (std::int64_t i = 0; i <= last; ++i) p.append(t[static_cast<std::size_t>(i)]);
    p.tasks = t.tasks;
    p.index_nodes();
    return p;
}

}  // namespace

TEST_CASE("quiz mode stops a forward move before the first poll and hides the future") {
    AppState app = quiz_on(kTwoTasks);
    CHECK(app.hide_future);
    app.to_end();
    const std::int64_t first_poll = app.doc->model->task_polls.front();
    CHECK(app.step == first_poll - 1);
    CHECK(app.quiz.open_at(*app.doc->model, app.step));
    app.step_forward();  // still asked first
    CHECK(app.step == first_poll - 1);
}

TEST_CASE("in quiz mode next poll and step stop just before each poll until it is answered") {
    AppState app = quiz_on(kTwoTasks);
    const auto polls = app.doc->model->task_polls;
    REQUIRE(polls.size() > 2);
    for (std::size_t i = 0; i < 3; ++i) {
        app.next_poll();
        CHECK(app.step == static_cast<std::int64_t>(polls[i]) - 1);
        app.step_forward();
        CHECK(app.step == static_cast<std::int64_t>(polls[i]) - 1);
        REQUIRE(app.answer_quiz(quiz_truth(*app.doc->model, app.step)));
        CHECK(app.step == static_cast<std::int64_t>(polls[i]));  // the poll is shown once answered
    }
}

TEST_CASE("answering every question right scores every point") {
    AppState app = quiz_on(kTwoTasks);
    const int polls = static_cast<int>(app.doc->model->task_polls.size());
    REQUIRE(polls > 2);
    for (int guard = 0; guard < 10000 && app.step < app.last_step(); ++guard) {
        app.to_end();
        if (!app.quiz.open_at(*app.doc->model, app.step)) continue;
        REQUIRE(app.answer_quiz(quiz_truth(*app.doc->model, app.step)));
    }
    CHECK(app.step == app.last_step());
    CHECK(app.quiz.finished(*app.doc->model, app.step));
    CHECK(app.quiz.asked() == polls);
    CHECK(app.quiz.points() == 2 * polls);
    CHECK(app.quiz.polls_right() == polls);
    CHECK(app.quiz.summary() == std::to_string(polls) + " of " + std::to_string(polls) + " polls right (" +
                                    std::to_string(2 * polls) + " of " + std::to_string(2 * polls) +
                                    " points)");
}

TEST_CASE("a wrong task scores no point for the task and the result is scored alone") {
    AppState app;
    REQUIRE(app.open(kTwoTasks));
    const TimelineModel& m = *app.doc->model;
    // The questions with another live task to name wrongly.
    std::vector<std::pair<std::int64_t, std::uint32_t>> wrong;
    for (std::uint32_t p : m.task_polls) {
        const std::int64_t at = static_cast<std::int64_t>(p) - 1;
        for (std::uint32_t t : quiz_choices(*app.trace(), at))
            if (t != quiz_truth(m, at).task) {
                wrong.emplace_back(at, t);
                break;
            }
    }
    REQUIRE(wrong.size() >= 2);
    Quiz quiz;
    const QuizAnswer first = quiz_truth(m, wrong[0].first);
    CHECK(quiz.check(m, wrong[0].first, {wrong[0].second, !first.ready}).points() == 0);
    CHECK(quiz.points() == 0);
    const QuizAnswer second = quiz_truth(m, wrong[1].first);
    const QuizMark& k = quiz.check(m, wrong[1].first, {wrong[1].second, second.ready});
    CHECK_FALSE(k.task_right());
    CHECK(k.result_right());
    CHECK(quiz.points() == 1);
    CHECK(quiz.polls_right() == 0);
    CHECK(quiz.summary() == "0 of 2 polls right (1 of 4 points)");
}

TEST_CASE("a question's choices come from the steps up to the cursor only") {
    AppState app = quiz_on(kTwoTasks);
    const Trace& t = *app.trace();
    int questions = 0;
    for (std::uint32_t p : app.doc->model->task_polls) {
        const std::int64_t at = static_cast<std::int64_t>(p) - 1;
        const auto choices = quiz_choices(t, at);
        CHECK(choices == quiz_choices(cut_after(t, at), at));
        const QuizAnswer truth = quiz_truth(*app.doc->model, at);
        CHECK(std::find(choices.begin(), choices.end(), truth.task) != choices.end());
        ++questions;
    }
    CHECK(questions > 2);
}

TEST_CASE("an answered question is not asked again and a second answer changes nothing") {
    AppState app = quiz_on(kTwoTasks);
    app.to_end();
    const std::int64_t at = app.step;
    REQUIRE(app.answer_quiz(quiz_truth(*app.doc->model, at)));
    CHECK(app.step == at + 1);
    app.seek(at);
    CHECK_FALSE(app.quiz.open_at(*app.doc->model, at));
    CHECK_FALSE(app.answer_quiz({}));
    CHECK(app.quiz.asked() == 1);
    CHECK(app.quiz.points() == 2);
}

TEST_CASE("quiz mode off lets the cursor run to the end again") {
    AppState app = quiz_on(kTwoTasks);
    app.toggle_quiz();
    app.to_end();
    CHECK(app.step == app.last_step());
}

TEST_CASE("a lesson's title comes from the scenario's title or the Rust program's first doc line") {
    const std::string dir = std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/";
    CHECK(lesson_title(dir + "03-two-tasks.json") == "03 · Two tasks take turns on one thread");
    CHECK(lesson_title(dir + "03-two-tasks.rs") == "03 · Two tasks take turns on one thread");
    CHECK(lesson_title(dir + "no-such-file.json").empty());
}

TEST_CASE("the next lesson is the next file of the same kind in the folder's order") {
    const std::string dir = std::string(POLLSCOPE_SOURCE_DIR) + "/scenarios/";
    CHECK(next_lesson(dir + "02-sleep.json") == dir + "03-two-tasks.json");
    CHECK(next_lesson(dir + "02-sleep.rs") == dir + "03-two-tasks.rs");
    CHECK(is_lesson_file("x.rs"));
    CHECK_FALSE(is_lesson_file("x.png"));
}

TEST_CASE("the last lesson in a folder has no next one") {
    auto dir = std::filesystem::temp_directory_path() / ("pollscope-quiz-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const char* n : {"a.json", "b.json", "c.rs"}) std::ofstream((dir / n).string()) << "{}";
    CHECK(next_lesson((dir / "a.json").string()) == (dir / "b.json").string());
    CHECK(next_lesson((dir / "b.json").string()).empty());
    std::filesystem::remove_all(dir);
}
