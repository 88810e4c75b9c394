// Tasks table: tokio-console's per-task vocabulary at the cursor, sortable.
#include <algorithm>
#include <numeric>
#include <vector>

#include "engine/trace/narrate.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

enum Column { kTask, kState, kPolls, kWakes, kClones, kDrops, kSelf, kLive, kBusy, kSched, kIdle, kColumns };

// Counters including the part of the current state that has not ended yet.
struct Row {
    std::uint32_t id;
    const TaskSnapshot* ts;
    Nanos busy, scheduled, idle;
};

Row make_row(std::uint32_t id, const TaskSnapshot& ts, Nanos now) {
    Row r{id, &ts, ts.stats.busy, ts.stats.scheduled, ts.stats.idle};
    Nanos open = std::max<Nanos>(0, now - ts.state_since);
    switch (ts.state) {
        case TaskState::Running:
        case TaskState::Notified: r.busy += open; break;
        case TaskState::Scheduled: r.scheduled += open; break;
        case TaskState::Idle: r.idle += open; break;
        default: break;
    }
    return r;
}

std::int64_t key(const Row& r, int col) {
    const TaskStats& s = r.ts->stats;
    switch (col) {
        case kTask: return r.id;
        case kState: return static_cast<std::int64_t>(r.ts->state);
        case kPolls: return s.polls;
        case kWakes: return s.wakes;
        case kClones: return s.waker_clones;
        case kDrops: return s.waker_drops;
        case kSelf: return s.self_wakes;
        case kLive: return r.ts->live_wakers;
        case kBusy: return r.busy;
        case kSched: return r.scheduled;
        case kIdle: return r.idle;
        default: return 0;
    }
}

ImU32 state_colour(TaskState s) {
    const Palette& p = palette();
    switch (s) {
        case TaskState::Running: return p.ready;
        case TaskState::Notified: return p.wake;
        case TaskState::Scheduled: return p.clone;
        case TaskState::Idle: return p.pending;
        case TaskState::Complete: return p.text_dim;
        case TaskState::Cancelled: return p.drop;
        default: return p.text_dim;
    }
}

// One row of the table: the task's counters at the cursor.
void draw_task_row(AppState& app, const Trace& t, const Snapshot& s, const Row& r) {
    const TaskSnapshot& ts = *r.ts;
    ImGui::TableNextRow();
    if (s.running == r.id) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, palette().polling_bg);
    ImGui::TableSetColumnIndex(kTask);
    colour_chip(palette().task(r.id));
    ImGui::Text("%u %s", r.id, t.task_name(r.id).c_str());
    ImGui::TableSetColumnIndex(kState);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(state_colour(ts.state)), "%s",
                       task_state_name(ts.state));
    ImGui::TableSetColumnIndex(kPolls);
    ImGui::Text("%u", ts.stats.polls);
    ImGui::TableSetColumnIndex(kWakes);
    ImGui::Text("%u", ts.stats.wakes);
    ImGui::TableSetColumnIndex(kClones);
    ImGui::Text("%u", ts.stats.waker_clones);
    ImGui::TableSetColumnIndex(kDrops);
    ImGui::Text("%u", ts.stats.waker_drops);
    ImGui::TableSetColumnIndex(kSelf);
    ImGui::Text("%u", ts.stats.self_wakes);
    ImGui::TableSetColumnIndex(kLive);
    if (unwakeable(app, r.id)) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().diag), "0 (nobody can wake it!)");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "The task is parked (its last poll returned Pending) and no clone of its waker "
                "is alive anywhere: unless something new is spawned that wakes it, it never runs "
                "again. This is a lost wakeup.");
    } else
        ImGui::Text("%u", ts.live_wakers);
    ImGui::TableSetColumnIndex(kBusy);
    ImGui::TextUnformatted(duration_text(r.busy).c_str());
    ImGui::TableSetColumnIndex(kSched);
    ImGui::TextUnformatted(duration_text(r.scheduled).c_str());
    ImGui::TableSetColumnIndex(kIdle);
    ImGui::TextUnformatted(duration_text(r.idle).c_str());
}

}  // namespace

void draw_tasks_table(AppState& app, const UiContext& /*ui*/) {
    if (show_placeholder_without_trace(app, "Tasks appear here.")) return;
    const Trace& t = *app.trace();
    const Snapshot& s = *app.snapshot();
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_Hideable;
    if (!ImGui::BeginTable("tasks", kColumns, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("Task", ImGuiTableColumnFlags_DefaultSort);
    ImGui::TableSetupColumn("State");
    ImGui::TableSetupColumn("Polls");
    ImGui::TableSetupColumn("Wakes");
    ImGui::TableSetupColumn("Clones");
    ImGui::TableSetupColumn("Drops");
    ImGui::TableSetupColumn("Self-wakes");
    ImGui::TableSetupColumn("Live wakers");
    ImGui::TableSetupColumn("Busy");
    ImGui::TableSetupColumn("Scheduled");
    ImGui::TableSetupColumn("Idle");
    ImGui::TableHeadersRow();
    // Header tooltips: what each counter means.
    static constexpr const char* kHelp[kColumns] = {
        "The spawned task (id and name).",
        ("Idle: parked, waiting for a wake. Scheduled: in the run queue. Running: being polled. Notified: "
         "woken "
         "while running, it will be queued again. Complete: its future returned Ready."),
        "How many times the executor polled the task.",
        "How many times one of its wakers was woken (wake or wake_by_ref).",
        "How many waker clones were made for it.",
        "How many clones were dropped (a wake() also uses one up).",
        "Wakes the task made during its own poll (e.g. yield_now). Many in a row is a busy loop.",
        "Clones alive now: the task's reference count, not counting the executor's own.",
        "Virtual time spent inside polls.",
        "Virtual time spent waiting in the run queue.",
        "Virtual time parked, neither queued nor running.",
    };
    for (int c = 0; c < kColumns; ++c) {
        if (ImGui::TableGetColumnFlags(c) & ImGuiTableColumnFlags_IsHovered)
            ImGui::SetTooltip("%s", kHelp[c]);
    }

    std::vector<Row> rows;
    rows.reserve(s.tasks.size());
    for (std::uint32_t i = 0; i < s.tasks.size(); ++i)
        if (app.task_shown(i)) rows.push_back(make_row(i, s.tasks[i], s.time));
    if (ImGuiTableSortSpecs* spec = ImGui::TableGetSortSpecs(); spec && spec->SpecsCount > 0) {
        const ImGuiTableColumnSortSpecs& c = spec->Specs[0];
        bool asc = c.SortDirection != ImGuiSortDirection_Descending;
        int col = c.ColumnIndex;
        std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
            std::int64_t ka = key(a, col), kb = key(b, col);
            if (ka != kb) return asc ? ka < kb : ka > kb;
            return a.id < b.id;
        });
    }
    // Only the rows scrolled into view are drawn: every row is one line high.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
            draw_task_row(app, t, s, rows[static_cast<std::size_t>(i)]);
    ImGui::EndTable();
}

}  // namespace ps::gui
