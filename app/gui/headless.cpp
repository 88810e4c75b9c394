#include "headless.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>  // key codes only
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace ps::gui {

namespace {

struct NamedKey {
    const char* name;
    int key;
};
constexpr NamedKey kNamedKeys[] = {
    {"Plus", GLFW_KEY_EQUAL},         {"Equal", GLFW_KEY_EQUAL},    {"Minus", GLFW_KEY_MINUS},
    {"Escape", GLFW_KEY_ESCAPE},      {"Right", GLFW_KEY_RIGHT},    {"Left", GLFW_KEY_LEFT},
    {"Home", GLFW_KEY_HOME},          {"End", GLFW_KEY_END},        {"Space", GLFW_KEY_SPACE},
    {"PageDown", GLFW_KEY_PAGE_DOWN}, {"PageUp", GLFW_KEY_PAGE_UP}, {"F5", GLFW_KEY_F5},
    {"]", GLFW_KEY_RIGHT_BRACKET},    {"[", GLFW_KEY_LEFT_BRACKET},
};

int key_index(const std::string& name) {
    for (const NamedKey& k : kNamedKeys)
        if (name == k.name) return k.key;
    if (name.size() == 1 && std::isdigit(static_cast<unsigned char>(name[0])))
        return GLFW_KEY_0 + (name[0] - '0');
    if (name.size() == 1 && std::isalpha(static_cast<unsigned char>(name[0])))
        return GLFW_KEY_A + (std::toupper(static_cast<unsigned char>(name[0])) - 'A');
    return -1;
}

std::vector<std::string> split_keys(const std::string& list) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : list) {
        if (c == ',' || c == ' ') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

}  // namespace

bool HeadlessInput::parse(const std::string& key_list, const std::string& mouse, std::string& error) {
    for (const auto& k0 : split_keys(key_list)) {
        bool ctrl = k0.rfind("Ctrl+", 0) == 0;
        int idx = key_index(ctrl ? k0.substr(5) : k0);
        if (idx < 0) {
            error = "unknown key '" + k0 +
                    "' in --keys (use Right, Left, Home, End, PageDown, PageUp, F5, Space, Escape, Plus, "
                    "Minus, [, ], a digit or a letter, optionally as Ctrl+KEY)";
            keys.clear();
            return false;
        }
        keys.push_back({idx, ctrl});
    }
    if (mouse.empty()) return true;
    char extra[16] = {};
    int n = std::sscanf(mouse.c_str(), "%f,%f,%15[^,],%f,%f", &mouse_x, &mouse_y, extra, &drag_x, &drag_y);
    const bool is_click = n == 3 && std::strcmp(extra, "click") == 0;
    const bool is_drag = n == 5 && std::strcmp(extra, "drag") == 0;
    if (n != 2 && !is_click && !is_drag) {
        error = "--mouse expects X,Y or X,Y,click or X,Y,drag,X2,Y2, got '" + mouse + "'";
        return false;
    }
    has_mouse = true;
    click = is_click;
    drag = is_drag;
    return true;
}

void HeadlessInput::apply(int frame, ImGuiIO& io, KeyQueue& queue) {
    // One injected press per two frames: down on even frames, up on the next.
    if (held_.index >= 0) {
        io.KeysDown[held_.index] = false;
        io.KeysDown[GLFW_KEY_LEFT_CONTROL] = false;
        io.KeyCtrl = false;
        held_ = {};
    } else if (frame >= kSettleFrames && (frame - kSettleFrames) % 2 == 0) {
        auto k = static_cast<std::size_t>((frame - kSettleFrames) / 2);
        if (k < keys.size()) {
            held_ = keys[k];
            queue.push({held_.index, held_.ctrl ? GLFW_MOD_CONTROL : 0, false});
            io.KeysDown[held_.index] = true;
            io.KeysDown[GLFW_KEY_LEFT_CONTROL] = held_.ctrl;
            io.KeyCtrl = held_.ctrl;
        }
    }
    if (has_mouse && frame >= 1) {
        io.MousePos = ImVec2(mouse_x, mouse_y);
        io.MouseDown[0] = click && frame == kSettleFrames - 2;  // press, release on the next frame
    }
    if (drag && frame >= kSettleFrames - 2) {  // pressed there, then moved step by step, released
        const int moved = std::min(frame - (kSettleFrames - 2), kDragFrames);
        const float f = static_cast<float>(moved) / static_cast<float>(kDragFrames);
        io.MousePos = ImVec2(mouse_x + (drag_x - mouse_x) * f, mouse_y + (drag_y - mouse_y) * f);
        io.MouseDown[0] = frame <= kSettleFrames - 2 + kDragFrames;
    }
    io.DeltaTime = 1.0f / 60.0f;
}

}  // namespace ps::gui
