// Code view: each task's body as async Rust, with the await point the task is parked on
// (amber) and the futures being polled right now (green) highlighted at the cursor.
#include <string>
#include <string_view>
#include <vector>

#include "engine/trace/frames.hpp"
#include "engine/trace/narrate.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

// Index of the line standing for `path`: the exact node, or else its nearest ancestor.
int line_for_path(const TaskCode& code, std::string_view path) {
    if (path.empty()) return -1;
    int best = -1;
    std::size_t best_len = 0;
    for (std::size_t i = 0; i < code.lines.size(); ++i) {
        const std::string& lp = code.lines[i].path;
        if (lp.empty()) continue;
        if (lp == path) return static_cast<int>(i);
        if (path.size() > lp.size() && path.substr(0, lp.size()) == lp && path[lp.size()] == '/' &&
            lp.size() > best_len) {
            best = static_cast<int>(i);
            best_len = lp.size();
        }
    }
    return best;
}

// Woken since its last Pending: queued (or being woken at this very step), no longer waiting.
bool just_woken(const AppState& app, const TaskSnapshot& ts, std::uint32_t task) {
    return ts.state == TaskState::Scheduled || woken_at_cursor(app, task);
}

// True when `path` is `ancestor` or lies under it ("watcher/0/2" under "watcher/0").
bool is_under(std::string_view path, std::string_view ancestor) {
    return path.substr(0, ancestor.size()) == ancestor &&
           (path.size() == ancestor.size() || path[ancestor.size()] == '/');
}

// A program task's frames (innermost body first) as notes under the lines of their await
// points: "await 2 of 4: i = 3, tx: Sender #1". A frame whose await point holds the future the
// task is parked on (a select! branch, a timeout's inner future) goes under the parked line;
// one whose await point has no line of this code (an inner body's) goes to `unplaced`.
std::vector<std::string> frame_notes(const Trace& t, const TaskCode& code, std::uint32_t task,
                                     std::int64_t step, int parked, std::string_view parked_path,
                                     std::vector<std::string>& unplaced) {
    std::vector<std::string> notes(code.lines.size());
    for (const FrameRecord* f : frames_at(t, task, step)) {
        const std::string_view await_path = t.strings.get(f->await_node);
        const int line = is_under(parked_path, await_path) ? parked : line_for_path(code, await_path);
        if (line < 0) {
            unplaced.push_back(frame_text(*f));
            continue;
        }
        std::string& note = notes[static_cast<std::size_t>(line)];
        note += (note.empty() ? "" : "; ") + frame_text(*f);
    }
    return notes;
}

// The number of the code's first line: for a program's task, its line in the source file (a
// frame of the task tells where one of its await points is); 1 for a scenario's ops.
int first_line_number(const Trace& t, const TaskCode& code, std::uint32_t spec) {
    int looked = 0;
    for (const FrameRecord& f : t.frames) {
        if (f.task >= t.tasks.size() || t.tasks[f.task].spec != spec || f.line <= 0) continue;
        const std::string_view path = t.strings.get(f.await_node);
        for (std::size_t i = 0; i < code.lines.size(); ++i)
            if (code.lines[i].path == path && f.line > static_cast<int>(i))
                return f.line - static_cast<int>(i);
        if (++looked == 64) break;  // a few of the task's frames are enough
    }
    return 1;
}

// The frame under its await point's line, indented past the gutter, wrapped to the panel.
void draw_frame_note(const std::string& note, const UiContext& ui) {
    const float indent = ImGui::CalcTextSize("123 => ").x;
    ImGui::Indent(indent);
    ImGui::PushFont(ui.fonts.ui);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(palette().pending));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("frame: %s", note.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::Unindent(indent);
}

}  // namespace

