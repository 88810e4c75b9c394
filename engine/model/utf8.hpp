// UTF-8 encoding of one code point, shared by the JSON scanner, the Rust lexer and the
// interpreter's `char` values.
#pragma once
#include <cstdint>
#include <string>

namespace ps {

// Appends `cp` (at most 0x10FFFF; callers check the range and surrogates) encoded as UTF-8.
inline void append_utf8(std::string& out, std::uint32_t cp) {
    auto byte = [&out](std::uint32_t b) { out += static_cast<char>(b); };
    if (cp < 0x80) {
        byte(cp);
    } else if (cp < 0x800) {
        byte(0xC0 | (cp >> 6));
        byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        byte(0xE0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    } else {
        byte(0xF0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 0x3F));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    }
}

}  // namespace ps
