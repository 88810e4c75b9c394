// Patterns (`_`, bindings, literals, tuples, `Some(p)`, `None`, `a..=b`, `p | q`), types, and
// paths with generic arguments.
#include "engine/rust/errors.hpp"
#include "engine/rust/parser_impl.hpp"

namespace ps::rust {

namespace {

Pattern make_pattern(const Span& span, auto&& node) {
    Pattern p;
    p.span = span;
    p.node = std::forward<decltype(node)>(node);
    return p;
}

Type make_type(const Span& span, auto&& node) {
    Type t;
    t.span = span;
    t.node = std::forward<decltype(node)>(node);
    return t;
}

bool starts_upper(const std::string& s) {
    return !s.empty() && s[0] >= 'A' && s[0] <= 'Z';
}

}  // namespace

// In a `let`, a parameter or a `for`, a single name binds whatever its case (`let N = 1;`);
// `None` stays a path (rustc refuses it there as refutable, and so will the interpreter).
void bind_single_names(Pattern& p) {
    if (auto* path = std::get_if<PathPat>(&p.node)) {
        if (path->path.segments.size() == 1 && path->path.segments[0].generics.empty() &&
            path->path.segments[0].name != "None")
            p.node = IdentPat{path->path.segments[0].name, false, false};
    } else if (auto* tuple = std::get_if<TuplePat>(&p.node)) {
        for (Pattern& e : tuple->elems) bind_single_names(e);
    }
}

Pattern Parser::parse_pattern() {
    Depth depth(*this);
    Span start = tok().span;
    Pattern first = parse_pattern_no_alt();
    if (!at("|")) return first;
    OrPat alt;
    alt.alts.push_back(std::move(first));
    while (eat("|")) alt.alts.push_back(parse_pattern_no_alt());
    return make_pattern(span_from(start), std::move(alt));
}

Pattern Parser::parse_pattern_no_alt() {
    Depth depth(*this);
    const Token& t = tok();
    Span start = t.span;
    if (t.kind == TokKind::Ident && !t.raw && t.text == "_") {
        bump();
        return make_pattern(start, WildcardPat{});
    }
    if (at_kw("mut") || at_kw("ref")) {
        IdentPat id;
        id.is_ref = eat_kw("ref");
        id.is_mut = eat_kw("mut");
        id.name = expect_ident("a name to bind in the pattern");
        if (at("@")) unsupported(tok().span, "`@` bindings in patterns");
        return make_pattern(span_from(start), std::move(id));
    }
    if (at("-") || t.kind == TokKind::Int || t.kind == TokKind::Str || t.kind == TokKind::Char ||
        at_kw("true") || at_kw("false"))
        return literal_pattern();
    if (t.kind == TokKind::Float)
        unsupported(start, "floating-point numbers (`" + std::string(t.text) + "`)");
    if (t.kind == TokKind::ByteStr || t.kind == TokKind::Byte)
        unsupported(start, "byte literals in patterns");
    if (at("(")) {
        bump();
        TuplePat tuple;
        bool trailing_comma = false;
        while (!at(")")) {
            if (at("..")) unsupported(tok().span, "rest patterns (`..`)");
            tuple.elems.push_back(parse_pattern());
            trailing_comma = eat(",");
            if (!trailing_comma) break;
        }
        expect(")", "or `,` in the tuple pattern");
        if (tuple.elems.size() == 1 && !trailing_comma) {  // `(p)`: just parentheses
            Pattern inner = std::move(tuple.elems[0]);
            inner.span = span_from(start);
            return inner;
        }
        return make_pattern(span_from(start), std::move(tuple));
    }
    if (at("[")) unsupported(start, "slice patterns (`[a, b]`)");
    if (at("&") || at("&&")) unsupported(start, "reference patterns (`&p`)");
    if (at("..")) unsupported(start, "rest patterns (`..`)");
    if (t.kind == TokKind::Ident && (t.raw || !is_keyword(t.text))) return path_pattern();
    fail_expected("a pattern");
}

Pattern Parser::literal_pattern() {
    Span start = tok().span;
    auto literal = [this]() -> ExprPtr {
        Span s = tok().span;
        bool neg = eat("-");
        const Token& t = tok();
        ExprPtr v;
        if (t.kind == TokKind::Int)
            v = make_expr(t.span, IntLit{t.value, t.suffix});
        else if (neg)
            fail_expected("an integer after `-` in the pattern");
        else if (t.kind == TokKind::Str)
            v = make_expr(t.span, StrLit{t.str});
        else if (t.kind == TokKind::Char)
            v = make_expr(t.span, CharLit{static_cast<std::uint32_t>(t.value)});
        else if (at_kw("true") || at_kw("false"))
            v = make_expr(t.span, BoolLit{t.text == "true"});
        else
            fail_expected("a literal (an integer, `true`, `false`, a string or a character)");
        bump();
        if (neg) v = make_expr(span_from(s), UnaryExpr{UnaryOp::Neg, std::move(v)});
        return v;
    };
    ExprPtr lo = literal();
    if (at("...")) fail(errid::kExpected, tok().span, "`...` range patterns are gone from Rust: write `..=`");
    if (at("..")) unsupported(tok().span, "exclusive range patterns (`a..b`): write `a..=b`");
    if (!eat("..=")) return make_pattern(span_from(start), LiteralPat{std::move(lo)});
    ExprPtr hi = literal();
    return make_pattern(span_from(start), RangePat{std::move(lo), std::move(hi)});
}

Pattern Parser::path_pattern() {
    Span start = tok().span;
    Path path = parse_path(true);
    if (at("{")) unsupported(start, "struct patterns (`" + path.joined() + " { .. }`)");
    if (at("!")) unsupported(start, "macros in patterns");
    if (eat("(")) {
        TupleStructPat ts;
        while (!at(")")) {
            if (at("..")) unsupported(tok().span, "rest patterns (`..`)");
            ts.elems.push_back(parse_pattern());
            if (!eat(",")) break;
        }
        expect(")", "or `,` in the pattern");
        ts.path = std::move(path);
        return make_pattern(span_from(start), std::move(ts));
    }
    bool single = path.segments.size() == 1 && path.segments[0].generics.empty();
    if (single && at("@")) unsupported(tok().span, "`@` bindings in patterns");
    if (single && !starts_upper(path.segments[0].name))
        return make_pattern(span_from(start), IdentPat{path.segments[0].name, false, false});
    return make_pattern(span_from(start), PathPat{std::move(path)});
}

// ---- paths and types

Path Parser::parse_path(bool expr_context) {
    Span start = tok().span;
    Path path;
    eat("::");
    for (;;) {
        PathSegment seg;
        seg.span = tok().span;
        seg.name = expect_ident("a name in the path");
        bool turbofish = at("::") && peek().is("<");
        if (turbofish || (!expr_context && at("<"))) {
            bump();
            if (turbofish) bump();
            seg.generics = generic_args();
        }
        seg.span = span_from(seg.span);
        path.segments.push_back(std::move(seg));
        if (!at("::") || peek().is("<")) break;
        bump();
    }
    path.span = span_from(start);
    return path;
}

std::vector<Type> Parser::generic_args() {
    std::vector<Type> args;
    while (!eat_closing_angle()) {
        if (tok().kind == TokKind::Lifetime)
            unsupported(tok().span, "lifetime arguments (`" + std::string(tok().text) + "`)");
        if (tok().kind == TokKind::Ident && peek().is("="))
            unsupported(tok().span, "associated type bindings (`Output = T`)");
        if (tok().kind == TokKind::Int || at("{")) unsupported(tok().span, "const generic arguments");
        args.push_back(parse_type());
        if (!eat(",")) {
            if (!eat_closing_angle()) fail_expected("`,` or `>` in the generic arguments");
            break;
        }
    }
    return args;
}

Type Parser::parse_type() {
    Depth depth(*this);
    const Token& t = tok();
    Span start = t.span;
    if (eat("(")) {
        TupleType tuple;
        bool trailing_comma = false;
        while (!at(")")) {
            tuple.elems.push_back(parse_type());
            trailing_comma = eat(",");
            if (!trailing_comma) break;
        }
        expect(")", "or `,` in the tuple type");
        if (tuple.elems.size() == 1 && !trailing_comma) {
            Type inner = std::move(tuple.elems[0]);
            inner.span = span_from(start);
            return inner;
        }
        return make_type(span_from(start), std::move(tuple));
    }
    if (at("&") || at("&&")) {
        bool twice = bump().text == "&&";
        RefType ref;
        if (tok().kind == TokKind::Lifetime) {
            if (tok().text != "'static")
                unsupported(tok().span, "lifetimes (`" + std::string(tok().text) + "`); only `'static` is");
            ref.is_static = true;
            bump();
        }
        ref.is_mut = eat_kw("mut");
        ref.inner = std::make_unique<Type>(parse_type());
        Type result = make_type(span_from(start), std::move(ref));
        if (!twice) return result;
        RefType outer;
        outer.inner = std::make_unique<Type>(std::move(result));
        return make_type(span_from(start), std::move(outer));
    }
    if (eat("[")) {
        ArrayType array;
        array.elem = std::make_unique<Type>(parse_type());
        if (eat(";")) array.len = parse_expr();
        expect("]", "to close the array type");
        return make_type(span_from(start), std::move(array));
    }
    if (at("!")) unsupported(start, "the never type `!`");
    if (at("*")) unsupported(start, "raw pointers");
    if (at("<")) unsupported(start, "qualified paths (`<T as Trait>::..`)");
    if (t.kind == TokKind::Ident && !t.raw && t.text == "_") {
        bump();
        return make_type(start, InferType{});
    }
    if (at_kw("impl")) unsupported(start, "`impl Trait` types");
    if (at_kw("dyn")) unsupported(start, "`dyn Trait` types");
    if (at_kw("fn") || at_kw("unsafe") || at_kw("extern")) unsupported(start, "function pointer types");
    if (at_kw("Self") || at_kw("self")) unsupported(start, "`Self` (methods and `impl` blocks)");
    if (at_kw("crate") || at_kw("super"))
        unsupported(start, "module paths (`" + std::string(t.text) + "::..`)");
    if (t.kind != TokKind::Ident || (!t.raw && is_keyword(t.text))) fail_expected("a type");
    return path_type();
}

Type Parser::path_type() {
    Span start = tok().span;
    Path path = parse_path(false);
    if (at("(")) unsupported(start, "`Fn` trait types (closures)");
    return make_type(span_from(start), PathType{std::move(path)});
}

}  // namespace ps::rust