void draw_code_view(AppState& app, const UiContext& ui) {
    if (show_placeholder_without_trace(app, "The tasks' code appears here.")) return;
    const Trace& t = *app.trace();
    const Snapshot& s = *app.snapshot();
    const Palette& p = palette();
    const bool program = !t.frames.empty() || !t.console.empty();
    ImGui::TextDisabled(program ? "Each task's body in the program's source."
                                : "Each task's body as async Rust.");
    help_marker(
        "|| amber line: the await point where the task is parked (its last poll returned Pending "
        "there, and it waits for a wake).\n=> green lines: the futures being polled right now, outermost "
        "first.\nEach .await is a point where the future can return Pending and be resumed later.\nIn a "
        "Rust program, the comment beside the await point is the task's frame, as rustc's state machine "
        "holds it: which await it is suspended at and its live locals.");
    const bool follow = app.views.code_serial != app.cursor_serial;
    app.views.code_serial = app.cursor_serial;

    if (t.meta.code.empty()) {
        ImGui::TextDisabled("This trace carries no code for its tasks.");
        return;
    }
    ImGui::BeginChild("##code", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    for (std::uint32_t task = 0; task < t.tasks.size(); ++task) {
        if (!app.task_shown(task)) continue;  // hiding the future: not spawned yet
        const TaskInfo& info = t.tasks[task];
        if (info.spec >= t.meta.code.size()) continue;
        const TaskCode& code = t.meta.code[info.spec];
        const TaskSnapshot* ts = task < s.tasks.size() ? &s.tasks[task] : nullptr;
        std::string header = task_label(t, task);
        if (ts) header += std::string("  -  ") + task_state_name(ts->state);
        header += "##code" + std::to_string(task);
        ImGui::SetNextItemOpen(true, ImGuiCond_Once);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(p.task(task)));
        bool open = ImGui::CollapsingHeader(header.c_str());
        ImGui::PopStyleColor();
        if (!open) continue;

        // Lines to highlight.
        int parked = -1;
        std::vector<int> polling;
        if (ts && ts->parked_at != kNone && ts->state != TaskState::Complete &&
            ts->state != TaskState::Cancelled && s.running != task)
            parked = line_for_path(code, t.strings.get(ts->parked_at));
        if (s.running == task)
            for (auto path : s.poll_stack) polling.push_back(line_for_path(code, t.strings.get(path)));

        const int first = first_line_number(t, code, info.spec);  // the gutter's and the texts' numbers
        // One line in words under the header: where the task is in its code.
        if (s.running == task && !polling.empty() && polling.back() >= 0) {
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.ready), "being polled now: line %d",
                               polling.back() + first);
        } else if (parked >= 0 && just_woken(app, *ts, task)) {
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.text),
                               "woken: back in the run queue, it will resume at line %d", parked + first);
        } else if (parked >= 0) {
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.pending),
                               "parked at line %d: returned Pending, waits for a wake", parked + first);
        } else if (ts && ts->state == TaskState::Complete) {
            ImGui::TextDisabled("finished: its future returned Ready");
        } else if (ts && ts->state == TaskState::NotStarted) {
            ImGui::TextDisabled("not spawned yet");
        } else if (ts && ts->state == TaskState::Scheduled && ts->stats.polls == 0) {
            ImGui::TextDisabled("spawned, waits in the run queue for its first poll");
        }

        // A program's task: its frames, as rustc's state machine holds them, beside their lines.
        std::vector<std::string> unplaced;
        const std::vector<std::string> notes =
            parked >= 0 ? frame_notes(t, code, task, s.step, parked, t.strings.get(ts->parked_at), unplaced)
                        : std::vector<std::string>();
        for (const std::string& f : unplaced) ImGui::TextDisabled("frame: %s", f.c_str());

        ImGui::PushFont(ui.fonts.code);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        for (std::size_t i = 0; i < code.lines.size(); ++i) {
            const auto li = static_cast<int>(i);
            bool is_parked = li == parked;
            bool is_polling = false;
            for (int pl : polling) is_polling |= pl == li;
            ImVec2 a = ImGui::GetCursorScreenPos();
            float h = ImGui::GetTextLineHeightWithSpacing();
            if (is_parked || is_polling) {
                dl->AddRectFilled(a, ImVec2(a.x + ImGui::GetContentRegionAvail().x, a.y + h),
                                  is_polling ? p.polling_bg : p.parked_bg);
                if (follow && (is_polling || s.running == kNone)) ImGui::SetScrollHereY(0.4f);
            }
            // Gutter: line number, then "=>" polled now or "||" parked here.
            ImGui::TextDisabled("%3d", li + first);
            ImGui::SameLine();
            if (is_polling)
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.ready), "=>");
            else if (is_parked)
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.pending), "||");
            else
                ImGui::TextUnformatted("  ");
            ImGui::SameLine();
            ImGui::TextUnformatted(code.lines[i].text.c_str());
            if (ImGui::IsItemHovered() && !code.lines[i].path.empty()) {
                const std::string& path = code.lines[i].path;
                ImGui::BeginTooltip();
                ImGui::PushFont(ui.fonts.ui);
                ImGui::Text("future path: %s", path.c_str());
                if (is_parked)
                    ImGui::TextUnformatted("The task is parked here: this future returned Pending.");
                if (is_polling) ImGui::TextUnformatted("This future is being polled right now.");
                ImGui::PopFont();
                ImGui::EndTooltip();
            }
            if (i < notes.size() && !notes[i].empty()) draw_frame_note(notes[i], ui);
        }
        ImGui::PopFont();
        ImGui::Spacing();
    }
    ImGui::EndChild();
}

}  // namespace ps::gui
