#include "engine/rust/lexer.hpp"

#include <algorithm>
#include <array>

#include "engine/load/json_text.hpp"
#include "engine/load/suggest.hpp"
#include "engine/model/utf8.hpp"
#include "engine/rust/errors.hpp"

namespace ps::rust {

namespace {

struct LexFailure {
    LexError error;
};

bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
    return is_ident_start(c) || (c >= '0' && c <= '9');
}
bool is_digit_in(char c, unsigned base) {
    if (base == 16) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    return c >= '0' && c < static_cast<char>('0' + base);
}
unsigned digit_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
    return static_cast<unsigned>(c - 'A' + 10);
}

// Longest first: the lexer takes the first that matches.
constexpr std::array<std::string_view, 24> kMultiPunct = {
    "<<=", ">>=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&",
    "||",  "+=",  "-=",  "*=",  "/=", "%=", "^=", "&=", "|=", "<<", ">>", ".."};
constexpr std::string_view kSinglePunct = "+-*/%^!&|=<>@.,;:#?()[]{}";

const std::vector<std::string_view> kIntSuffixes = {"u8", "u16", "u32", "u64", "u128", "usize",
                                                    "i8", "i16", "i32", "i64", "i128", "isize"};

// Decodes the UTF-8 character at text[i] (the text is already known to be valid UTF-8).
std::uint32_t decode_at(std::string_view text, std::size_t i, std::size_t& len) {
    auto b = static_cast<unsigned char>(text[i]);
    len = json::utf8_length(b);
    if (len == 1) return b;
    std::uint32_t cp = len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    return cp;
}

class Lexer {
public:
    Lexer(std::string_view text, std::size_t max_tokens) : text_(text), max_tokens_(max_tokens) {}

    void run(LexResult& out) {
        out.tokens.reserve(
            std::min(text_.size() / 4 + 16, max_tokens_ + 1));  // about 1 token per 3 bytes of code
        skip_prefix();
        for (;;) {
            skip_trivia(out.doc);
            if (pos_ >= text_.size()) break;
            if (out.tokens.size() >= max_tokens_)
                fail(errid::kTokens, pos_,
                     "the program has more than " + std::to_string(max_tokens_) + " tokens (the limit)");
            out.tokens.push_back(next_token());
            prev_dot_ = out.tokens.back().is(".");
        }
        Token eof;
        eof.kind = TokKind::Eof;
        eof.span = span_from(text_.size());
        eof.text = text_.substr(text_.size());
        out.tokens.push_back(eof);
    }

private:
    std::string_view text_;
    std::size_t max_tokens_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
    bool prev_dot_ = false;
    std::size_t tok_line_ = 1;
    std::size_t tok_line_start_ = 0;

