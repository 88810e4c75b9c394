#include "engine/load/json_text.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/load/json_errors.hpp"

namespace ps::json {

LineIndex::LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') starts_.push_back(i + 1);
}

SourcePos LineIndex::at(std::size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    std::size_t line = static_cast<std::size_t>(it - starts_.begin());  // >= 1
    SourcePos p;
    p.line = static_cast<int>(line);
    p.column = static_cast<int>(offset - starts_[line - 1] + 1);
    return p;
}

std::string LineIndex::describe(std::size_t offset) const {
    SourcePos p = at(offset);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
}

std::size_t utf8_length(unsigned char b) {
    if (b >= 0xF0 && b <= 0xF4) return 4;
    if (b >= 0xE0 && b <= 0xEF) return 3;
    if (b >= 0xC2 && b <= 0xDF) return 2;
    return 1;
}

namespace {

std::string hex_byte(unsigned char b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", b);
    return buf;
}

std::string code_point_name(unsigned cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", cp);
    return buf;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Checks one UTF-8 sequence starting at text[i] (a byte >= 0x80). Returns its length, or 0
// with `why` filled.
std::size_t check_sequence(std::string_view text, std::size_t i, std::string& why) {
    auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0xC2 || b0 > 0xF4) {
        if (b0 >= 0x80 && b0 <= 0xBF)
            why = "byte " + hex_byte(b0) + " is a continuation byte with no character to continue";
        else
            why = "byte " + hex_byte(b0) + " can never appear in UTF-8";
        return 0;
    }
    std::size_t n = utf8_length(b0);
    for (std::size_t k = 1; k < n; ++k) {
        if (i + k >= text.size()) {
            why = "the text ends in the middle of a " + std::to_string(n) + "-byte character";
            return 0;
        }
        auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) {
            why = "byte " + hex_byte(b0) + " starts a " + std::to_string(n) +
                  "-byte character but is followed by " + hex_byte(b);
            if (b < 0x80) why += " (was the file saved as Latin-1 or Windows-1252?)";
            return 0;
        }
    }
    auto b1 = static_cast<unsigned char>(text[i + 1]);
    if (b0 == 0xE0 && b1 < 0xA0) {
        why = "overlong encoding starting with " + hex_byte(b0);
        return 0;
    }
    if (b0 == 0xF0 && b1 < 0x90) {
        why = "overlong encoding starting with " + hex_byte(b0);
        return 0;
    }
    if (b0 == 0xED && b1 >= 0xA0) {
        why = "encoded UTF-16 surrogate (not allowed in UTF-8)";
        return 0;
    }
    if (b0 == 0xF4 && b1 >= 0x90) {
        why = "code point above U+10FFFF";
        return 0;
    }
    return n;
}

}  // namespace

std::optional<TextIssue> check_text(std::string_view text) {
    if (text.empty())
        return TextIssue{errid::kEmpty, 0,
                         "the file is empty; a scenario is a JSON object starting with '{'"};
    bool only_space = true;
    for (std::size_t i = 0; i < text.size();) {
        auto b = static_cast<unsigned char>(text[i]);
        if (b == 0)
            return TextIssue{errid::kBinary, i,
                             "found a NUL byte: this looks like a binary file, not JSON text"};
        if (b < 0x80) {
            if (!is_space(static_cast<char>(b))) only_space = false;
            ++i;
            continue;
        }
        only_space = false;
        std::string why;
        std::size_t n = check_sequence(text, i, why);
        if (n == 0)
            return TextIssue{errid::kUtf8, i,
                             "invalid UTF-8: " + why + "; scenario files must be UTF-8 text"};
        i += n;
    }
    if (only_space)
        return TextIssue{errid::kEmpty, 0,
                         "the file contains only whitespace; a scenario is a JSON object starting with '{'"};
    return std::nullopt;
}

std::string describe_at(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "the end of the file";
    auto b = static_cast<unsigned char>(text[offset]);
    if (b == '\'') return "a single quote (JSON strings and keys use double quotes)";
    if (b < 0x20 || b == 0x7F) return "control character " + code_point_name(b);
    if (b < 0x80) return std::string("'") + static_cast<char>(b) + "'";
    std::size_t n = std::min(utf8_length(b), text.size() - offset);
    unsigned cp = n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (std::size_t k = 1; k < n; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(text[offset + k]) & 0x3Fu);
    if (cp == 0xFEFF) return "a byte-order mark (U+FEFF), which may only start the file";
    return "'" + std::string(text.substr(offset, n)) + "' (" + code_point_name(cp) + ")";
}

std::string in_quotes(std::string_view s, std::size_t max) {
    std::string out = "\"";
    std::size_t i = 0;
    for (; i < s.size() && i < max;) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b == '"' || b == '\\') {
            out += '\\';
            out += static_cast<char>(b);
        } else if (b < 0x20 || b == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04X", b);
            out += buf;
        } else if (b >= 0x80) {
            std::size_t n = utf8_length(b);
            if (i + n > s.size()) n = s.size() - i;
            out.append(s.substr(i, n));
            i += n;
            continue;
        } else {
            out += static_cast<char>(b);
        }
        ++i;
    }
    if (i < s.size()) out += "...";
    out += '"';
    return out;
}

std::string excerpt(std::string_view text, std::size_t begin, std::size_t end, std::size_t max) {
    if (begin > text.size()) return "";
    end = std::min(end, text.size());
    std::string out;
    std::size_t i = begin;
    bool space = false;
    while (i < end && out.size() < max) {
        auto b = static_cast<unsigned char>(text[i]);
        if (is_space(static_cast<char>(b))) {  // collapse runs of whitespace and line breaks
            space = true;
            ++i;
            continue;
        }
        if (space) out += ' ';
        space = false;
        std::size_t n = b >= 0x80 ? std::min(utf8_length(b), end - i) : 1;
        out.append(text.substr(i, n));
        i += n;
    }
    if (i < end) out += "...";
    return out;
}

std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

}  // namespace ps::json
