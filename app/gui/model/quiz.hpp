// Quiz mode: before each poll is shown, the student says which task runs next and whether
// the poll returns Pending or Ready; the answer is checked against the trace and scored.
//
// GUI-free (no ImGui, no GL), like AppState. A question is asked at a cursor whose next event
// is a task-level poll_begin; what it shows (the choices) comes only from the events up to the
// cursor, so asking never reveals a later step. One point for the right task, one for the
// right result.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/gui/model/timeline_model.hpp"
#include "engine/trace/trace.hpp"

namespace ps::gui {

struct QuizAnswer {
    std::uint32_t task = kNone;  // the task that runs next
    bool ready = false;          // its poll returns Ready (else Pending)
};

// One answered question: where it was asked, what was said and what the trace says.
struct QuizMark {
    std::int64_t at = -1;  // the cursor when asked (the poll begins at at + 1)
    QuizAnswer given;
    QuizAnswer truth;
    bool task_right() const { return given.task == truth.task; }
    bool result_right() const { return given.ready == truth.ready; }
    int points() const { return (task_right() ? 1 : 0) + (result_right() ? 1 : 0); }
};

// True when the event after `cursor` is a task-level poll_begin (a question is due there).
bool quiz_asks_at(const TimelineModel& m, std::int64_t cursor);
// The tasks that could run next: spawned at or before the cursor and not completed by then.
// Reads no event after the cursor.
std::vector<std::uint32_t> quiz_choices(const Trace& t, std::int64_t cursor);
// What the trace says for the question at `cursor` (needs quiz_asks_at).
QuizAnswer quiz_truth(const TimelineModel& m, std::int64_t cursor);

class Quiz {
public:
    bool on = false;
    std::uint32_t picked = kNone;  // the task chosen so far for the open question (the panel)

    // The mark of the question asked at `cursor`, or nullptr when it was not answered.
    const QuizMark* mark_at(std::int64_t cursor) const;
    // Where a forward move from `from` to `to` stops: just before the first poll in (from, to]
    // whose question is not answered yet, else `to`.
    std::int64_t stop(const TimelineModel& m, std::int64_t from, std::int64_t to) const;
    // The question at `cursor` is open: asked there and not answered yet.
    bool open_at(const TimelineModel& m, std::int64_t cursor) const;
    // Checks `a` against the trace and records it (once per question; a second answer to the
    // same question changes nothing and returns the first mark).
    const QuizMark& check(const TimelineModel& m, std::int64_t cursor, QuizAnswer a);
    // No question left after the cursor.
    bool finished(const TimelineModel& m, std::int64_t cursor) const;
    void reset();

    int asked() const { return static_cast<int>(marks_.size()); }
    int points() const;
    int polls_right() const;  // questions with both the task and the result right
    // "7 of 10 polls right (15 of 20 points)".
    std::string summary() const;
    const std::vector<QuizMark>& marks() const { return marks_; }

private:
    std::vector<QuizMark> marks_;  // sorted by `at`
};

}  // namespace ps::gui