    [[noreturn]] static void fail(const char* id, std::size_t offset, std::string message) {
        throw LexFailure{LexError{id, offset, std::move(message)}};
    }
    char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }
    char peek(std::size_t ahead = 0) const { return at(pos_ + ahead); }

    Span span_from(std::size_t begin) const {
        Span s;
        s.line = static_cast<std::uint32_t>(line_);
        s.column = static_cast<std::uint32_t>(begin - line_start_ + 1);
        s.begin = static_cast<std::uint32_t>(begin);
        s.end = static_cast<std::uint32_t>(pos_);
        return s;
    }

    // Moves past text_[pos_..to), counting line breaks.
    void advance_to(std::size_t to) {
        for (; pos_ < to; ++pos_)
            if (text_[pos_] == '\n') {
                ++line_;
                line_start_ = pos_ + 1;
            }
    }

    void skip_prefix() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") {
            pos_ = 3;
            line_start_ = 3;  // columns count from after the byte-order mark
        }
        // A shebang line, unless it is really an inner attribute `#![...]`.
        if (text_.substr(pos_, 2) == "#!") {
            std::size_t j = pos_ + 2;
            while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t')) ++j;
            if (at(j) != '[')
                while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        }
    }

    void skip_trivia(std::string& doc) {
        for (;;) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
                advance_to(pos_ + 1);
            } else if (c == '/' && peek(1) == '/') {
                line_comment(doc);
            } else if (c == '/' && peek(1) == '*') {
                block_comment(doc);
            } else {
                return;
            }
        }
    }

    static void add_doc_line(std::string& doc, std::string_view line) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        if (!doc.empty()) doc += '\n';
        doc += line;
    }

    void line_comment(std::string& doc) {
        std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        if (text_.substr(start, 3) == "//!") add_doc_line(doc, text_.substr(start + 3, pos_ - start - 3));
    }

    void block_comment(std::string& doc) {
        std::size_t start = pos_;
        advance_to(pos_ + 2);
        int depth = 1;
        while (depth > 0) {
            if (pos_ >= text_.size())
                fail(errid::kBlockComment, start, "unterminated block comment: `/*` has no matching `*/`");
            if (peek() == '/' && peek(1) == '*') {
                ++depth;
                advance_to(pos_ + 2);
            } else if (peek() == '*' && peek(1) == '/') {
                --depth;
                advance_to(pos_ + 2);
            } else {
                advance_to(pos_ + 1);
            }
        }
        if (text_.substr(start, 3) == "/*!" && pos_ - start >= 5) {
            std::string_view body = text_.substr(start + 3, pos_ - start - 5);
            std::size_t b = 0;
            while (b <= body.size()) {
                std::size_t e = body.find('\n', b);
                if (e == std::string_view::npos) e = body.size();
                std::string_view line = body.substr(b, e - b);
                if (line.find_first_not_of(" \t\r") != std::string_view::npos) add_doc_line(doc, line);
                b = e + 1;
            }
        }
    }

    Token next_token() {
        std::size_t start = pos_;
        tok_line_ = line_;
        tok_line_start_ = line_start_;
        char c = peek();
        Token t;
        if (c == 'r' && peek(1) == '#' && is_ident_start(peek(2))) {
            pos_ += 2;
            ident_rest();
            t.kind = TokKind::Ident;
            t.raw = true;
            finish(t, start, 2);
            return t;
        }
        if ((c == 'r' && (peek(1) == '"' || (peek(1) == '#' && (peek(2) == '#' || peek(2) == '"')))) ||
            (c == 'b' && peek(1) == 'r' && (peek(2) == '"' || peek(2) == '#'))) {
            t.kind = c == 'b' ? TokKind::ByteStr : TokKind::Str;
            if (c == 'b') ++pos_;
            raw_string(t, start);
            finish(t, start, 0);
            return t;
        }
        if (c == 'b' && (peek(1) == '"' || peek(1) == '\'')) {
            ++pos_;
            if (peek() == '"') {
                t.kind = TokKind::ByteStr;
                string_body(t, start);
            } else {
                t.kind = TokKind::Byte;
                char_body(t, start);
            }
            finish(t, start, 0);
            return t;
        }
        if (is_ident_start(c)) {
            ident_rest();
            t.kind = TokKind::Ident;
            finish(t, start, 0);
            return t;
        }
        if (c >= '0' && c <= '9') {
            number(t, start);
            finish(t, start, 0);
            return t;
        }
        if (c == '"') {
            t.kind = TokKind::Str;
            string_body(t, start);
            finish(t, start, 0);
            return t;
        }
        if (c == '\'') {
            quote(t, start);
            finish(t, start, 0);
            return t;
        }
        for (std::string_view p : kMultiPunct)
            if (text_.substr(pos_, p.size()) == p) {
                pos_ += p.size();
                t.kind = TokKind::Punct;
                finish(t, start, 0);
                return t;
            }
        if (kSinglePunct.find(c) != std::string_view::npos) {
            ++pos_;
            t.kind = TokKind::Punct;
            finish(t, start, 0);
            return t;
        }
        bad_character(start);
    }

    void finish(Token& t, std::size_t start, std::size_t skip) {
        t.text = text_.substr(start + skip, pos_ - start - skip);
        // Strings may span lines: count their line breaks once, from where the token starts.
        std::size_t end = pos_;
        pos_ = start;
        line_ = tok_line_;
        line_start_ = tok_line_start_;
        t.span = span_from(start);
        advance_to(end);
        t.span.end = static_cast<std::uint32_t>(end);
    }

    void ident_rest() {
        while (is_ident_char(peek())) ++pos_;
    }

    [[noreturn]] void bad_character(std::size_t start) {
        auto b = static_cast<unsigned char>(text_[start]);
        if (b >= 0x80) {
            std::size_t len = 0;
            std::uint32_t cp = decode_at(text_, start, len);
            bool letter =
                (cp >= 0xC0 && cp < 0x2000 && cp != 0xD7 && cp != 0xF7) || (cp >= 0x3040 && cp < 0xFFF0);
            if (letter && cp != 0xFEFF)
                fail(errid::kUnsupported, start,
                     "not supported: non-ASCII identifier (" + json::describe_at(text_, start) + ")");
        }
        std::string what = json::describe_at(text_, start);
        if (b == '$') what += ": `$` belongs to `macro_rules!`, which is not supported";
        if (b == '~') what += " (Rust has no `~` operator; `!` is bitwise not)";
        fail(errid::kBadChar, start, "unexpected character " + what);
    }

    // Number: decimal, 0x, 0o, 0b, `_` separators, a suffix; a fraction or exponent makes a Float.
    void number(Token& t, std::size_t start) {
        unsigned base = 10;
        if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'o' || peek(1) == 'b')) {
            base = peek(1) == 'x' ? 16 : peek(1) == 'o' ? 8 : 2;
            pos_ += 2;
        }
        t.kind = TokKind::Int;
        bool any = false, overflow = false;
        std::uint64_t v = 0;
        for (;; ++pos_) {
            char c = peek();
            if (c == '_') continue;
            if (!is_digit_in(c, base)) {
                if (base != 10 && base != 16 && c >= '0' && c <= '9')
                    fail(errid::kNumber, pos_,
                         std::string("invalid digit '") + c + "' in a base-" + std::to_string(base) +
                             " literal");
                break;
            }
            any = true;
            unsigned d = digit_value(c);
            if (v > (UINT64_MAX - d) / base) overflow = true;
            v = v * base + d;
        }
        if (!any)
            fail(errid::kNumber, start,
                 "expected digits after `" + std::string(text_.substr(start, 2)) + "`");
        if (base == 10 && !prev_dot_) float_tail(t);
        if (overflow && t.kind == TokKind::Int)
            fail(errid::kNumber, start,
                 "the integer literal `" + std::string(text_.substr(start, pos_ - start)) +
                     "` is too large (pollscope's integers are at most 18446744073709551615)");
        t.value = v;
        suffix(t, start);
    }

    void float_tail(Token& t) {
        if (peek() == '.' && peek(1) >= '0' && peek(1) <= '9') {
            t.kind = TokKind::Float;
            ++pos_;
            while ((peek() >= '0' && peek() <= '9') || peek() == '_') ++pos_;
        }
        if ((peek() == 'e' || peek() == 'E') &&
            ((peek(1) >= '0' && peek(1) <= '9') ||
             ((peek(1) == '+' || peek(1) == '-') && peek(2) >= '0' && peek(2) <= '9'))) {
            t.kind = TokKind::Float;
            pos_ += 2;
            while ((peek() >= '0' && peek() <= '9') || peek() == '_') ++pos_;
        }
    }

    void suffix(Token& t, std::size_t start) {
        if (!is_ident_start(peek())) return;
        std::size_t s = pos_;
        ident_rest();
        t.suffix = std::string(text_.substr(s, pos_ - s));
        if (t.suffix == "f32" || t.suffix == "f64") {
            t.kind = TokKind::Float;
            return;
        }
        if (t.kind == TokKind::Float)
            fail(errid::kNumberSuffix, s, "invalid suffix `" + t.suffix + "` for a float literal");
        for (std::string_view ok : kIntSuffixes)
            if (t.suffix == ok) return;
        std::string literal(text_.substr(start, s - start));
        std::string msg = "invalid suffix `" + t.suffix + "` for an integer literal";
        if (t.suffix == "ms" || t.suffix == "s" || t.suffix == "us" || t.suffix == "ns")
            msg += "; Rust has no duration literals: write Duration::from_" +
                   std::string(t.suffix == "ms"   ? "millis"
                               : t.suffix == "s"  ? "secs"
                               : t.suffix == "us" ? "micros"
                                                  : "nanos") +
                   "(" + literal + ")";
        else
            msg += did_you_mean(t.suffix, kIntSuffixes);
        fail(errid::kNumberSuffix, s, msg);
    }

    // One escape after a backslash at pos_; appends to `out`. Returns false for a line
    // continuation (nothing appended).
    void escape(std::string& out, bool in_string) {
        std::size_t at_bs = pos_;
        ++pos_;
        char c = peek();
        switch (c) {
            case 'n':
                out += '\n';
                ++pos_;
                return;
            case 'r':
                out += '\r';
                ++pos_;
                return;
            case 't':
                out += '\t';
                ++pos_;
                return;
            case '\\':
                out += '\\';
                ++pos_;
                return;
            case '0':
                out += '\0';
                ++pos_;
                return;
            case '\'':
                out += '\'';
                ++pos_;
                return;
            case '"':
                out += '"';
                ++pos_;
                return;
            case 'x': hex_escape(out, at_bs); return;
            case 'u': unicode_escape(out, at_bs); return;
            default: break;
        }
        if (in_string && (c == '\n' || (c == '\r' && peek(1) == '\n'))) {
            while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') advance_to(pos_ + 1);
            return;
        }
        if (pos_ >= text_.size())
            fail(errid::kString, at_bs, "unterminated literal: the file ends after `\\`");
        fail(errid::kEscape, at_bs,
             "unknown escape `\\" +
                 std::string(text_.substr(pos_, json::utf8_length(static_cast<unsigned char>(c)))) +
                 "` (Rust knows \\n \\r \\t \\\\ \\0 \\' \\\" \\x7F \\u{..})");
    }

    void hex_escape(std::string& out, std::size_t at_bs) {
        ++pos_;
        if (!is_digit_in(peek(), 16) || !is_digit_in(peek(1), 16))
            fail(errid::kEscape, at_bs, "`\\x` needs two hex digits, as in `\\x41`");
        unsigned v = digit_value(peek()) * 16 + digit_value(peek(1));
        if (v > 0x7F)
            fail(errid::kEscape, at_bs, "`\\x` escapes go up to `\\x7F`; use `\\u{..}` for other characters");
        out += static_cast<char>(v);
        pos_ += 2;
    }

    void unicode_escape(std::string& out, std::size_t at_bs) {
        ++pos_;
        if (peek() != '{') fail(errid::kEscape, at_bs, "`\\u` needs braces, as in `\\u{1F600}`");
        ++pos_;
        std::uint32_t v = 0;
        int digits = 0;
        for (; peek() != '}'; ++pos_) {
            if (peek() == '_') continue;
            if (!is_digit_in(peek(), 16) || digits == 6)
                fail(errid::kEscape, at_bs, "`\\u{..}` holds one to six hex digits, as in `\\u{1F600}`");
            v = v * 16 + digit_value(peek());
            ++digits;
        }
        ++pos_;
        if (digits == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            fail(errid::kEscape, at_bs,
                 "`\\u{..}` must name a Unicode scalar value (up to 10FFFF, no surrogates)");
        append_utf8(out, v);
    }

    void string_body(Token& t, std::size_t start) {
        ++pos_;  // the opening quote
        for (;;) {
            if (pos_ >= text_.size())
                fail(errid::kString, start, "unterminated string literal: no closing `\"`");
            char c = peek();
            if (c == '"') break;
            if (c == '\\') {
                escape(t.str, true);
            } else if (c == '\r' && peek(1) == '\n') {
                ++pos_;  // "\r\n" in the source is "\n" in the value, as rustc reads it
            } else {
                t.str += c;
                advance_to(pos_ + 1);
            }
        }
        ++pos_;
        suffix_not_allowed(start);
    }

    void raw_string(Token& t, std::size_t start) {
        ++pos_;  // the `r`
        std::size_t hashes = 0;
        while (peek() == '#') {
            ++hashes;
            ++pos_;
        }
        if (peek() != '"')
            fail(errid::kString, start, "expected `\"` after `r` and `#` in a raw string literal");
        if (hashes > 255) fail(errid::kString, start, "a raw string takes at most 255 `#`");
        ++pos_;
        std::string close = "\"" + std::string(hashes, '#');
        std::size_t end = text_.find(close, pos_);
        if (end == std::string_view::npos)
            fail(errid::kString, start, "unterminated raw string literal: no closing `" + close + "`");
        for (std::size_t i = pos_; i < end; ++i)
            if (!(text_[i] == '\r' && at(i + 1) == '\n')) t.str += text_[i];
        pos_ = end + close.size();
        t.raw = true;
        suffix_not_allowed(start);
    }

    void suffix_not_allowed(std::size_t start) {
        if (!is_ident_start(peek())) return;
        std::size_t s = pos_;
        ident_rest();
        fail(errid::kString, start,
             "a string or character literal takes no suffix, got `" + std::string(text_.substr(s, pos_ - s)) +
                 "`");
    }

    // `'` starts a character literal or a lifetime/label.
    void quote(Token& t, std::size_t start) {
        if (peek(1) != '\\' && peek(1) != '\'' && pos_ + 1 < text_.size()) {
            std::size_t len = 0;
            decode_at(text_, pos_ + 1, len);
            if (at(pos_ + 1 + len) != '\'' && is_ident_start(peek(1))) {
                ++pos_;
                ident_rest();
                if (peek() == '\'')
                    fail(errid::kCharLiteral, start,
                         "a character literal holds one character; use double quotes for a string");
                t.kind = TokKind::Lifetime;
                return;
            }
        }
        t.kind = TokKind::Char;
        char_body(t, start);
    }

    void char_body(Token& t, std::size_t start) {
        ++pos_;  // the opening quote
        if (pos_ >= text_.size() || peek() == '\n' || peek() == '\r')
            fail(errid::kCharLiteral, start, "unterminated character literal");
        if (peek() == '\'') fail(errid::kCharLiteral, start, "empty character literal `''`");
        std::string one;
        if (peek() == '\\') {
            escape(one, false);
            std::size_t len = 0;
            t.value = decode_at(one, 0, len);
        } else {
            std::size_t len = 0;
            t.value = decode_at(text_, pos_, len);
            pos_ += len;
        }
        if (peek() != '\'')
            fail(errid::kCharLiteral, start,
                 "a character literal holds one character; use double quotes for a string");
        ++pos_;
        suffix_not_allowed(start);
    }
};

