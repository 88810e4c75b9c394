// Bytes to tokens for the Rust front end. The text is checked first (NUL bytes, UTF-8); a BOM
// and a shebang line are skipped; "\r\n" ends a line like "\n"; comments nest as in Rust; `//!`
// and `/*! */` inner doc comments are kept (their text is Program::doc).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rust/ast.hpp"

namespace ps::rust {

enum class TokKind {
    Ident,     // `foo`, keywords too (`r#match` is an Ident with raw = true)
    Lifetime,  // `'a`, `'static` (text includes the quote)
    Int,       // `42`, `0x2A_u8`: value and suffix
    Float,     // `1.5`, `2e3` (lexed so the parser can refuse them by name)
    Str,       // "..", r#".."#: decoded text in `str`
    ByteStr,   // b"..", br".." (refused by the parser)
    Char,      // 'a', '\n': the scalar in `value`
    Byte,      // b'a' (refused by the parser)
    Punct,     // `::`, `+=`, `{`, ... the text says which
    Eof,
};

struct Token {
    TokKind kind = TokKind::Eof;
    std::string_view text;  // the source bytes of the token
    Span span;
    std::uint64_t value = 0;  // Int, Char
    std::string suffix;       // Int/Float suffix ("u32"); "" when none
    std::string str;          // Str: the decoded contents
    bool raw = false;         // Ident: written `r#name`; Str: a raw string (no escapes)

    bool is(std::string_view punct) const { return kind == TokKind::Punct && text == punct; }
    bool is_keyword(std::string_view word) const { return kind == TokKind::Ident && !raw && text == word; }
};

struct LexError {
    const char* id = "";
    std::size_t offset = 0;
    std::string message;
};

struct LexResult {
    std::vector<Token> tokens;  // ends with one Eof token
    std::string doc;            // inner doc comment lines, '\n'-separated
    std::optional<LexError> error;
};

// Lexes the whole text; stops at the first error or when `max_tokens` is exceeded.
LexResult lex_rust(std::string_view text, std::size_t max_tokens);

// "`foo`", "`;`", "the integer `42`", "a string literal", "the end of the file".
std::string describe_token(const Token& t);

}  // namespace ps::rust
