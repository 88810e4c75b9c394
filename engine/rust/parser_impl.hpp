// The parser's class, shared by its files (one per concept): parser.cpp (entry, token helpers),
// parse_items.cpp, parse_stmts.cpp, parse_exprs.cpp, parse_patterns.cpp (patterns and types),
// parse_macros.cpp. Internal to engine/rust: only parser.hpp is the front end's interface.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rust/ast.hpp"
#include "engine/rust/lexer.hpp"
#include "engine/rust/parser.hpp"

namespace ps::rust {

// Thrown inside the parser, caught by parse_rust: the first error ends the parse.
struct ParseFailure {
    const char* id;
    Span at;
    std::string message;
};

class Parser {
public:
    Parser(std::vector<Token> tokens, const ParseLimits& limits)
        : toks_(std::move(tokens)), limits_(limits) {}

    std::vector<Item> parse_items();  // the whole file

    // ---- tokens (parser.cpp)
    const Token& tok() const { return toks_[i_]; }
    const Token& peek(std::size_t n = 1) const;
    const Token& prev() const { return toks_[i_ == 0 ? 0 : i_ - 1]; }
    const Token& bump();
    bool at(std::string_view punct) const { return tok().is(punct); }
    bool at_kw(std::string_view word) const { return tok().is_keyword(word); }
    bool at_eof() const { return tok().kind == TokKind::Eof; }
    bool eat(std::string_view punct);
    bool eat_kw(std::string_view word);
    const Token& expect(std::string_view punct, std::string_view context);
    std::string expect_ident(std::string_view what);
    bool eat_closing_angle();  // `>`, splitting `>>`, `>=`, `>>=`
    Span span_from(const Span& start) const;

    [[noreturn]] void fail(const char* id, const Span& at, std::string message) const;
    [[noreturn]] void fail_expected(std::string_view what) const;  // "expected WHAT, got <tok>"
    [[noreturn]] void unsupported(const Span& at, std::string_view construct) const;

    // Counts nesting; fails past ParseLimits::max_depth. Every recursive rule holds one.
    class Depth {
    public:
        explicit Depth(Parser& p);
        ~Depth() { --p_.depth_; }
        Depth(const Depth&) = delete;
        Depth& operator=(const Depth&) = delete;

    private:
        Parser& p_;
    };

    // ---- items (parse_items.cpp)
    Item parse_item();
    void parse_use_tree(std::vector<std::string> prefix, std::vector<UseEntry>& out);
    FnItem parse_fn(std::optional<TokioMainAttr> tokio_main, bool is_pub);
    std::optional<TokioMainAttr> parse_outer_attributes();
    TokioMainAttr parse_tokio_main_args(const Span& start);
    void skip_attribute_body(const Span& start);
    void check_program(const std::vector<Item>& items) const;

    // ---- statements and blocks (parse_stmts.cpp)
    Block parse_block();
    void parse_stmt_into(Block& block);
    Stmt parse_let();
    void refuse_item_in_body() const;

    // ---- expressions (parse_exprs.cpp)
    ExprPtr parse_expr();                // any expression
    ExprPtr parse_expr_no_struct();      // the head of if/while/match/for: `x {` is not a struct literal
    ExprPtr assign_expr(ExprPtr first);  // `first` is an already-parsed leftmost operand, or null
    ExprPtr range_expr(ExprPtr first);
    ExprPtr binary_expr(int min_prec, ExprPtr first);
    ExprPtr unary_expr();
    ExprPtr postfix_expr(ExprPtr e);
    ExprPtr primary_expr();
    ExprPtr path_or_macro_expr();
    ExprPtr paren_expr();
    ExprPtr array_expr();
    ExprPtr block_like_expr();  // if, match, loop, while, for, labelled loops, blocks, async blocks
    ExprPtr if_expr();
    ExprPtr match_expr();
    ExprPtr loop_expr(const std::string& label, const Span& start);
    ExprPtr jump_expr();  // break, continue, return
    std::vector<ExprPtr> call_args(std::string_view close);
    bool starts_block_like() const;
    bool can_begin_expr() const;
    void refuse_expr_start() const;
    static bool is_block_like(const Expr& e);

    // ---- patterns and types (parse_patterns.cpp)
    Pattern parse_pattern();  // with `|` alternatives
    Pattern parse_pattern_no_alt();
    Pattern literal_pattern();
    Pattern path_pattern();
    Type parse_type();
    Type path_type();
    Path parse_path(bool expr_context);  // expr_context: generics only after `::<`
    std::vector<Type> generic_args();    // after the `<`

    // ---- macros (parse_macros.cpp)
    ExprPtr parse_macro(Path path, const Span& start);
    FormatMacro format_macro(FormatMacroKind kind, std::string_view name, std::string_view close);
    void format_args(FormatMacro& m, std::string_view name, std::string_view close);
    ExprPtr assert_macro(AssertMacroKind kind, std::string_view name, std::string_view close,
                         const Span& start);
    ExprPtr select_macro(std::string_view close, const Span& start);
    FormatString parse_format_string(const Token& lit, FormatMacro& m, std::string_view name);

    bool no_struct_ = false;            // inside the head of if/while/match/for
    std::size_t braced_macro_end_ = 0;  // the token after the last `name! { .. }`
    std::size_t index() const { return i_; }

private:
    std::vector<Token> toks_;
    std::size_t i_ = 0;
    ParseLimits limits_;
    std::size_t depth_ = 0;
};

bool is_keyword(std::string_view word);
void bind_single_names(Pattern& p);  // `let N = 1;` binds N (parse_patterns.cpp)
ExprPtr make_expr(const Span& span, auto&& node) {
    auto e = std::make_unique<Expr>();
    e->span = span;
    e->node = std::forward<decltype(node)>(node);
    return e;
}

}  // namespace ps::rust
