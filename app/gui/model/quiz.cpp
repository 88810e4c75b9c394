#include "app/gui/model/quiz.hpp"

#include <algorithm>

#include "app/gui/model/app_state.hpp"

namespace ps::gui {

bool quiz_asks_at(const TimelineModel& m, std::int64_t cursor) {
    if (cursor + 1 < 0) return false;
    return std::binary_search(m.task_polls.begin(), m.task_polls.end(),
                              static_cast<std::uint32_t>(cursor + 1));
}

namespace {
// The task has been spawned and has not completed by `cursor` (its events up to there only).
bool live_at(const Trace& t, std::uint32_t task, std::int64_t cursor) {
    bool spawned = false;
    for (std::uint32_t s : t.task_events(task)) {
        if (static_cast<std::int64_t>(s) > cursor) break;
        spawned = true;
        if (t[s].kind == EventKind::TaskComplete) return false;
    }
    return spawned;
}
}  // namespace

std::vector<std::uint32_t> quiz_choices(const Trace& t, std::int64_t cursor) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t task = 0; task < t.tasks.size(); ++task)
        if (live_at(t, task, cursor)) out.push_back(task);
    return out;
}

QuizAnswer quiz_truth(const TimelineModel& m, std::int64_t cursor) {
    QuizAnswer a;
    const auto begin = static_cast<std::uint32_t>(cursor + 1);
    const PollSlice* s = m.executor_slice_at(begin);
    if (!s || s->begin != begin) return a;
    a.task = s->task;
    a.ready = s->result == static_cast<std::uint8_t>(PollResult::Ready);
    return a;
}

const QuizMark* Quiz::mark_at(std::int64_t cursor) const {
    auto it = std::lower_bound(marks_.begin(), marks_.end(), cursor,
                               [](const QuizMark& k, std::int64_t c) { return k.at < c; });
    return it != marks_.end() && it->at == cursor ? &*it : nullptr;
}

std::int64_t Quiz::stop(const TimelineModel& m, std::int64_t from, std::int64_t to) const {
    for (std::uint32_t p : m.task_polls) {
        const auto poll = static_cast<std::int64_t>(p);
        if (poll <= from) continue;
        if (poll > to) break;
        if (!mark_at(poll - 1)) return poll - 1;
    }
    return to;
}

bool Quiz::open_at(const TimelineModel& m, std::int64_t cursor) const {
    return quiz_asks_at(m, cursor) && !mark_at(cursor);
}

const QuizMark& Quiz::check(const TimelineModel& m, std::int64_t cursor, QuizAnswer a) {
    if (const QuizMark* k = mark_at(cursor)) return *k;
    QuizMark k;
    k.at = cursor;
    k.given = a;
    k.truth = quiz_truth(m, cursor);
    auto it = std::lower_bound(marks_.begin(), marks_.end(), cursor,
                               [](const QuizMark& x, std::int64_t c) { return x.at < c; });
    picked = kNone;
    return *marks_.insert(it, k);
}

bool Quiz::finished(const TimelineModel& m, std::int64_t cursor) const {
    return m.task_polls.empty() || static_cast<std::int64_t>(m.task_polls.back()) <= cursor;
}

void Quiz::reset() {
    marks_.clear();
    picked = kNone;
}

int Quiz::points() const {
    int n = 0;
    for (const QuizMark& k : marks_) n += k.points();
    return n;
}

int Quiz::polls_right() const {
    return static_cast<int>(
        std::count_if(marks_.begin(), marks_.end(), [](const QuizMark& k) { return k.points() == 2; }));
}

std::string Quiz::summary() const {
    return std::to_string(polls_right()) + " of " + std::to_string(asked()) + " polls right (" +
           std::to_string(points()) + " of " + std::to_string(2 * asked()) + " points)";
}

// [SECTION] AppState's quiz commands

void AppState::toggle_quiz() {
    quiz.on = !quiz.on;
    if (!quiz.on) return;
    hide_future = true;
    play.playing = false;
    seek(step);  // stop before the next question if the cursor is not there yet
}

std::int64_t AppState::quiz_stop(std::int64_t to) {
    const std::int64_t s = quiz.stop(*doc->model, step, to);
    if (s != to) play.playing = false;  // playing stops at the question
    return s;
}

bool AppState::answer_quiz(QuizAnswer a) {
    if (!has_trace() || !quiz.on || !quiz.open_at(*doc->model, step)) return false;
    const QuizMark& k = quiz.check(*doc->model, step, a);
    const auto& tasks = trace()->tasks;
    const std::string task = k.truth.task < tasks.size() ? tasks[k.truth.task].name : "?";
    status = task + " ran (task " + (k.task_right() ? "right" : "wrong") + "), its poll returned " +
             (k.truth.ready ? "Ready" : "Pending") + " (result " + (k.result_right() ? "right" : "wrong") +
             ")";
    step_forward();
    return true;
}

}  // namespace ps::gui
