// The Rust front end's entry: text in, a Program (ast.hpp) or the first error out.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "engine/rust/ast.hpp"

namespace ps::rust {

// Refuse hostile or runaway input before it costs memory or time.
struct ParseLimits {
    std::size_t max_file_bytes = 4u * 1024u * 1024u;  // 4 MiB
    std::size_t max_tokens = 1'000'000;
    std::size_t max_depth = 200;  // nesting of blocks, expressions, patterns and types
};

// One error, with a stable id from errors.hpp. text() reads like the scenario loader's:
//   "demo.rs:3:5: expected `;` after the statement, got `let` [rust.parse.101]"
struct ParseError {
    std::string id;
    std::string file;
    int line = 0;    // 1-based, 0 = unknown (e.g. the file is too large)
    int column = 0;  // 1-based, in bytes
    std::string message;
    std::string text() const;
};

struct ParseResult {
    std::variant<Program, ParseError> value;
    bool ok() const { return value.index() == 0; }
    const Program& program() const { return std::get<Program>(value); }
    Program& program() { return std::get<Program>(value); }
    const ParseError& error() const { return std::get<ParseError>(value); }
};

// Parses `text` (the contents of the file at `path`; `path` is only used in messages and kept
// in Program::path). Never throws for any input.
ParseResult parse_rust(std::string_view text, const std::string& path, const ParseLimits& limits = {});

}  // namespace ps::rust
