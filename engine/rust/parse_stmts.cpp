// Blocks and statements: `let`, expression statements (with Rust's rule that a block-like
// expression ends its statement), and the refusal of items inside a body.
#include "engine/rust/errors.hpp"
#include "engine/rust/parser_impl.hpp"

namespace ps::rust {

Block Parser::parse_block() {
    Depth depth(*this);
    Block block;
    Span start = expect("{", "to start a block").span;
    bool saved = no_struct_;
    no_struct_ = false;
    while (!at("}")) {
        if (at_eof())
            fail(errid::kExpected, tok().span,
                 "expected `}` to close the block opened at " + std::to_string(start.line) + ":" +
                     std::to_string(start.column) + ", got the end of the file");
        parse_stmt_into(block);
    }
    bump();
    no_struct_ = saved;
    block.span = span_from(start);
    return block;
}

void Parser::refuse_item_in_body() const {
    const Token& t = tok();
    if (t.kind != TokKind::Ident || t.raw) return;
    std::string_view w = t.text;
    if (w == "use") unsupported(t.span, "`use` inside a function body (move it to the top of the file)");
    if (w == "fn" || w == "struct" || w == "enum" || w == "impl" || w == "trait" || w == "mod" ||
        w == "static" || (w == "type" && peek().kind == TokKind::Ident) ||
        (w == "const" && !peek().is("{")) || (w == "async" && peek().is_keyword("fn")))
        unsupported(t.span, "items inside a function body (`" + std::string(w) + "`)");
    if (w == "macro_rules" && peek().is("!")) unsupported(t.span, "`macro_rules!` (declaring macros)");
}

// Parses one statement and adds it to `block`; the final expression without `;` becomes the
// block's tail.
void Parser::parse_stmt_into(Block& block) {
    Span start = tok().span;
    if (at(";")) {
        bump();
        block.stmts.push_back(Stmt{start, EmptyStmt{}});
        return;
    }
    if (at("#")) unsupported(start, "attributes on statements");
    refuse_item_in_body();
    if (at_kw("let")) {
        block.stmts.push_back(parse_let());
        return;
    }
    ExprPtr e;
    bool block_like = starts_block_like();
    if (block_like) {
        e = block_like_expr();
        if (at(".") || at("?")) {
            block_like = false;
            e = assign_expr(postfix_expr(std::move(e)));
        }
    } else {
        e = parse_expr();
        block_like = braced_macro_end_ == index();  // a macro written with braces: `tokio::select! { .. }`
    }
    bool semicolon = eat(";");
    if (!semicolon && at("}")) {
        block.tail = std::move(e);
        return;
    }
    if (!semicolon && !block_like)
        fail(errid::kExpected, tok().span, "expected `;` after the expression, got " + describe_token(tok()));
    Stmt s{span_from(start), ExprStmt{std::move(e), semicolon}};
    block.stmts.push_back(std::move(s));
}

Stmt Parser::parse_let() {
    Span start = bump().span;
    LetStmt let;
    let.pattern = parse_pattern_no_alt();
    bind_single_names(let.pattern);
    if (eat(":")) let.type = std::make_unique<Type>(parse_type());
    if (eat("=")) let.init = parse_expr();
    if (at_kw("else")) unsupported(tok().span, "`let ... else`");
    if (!at(";"))
        fail_expected(let.init ? "`;` after the `let` statement" : "`=` or `;` in the `let` statement");
    bump();
    return Stmt{span_from(start), std::move(let)};
}

}  // namespace ps::rust
