// A small strict pull reader for JSON text (internal to the trace loader).
//
// Why not nlohmann: a 512 MiB trace would become several GiB of DOM, its SAX interface gives
// no line/column for values, and duplicate keys pass silently. This reader walks the text once,
// keeps the line/column of every token, refuses duplicates (the caller checks), bounds string
// length and nesting, and accepts only what RFC 8259 allows (valid UTF-8, no comments,
// no trailing commas, no leading zeros).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ps::detail {

class JsonReader {
public:
    enum class Type { Object, Array, String, Number, Bool, Null, End, Bad };

    // A UTF-8 byte-order mark at the very start is skipped (as the scenario loader does);
    // lines and columns count from after it.
    JsonReader(std::string_view text, std::size_t max_string)
        : text_(text.substr(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0)), max_string_(max_string) {}

    // Type of the next value (after whitespace); remembers its position.
    Type peek();

    // Structure. Each returns false on a syntax error (see error()).
    bool begin_object();
    // Next member key of the current object: true with `key` set, or false at the closing
    // brace (consumed) or on error (check failed()).
    bool next_key(std::string& key);
    bool begin_array();
    // True when another element follows, false at the closing bracket (consumed) or on error.
    bool next_element();

    // Scalars. Return false on a type mismatch without consuming (check failed() to tell a
    // syntax error from a mismatch: mismatches leave failed() false).
    bool read_string(std::string& out);
    bool read_int(std::int64_t& out);  // integers only, within int64
    bool read_u64(std::uint64_t& out);
    bool read_null();
    bool skip_value(int depth_left);

    bool at_end();  // only whitespace left

    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    const std::string& error_id() const { return error_id_; }
    // Position (1-based) of the last token peeked, or of the syntax error.
    int line() const { return tok_line_; }
    int column() const { return tok_col_; }
    // Position of the member name last returned by next_key().
    int key_line() const { return key_line_; }
    int key_column() const { return key_col_; }
    // Describes the next token for messages: "a string", "the number 12.5", "'}'".
    std::string describe_next();

private:
    void skip_ws();
    void mark() {
        tok_line_ = line_;
        tok_col_ = static_cast<int>(pos_ - line_start_) + 1;
    }
    bool fail(const char* id, std::string message);
    bool expect(char c, const char* what);
    bool parse_string(std::string* out);
    bool parse_escape(std::string* out, std::size_t& length);  // at the backslash
    bool append_piece(std::string* out, std::size_t& length, std::string_view piece);
    bool hex4(std::size_t at, unsigned& v) const;
    // Skips whitespace and tells whether `c` comes next (not consumed).
    bool at_char(char c);
    // The ',' between members or elements, and no `close` right after it (a trailing comma).
    bool separator(char close, const char* expected, const char* trailing);
    bool scan_number(std::string_view& digits, bool& integral);

    std::string_view text_;
    std::size_t max_string_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;
    int tok_line_ = 1;
    int tok_col_ = 1;
    int key_line_ = 1;
    int key_col_ = 1;
    // Per open container: whether the next member/element needs a comma first.
    std::string stack_;  // 'o' / 'a' per level; upper case once a member has been seen
    std::string error_;
    std::string error_id_;
};

}  // namespace ps::detail
