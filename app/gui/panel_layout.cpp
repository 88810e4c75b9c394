// The panels' layout: a tree of rows and columns whose visible members share the space by
// weight (PanelWeights), so a hidden panel gives its space to its neighbours, with a draggable
// splitter between every two visible neighbours. Two trees: the normal layout (lesson and
// code on the left, timeline and tables on the right) and presentation mode (the timeline
// over the current note and the code; other panels only when asked).
//
// Index of this file:
// [SECTION] The tree and its placement
// [SECTION] Splitters
// [SECTION] draw_panels
#include <algorithm>
#include <cmath>
#include <vector>

#include "views.hpp"

namespace ps::gui {

namespace {

// [SECTION] The tree and its placement

enum Panel : int {
    kLesson,
    kCode,
    kTimeline,
    kTasks,
    kReactor,
    kLog,
    kWakers,
    kDiagnostics,
    kConsole,
    kPanels
};

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
};

struct Box {
    float* weight = nullptr;  // share of the parent
    int panel = -1;           // a leaf: the panel shown here
    bool across = false;      // children side by side (else stacked)
    std::vector<Box> kids;
};

Box leaf(float* w, int panel) {
    Box b;
    b.weight = w;
    b.panel = panel;
    return b;
}
Box group(float* w, bool across, std::vector<Box> kids) {
    Box b;
    b.weight = w;
    b.across = across;
    b.kids = std::move(kids);
    return b;
}

struct Splitter {
    Rect r;
    bool across;      // between side-by-side boxes: drag horizontally
    float *a, *b;     // the two neighbours' weights
    float per_pixel;  // weight per pixel of drag
};

struct Placement {
    Rect rects[kPanels];
    bool shown[kPanels] = {};
    std::vector<Splitter> splitters;
};

bool visible(const Box& b, const bool* shown) {
    if (b.panel >= 0) return shown[b.panel];
    return std::any_of(b.kids.begin(), b.kids.end(), [&](const Box& k) { return visible(k, shown); });
}

void place(const Box& b, Rect r, const bool* shown, Placement& out) {
    if (b.panel >= 0) {
        out.rects[b.panel] = r;
        return;
    }
    std::vector<const Box*> vis;
    float sum = 0;
    for (const Box& k : b.kids)
        if (visible(k, shown)) {
            vis.push_back(&k);
            sum += std::max(0.02f, *k.weight);
        }
    const float total = b.across ? r.w : r.h;
    float at = b.across ? r.x : r.y;
    for (std::size_t i = 0; i < vis.size(); ++i) {
        const float end = i + 1 == vis.size()
                              ? (b.across ? r.x + r.w : r.y + r.h)
                              : std::floor(at + total * std::max(0.02f, *vis[i]->weight) / sum);
        Rect k = b.across ? Rect{at, r.y, end - at, r.h} : Rect{r.x, at, r.w, end - at};
        place(*vis[i], k, shown, out);
        if (i + 1 < vis.size()) {
            const float t = 6;  // the splitter straddles the border
            Rect s = b.across ? Rect{end - t / 2, r.y, t, r.h} : Rect{r.x, end - t / 2, r.w, t};
            out.splitters.push_back(
                {s, b.across, vis[i]->weight, vis[i + 1]->weight, sum / std::max(1.0f, total)});
        }
        at = end;
    }
}

Box normal_tree(PanelWeights& w) {
    return group(
        nullptr, true,
        {group(&w.left, false, {leaf(&w.lesson, kLesson), leaf(&w.code, kCode), leaf(&w.console, kConsole)}),
         group(&w.right, false,
               {leaf(&w.timeline, kTimeline),
                group(&w.row2, true, {leaf(&w.tasks, kTasks), leaf(&w.reactor, kReactor)}),
                group(&w.row3, true,
                      {leaf(&w.log, kLog), leaf(&w.wakers, kWakers), leaf(&w.diagnostics, kDiagnostics)})})});
}

Box present_tree(PanelWeights& w) {
    return group(
        nullptr, false,
        {leaf(&w.p_timeline, kTimeline),
         group(&w.p_bottom, true, {leaf(&w.p_note, kLesson), leaf(&w.p_code, kCode)}),
         group(&w.p_extra, true,
               {leaf(&w.tasks, kTasks), leaf(&w.reactor, kReactor), leaf(&w.log, kLog),
                leaf(&w.wakers, kWakers), leaf(&w.diagnostics, kDiagnostics), leaf(&w.console, kConsole)})});
}

// [SECTION] Splitters

// An invisible handle over the border between two panels; dragging it moves weight from
// one neighbour to the other (each keeps at least a sliver).
void draw_splitter(const Splitter& s, int index) {
    ImGui::SetNextWindowPos(ImVec2(s.r.x, s.r.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(s.r.w, s.r.h), ImGuiCond_Always);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
    char id[32];
    std::snprintf(id, sizeof id, "##splitter%d", index);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
    if (ImGui::Begin(id, nullptr, flags)) {
        ImGui::InvisibleButton("##drag", ImVec2(s.r.w, s.r.h));
        if (ImGui::IsItemHovered() || ImGui::IsItemActive())
            ImGui::SetMouseCursor(s.across ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
        if (ImGui::IsItemActive()) {
            const ImVec2 d = ImGui::GetIO().MouseDelta;
            const float dw = (s.across ? d.x : d.y) * s.per_pixel;
            const float sum = *s.a + *s.b, least = sum * 0.1f;
            *s.a = std::clamp(*s.a + dw, least, sum - least);
            *s.b = sum - *s.a;
        }
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus;

template <class Fn>
void panel(AppState& app, const char* title, const Placement& p, int which, ImGuiWindowFlags extra,
           Fn&& body) {
    const Rect& r = p.rects[which];
    if (!p.shown[which] || r.w < 40 || r.h < 30) return;
    app.drawn_panels.push_back({title, std::floor(r.x), std::floor(r.y), std::floor(r.w), std::floor(r.h)});
    ImGui::SetNextWindowPos(ImVec2(std::floor(r.x), std::floor(r.y)), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(std::floor(r.w), std::floor(r.h)), ImGuiCond_Always);
    if (ImGui::Begin(title, nullptr, kPanelFlags | extra)) body();
    ImGui::End();
}

// A Rust program's run: it has frames or printed lines (the Console panel is for those only).
bool is_program(const AppState& app) {
    const Trace* t = app.trace();
    return t && (!t->frames.empty() || !t->console.empty());
}

void switches(const AppState& app, bool* shown) {
    auto set = [&](const auto& s) {
        shown[kLesson] = s.show_lesson;
        shown[kCode] = s.show_code;
        shown[kTasks] = s.show_tasks;
        shown[kReactor] = s.show_reactor;
        shown[kLog] = s.show_log;
        shown[kWakers] = s.show_wakers;
        shown[kDiagnostics] = s.show_diagnostics;
        shown[kConsole] = s.show_console && is_program(app);
    };
    if (app.present)
        set(app.present_panels);
    else
        set(app.settings);
    shown[kTimeline] = true;
}

}  // namespace

// [SECTION] draw_panels

void draw_panels(AppState& app, const UiContext& ui, float x, float y, float w, float h) {
    Placement p;
    switches(app, p.shown);
    const Box tree = app.present ? present_tree(app.weights) : normal_tree(app.weights);
    place(tree, Rect{x, y, w, h}, p.shown, p);

    app.drawn_panels.clear();
    panel(app, "Lesson", p, kLesson, 0, [&] { draw_lesson_panel(app, ui); });
    panel(app, "Code", p, kCode, 0, [&] { draw_code_view(app, ui); });
    panel(app, "Timeline", p, kTimeline, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse,
          [&] { draw_timeline(app, ui); });
    panel(app, "Tasks", p, kTasks, 0, [&] { draw_tasks_table(app, ui); });
    panel(app, "Run queue and reactor", p, kReactor, 0, [&] { draw_reactor_panel(app, ui); });
    panel(app, "Event log", p, kLog, 0, [&] { draw_event_log(app, ui); });
    panel(app, "Wakers", p, kWakers, 0, [&] { draw_waker_inspector(app, ui); });
    panel(app, "Diagnostics", p, kDiagnostics, 0, [&] { draw_diagnostics(app, ui); });
    panel(app, "Console", p, kConsole, 0, [&] { draw_console_panel(app, ui); });
    for (std::size_t i = 0; i < p.splitters.size(); ++i) draw_splitter(p.splitters[i], static_cast<int>(i));
}

}  // namespace ps::gui
