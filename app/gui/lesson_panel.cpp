// Lesson panel: the scenario's title and lesson text, the note for the current step, and a
// short glossary with "(?)" markers for the words every other panel uses.
#include <algorithm>

#include "views.hpp"

namespace ps::gui {

namespace {

// Draws `body` with a coloured background behind it (the note box).
template <class Fn>
void boxed(ImU32 bg, Fn&& body) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, 2));
    ImGui::Indent(6);
    body();
    ImGui::Unindent(6);
    ImGui::Dummy(ImVec2(0, 2));
    ImGui::EndGroup();
    dl->ChannelsSetCurrent(0);
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    b.x = a.x + ImGui::GetContentRegionAvail().x;
    dl->AddRectFilled(a, b, bg, 4.0f);
    dl->ChannelsMerge();
}

void draw_end_message(const AppState& app, const TraceMeta& m) {
    if (app.step >= app.last_step() && !m.end_message.empty()) {
        ImGui::Separator();
        ImGui::Text("End of the run: %s", m.end_message.c_str());
    }
}

void glossary_item(const char* word, const char* text) {
    ImGui::Bullet();
    ImGui::TextUnformatted(word);
    help_marker(text);
}

}  // namespace

void draw_lesson_panel(AppState& app, const UiContext& ui) {
    const float wrap = ImGui::GetContentRegionAvail().x;
    if (!app.has_trace()) {
        ImGui::PushFont(ui.fonts.title);
        ImGui::TextUnformatted("pollscope");
        ImGui::PopFont();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
        ImGui::TextUnformatted(
            "Watch Rust-style futures being polled, woken and dropped, one event at a time. "
            "Open a lesson with File > Open (the lessons live in scenarios/), or drop a "
            "scenario file onto this window.");
        ImGui::PopTextWrapPos();
        return;
    }
    const Trace& t = *app.trace();
    const TraceMeta& m = t.meta;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted(m.title.empty() ? "(untitled scenario)" : m.title.c_str());
    ImGui::PopFont();
    if (!m.summary.empty() && !app.present && !app.hide_future) ImGui::TextDisabled("%s", m.summary.c_str());

    // The note for this step: the latest one at or before the cursor.
    // Notes are sorted by step: binary search, a saved trace may carry very many.
    auto it = std::upper_bound(
        m.notes.begin(), m.notes.end(), app.step,
        [](std::int64_t s, const NoteInfo& n) { return s < static_cast<std::int64_t>(n.step); });
    const NoteInfo* note = it == m.notes.begin() ? nullptr : &*(it - 1);
    const NoteInfo* next = it == m.notes.end() ? nullptr : &*it;
    ImGui::Spacing();
    if (note) {
        bool here = static_cast<std::int64_t>(note->step) == app.step;
        const Palette& p = palette();
        boxed(here ? p.note_bg : (p.note_bg & 0x00FFFFFFu) | (0x30u << 24), [&] {
            if (here)
                ImGui::TextDisabled("Note for this step");
            else
                ImGui::TextDisabled("Latest note (from step %u)", note->step);
            ImGui::TextUnformatted(note->text.c_str());
        });
    } else if (!m.notes.empty()) {
        ImGui::TextDisabled("The notes of this lesson appear here as you step.");
    }
    if (next) {
        char label[64];
        if (app.hide_future)
            std::snprintf(label, sizeof label, "Next note >>");
        else
            std::snprintf(label, sizeof label, "Next note at step %u >>", next->step);
        if (ImGui::SmallButton(label)) app.seek(next->step);
    }
    if (app.present) {  // presenting: the note is the panel (the lesson text is for reading alone)
        draw_end_message(app, m);
        draw_next_lesson_button(app);
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::Spacing();
    ImGui::Separator();
    if (app.hide_future)  // the lesson's text tells what happens next
        ImGui::TextDisabled(
            "The lesson text is hidden with the future (H or View > Hide the future shows it).");
    else
        for (const auto& para : m.lesson) {
            ImGui::TextUnformatted(para.c_str());
            ImGui::Spacing();
        }
    draw_end_message(app, m);
    draw_next_lesson_button(app);
    ImGui::PopTextWrapPos();

    if (ImGui::CollapsingHeader("Words used here")) {
        glossary_item("Future",
                      "A value that will be computed later: an inert state machine that only makes progress "
                      "when polled.");
        glossary_item(
            "poll",
            "The executor calls poll() to ask a future to make progress; it answers Pending or Ready.");
        glossary_item("Pending",
                      "Not ready yet. The future must have given a clone of its waker to someone who will "
                      "call wake() later.");
        glossary_item("Ready", "Finished, with its output value. It must not be polled again.");
        glossary_item("Waker",
                      "A handle that puts its task back in the run queue when woken. A clone is just another "
                      "pointer to the same task.");
        glossary_item("wake / wake_by_ref",
                      "wake() uses up the clone; wake_by_ref() keeps it. Both ask the executor to poll the "
                      "task again.");
        glossary_item("Executor", "Runs tasks: takes one from the run queue and polls it, again and again.");
        glossary_item("Reactor",
                      "Holds timers and IO registrations; when nothing is runnable it advances virtual time "
                      "and wakes whoever waits.");
        glossary_item("Run queue",
                      "Tasks that were woken and wait for their turn to be polled, first in, first out.");
        glossary_item("Task",
                      "A spawned top-level future plus its state (idle, scheduled, running, complete).");
    }
}

}  // namespace ps::gui
