// Fonts, themes and the colours that carry meaning (Pending amber, Ready green, ...).
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>

#include "engine/trace/trace.hpp"

namespace ps::gui {

// Colours with a meaning, per theme. Every view takes them from here so the same thing has
// the same colour everywhere (a Pending poll in the timeline, the tasks table and the log).
struct Palette {
    ImU32 pending, ready, open, fold_edge, lane_bg, lane_alt, grid, text, text_dim, cursor, current_event,
        arrow, arrow_hot, timer, io, time_jump, clone, drop, wake, diag, parked_bg, polling_bg, note_bg,
        selection;
    ImU32 task(std::uint32_t task_id) const;  // stable colour per task
    ImU32 holder(HolderKind k) const;         // colour per waker holder kind
};
const Palette& palette();  // of the current theme

struct Fonts {
    ImFont* ui = nullptr;            // Inter (or DejaVu Sans, or ImGui's built-in font)
    ImFont* code = nullptr;          // JetBrains Mono (or DejaVu Sans Mono, or the UI font)
    ImFont* title = nullptr;         // the UI font, larger, for lesson titles
    std::string ui_file, code_file;  // the files actually loaded ("" = built-in)
};

// Loads the fonts at `scale` (1 = 16 px UI text) into io.Fonts (cleared first). Does not
// upload the texture: the caller does (the GL backend) or the bench builds it on the CPU.
Fonts load_fonts(float scale);

void apply_theme(bool dark, float scale);

// A "(?)" marker that shows `text` in a tooltip when hovered (teaching text lives here).
void help_marker(const char* text);

// Small coloured square followed by text, for legends and task names.
void colour_chip(ImU32 colour, float size = 0);

}  // namespace ps::gui
