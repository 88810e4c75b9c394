// Stable ids of every Rust front-end error. An id is never reused for another meaning.
#pragma once

namespace ps::rust::errid {

// The text itself: encoding and tokens.
inline constexpr const char* kNulByte = "rust.lex.101";       // a NUL byte: a binary file
inline constexpr const char* kUtf8 = "rust.lex.102";          // invalid UTF-8
inline constexpr const char* kBadChar = "rust.lex.103";       // a character no Rust token starts with
inline constexpr const char* kBlockComment = "rust.lex.104";  // unterminated /* comment */
inline constexpr const char* kString = "rust.lex.105";        // unterminated string literal
inline constexpr const char* kEscape = "rust.lex.106";        // unknown or malformed escape
inline constexpr const char* kCharLiteral = "rust.lex.107";   // malformed character literal
inline constexpr const char* kNumber = "rust.lex.108";        // malformed or overflowing number
inline constexpr const char* kNumberSuffix = "rust.lex.109";  // `10ms`, `5u7`

// Syntax: tokens in an order the grammar does not allow.
inline constexpr const char* kExpected = "rust.parse.201";      // expected X, got Y
inline constexpr const char* kAttribute = "rust.parse.202";     // unknown attribute or argument
inline constexpr const char* kFormatString = "rust.parse.203";  // a malformed format string
inline constexpr const char* kFormatArgs = "rust.parse.204";    // holes and arguments do not match
inline constexpr const char* kNoMain = "rust.parse.205";        // no `fn main`
inline constexpr const char* kDuplicateFn = "rust.parse.206";   // two functions of one name
inline constexpr const char* kUnknownMacro = "rust.parse.207";  // a misspelt macro name
inline constexpr const char* kNonAssoc = "rust.parse.208";      // `a < b < c`, `a == b == c`

// Valid Rust outside the subset pollscope runs: "not supported: <construct>".
inline constexpr const char* kUnsupported = "rust.unsupported.301";

// Limits (ParseLimits).
inline constexpr const char* kFileSize = "rust.limit.401";
inline constexpr const char* kTokens = "rust.limit.402";
inline constexpr const char* kDepth = "rust.limit.403";

// Anything else: a bug in the front end, reported instead of a crash.
inline constexpr const char* kInternal = "rust.internal.901";

}  // namespace ps::rust::errid