// NUL bytes and UTF-8, with the JSON loader's checks (their wording adapted to Rust source).
std::optional<LexError> check_encoding(std::string_view text) {
    std::optional<json::TextIssue> issue = json::check_text(text);
    if (!issue) return std::nullopt;
    if (issue->id == std::string("scenario.syntax.202"))
        return LexError{errid::kNulByte, issue->offset,
                        "found a NUL byte: this looks like a binary file, not Rust source"};
    if (issue->id == std::string("scenario.syntax.203")) {
        std::string m = issue->message;
        std::size_t cut = m.find("; scenario files");
        if (cut != std::string::npos) m.resize(cut);
        return LexError{errid::kUtf8, issue->offset, m + "; Rust source files must be UTF-8 text"};
    }
    return std::nullopt;  // empty or blank text is valid Rust (the parser asks for `main`)
}

}  // namespace

LexResult lex_rust(std::string_view text, std::size_t max_tokens) {
    LexResult out;
    if (std::optional<LexError> bad = check_encoding(text)) {
        out.error = bad;
    } else {
        try {
            Lexer(text, max_tokens).run(out);
        } catch (const LexFailure& f) {
            out.error = f.error;
        }
    }
    if (out.error) out.tokens.clear();
    return out;
}

std::string describe_token(const Token& t) {
    switch (t.kind) {
        case TokKind::Eof: return "the end of the file";
        case TokKind::Str: return "a string literal";
        case TokKind::ByteStr: return "a byte string literal";
        case TokKind::Char: return "the character literal `" + std::string(t.text) + "`";
        case TokKind::Byte: return "the byte literal `" + std::string(t.text) + "`";
        case TokKind::Int: return "the integer `" + std::string(t.text) + "`";
        case TokKind::Float: return "the number `" + std::string(t.text) + "`";
        case TokKind::Lifetime: return "the lifetime `" + std::string(t.text) + "`";
        case TokKind::Ident:
        case TokKind::Punct: break;
    }
    return "`" + std::string(t.text) + "`";
}

}  // namespace ps::rust
