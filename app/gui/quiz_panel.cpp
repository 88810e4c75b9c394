// Quiz mode's window (--quiz, View > Quiz): before each poll, which task runs next and what
// its poll returns; the score as it goes, and a summary at the end. The questions and the
// scoring are app/gui/model/quiz.cpp; this file only draws them and reads the quiz keys.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>  // key codes only

#include <algorithm>
#include <string>

#include "views.hpp"

namespace ps::gui {

namespace {

const std::string& task_name(const AppState& app, std::uint32_t t) {
    static const std::string unknown = "?";
    return t < app.trace()->tasks.size() ? app.trace()->tasks[t].name : unknown;
}

void answer(AppState& app, bool ready) {
    if (app.quiz.picked != kNone) app.answer_quiz({app.quiz.picked, ready});
}

// The open question: the live tasks to pick from, then Pending or Ready.
void draw_question(AppState& app) {
    const auto choices = quiz_choices(*app.trace(), app.step);
    ImGui::TextWrapped("Which task is polled next? (keys 1-%zu)", choices.size());
    for (std::size_t i = 0; i < choices.size(); ++i) {
        const std::string label = std::to_string(i + 1) + " " + task_name(app, choices[i]);
        if (i > 0)
            same_line_if_fits(ImGui::CalcTextSize(label.c_str()).x +
                              ImGui::GetFrameHeightWithSpacing() * 1.5f);
        if (ImGui::RadioButton(label.c_str(), app.quiz.picked == choices[i])) app.quiz.picked = choices[i];
    }
    ImGui::TextWrapped("What does its poll return?");
    ImGui::BeginDisabled(app.quiz.picked == kNone);
    if (ImGui::Button("Pending (P)")) answer(app, false);
    ImGui::SameLine();
    if (ImGui::Button("Ready (R)")) answer(app, true);
    ImGui::EndDisabled();
}

// How the latest answer went.
void draw_last_mark(const AppState& app) {
    if (app.quiz.marks().empty()) {
        ImGui::TextDisabled("Step on (Right, N) to the next question.");
        return;
    }
    const QuizMark& k = app.quiz.marks().back();
    const ImVec4 good = ImGui::ColorConvertU32ToFloat4(palette().ready);
    const ImVec4 bad = ImGui::ColorConvertU32ToFloat4(palette().diag);
    ImGui::TextColored(k.task_right() ? good : bad, "%s: %s ran", k.task_right() ? "Right" : "Wrong",
                       task_name(app, k.truth.task).c_str());
    ImGui::TextColored(k.result_right() ? good : bad, "%s: its poll returned %s",
                       k.result_right() ? "Right" : "Wrong", k.truth.ready ? "Ready" : "Pending");
    ImGui::TextDisabled("Step on (Right, N) to the next question.");
}

// Over the timeline's right end (the future, hidden in quiz mode), below its axis; at the
// window's bottom right when there is no timeline.
void place_window(const AppState& app) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float w = std::min(ImGui::GetFontSize() * 19, vp->WorkSize.x * 0.4f);
    const float pad = ImGui::GetFontSize() * 0.5f;
    ImVec2 pos(vp->WorkPos.x + vp->WorkSize.x - pad, vp->WorkPos.y + vp->WorkSize.y - pad);
    ImVec2 pivot(1, 1);
    for (const AppState::PanelRect& r : app.drawn_panels)
        if (r.name == "Timeline") {
            pos = ImVec2(r.x + r.w - pad, r.y + ImGui::GetFrameHeightWithSpacing() * 3);
            pivot = ImVec2(1, 0);
        }
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always, pivot);
    ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
}

void draw_summary(AppState& app) {
    ImGui::TextUnformatted("Quiz done");
    ImGui::TextWrapped("%s", app.quiz.summary().c_str());
    draw_next_lesson_button(app);
}

}  // namespace

void draw_quiz_panel(AppState& app, const UiContext& /*ui*/) {
    if (!app.quiz.on || !app.has_trace()) return;
    place_window(app);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;
    if (ImGui::Begin("Quiz", nullptr, flags)) {
        ImGui::Text("Score: %d of %d points", app.quiz.points(), 2 * app.quiz.asked());
        ImGui::Separator();
        const TimelineModel& m = *app.doc->model;
        if (app.quiz.open_at(m, app.step))
            draw_question(app);
        else if (app.quiz.finished(m, app.step))
            draw_summary(app);
        else
            draw_last_mark(app);
    }
    ImGui::End();
}

bool quiz_key(AppState& app, int key) {
    if (!app.has_trace()) return false;
    if (key == GLFW_KEY_N && app.step >= app.last_step()) return open_next_lesson(app), true;
    if (!app.quiz.on || !app.quiz.open_at(*app.doc->model, app.step)) return false;
    if (key >= GLFW_KEY_1 && key <= GLFW_KEY_9) {
        const auto choices = quiz_choices(*app.trace(), app.step);
        const auto i = static_cast<std::size_t>(key - GLFW_KEY_1);
        if (i < choices.size()) app.quiz.picked = choices[i];
        return true;
    }
    if (key == GLFW_KEY_P || key == GLFW_KEY_R) {
        answer(app, key == GLFW_KEY_R);
        return true;
    }
    return false;
}

}  // namespace ps::gui
