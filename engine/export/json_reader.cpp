#include "engine/export/json_reader.hpp"

#include <charconv>

#include "engine/export/atomic_file.hpp"

namespace ps::detail {

namespace {
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
}  // namespace

void JsonReader::skip_ws() {
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == ' ' || c == '\t' || c == '\r') {
            ++pos_;
        } else if (c == '\n') {
            ++pos_;
            ++line_;
            line_start_ = pos_;
        } else {
            break;
        }
    }
}

bool JsonReader::fail(const char* id, std::string message) {
    if (error_.empty()) {
        error_ = std::move(message);
        error_id_ = id;
    }
    return false;
}

JsonReader::Type JsonReader::peek() {
    if (failed()) return Type::Bad;
    skip_ws();
    mark();
    if (pos_ >= text_.size()) return Type::End;
    char c = text_[pos_];
    switch (c) {
        case '{': return Type::Object;
        case '[': return Type::Array;
        case '"': return Type::String;
        case 't':
        case 'f': return Type::Bool;
        case 'n': return Type::Null;
        default: return c == '-' || is_digit(c) ? Type::Number : Type::Bad;
    }
}

std::string JsonReader::describe_next() {
    Type t = peek();
    std::size_t save = pos_;
    switch (t) {
        case Type::Object: return "an object";
        case Type::Array: return "an array";
        case Type::Null: return "null";
        case Type::Bool: return text_[pos_] == 't' ? "true" : "false";
        case Type::End: return "the end of the file";
        case Type::String: {
            std::string s;
            std::string err = error_, id = error_id_;
            int l = line_;
            std::size_t ls = line_start_;
            bool ok = parse_string(&s);
            pos_ = save;
            line_ = l;
            line_start_ = ls;
            error_ = err;
            error_id_ = id;
            if (!ok) return "a string";
            if (s.size() > 40) s = s.substr(0, 40) + "...";
            return json_quoted(s);
        }
        case Type::Number: {
            std::size_t e = pos_;
            while (e < text_.size() && e - pos_ < 40 &&
                   (is_digit(text_[e]) || text_[e] == '-' || text_[e] == '+' || text_[e] == '.' ||
                    text_[e] == 'e' || text_[e] == 'E'))
                ++e;
            return std::string(text_.substr(pos_, e - pos_));
        }
        case Type::Bad:
            if (pos_ < text_.size()) {
                auto c = static_cast<unsigned char>(text_[pos_]);
                if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
                if (text_.substr(pos_, 3) == "\xEF\xBB\xBF")
                    return "a byte-order mark (U+FEFF), which may only start the file";
                return "a byte that starts no JSON value";
            }
            return "nothing";
    }
    return "nothing";
}

bool JsonReader::expect(char c, const char* what) {
    skip_ws();
    mark();
    if (pos_ < text_.size() && text_[pos_] == c) {
        ++pos_;
        return true;
    }
    return fail("trace.syntax.101", std::string("expected ") + what + ", got " + describe_next());
}

bool JsonReader::begin_object() {
    if (peek() != Type::Object) return false;
    ++pos_;
    stack_.push_back('o');
    return true;
}

bool JsonReader::begin_array() {
    if (peek() != Type::Array) return false;
    ++pos_;
    stack_.push_back('a');
    return true;
}

bool JsonReader::at_char(char c) {
    skip_ws();
    mark();
    return pos_ < text_.size() && text_[pos_] == c;
}

bool JsonReader::separator(char close, const char* expected, const char* trailing) {
    if (!expect(',', expected)) return false;
    if (at_char(close)) return fail("trace.syntax.101", trailing);
    return true;
}

bool JsonReader::next_key(std::string& key) {
    if (failed() || stack_.empty()) return false;
    if (at_char('}') && (stack_.back() == 'o' || stack_.back() == 'O')) {
        ++pos_;
        stack_.pop_back();
        return false;
    }
    if (stack_.back() == 'O' && !separator('}', "',' or '}' after an object member",
                                           "expected a member name after ',', got '}' (trailing comma)"))
        return false;
    if (peek() != Type::String)
        return fail("trace.syntax.101", "expected a member name in double quotes, got " + describe_next());
    key_line_ = tok_line_;
    key_col_ = tok_col_;
    if (!parse_string(&key)) return false;
    if (!expect(':', "':' after a member name")) return false;
    stack_.back() = 'O';
    skip_ws();
    mark();
    return true;
}

