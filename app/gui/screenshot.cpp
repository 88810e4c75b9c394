#include "screenshot.hpp"

#include <glad/gl.h>
#include <stb_image_write.h>  // the implementation lives in Debian's libstb

#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

namespace ps::gui {

bool write_screenshot(const std::string& path, int width, int height, std::string& error) {
    if (width <= 0 || height <= 0) {
        error = "nothing to capture (empty framebuffer)";
        return false;
    }
    // Read as RGBA (the one format WebGL2 must support; the web build shares this file), then
    // pack to RGB in place.
    const std::size_t count = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    std::vector<unsigned char> pixels(count * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    for (std::size_t i = 0; i < count; ++i)
        for (std::size_t c = 0; c < 3; ++c) pixels[i * 3 + c] = pixels[i * 4 + c];
    stbi_flip_vertically_on_write(1);
    // UI pictures are mostly flat colour: light compression is nearly as small and several
    // times faster than stb's default (level 8), which matters for the GUI tests.
    stbi_write_png_compression_level = 2;
    stbi_write_force_png_filter = 1;  // "Sub": good for flat colour, and no per-row filter search
    std::string tmp = path + ".tmp";
    if (!stbi_write_png(tmp.c_str(), width, height, 3, pixels.data(), width * 3)) {
        error = "cannot write " + tmp;
        return false;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        error = "cannot rename " + tmp + " to " + path + ": " + ec.message();
        std::filesystem::remove(tmp, ec);
        return false;
    }
    return true;
}

}  // namespace ps::gui
