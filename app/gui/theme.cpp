// Fonts and themes.
#include "theme.hpp"

#include <filesystem>

namespace ps::gui {

namespace {

constexpr Palette kDark = {
    /*pending*/ IM_COL32(232, 163, 38, 255),     /*ready*/ IM_COL32(76, 187, 92, 255),
    /*open*/ IM_COL32(140, 140, 150, 255),       /*fold_edge*/ IM_COL32(20, 20, 24, 200),
    /*lane_bg*/ IM_COL32(34, 36, 42, 255),       /*lane_alt*/ IM_COL32(40, 42, 50, 255),
    /*grid*/ IM_COL32(255, 255, 255, 28),        /*text*/ IM_COL32(232, 232, 236, 255),
    /*text_dim*/ IM_COL32(160, 164, 176, 255),   /*cursor*/ IM_COL32(255, 80, 80, 255),
    /*current_event*/ IM_COL32(255, 80, 80, 40), /*arrow*/ IM_COL32(110, 170, 255, 150),
    /*arrow_hot*/ IM_COL32(150, 200, 255, 255),  /*timer*/ IM_COL32(200, 130, 255, 255),
    /*io*/ IM_COL32(80, 200, 230, 255),          /*time_jump*/ IM_COL32(200, 130, 255, 90),
    /*clone*/ IM_COL32(110, 170, 255, 255),      /*drop*/ IM_COL32(240, 100, 100, 255),
    /*wake*/ IM_COL32(255, 230, 90, 255),        /*diag*/ IM_COL32(255, 90, 90, 255),
    /*parked_bg*/ IM_COL32(232, 163, 38, 70),    /*polling_bg*/ IM_COL32(76, 187, 92, 70),
    /*note_bg*/ IM_COL32(70, 110, 190, 80),      /*selection*/ IM_COL32(255, 80, 80, 60),
};

constexpr Palette kLight = {
    /*pending*/ IM_COL32(214, 132, 0, 255),
    /*ready*/ IM_COL32(40, 150, 60, 255),
    /*open*/ IM_COL32(150, 150, 160, 255),
    /*fold_edge*/ IM_COL32(255, 255, 255, 220),
    /*lane_bg*/ IM_COL32(246, 246, 249, 255),
    /*lane_alt*/ IM_COL32(236, 237, 242, 255),
    /*grid*/ IM_COL32(0, 0, 0, 30),
    /*text*/ IM_COL32(20, 20, 26, 255),
    /*text_dim*/ IM_COL32(95, 98, 110, 255),
    /*cursor*/ IM_COL32(220, 30, 30, 255),
    /*current_event*/ IM_COL32(220, 30, 30, 35),
    /*arrow*/ IM_COL32(40, 100, 220, 150),
    /*arrow_hot*/ IM_COL32(20, 70, 200, 255),
    /*timer*/ IM_COL32(140, 60, 210, 255),
    /*io*/ IM_COL32(0, 140, 170, 255),
    /*time_jump*/ IM_COL32(140, 60, 210, 40),
    /*clone*/ IM_COL32(40, 100, 220, 255),
    /*drop*/ IM_COL32(210, 50, 50, 255),
    /*wake*/ IM_COL32(190, 150, 0, 255),
    /*diag*/ IM_COL32(210, 30, 30, 255),
    /*parked_bg*/ IM_COL32(232, 163, 38, 90),
    /*polling_bg*/ IM_COL32(76, 187, 92, 90),
    /*note_bg*/ IM_COL32(70, 110, 190, 60),
    /*selection*/ IM_COL32(220, 30, 30, 45),
};

// Tableau-like colours that stay apart from amber/green (which mean Pending/Ready).
constexpr ImU32 kTaskColours[] = {
    IM_COL32(78, 121, 167, 255),  IM_COL32(176, 122, 161, 255), IM_COL32(118, 183, 178, 255),
    IM_COL32(225, 87, 89, 255),   IM_COL32(156, 117, 95, 255),  IM_COL32(255, 157, 167, 255),
    IM_COL32(100, 143, 255, 255), IM_COL32(186, 176, 172, 255),
};

const char* find_font(std::initializer_list<const char*> candidates) {
    for (const char* c : candidates) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(c, ec)) return c;
    }
    return nullptr;
}

}  // namespace

ImU32 Palette::task(std::uint32_t id) const {
    if (id == kNone) return text_dim;
    return kTaskColours[id % (sizeof kTaskColours / sizeof kTaskColours[0])];
}

ImU32 Palette::holder(HolderKind k) const {
    switch (k) {
        case HolderKind::Timer: return timer;
        case HolderKind::Socket: return io;
        case HolderKind::Channel: return IM_COL32(90, 160, 255, 255);
        case HolderKind::Mutex: return IM_COL32(230, 120, 70, 255);
        case HolderKind::Notify: return IM_COL32(240, 200, 70, 255);
        case HolderKind::JoinHandle: return IM_COL32(120, 200, 140, 255);
        case HolderKind::Scripted: return IM_COL32(200, 110, 200, 255);
        case HolderKind::Executor: return text_dim;
        case HolderKind::None: break;
    }
    return text_dim;
}

// The theme is ImGui's style itself: a dark window background means the dark palette. No
// state of our own to keep in step with it.
const Palette& palette() {
    const ImVec4& bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    return bg.x + bg.y + bg.z < 1.5f ? kDark : kLight;
}

Fonts load_fonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts f;
    const float ui_px = 16.0f * scale;
    const float code_px = 15.0f * scale;
    const char* ui = find_font({"/usr/share/fonts/opentype/inter/Inter-Regular.otf",
                                "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
    const char* code = find_font({"/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf",
                                  "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"});
    static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x2000, 0x206F, 0x2190, 0x21FF, 0x2500, 0x25FF, 0};
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    if (ui) f.ui = io.Fonts->AddFontFromFileTTF(ui, ui_px, &cfg, kRanges);
    if (!f.ui) {
        ImFontConfig def;
        def.SizePixels = 13.0f * scale;
        f.ui = io.Fonts->AddFontDefault(&def);
    } else {
        f.ui_file = ui;
    }
    if (code) f.code = io.Fonts->AddFontFromFileTTF(code, code_px, &cfg, kRanges);
    if (f.code)
        f.code_file = code;
    else
        f.code = f.ui;
    if (ui) f.title = io.Fonts->AddFontFromFileTTF(ui, ui_px * 1.35f, &cfg, kRanges);
    if (!f.title) f.title = f.ui;
    io.FontDefault = f.ui;
    return f;
}

void apply_theme(bool dark, float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    if (dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    style.WindowRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.TabRounding = 3.0f;
    style.WindowPadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(8, 5);
    style.WindowBorderSize = 1.0f;
    if (dark) {
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.105f, 0.12f, 1.0f);
        style.Colors[ImGuiCol_TitleBg] = ImVec4(0.14f, 0.15f, 0.18f, 1.0f);
        style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.18f, 0.22f, 0.30f, 1.0f);
    } else {
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.985f, 0.985f, 0.99f, 1.0f);
    }
    style.Colors[ImGuiCol_PopupBg].w = 1.0f;  // modals and tooltips: no timeline showing through
    style.ScaleAllSizes(scale);
}

void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void colour_chip(ImU32 colour, float size) {
    if (size <= 0) size = ImGui::GetTextLineHeight() * 0.7f;
    ImVec2 p = ImGui::GetCursorScreenPos();
    float pad = (ImGui::GetTextLineHeight() - size) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + pad), ImVec2(p.x + size, p.y + pad + size),
                                              colour, 2.0f);
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, 4);
}

}  // namespace ps::gui