bool JsonReader::next_element() {
    if (failed() || stack_.empty()) return false;
    if (at_char(']')) {
        ++pos_;
        stack_.pop_back();
        return false;
    }
    if (stack_.back() == 'A' && !separator(']', "',' or ']' after an array element",
                                           "expected a value after ',', got ']' (trailing comma)"))
        return false;
    stack_.back() = 'A';
    skip_ws();
    mark();
    return true;
}

namespace {

// The UTF-8 bytes of code point `cp` in `buf`; returns how many.
std::size_t encode_utf8(unsigned cp, char (&buf)[4]) {
    if (cp < 0x80) {
        buf[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = static_cast<char>(0xC0 | (cp >> 6));
        buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = static_cast<char>(0xE0 | (cp >> 12));
        buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

// The character a one-letter escape stands for ('n' -> newline), or 0 if it is not one.
char single_escape(char e) {
    switch (e) {
        case '"': return '"';
        case '\\': return '\\';
        case '/': return '/';
        case 'b': return '\b';
        case 'f': return '\f';
        case 'n': return '\n';
        case 'r': return '\r';
        case 't': return '\t';
        default: return 0;
    }
}

}  // namespace

bool JsonReader::append_piece(std::string* out, std::size_t& length, std::string_view piece) {
    length += piece.size();
    if (length > max_string_)
        return fail("trace.syntax.103", "string longer than " + std::to_string(max_string_) + " bytes");
    if (out) out->append(piece);
    return true;
}

bool JsonReader::hex4(std::size_t at, unsigned& v) const {
    if (at + 4 > text_.size()) return false;
    v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        char h = text_[at + k];
        v <<= 4;
        if (h >= '0' && h <= '9')
            v |= static_cast<unsigned>(h - '0');
        else if (h >= 'a' && h <= 'f')
            v |= static_cast<unsigned>(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F')
            v |= static_cast<unsigned>(h - 'A' + 10);
        else
            return false;
    }
    return true;
}

bool JsonReader::parse_escape(std::string* out, std::size_t& length) {
    // pos_ is at the backslash
    if (pos_ + 1 >= text_.size()) {
        mark();
        return fail("trace.syntax.101", "unterminated string");
    }
    const char e = text_[pos_ + 1];
    if (const char single = single_escape(e)) {
        pos_ += 2;
        return append_piece(out, length, std::string_view(&single, 1));
    }
    if (e != 'u') {
        mark();
        return fail("trace.syntax.101", std::string("invalid escape '\\") + e + "' in a string");
    }
    unsigned cp = 0;
    mark();
    if (!hex4(pos_ + 2, cp)) return fail("trace.syntax.101", "invalid \\u escape in a string");
    pos_ += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned lo = 0;
        if (!(pos_ + 1 < text_.size() && text_[pos_] == '\\' && text_[pos_ + 1] == 'u' &&
              hex4(pos_ + 2, lo) && lo >= 0xDC00 && lo <= 0xDFFF))
            return fail("trace.syntax.104", "unpaired surrogate in a \\u escape");
        pos_ += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return fail("trace.syntax.104", "unpaired surrogate in a \\u escape");
    }
    char buf[4];
    const std::size_t n = encode_utf8(cp, buf);
    return append_piece(out, length, std::string_view(buf, n));
}

bool JsonReader::parse_string(std::string* out) {
    // pos_ is at the opening quote
    ++pos_;
    if (out) out->clear();
    std::size_t length = 0;
    while (true) {
        std::size_t run = pos_;
        while (pos_ < text_.size()) {
            auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"' || c == '\\' || c < 0x20) break;
            if (c < 0x80) {
                ++pos_;
                continue;
            }
            std::size_t n = utf8_length(text_, pos_);
            if (n == 0) {
                mark();
                return fail("trace.syntax.104", "invalid UTF-8 in a string");
            }
            pos_ += n;
        }
        if (!append_piece(out, length, text_.substr(run, pos_ - run))) return false;
        if (pos_ >= text_.size()) {
            mark();
            return fail("trace.syntax.101", "unterminated string");
        }
        auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') {
            ++pos_;
            return true;
        }
        if (c < 0x20) {
            mark();
            return fail("trace.syntax.101", "control character in a string (escape it as \\u00XX)");
        }
        if (!parse_escape(out, length)) return false;
    }
}

bool JsonReader::read_string(std::string& out) {
    if (peek() != Type::String) return false;
    return parse_string(&out);
}

bool JsonReader::scan_number(std::string_view& digits, bool& integral) {
    std::size_t start = pos_;
    std::size_t p = pos_;
    integral = true;
    if (p < text_.size() && text_[p] == '-') ++p;
    if (p >= text_.size() || !is_digit(text_[p]))
        return fail("trace.syntax.101", "expected a digit after '-'");
    if (text_[p] == '0' && p + 1 < text_.size() && is_digit(text_[p + 1]))
        return fail("trace.syntax.101", "numbers may not have leading zeros");
    while (p < text_.size() && is_digit(text_[p])) ++p;
    if (p < text_.size() && text_[p] == '.') {
        integral = false;
        ++p;
        if (p >= text_.size() || !is_digit(text_[p]))
            return fail("trace.syntax.101", "expected a digit after '.' in a number");
        while (p < text_.size() && is_digit(text_[p])) ++p;
    }
    if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
        integral = false;
        ++p;
        if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
        if (p >= text_.size() || !is_digit(text_[p]))
            return fail("trace.syntax.101", "expected a digit in a number's exponent");
        while (p < text_.size() && is_digit(text_[p])) ++p;
    }
    digits = text_.substr(start, p - start);
    return true;
}

