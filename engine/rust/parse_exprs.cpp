// Expressions: precedence climbing over Rust's operator table, postfix chains (calls, methods,
// fields, `.await`, `?`), literals, paths, and the block-like expressions (if, match, loops).
#include <optional>

#include "engine/rust/errors.hpp"
#include "engine/rust/parser_impl.hpp"

namespace ps::rust {

namespace {

struct BinInfo {
    BinaryOp op;
    int prec;
};

// Rust's binary operators, loosest first: || && comparisons | ^ & shifts +- */%. (`as` is 12.)
std::optional<BinInfo> binary_info(const Token& t) {
    if (t.kind != TokKind::Punct) return std::nullopt;
    static const struct {
        std::string_view text;
        BinaryOp op;
        int prec;
    } kOps[] = {{"||", BinaryOp::Or, 3},    {"&&", BinaryOp::And, 4},   {"==", BinaryOp::Eq, 5},
                {"!=", BinaryOp::Ne, 5},    {"<", BinaryOp::Lt, 5},     {"<=", BinaryOp::Le, 5},
                {">", BinaryOp::Gt, 5},     {">=", BinaryOp::Ge, 5},    {"|", BinaryOp::BitOr, 6},
                {"^", BinaryOp::BitXor, 7}, {"&", BinaryOp::BitAnd, 8}, {"<<", BinaryOp::Shl, 9},
                {">>", BinaryOp::Shr, 9},   {"+", BinaryOp::Add, 10},   {"-", BinaryOp::Sub, 10},
                {"*", BinaryOp::Mul, 11},   {"/", BinaryOp::Div, 11},   {"%", BinaryOp::Rem, 11}};
    for (const auto& o : kOps)
        if (t.text == o.text) return BinInfo{o.op, o.prec};
    return std::nullopt;
}

std::optional<std::optional<BinaryOp>> assign_op(const Token& t) {
    if (t.kind != TokKind::Punct) return std::nullopt;
    static const struct {
        std::string_view text;
        std::optional<BinaryOp> op;
    } kOps[] = {{"=", std::nullopt},      {"+=", BinaryOp::Add},   {"-=", BinaryOp::Sub},
                {"*=", BinaryOp::Mul},    {"/=", BinaryOp::Div},   {"%=", BinaryOp::Rem},
                {"&=", BinaryOp::BitAnd}, {"|=", BinaryOp::BitOr}, {"^=", BinaryOp::BitXor},
                {"<<=", BinaryOp::Shl},   {">>=", BinaryOp::Shr}};
    for (const auto& o : kOps)
        if (t.text == o.text) return o.op;
    return std::nullopt;
}

}  // namespace

ExprPtr Parser::parse_expr() {
    Depth depth(*this);
    return assign_expr(nullptr);
}

ExprPtr Parser::parse_expr_no_struct() {
    bool saved = no_struct_;
    no_struct_ = true;
    ExprPtr e = parse_expr();
    no_struct_ = saved;
    return e;
}

ExprPtr Parser::assign_expr(ExprPtr first) {
    Span start = first ? first->span : tok().span;
    ExprPtr lhs = range_expr(std::move(first));
    std::optional<std::optional<BinaryOp>> op = assign_op(tok());
    if (!op) return lhs;
    bump();
    Depth depth(*this);
    ExprPtr rhs = assign_expr(nullptr);
    return make_expr(span_from(start), AssignExpr{*op, std::move(lhs), std::move(rhs)});
}

ExprPtr Parser::range_expr(ExprPtr first) {
    Span start = first ? first->span : tok().span;
    ExprPtr lo;
    if (first || !(at("..") || at("..="))) lo = binary_expr(3, std::move(first));
    if (at("...")) fail(errid::kExpected, tok().span, "`...` is not a range operator: write `..=` (or `..`)");
    if (!at("..") && !at("..=")) return lo;
    RangeExpr r;
    r.inclusive = bump().text == "..=";
    r.lo = std::move(lo);
    if (can_begin_expr() && !(no_struct_ && at("{"))) r.hi = binary_expr(3, nullptr);
    if (r.inclusive && !r.hi) fail_expected("the end of the range after `..=`");
    return make_expr(span_from(start), std::move(r));
}

ExprPtr Parser::binary_expr(int min_prec, ExprPtr first) {
    Span start = first ? first->span : tok().span;
    ExprPtr lhs = first ? std::move(first) : unary_expr();
    std::size_t chain = 0;
    bool last_was_comparison = false;
    for (;; ++chain) {
        if (chain > 0) {  // a left-deep chain is as deep as it is long
            Depth deeper(*this);
            ++depth_;
        }
        if (at_kw("as") && min_prec <= 12) {
            bump();
            Type type = parse_type();
            lhs = make_expr(span_from(start), CastExpr{std::move(lhs), std::move(type)});
            continue;
        }
        std::optional<BinInfo> info = binary_info(tok());
        if (!info || info->prec < min_prec) break;
        if (info->prec == 5 && last_was_comparison)
            fail(errid::kNonAssoc, tok().span,
                 "comparison operators cannot be chained: write `a < b && b < c` (got a second " +
                     describe_token(tok()) + ")");
        bump();
        ExprPtr rhs = binary_expr(info->prec + 1, nullptr);
        last_was_comparison = info->prec == 5;
        lhs = make_expr(span_from(start), BinaryExpr{info->op, std::move(lhs), std::move(rhs)});
    }
    depth_ -= chain;
    return lhs;
}

ExprPtr Parser::unary_expr() {
    Span start = tok().span;
    std::optional<UnaryOp> op;
    bool twice = false;
    if (at("-")) op = UnaryOp::Neg;
    if (at("!")) op = UnaryOp::Not;
    if (at("*")) op = UnaryOp::Deref;
    if (at("&") || at("&&")) {
        op = UnaryOp::Ref;
        twice = at("&&");
    }
    if (at("|") || at("||")) unsupported(start, "closures (`|x| ..`)");
    if (!op) return postfix_expr(primary_expr());
    bump();
    if (*op == UnaryOp::Ref && eat_kw("mut")) op = UnaryOp::RefMut;
    Depth depth(*this);
    ExprPtr operand = unary_expr();
    if (twice) operand = make_expr(span_from(start), UnaryExpr{*op, std::move(operand)});
    return make_expr(span_from(start), UnaryExpr{twice ? UnaryOp::Ref : *op, std::move(operand)});
}

ExprPtr Parser::postfix_expr(ExprPtr e) {
    Span start = e->span;
    std::size_t chain = 0;
    for (;; ++chain) {
        if (chain > 0) {
            Depth deeper(*this);
            ++depth_;
        }
        if (at("?")) {
            bump();
            e = make_expr(span_from(start), TryExpr{std::move(e)});
        } else if (at("(")) {
            bump();
            std::vector<ExprPtr> args = call_args(")");
            e = make_expr(span_from(start), CallExpr{std::move(e), std::move(args)});
        } else if (at("[")) {
            bump();
            bool saved = no_struct_;
            no_struct_ = false;
            ExprPtr index = parse_expr();
            no_struct_ = saved;
            expect("]", "to close the index");
            e = make_expr(span_from(start), IndexExpr{std::move(e), std::move(index)});
        } else if (at(".")) {
            bump();
            if (eat_kw("await")) {
                e = make_expr(span_from(start), AwaitExpr{std::move(e)});
            } else if (tok().kind == TokKind::Int) {
                const Token& t = bump();
                if (!t.suffix.empty() || t.value > 0xFFFF ||
                    t.text.find_first_not_of("0123456789") != std::string_view::npos)
                    fail(errid::kExpected, t.span,
                         "expected a tuple index like `.0`, got `" + std::string(t.text) + "`");
                e = make_expr(span_from(start),
                              TupleIndexExpr{std::move(e), static_cast<std::uint32_t>(t.value)});
            } else {
                PathSegment seg;
                seg.span = tok().span;
                seg.name = expect_ident("a field or method name (or `await`) after `.`");
                if (at("::")) {
                    bump();
                    expect("<", "after `::` in a method call (a turbofish `::<T>`)");
                    seg.generics = generic_args();
                    if (!at("(")) fail_expected("`(` after the method's generic arguments");
                }
                if (eat("(")) {
                    std::vector<ExprPtr> args = call_args(")");
                    e = make_expr(span_from(start),
                                  MethodCallExpr{std::move(e), std::move(seg), std::move(args)});
                } else {
                    e = make_expr(span_from(start), FieldExpr{std::move(e), std::move(seg.name)});
                }
            }
        } else {
            break;
        }
    }
    depth_ -= chain;
    return e;
}

std::vector<ExprPtr> Parser::call_args(std::string_view close) {
    bool saved = no_struct_;
    no_struct_ = false;
    std::vector<ExprPtr> args;
    while (!at(close)) {
        args.push_back(parse_expr());
        if (!eat(",")) break;
    }
    if (!at(close)) fail_expected("`,` or `" + std::string(close) + "` in the argument list");
    bump();
    no_struct_ = saved;
    return args;
}

bool Parser::can_begin_expr() const {
    if (at_eof()) return false;
    for (std::string_view p : {";", "}", ")", "]", ",", "=>", "=", "."})
        if (at(p)) return false;
    return !at_kw("else") && !at_kw("as");
}

bool Parser::starts_block_like() const {
    if (tok().kind == TokKind::Lifetime) return peek().is(":");
    return at("{") || at_kw("if") || at_kw("match") || at_kw("loop") || at_kw("while") || at_kw("for") ||
           at_kw("unsafe");
}

bool Parser::is_block_like(const Expr& e) {
    switch (e.kind()) {
        case ExprKind::Block:
        case ExprKind::If:
        case ExprKind::Match:
        case ExprKind::Loop:
        case ExprKind::While:
        case ExprKind::For: return true;
        default: return false;
    }
}

ExprPtr Parser::primary_expr() {
    const Token& t = tok();
    Span start = t.span;
    switch (t.kind) {
        case TokKind::Int: bump(); return make_expr(start, IntLit{t.value, t.suffix});
        case TokKind::Str: bump(); return make_expr(start, StrLit{t.str});
        case TokKind::Char: bump(); return make_expr(start, CharLit{static_cast<std::uint32_t>(t.value)});
        case TokKind::Float: unsupported(start, "floating-point numbers (`" + std::string(t.text) + "`)");
        case TokKind::ByteStr: unsupported(start, "byte string literals (`b\"..\"`)");
        case TokKind::Byte: unsupported(start, "byte literals (`b'..'`)");
        case TokKind::Lifetime:
            if (peek().is(":")) return block_like_expr();
            fail_expected("an expression");
        case TokKind::Eof: fail_expected("an expression");
        case TokKind::Punct:
            if (at("(")) return paren_expr();
            if (at("[")) return array_expr();
            if (at("{")) return block_like_expr();
            if (at("::")) return path_or_macro_expr();
            if (at("<")) unsupported(start, "qualified paths (`<T as Trait>::..`)");
            fail_expected("an expression");
        case TokKind::Ident: break;
    }
    if (t.raw) return path_or_macro_expr();
    if (at_kw("true") || at_kw("false")) {
        bump();
        return make_expr(start, BoolLit{t.text == "true"});
    }
    if (starts_block_like() || at_kw("async")) return block_like_expr();
    if (at_kw("break") || at_kw("continue") || at_kw("return")) return jump_expr();
    if (at_kw("move") && (peek().is("|") || peek().is("||"))) unsupported(start, "closures (`move |x| ..`)");
    if (at_kw("self") || at_kw("Self"))
        unsupported(start, "`" + std::string(t.text) + "` (methods and `impl` blocks)");
    if (at_kw("crate") || at_kw("super"))
        unsupported(start, "module paths (`" + std::string(t.text) + "::..`)");
    if (is_keyword(t.text)) fail_expected("an expression");
    return path_or_macro_expr();
}

ExprPtr Parser::path_or_macro_expr() {
    Span start = tok().span;
    Path path = parse_path(true);
    if (at("!")) {
        bump();
        return parse_macro(std::move(path), start);
    }
    const std::string& last = path.segments.back().name;
    bool upper = !last.empty() && last[0] >= 'A' && last[0] <= 'Z';
    if (upper && at("{") && !no_struct_ &&
        (peek().is("}") || peek().is("..") ||
         (peek().kind == TokKind::Ident && (peek(2).is(":") || peek(2).is(",") || peek(2).is("}")))))
        unsupported(start, "struct literals (`" + last + " { .. }`)");
    return make_expr(span_from(start), PathExpr{std::move(path)});
}

ExprPtr Parser::paren_expr() {
    Span start = bump().span;
    bool saved = no_struct_;
    no_struct_ = false;
    if (eat(")")) {
        no_struct_ = saved;
        return make_expr(span_from(start), UnitExpr{});
    }
    ExprPtr first = parse_expr();
    if (eat(")")) {
        no_struct_ = saved;
        first->span = span_from(start);
        return first;
    }
    if (!at(",")) fail_expected("`,` or `)` in the parenthesised expression");
    TupleExpr tuple;
    tuple.elems.push_back(std::move(first));
    while (eat(",")) {
        if (at(")")) break;
        tuple.elems.push_back(parse_expr());
    }
    expect(")", "to close the tuple");
    no_struct_ = saved;
    return make_expr(span_from(start), std::move(tuple));
}

ExprPtr Parser::array_expr() {
    Span start = bump().span;
    bool saved = no_struct_;
    no_struct_ = false;
    ArrayExpr array;
    while (!at("]")) {
        array.elems.push_back(parse_expr());
        if (array.elems.size() == 1 && at(";")) unsupported(start, "array repeat expressions (`[x; n]`)");
        if (!eat(",")) break;
    }
    expect("]", "or `,` in the array");
    no_struct_ = saved;
    return make_expr(span_from(start), std::move(array));
}

ExprPtr Parser::block_like_expr() {
    Span start = tok().span;
    if (tok().kind == TokKind::Lifetime) {
        std::string label(bump().text);
        bump();  // the `:`
        if (at("{")) unsupported(start, "labelled blocks (`'a: { .. }`)");
        if (!at_kw("loop") && !at_kw("while") && !at_kw("for"))
            fail_expected("`loop`, `while` or `for` after the label");
        return loop_expr(label, start);
    }
    if (at("{")) {
        Block b = parse_block();
        return make_expr(span_from(start), BlockExpr{std::move(b)});
    }
    if (at_kw("unsafe")) unsupported(start, "`unsafe` blocks");
    if (eat_kw("async")) {
        bool is_move = eat_kw("move");
        if (at("|") || at("||")) unsupported(start, "async closures");
        if (!at("{")) fail_expected(is_move ? "`{` after `async move`" : "`{` or `move` after `async`");
        Block b = parse_block();
        return make_expr(span_from(start), AsyncBlockExpr{is_move, std::move(b)});
    }
    if (at_kw("if")) return if_expr();
    if (at_kw("match")) return match_expr();
    return loop_expr("", start);
}

ExprPtr Parser::if_expr() {
    Depth depth(*this);
    Span start = bump().span;
    IfExpr e;
    if (eat_kw("let")) {
        e.pattern = std::make_unique<Pattern>(parse_pattern());
        expect("=", "after the pattern of `if let`");
    }
    e.cond = parse_expr_no_struct();
    if (!at("{")) fail_expected("`{` after the condition of `if`");
    e.then_block = parse_block();
    if (eat_kw("else")) {
        if (at_kw("if")) {
            e.else_branch = if_expr();
        } else {
            Span bs = tok().span;
            if (!at("{")) fail_expected("`{` or `if` after `else`");
            Block b = parse_block();
            e.else_branch = make_expr(span_from(bs), BlockExpr{std::move(b)});
        }
    }
    return make_expr(span_from(start), std::move(e));
}

ExprPtr Parser::match_expr() {
    Span start = bump().span;
    MatchExpr m;
    m.scrutinee = parse_expr_no_struct();
    expect("{", "after the `match` expression");
    while (!at("}")) {
        Span arm_start = tok().span;
        MatchArm arm;
        eat("|");
        arm.pattern = parse_pattern();
        if (eat_kw("if")) arm.guard = parse_expr();
        expect("=>", "after the pattern of the match arm");
        bool block_like = starts_block_like();
        arm.body = block_like ? block_like_expr() : parse_expr();
        arm.span = span_from(arm_start);
        m.arms.push_back(std::move(arm));
        if (eat(",")) continue;
        if (at("}")) break;
        if (!block_like) fail_expected("`,` or `}` after the match arm");
    }
    bump();
    return make_expr(span_from(start), std::move(m));
}

ExprPtr Parser::loop_expr(const std::string& label, const Span& start) {
    if (eat_kw("loop")) {
        Block body = parse_block();
        return make_expr(span_from(start), LoopExpr{label, std::move(body)});
    }
    if (eat_kw("while")) {
        WhileExpr w;
        w.label = label;
        if (eat_kw("let")) {
            w.pattern = std::make_unique<Pattern>(parse_pattern());
            expect("=", "after the pattern of `while let`");
        }
        w.cond = parse_expr_no_struct();
        if (!at("{")) fail_expected("`{` after the condition of `while`");
        w.body = parse_block();
        return make_expr(span_from(start), std::move(w));
    }
    bump();  // `for`
    ForExpr f;
    f.label = label;
    f.pattern = parse_pattern();
    bind_single_names(f.pattern);
    if (!eat_kw("in")) fail_expected("`in` after the pattern of `for`");
    f.iter = parse_expr_no_struct();
    if (!at("{")) fail_expected("`{` after the iterator of `for`");
    f.body = parse_block();
    return make_expr(span_from(start), std::move(f));
}

ExprPtr Parser::jump_expr() {
    Span start = tok().span;
    std::string_view word = bump().text;
    std::string label;
    if (word != "return" && tok().kind == TokKind::Lifetime) label = std::string(bump().text);
    ExprPtr value;
    if (word != "continue" && can_begin_expr() && !(no_struct_ && at("{"))) value = parse_expr();
    Span s = span_from(start);
    if (word == "break") return make_expr(s, BreakExpr{label, std::move(value)});
    if (word == "continue") return make_expr(s, ContinueExpr{label});
    return make_expr(s, ReturnExpr{std::move(value)});
}

}  // namespace ps::rust
