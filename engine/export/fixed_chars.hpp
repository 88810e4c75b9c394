// Fixed-point double to text, as std::to_chars(first, last, v, std::chars_format::fixed, d).
// The one place the engine formats a double: emscripten 3.1.6's libc++ (the web build) has no
// floating-point std::to_chars, so there it falls back to snprintf, which rounds the same way
// (correctly, from the exact binary value).
#pragma once
#include <charconv>

#ifdef __EMSCRIPTEN__
#include <cstdio>
#endif

namespace ps {

// Writes v with `decimals` digits after the point into [first, last); returns the end.
inline char* to_chars_fixed(char* first, char* last, double v, int decimals) {
#ifdef __EMSCRIPTEN__
    const int n = std::snprintf(first, static_cast<std::size_t>(last - first), "%.*f", decimals, v);
    return n < 0 || n >= last - first ? first : first + n;
#else
    return std::to_chars(first, last, v, std::chars_format::fixed, decimals).ptr;
#endif
}

}  // namespace ps