bool JsonReader::read_int(std::int64_t& out) {
    if (peek() != Type::Number) return false;
    std::string_view d;
    bool integral = false;
    if (!scan_number(d, integral)) return false;
    if (!integral) return false;
    auto r = std::from_chars(d.data(), d.data() + d.size(), out);
    if (r.ec != std::errc() || r.ptr != d.data() + d.size()) return false;
    pos_ += d.size();
    return true;
}

bool JsonReader::read_u64(std::uint64_t& out) {
    if (peek() != Type::Number) return false;
    std::string_view d;
    bool integral = false;
    if (!scan_number(d, integral)) return false;
    if (!integral || d[0] == '-') return false;
    auto r = std::from_chars(d.data(), d.data() + d.size(), out);
    if (r.ec != std::errc() || r.ptr != d.data() + d.size()) return false;
    pos_ += d.size();
    return true;
}

bool JsonReader::read_null() {
    if (peek() != Type::Null) return false;
    if (text_.substr(pos_, 4) != "null") return fail("trace.syntax.101", "expected null");
    pos_ += 4;
    return true;
}

bool JsonReader::skip_value(int depth_left) {
    Type t = peek();
    if (depth_left <= 0 && (t == Type::Object || t == Type::Array))
        return fail("trace.syntax.102", "nesting too deep");
    switch (t) {
        case Type::Object: {
            begin_object();
            std::string key;
            while (next_key(key))
                if (!skip_value(depth_left - 1)) return false;
            return !failed();
        }
        case Type::Array:
            begin_array();
            while (next_element())
                if (!skip_value(depth_left - 1)) return false;
            return !failed();
        case Type::String: return parse_string(nullptr);
        case Type::Number: {
            std::string_view d;
            bool integral = false;
            if (!scan_number(d, integral)) return false;
            pos_ += d.size();
            return true;
        }
        case Type::Bool:
            if (text_.substr(pos_, 4) == "true") {
                pos_ += 4;
                return true;
            }
            if (text_.substr(pos_, 5) == "false") {
                pos_ += 5;
                return true;
            }
            return fail("trace.syntax.101", "expected true or false");
        case Type::Null: return read_null();
        case Type::End: return fail("trace.syntax.101", "unexpected end of the file");
        case Type::Bad: return fail("trace.syntax.101", "expected a JSON value, got " + describe_next());
    }
    return false;
}

bool JsonReader::at_end() {
    skip_ws();
    mark();
    return pos_ >= text_.size();
}

}  // namespace ps::detail
