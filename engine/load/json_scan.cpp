#include "engine/load/json_scan.hpp"

#include <cmath>
#include <cstdlib>
#include <map>

#include "engine/load/json_errors.hpp"
#include "engine/load/suggest.hpp"
#include "engine/model/utf8.hpp"

namespace ps::json {

namespace {

// What the scanner expects next.
enum class Want {
    TopValue,         // the document's value
    ValueAfterColon,  // an object member's value
    ValueAfterComma,  // an array element after ','
    ValueOrClose,     // the first array element, or ']'
    KeyOrClose,       // the first object key, or '}'
    KeyAfterComma,    // an object key after ','
    Colon,            // ':' after a key
    CommaOrClose,     // ',' or the closing bracket of the innermost container
    End,              // nothing but whitespace
};

struct Frame {
    std::uint32_t node = 0;
    std::uint32_t last_child = kNoNode;
    bool object = false;
    std::map<std::string, std::size_t, std::less<>> keys;  // objects: key -> offset of first use
};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_word(char c) {
    return is_letter(c) || is_digit(c) || c == '_' || c == '-';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string u_escape(unsigned cp) {
    static const char* digits = "0123456789ABCDEF";
    std::string s = "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) s += digits[(cp >> shift) & 0xF];
    return s;
}

class Scanner {
public:
    Scanner(std::string_view text, const LineIndex& lines, const ScanOptions& options, ScanResult& out)
        : text_(text), lines_(lines), options_(options), out_(out) {}

    void run();

private:
    // Records a problem that ends the scan. Always returns false, so callers can
    // `return fail(...)`.
    bool fail(const char* id, std::size_t offset, std::string message);
    // Records a problem and keeps scanning (duplicate keys, long strings).
    void note(const char* id, std::size_t offset, std::string message);

    void skip_space();
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    bool at_end() const { return pos_ >= text_.size(); }
    std::string found() const;

    bool value(Want want);
    bool open(Shape kind);
    void close();
    bool key();
    bool string(std::string* decoded);
    bool escape(std::size_t string_start, std::string* decoded);
    bool number();
    bool literal(Want want);
    std::uint32_t add_node(Shape kind, std::size_t begin);
    Want after_value() const;
    std::string expected_value(Want want) const;

    std::string_view text_;
    const LineIndex& lines_;
    const ScanOptions& options_;
    ScanResult& out_;
    std::size_t pos_ = 0;
    std::vector<Frame> stack_;
    std::uint32_t pending_key_ = kNoNode;
    std::string last_key_;
    bool stopped_ = false;
};

bool Scanner::fail(const char* id, std::size_t offset, std::string message) {
    out_.issues.push_back({id, offset, std::move(message)});
    stopped_ = true;
    return false;
}

void Scanner::note(const char* id, std::size_t offset, std::string message) {
    out_.issues.push_back({id, offset, std::move(message)});
    if (out_.issues.size() >= options_.max_issues) stopped_ = true;
}

void Scanner::skip_space() {
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        ++pos_;
    }
}

std::string Scanner::found() const {
    if (at_end()) {
        std::string s = "the end of the file";
        if (!stack_.empty()) {
            const ShapeNode& open = out_.nodes[stack_.back().node];
            s += std::string(" (the '") + (stack_.back().object ? '{' : '[') + "' at " +
                 lines_.describe(open.begin) + " is never closed)";
        }
        return s;
    }
    char c = text_[pos_];
    if (is_letter(c)) {
        std::size_t end = pos_;
        while (end < text_.size() && end - pos_ < 30 && is_word(text_[end])) ++end;
        return "'" + std::string(text_.substr(pos_, end - pos_)) + "'";
    }
    if (c == '/' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '/' || text_[pos_ + 1] == '*'))
        return "'/' (JSON does not allow comments)";
    return describe_at(text_, pos_);
}

std::uint32_t Scanner::add_node(Shape kind, std::size_t begin) {
    auto index = static_cast<std::uint32_t>(out_.nodes.size());
    ShapeNode n;
    n.begin = static_cast<std::uint32_t>(begin);
    n.end = n.begin;
    n.kind = kind;
    n.key = pending_key_;
    pending_key_ = kNoNode;
    out_.nodes.push_back(n);
    if (!stack_.empty()) {
        Frame& parent = stack_.back();
        if (parent.last_child != kNoNode) out_.nodes[parent.last_child].next = index;
        parent.last_child = index;
        ++out_.nodes[parent.node].children;
    }
    return index;
}

Want Scanner::after_value() const {
    return stack_.empty() ? Want::End : Want::CommaOrClose;
}

std::string Scanner::expected_value(Want want) const {
    switch (want) {
        case Want::TopValue: return "syntax error: expected a JSON value, found ";
        case Want::ValueAfterColon: return "syntax error: expected a value after ':', found ";
        case Want::ValueAfterComma: return "syntax error: expected a value after ',', found ";
        default: return "syntax error: expected a value or ']', found ";
    }
}

bool Scanner::open(Shape kind) {
    if (static_cast<int>(stack_.size()) >= options_.max_depth)
        return fail(errid::kDepth, pos_,
                    "nesting is deeper than " + std::to_string(options_.max_depth) +
                        " levels of '[' and '{' (the limit)");
    Frame f;
    f.node = add_node(kind, pos_);
    f.object = kind == Shape::Object;
    stack_.push_back(std::move(f));
    ++pos_;
    return true;
}

void Scanner::close() {
    out_.nodes[stack_.back().node].end = static_cast<std::uint32_t>(pos_ + 1);
    stack_.pop_back();
    ++pos_;
}

bool Scanner::value(Want want) {
    char c = peek();
    if (at_end()) return fail(errid::kEndOfFile, pos_, expected_value(want) + found());
    if (c == '{') return open(Shape::Object);
    if (c == '[') return open(Shape::Array);
    if (c == '"') {
        std::uint32_t n = add_node(Shape::String, pos_);
        if (!string(nullptr)) return false;
        out_.nodes[n].end = static_cast<std::uint32_t>(pos_);
        return true;
    }
    if (c == '-' || is_digit(c)) return number();
    return literal(want);
}

bool Scanner::literal(Want want) {
    std::size_t start = pos_;
    std::size_t end = pos_;
    while (end < text_.size() && is_word(text_[end])) ++end;
    std::string_view word = text_.substr(start, end - start);
    Shape kind;
    if (word == "true")
        kind = Shape::True;
    else if (word == "false")
        kind = Shape::False;
    else if (word == "null")
        kind = Shape::Null;
    else {
        std::string message = expected_value(want) + found();
        if (want == Want::ValueAfterComma && peek() == ']')
            message += " (JSON does not allow a comma before ']')";
        else if (auto literal = closest_word(word, {"true", "false", "null"}); literal && word.size() > 2)
            message += " (did you mean " + *literal + "?)";
        else if (!word.empty() && is_letter(word[0]) && word.size() <= 30)
            message += " (text values go in double quotes: \"" + std::string(word) + "\")";
        return fail(errid::kUnexpected, start, std::move(message));
    }
    std::uint32_t n = add_node(kind, start);
    pos_ = end;
    out_.nodes[n].end = static_cast<std::uint32_t>(end);
    return true;
}

bool Scanner::number() {
    std::size_t start = pos_;
    bool plain = true;  // no fraction, no exponent
    if (peek() == '-') ++pos_;
    if (!is_digit(peek()))
        return fail(errid::kBadNumber, pos_, "syntax error: expected a digit after '-', found " + found());
    if (peek() == '0') {
        ++pos_;
        if (is_digit(peek()))
            return fail(errid::kBadNumber, start,
                        "syntax error: numbers cannot start with 0 followed by more digits");
    } else {
        while (is_digit(peek())) ++pos_;
    }
    if (peek() == '.') {
        plain = false;
        ++pos_;
        if (!is_digit(peek()))
            return fail(errid::kBadNumber, pos_,
                        "syntax error: expected a digit after '.', found " + found());
        while (is_digit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
        plain = false;
        ++pos_;
        if (peek() == '+' || peek() == '-') ++pos_;
        if (!is_digit(peek()))
            return fail(errid::kBadNumber, pos_,
                        "syntax error: expected a digit in the exponent, found " + found());
        while (is_digit(peek())) ++pos_;
    }
    std::string_view token = text_.substr(start, pos_ - start);
    if (is_letter(peek()))
        return fail(errid::kBadNumber, pos_,
                    "syntax error: unexpected " + found() + " right after the number " +
                        excerpt(text_, start, pos_) +
                        "; durations and other text go in double quotes, like \"10ms\"");
    if (!plain || token.size() > 15) {
        // nlohmann refuses numbers that overflow a double; say so here, with a position.
        std::string copy(token);
        double d = std::strtod(copy.c_str(), nullptr);
        if (std::isinf(d))
            return fail(errid::kBadNumber, start,
                        "syntax error: the number " + excerpt(text_, start, pos_) + " is too large");
    }
    std::uint32_t n = add_node(Shape::Number, start);
    out_.nodes[n].end = static_cast<std::uint32_t>(pos_);
    return true;
}

bool Scanner::string(std::string* decoded) {
    std::size_t start = pos_;
    ++pos_;  // opening quote
    for (;;) {
        if (at_end())
            return fail(errid::kBadString, start,
                        "syntax error: unterminated string: no closing '\"' before the end of the file");
        auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') {
            ++pos_;
            break;
        }
        if (c == '\\') {
            if (!escape(start, decoded)) return false;
            continue;
        }
        if (c < 0x20) {
            if (c == '\n' || c == '\r')
                return fail(errid::kBadString, pos_,
                            "syntax error: line break inside a string; close the string with '\"' "
                            "on the same line (or write \\n)");
            std::string esc = c == '\t' ? "\\t" : u_escape(c);
            return fail(errid::kBadString, pos_,
                        "syntax error: unescaped " + describe_at(text_, pos_) +
                            " inside a string; write it as " + esc);
        }
        if (decoded) *decoded += static_cast<char>(c);
        ++pos_;
    }
    std::size_t length = pos_ - start - 2;
    if (length > options_.max_string)
        note(errid::kStringLength, start,
             "string of " + std::to_string(length) + " bytes is longer than the limit of " +
                 std::to_string(options_.max_string) + " bytes");
    return true;
}

bool Scanner::escape(std::size_t string_start, std::string* decoded) {
    std::size_t at = pos_;  // the backslash
    ++pos_;
    if (at_end())
        return fail(errid::kBadString, string_start,
                    "syntax error: unterminated string: no closing '\"' before the end of the file");
    char e = text_[pos_];
    char plain = 0;
    switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': break;
        default:
            return fail(errid::kBadString, at,
                        "syntax error: invalid escape: '\\' followed by " + describe_at(text_, pos_) +
                            "; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
    }
    if (plain) {
        if (decoded) *decoded += plain;
        ++pos_;
        return true;
    }
    auto read_hex4 = [&](std::size_t from, unsigned& cp) {
        if (from + 4 > text_.size()) return false;
        cp = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            int h = hex_value(text_[from + k]);
            if (h < 0) return false;
            cp = cp * 16 + static_cast<unsigned>(h);
        }
        return true;
    };
    unsigned cp = 0;
    if (!read_hex4(pos_ + 1, cp))
        return fail(errid::kBadString, at, "syntax error: expected 4 hex digits after '\\u'");
    pos_ += 5;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(errid::kBadString, at,
                    "syntax error: " + u_escape(cp) +
                        " is the second half of a surrogate pair, with no first half before it");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned low = 0;
        if (pos_ + 1 < text_.size() && text_[pos_] == '\\' && text_[pos_ + 1] == 'u' &&
            read_hex4(pos_ + 2, low) && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            pos_ += 6;
        } else {
            return fail(errid::kBadString, at,
                        "syntax error: " + u_escape(cp) +
                            " is the first half of a surrogate pair and must be followed by a "
                            "second half \\uDC00-\\uDFFF");
        }
    }
    if (decoded) append_utf8(*decoded, cp);
    return true;
}

