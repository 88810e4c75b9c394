// The timeline's legend: every colour and shape it draws, with its meaning, in a row that
// wraps. The shapes are drawn by the same function as the lanes' markers.
#include "timeline_context.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

enum class Swatch : std::uint8_t { Bar, Marker, Line };

struct LegendEntry {
    Swatch swatch;
    ImU32 Palette::*colour;  // bars, lines and bands
    EventKind kind;          // markers
    const char* label;
    const char* tip;
};

constexpr LegendEntry kEntries[] = {
    {Swatch::Bar, &Palette::pending, EventKind::Spawn, "Pending",
     "A poll that returned Pending: the task waits for a wake."},
    {Swatch::Bar, &Palette::ready, EventKind::Spawn, "Ready",
     "A poll that returned Ready: the future is done."},
    {Swatch::Bar, &Palette::open, EventKind::Spawn, "polling",
     "A poll still running at the end of the trace (or at the cursor)."},
    {Swatch::Marker, nullptr, EventKind::WakerClone, "clone",
     "A clone of the task's waker was made (someone will hold it)."},
    {Swatch::Marker, nullptr, EventKind::WakerDrop, "drop", "A clone of the waker was dropped."},
    {Swatch::Marker, nullptr, EventKind::WakerWake, "wake",
     "wake() or wake_by_ref(): the task goes back into the run queue."},
    {Swatch::Line, &Palette::arrow, EventKind::Spawn, "wake -> poll",
     "An arrow from a wake to the poll it caused."},
    {Swatch::Marker, nullptr, EventKind::Spawn, "spawn", "The task was spawned."},
    {Swatch::Marker, nullptr, EventKind::TaskComplete, "complete", "The task finished."},
    {Swatch::Marker, nullptr, EventKind::TimerFire, "timer", "A timer fired (reactor lane)."},
    {Swatch::Marker, nullptr, EventKind::IoReady, "IO ready",
     "A socket became readable or writable (reactor lane)."},
    {Swatch::Marker, nullptr, EventKind::TimeAdvance, "time jump",
     "Nothing could run: the clock jumped to the next timer."},
    {Swatch::Marker, nullptr, EventKind::Diagnostic, "problem",
     "A diagnostic (lost wakeup, busy loop, ...): see Diagnostics."},
    {Swatch::Line, &Palette::cursor, EventKind::Spawn, "cursor", "The step shown in every panel."},
};

void draw_swatch(const LegendEntry& e, float size) {
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight(), yc = at.y + h * 0.5f;
    switch (e.swatch) {
        case Swatch::Bar:
            dl->AddRectFilled(ImVec2(at.x, yc - size * 0.4f), ImVec2(at.x + size, yc + size * 0.4f),
                              p.*e.colour, 2);
            break;
        case Swatch::Line: dl->AddLine(ImVec2(at.x, yc), ImVec2(at.x + size, yc), p.*e.colour, 2); break;
        case Swatch::Marker: {
            Marker m;
            m.kind = e.kind;
            draw_marker_shape(dl, p, m, at.x + size * 0.5f, yc, size * 0.35f);
            break;
        }
    }
    ImGui::Dummy(ImVec2(size, h));
    ImGui::SameLine(0, 4);
}

}  // namespace

void draw_legend() {
    const float size = ImGui::GetTextLineHeight() * 0.9f;
    ImGui::TextDisabled("Legend:");
    for (const LegendEntry& e : kEntries) {
        same_line_if_fits(size + 4 + ImGui::CalcTextSize(e.label).x);
        ImGui::BeginGroup();
        draw_swatch(e, size);
        ImGui::TextUnformatted(e.label);
        ImGui::EndGroup();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.tip);
    }
}

}  // namespace ps::gui
