// Reads the back buffer and writes it as a PNG (atomically: OUT.tmp, then rename).
#pragma once
#include <string>

namespace ps::gui {

// Call after rendering and before swapping buffers. Returns false and sets `error`.
bool write_screenshot(const std::string& path, int width, int height, std::string& error);

}  // namespace ps::gui
