#include "engine/rust/parser.hpp"

#include <algorithm>
#include <array>
#include <new>

#include "engine/load/json_text.hpp"
#include "engine/rust/errors.hpp"
#include "engine/rust/parser_impl.hpp"

namespace ps::rust {

std::string ParseError::text() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(column);
    s += ": " + message + " [" + id + "]";
    return s;
}

bool is_keyword(std::string_view word) {
    static constexpr std::array<std::string_view, 38> kWords = {
        "as",     "async", "await", "break", "const",  "continue", "crate", "dyn",  "else",   "enum",
        "extern", "false", "fn",    "for",   "if",     "impl",     "in",    "let",  "loop",   "match",
        "mod",    "move",  "mut",   "pub",   "ref",    "return",   "self",  "Self", "static", "struct",
        "super",  "trait", "true",  "type",  "unsafe", "use",      "where", "while"};
    return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

const Token& Parser::peek(std::size_t n) const {
    return toks_[std::min(i_ + n, toks_.size() - 1)];
}

const Token& Parser::bump() {
    const Token& t = toks_[i_];
    if (i_ + 1 < toks_.size()) ++i_;
    return t;
}

bool Parser::eat(std::string_view punct) {
    if (!at(punct)) return false;
    bump();
    return true;
}

bool Parser::eat_kw(std::string_view word) {
    if (!at_kw(word)) return false;
    bump();
    return true;
}

const Token& Parser::expect(std::string_view punct, std::string_view context) {
    if (!at(punct)) {
        std::string what = "`" + std::string(punct) + "`";
        if (!context.empty()) what += " " + std::string(context);
        fail_expected(what);
    }
    return bump();
}

std::string Parser::expect_ident(std::string_view what) {
    if (tok().kind != TokKind::Ident || (!tok().raw && is_keyword(tok().text))) fail_expected(what);
    return std::string(bump().text);
}

bool Parser::eat_closing_angle() {
    Token& t = toks_[i_];
    if (t.is(">")) {
        bump();
        return true;
    }
    if (t.kind == TokKind::Punct && (t.text == ">>" || t.text == ">=" || t.text == ">>=")) {
        t.text.remove_prefix(1);  // take the first `>`, leave the rest as the next token
        ++t.span.begin;
        ++t.span.column;
        return true;
    }
    return false;
}

Span Parser::span_from(const Span& start) const {
    Span s = start;
    s.end = std::max(start.begin, prev().span.end);
    return s;
}

void Parser::fail(const char* id, const Span& at, std::string message) const {
    throw ParseFailure{id, at, std::move(message)};
}

void Parser::fail_expected(std::string_view what) const {
    fail(errid::kExpected, tok().span, "expected " + std::string(what) + ", got " + describe_token(tok()));
}

void Parser::unsupported(const Span& at, std::string_view construct) const {
    fail(errid::kUnsupported, at, "not supported: " + std::string(construct));
}

Parser::Depth::Depth(Parser& p) : p_(p) {
    if (++p_.depth_ > p_.limits_.max_depth)
        p_.fail(errid::kDepth, p_.tok().span,
                "nesting is deeper than " + std::to_string(p_.limits_.max_depth) +
                    " levels of blocks, expressions, patterns or types (the limit)");
}

std::vector<Item> Parser::parse_items() {
    std::vector<Item> items;
    while (!at_eof()) items.push_back(parse_item());
    check_program(items);
    return items;
}

namespace {

ParseError make_error(const std::string& path, const char* id, int line, int column, std::string message) {
    ParseError e;
    e.id = id;
    e.file = path;
    e.line = line;
    e.column = column;
    e.message = std::move(message);
    return e;
}

ParseResult failure(ParseError e) {
    ParseResult r{std::move(e)};
    return r;
}

ParseResult parse_checked(std::string_view text, const std::string& path, const ParseLimits& limits) {
    LexResult lexed = lex_rust(text, limits.max_tokens);
    if (lexed.error) {
        bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
        SourcePos p = json::LineIndex(text).at(lexed.error->offset);
        if (bom && p.line == 1) p.column = std::max(1, p.column - 3);
        return failure(make_error(path, lexed.error->id, p.line, p.column, lexed.error->message));
    }
    try {
        Parser parser(std::move(lexed.tokens), limits);
        Program program;
        program.items = parser.parse_items();
        program.path = path;
        program.source = std::string(text);
        program.doc = std::move(lexed.doc);
        return ParseResult{std::move(program)};
    } catch (const ParseFailure& f) {
        return failure(
            make_error(path, f.id, static_cast<int>(f.at.line), static_cast<int>(f.at.column), f.message));
    }
}

}  // namespace

ParseResult parse_rust(std::string_view text, const std::string& path, const ParseLimits& limits) {
    if (text.size() > limits.max_file_bytes)
        return failure(make_error(path, errid::kFileSize, 0, 0,
                                  "the file is " + std::to_string(text.size()) +
                                      " bytes, above the limit of " + std::to_string(limits.max_file_bytes) +
                                      " bytes"));
    try {
        return parse_checked(text, path, limits);
    } catch (const std::bad_alloc&) {
        return failure(make_error(path, errid::kInternal, 0, 0, "out of memory while parsing"));
    } catch (const std::exception& e) {
        return failure(make_error(path, errid::kInternal, 0, 0, std::string("internal error: ") + e.what()));
    }
}

}  // namespace ps::rust
