// Headless test hooks (--keys, --mouse): input injected the way real input arrives: each key
// press into the KeyQueue (our shortcuts) and io.KeysDown (ImGui's widgets), the mouse through
// io.MousePos and io.MouseDown (ImGui 1.86 has no io.AddKeyEvent).
#pragma once
#include <string>
#include <vector>

#include "key_queue.hpp"

struct ImGuiIO;

namespace ps::gui {

// One injected key press: its GLFW key code (the index the GLFW backend sets in io.KeysDown),
// and Ctrl.
struct InjectedKey {
    int index = -1;
    bool ctrl = false;
};

struct HeadlessInput {
    static constexpr int kSettleFrames = 4;  // frames to settle the layout before the first key

    std::vector<InjectedKey> keys;         // one press per two frames
    static constexpr int kDragFrames = 6;  // frames a --mouse drag takes to move

    bool has_mouse = false;  // --mouse: pointer position (window pixels), optional click or drag
    float mouse_x = 0, mouse_y = 0;
    bool click = false;
    bool drag = false;  // X,Y,drag,X2,Y2: press at X,Y, move to X2,Y2 over kDragFrames, release
    float drag_x = 0, drag_y = 0;

    // Parse --keys and --mouse (needs the ImGui context: named keys go through io.KeyMap).
    // False with `error` set (the whole message) on an unknown key or a bad --mouse.
    bool parse(const std::string& key_list, const std::string& mouse, std::string& error);
    // The frame on which --open-after opens its file, and the frames to render in all.
    int open_after_frame() const { return kSettleFrames + 2 * static_cast<int>(keys.size()); }
    int frames(bool open_after) const {
        return open_after_frame() + (open_after ? 4 : 0) + (drag ? kDragFrames + 2 : 0) + 2;
    }
    // Before ImGui::NewFrame of frame `frame`: press or release the next key, place the mouse.
    void apply(int frame, ImGuiIO& io, KeyQueue& queue);

private:
    InjectedKey held_;
};

}  // namespace ps::gui
