// Every key press, in order. ImGui 1.86 reads which keys are down once per frame, so a press
// and its release inside one event wait (a quick tap, a presenter clicker) would never be
// seen. The key callback queues each press for our shortcuts (one command per press) and
// chains ImGui's callback; a release that comes in the same wait as its press is held back
// until a frame has seen the key down, so ImGui's widgets see every tap too.
#pragma once
#include <vector>

struct GLFWwindow;

namespace ps::gui {

// One press (or auto-repeat) of a key: a GLFW key code and GLFW_MOD_* bits.
struct KeyPress {
    int key = 0;
    int mods = 0;
    bool repeat = false;
};

class KeyQueue {
public:
    // Installs the key callback on `window` after ImGui's backend installed its own (which it
    // chains). One queue per process (GLFW callbacks carry no context of ours).
    void install(GLFWwindow* window);
    // Presses since the last call, oldest first.
    std::vector<KeyPress> take();
    // Adds a press made up by a test hook (--keys).
    void push(const KeyPress& k) { presses_.push_back(k); }
    // After ImGui::NewFrame: the keys down now were seen; releases held back for them can go.
    void frame_seen();
    // True while releases wait for a frame (the main loop must not block then).
    bool pending() const { return !held_releases_.empty() || !presses_.empty(); }

    // The callback's body (public for the static trampoline).
    void on_key(GLFWwindow* w, int key, int scancode, int action, int mods);

private:
    struct Held {
        int key, scancode, mods;
    };
    std::vector<KeyPress> presses_;
    std::vector<int> fresh_;  // keys pressed since the last frame_seen()
    std::vector<Held> held_releases_;
    GLFWwindow* window_ = nullptr;
};

}  // namespace ps::gui
