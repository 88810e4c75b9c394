// Raw text facts the loader needs before any JSON parsing: byte offsets to line:column,
// encoding checks (NUL bytes, UTF-8), and short descriptions of what sits at an offset.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/scenario.hpp"

namespace ps::json {

// Maps byte offsets to 1-based line and column. Columns count bytes, not characters:
// a line "  \"é\"" has the closing quote at column 6. Lines end at '\n' ("\r\n" works too).
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    SourcePos at(std::size_t offset) const;
    std::string describe(std::size_t offset) const;  // "3:7"

private:
    std::vector<std::size_t> starts_;  // offset of the first byte of each line
};

struct TextIssue {
    std::string id;
    std::size_t offset = 0;
    std::string message;
};

// Empty or whitespace-only text, NUL bytes, invalid UTF-8 (overlong forms, surrogates,
// code points above U+10FFFF, truncated sequences). Returns the first problem.
std::optional<TextIssue> check_text(std::string_view text);

// What a reader sees at `offset`, for "found ..." in messages: "'x'", "'é' (U+00E9)",
// "control character U+0001", "the end of the file". Assumes valid UTF-8.
std::string describe_at(std::string_view text, std::size_t offset);

// A JSON string literal for messages: "\"abc\"" with quotes, backslashes and control
// characters escaped, cut to `max` bytes with "..." (never in the middle of a character).
std::string in_quotes(std::string_view s, std::size_t max = 60);

// The raw source of a value, shortened to `max` bytes for messages ("12.5", "[1, 2, ...").
std::string excerpt(std::string_view text, std::size_t begin, std::size_t end, std::size_t max = 40);

// Escapes one JSON-pointer reference token ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);

// Length in bytes of the UTF-8 sequence starting with byte b (1 for ASCII and for any
// byte that cannot start a sequence).
std::size_t utf8_length(unsigned char b);

}  // namespace ps::json