bool Scanner::key() {
    std::size_t start = pos_;
    std::string name;
    if (!string(&name)) return false;
    Frame& f = stack_.back();
    auto [it, fresh] = f.keys.emplace(name, start);
    if (!fresh)
        note(errid::kDuplicateKey, start,
             "duplicate key " + in_quotes(name) + " (first at " + lines_.describe(it->second) +
                 "); a key may appear only once in an object");
    pending_key_ = static_cast<std::uint32_t>(start);
    last_key_ = std::move(name);
    return true;
}

void Scanner::run() {
    Want want = Want::TopValue;
    // Reads one value; a container that opens makes the scanner expect its first key or element.
    auto take_value = [&](Want w) {
        std::size_t depth = stack_.size();
        if (!value(w)) return false;
        if (stack_.size() > depth)
            want = stack_.back().object ? Want::KeyOrClose : Want::ValueOrClose;
        else
            want = after_value();
        return true;
    };
    while (!stopped_) {
        skip_space();
        char c = peek();
        const char* eof_or = at_end() ? errid::kEndOfFile : errid::kUnexpected;
        switch (want) {
            case Want::TopValue:
            case Want::ValueAfterColon:
            case Want::ValueAfterComma:
                if (!take_value(want)) return;
                break;
            case Want::ValueOrClose:
                if (c == ']') {
                    close();
                    want = after_value();
                } else if (!take_value(want)) {
                    return;
                }
                break;
            case Want::KeyOrClose:
                if (c == '}' && !at_end()) {
                    close();
                    want = after_value();
                } else if (c == '"' && !at_end()) {
                    if (!key()) return;
                    want = Want::Colon;
                } else {
                    fail(eof_or, pos_,
                         "syntax error: expected a key in double quotes or '}', found " + found());
                    return;
                }
                break;
            case Want::KeyAfterComma:
                if (c == '"' && !at_end()) {
                    if (!key()) return;
                    want = Want::Colon;
                } else {
                    std::string m =
                        "syntax error: expected a key in double quotes after ',', found " + found();
                    if (c == '}') m += " (JSON does not allow a comma before '}')";
                    fail(eof_or, pos_, std::move(m));
                    return;
                }
                break;
            case Want::Colon:
                if (c == ':' && !at_end()) {
                    ++pos_;
                    want = Want::ValueAfterColon;
                } else {
                    fail(eof_or, pos_,
                         "syntax error: expected ':' after the key " + in_quotes(last_key_) + ", found " +
                             found());
                    return;
                }
                break;
            case Want::CommaOrClose: {
                bool object = stack_.back().object;
                char closing = object ? '}' : ']';
                if (c == ',' && !at_end()) {
                    ++pos_;
                    want = object ? Want::KeyAfterComma : Want::ValueAfterComma;
                } else if (c == closing && !at_end()) {
                    close();
                    want = after_value();
                } else {
                    fail(eof_or, pos_,
                         object
                             ? "syntax error: expected ',' or '}' after an object member, found " + found()
                             : "syntax error: expected ',' or ']' after an array element, found " + found());
                    return;
                }
                break;
            }
            case Want::End:
                if (!at_end())
                    fail(errid::kTrailing, pos_,
                         "syntax error: unexpected " + found() +
                             " after the end of the top-level value (a file holds exactly one JSON value)");
                return;
        }
    }
}

}  // namespace

ScanResult scan_json(std::string_view text, const LineIndex& lines, const ScanOptions& options) {
    ScanResult out;
    Scanner(text, lines, options, out).run();
    return out;
}

}  // namespace ps::json
