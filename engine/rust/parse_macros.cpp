// The macros of the subset, each parsed into its own node: println!/eprintln!/print!/eprint!/
// format!/panic!/unreachable!/todo! (format strings split into pieces and holes), assert!/
// assert_eq!/assert_ne!, vec!, tokio::join!, tokio::select!. Other macros are refused.
#include <algorithm>

#include "engine/load/suggest.hpp"
#include "engine/rust/errors.hpp"
#include "engine/rust/parser_impl.hpp"

namespace ps::rust {

namespace {

const std::vector<std::string_view> kKnownMacros = {
    "println", "eprintln", "print",     "eprint",    "format", "panic", "unreachable",
    "todo",    "assert",   "assert_eq", "assert_ne", "vec",    "join",  "select"};

std::optional<FormatMacroKind> format_kind(std::string_view name) {
    static const std::vector<std::pair<std::string_view, FormatMacroKind>> kKinds = {
        {"println", FormatMacroKind::Println},
        {"eprintln", FormatMacroKind::Eprintln},
        {"print", FormatMacroKind::Print},
        {"eprint", FormatMacroKind::Eprint},
        {"format", FormatMacroKind::Format},
        {"panic", FormatMacroKind::Panic},
        {"unreachable", FormatMacroKind::Unreachable},
        {"todo", FormatMacroKind::Todo}};
    for (const auto& [n, k] : kKinds)
        if (n == name) return k;
    return std::nullopt;
}

bool is_ident_text(std::string_view s) {
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

}  // namespace

ExprPtr Parser::parse_macro(Path path, const Span& start) {
    std::string name = path.segments.back().name;
    std::string full = path.joined();
    bool tokio_only = name == "join" || name == "select";
    bool known = std::find(kKnownMacros.begin(), kKnownMacros.end(), name) != kKnownMacros.end();
    if (known && tokio_only && full != name && full != "tokio::" + name)
        unsupported(start, "`" + full + "!` (only `tokio::" + name + "!`)");
    if (!known) {
        std::string hint = did_you_mean(name, kKnownMacros);
        if (!hint.empty()) fail(errid::kUnknownMacro, path.span, "unknown macro `" + full + "!`" + hint);
        unsupported(start, "the macro `" + full + "!`");
    }
    std::string_view close = at("(") ? ")" : at("[") ? "]" : at("{") ? "}" : "";
    if (close.empty()) fail_expected("`(`, `[` or `{` after `" + full + "!`");
    bump();
    ExprPtr e;
    if (std::optional<FormatMacroKind> k = format_kind(name)) {
        e = make_expr(start, format_macro(*k, name, close));
    } else if (name == "assert" || name == "assert_eq" || name == "assert_ne") {
        AssertMacroKind ak = name == "assert"      ? AssertMacroKind::Assert
                             : name == "assert_eq" ? AssertMacroKind::AssertEq
                                                   : AssertMacroKind::AssertNe;
        e = assert_macro(ak, name, close, start);
    } else if (name == "vec") {
        VecMacro v;
        while (!at(close)) {
            v.elems.push_back(parse_expr());
            if (v.elems.size() == 1 && at(";")) unsupported(start, "`vec![x; n]`");
            if (!eat(",")) break;
        }
        expect(close, "or `,` in `vec!`");
        e = make_expr(start, std::move(v));
    } else if (name == "join") {
        JoinMacro j;
        j.futures = call_args(close);
        if (j.futures.empty()) fail(errid::kExpected, start, "`tokio::join!` needs at least one future");
        e = make_expr(start, std::move(j));
    } else {
        e = select_macro(close, start);
    }
    e->span = span_from(start);
    if (close == "}") braced_macro_end_ = index();
    return e;
}

FormatMacro Parser::format_macro(FormatMacroKind kind, std::string_view name, std::string_view close) {
    FormatMacro m;
    m.kind = kind;
    if (eat(close)) {
        if (kind == FormatMacroKind::Print || kind == FormatMacroKind::Eprint ||
            kind == FormatMacroKind::Format)
            fail(errid::kFormatArgs, prev().span,
                 "`" + std::string(name) + "!` needs a format string, as in `" + std::string(name) +
                     "!(\"{}\", x)`");
        return m;
    }
    format_args(m, name, close);
    return m;
}

// `"fmt", a, b, name = c` up to `close` (consumed).
void Parser::format_args(FormatMacro& m, std::string_view name, std::string_view close) {
    if (tok().kind != TokKind::Str)
        fail_expected("a format string literal as the first argument of `" + std::string(name) + "!`");
    const Token& lit = bump();
    bool saved = no_struct_;
    no_struct_ = false;
    while (eat(",")) {
        if (at(close)) break;
        std::string arg_name;
        if (tok().kind == TokKind::Ident && !is_keyword(tok().text) && peek().is("=")) {
            arg_name = std::string(bump().text);
            bump();
        } else if (std::any_of(m.arg_names.begin(), m.arg_names.end(),
                               [](const std::string& n) { return !n.empty(); })) {
            fail(errid::kFormatArgs, tok().span,
                 "positional arguments of `" + std::string(name) + "!` go before named ones");
        }
        m.args.push_back(parse_expr());
        m.arg_names.push_back(arg_name);
    }
    no_struct_ = saved;
    if (!at(close)) fail_expected("`,` or `" + std::string(close) + "` in `" + std::string(name) + "!`");
    bump();
    m.format = parse_format_string(lit, m, name);
}

namespace {

// Where the text of a literal's contents starts (after `"`, `r#"`, ...), for hole spans.
std::size_t contents_offset(const Token& lit) {
    if (!lit.raw) return 1;
    return lit.text.find('"') + 1;
}

}  // namespace

FormatString Parser::parse_format_string(const Token& lit, FormatMacro& m, std::string_view name) {
    FormatString fs;
    fs.span = lit.span;
    const std::string& s = lit.str;
    bool exact = lit.raw || lit.text.find('\\') == std::string_view::npos;  // offsets map 1:1
    std::size_t positional =
        static_cast<std::size_t>(std::count(m.arg_names.begin(), m.arg_names.end(), std::string()));
    std::vector<bool> used(m.args.size(), false);
    std::size_t next = 0, i = 0;
    auto piece_span = [&](std::size_t b, std::size_t e) {
        Span sp = lit.span;
        if (!exact) return sp;
        std::size_t off = contents_offset(lit);
        sp.begin = lit.span.begin + static_cast<std::uint32_t>(off + b);
        sp.end = lit.span.begin + static_cast<std::uint32_t>(off + e);
        if (lit.text.substr(0, off + b).find('\n') == std::string_view::npos)
            sp.column = lit.span.column + static_cast<std::uint32_t>(off + b);
        return sp;
    };
    auto bad = [&](const std::string& msg) {
        fail(errid::kFormatString, lit.span, msg + " in the format string of `" + std::string(name) + "!`");
    };
    std::string text;
    std::size_t text_begin = 0;
    auto flush = [&](std::size_t at_pos) {
        if (text.empty()) return;
        FormatPiece p;
        p.text = std::move(text);
        p.span = piece_span(text_begin, at_pos);
        fs.pieces.push_back(std::move(p));
        text.clear();
    };
    while (i < s.size()) {
        char c = s[i];
        if ((c == '{' || c == '}') && i + 1 < s.size() && s[i + 1] == c) {
            if (text.empty()) text_begin = i;
            text += c;
            i += 2;
            continue;
        }
        if (c == '}') bad("unmatched `}` (write `}}` for a literal brace)");
        if (c != '{') {
            if (text.empty()) text_begin = i;
            text += c;
            ++i;
            continue;
        }
        flush(i);
        std::size_t close = s.find('}', i);
        if (close == std::string::npos) bad("unclosed `{` (write `{{` for a literal brace)");
        std::string_view inner = std::string_view(s).substr(i + 1, close - i - 1);
        std::string_view arg = inner.substr(0, inner.find(':'));
        std::string_view spec = arg.size() < inner.size() ? inner.substr(arg.size() + 1) : std::string_view();
        while (!arg.empty() && arg.back() == ' ') arg.remove_suffix(1);
        FormatPiece hole;
        hole.is_hole = true;
        hole.span = piece_span(i, close + 1);
        if (!spec.empty() && spec.back() == '?') {
            hole.debug = true;
            spec.remove_suffix(1);
        }
        if (spec.find('$') != std::string_view::npos || spec.find('*') != std::string_view::npos)
            unsupported(hole.span, "width or precision taken from an argument (`{:1$}`, `{:.*}`)");
        hole.spec = std::string(spec);
        if (arg.empty()) {
            hole.arg = static_cast<std::uint32_t>(next++);
            if (hole.arg >= positional)
                fail(errid::kFormatArgs, lit.span,
                     "the format string of `" + std::string(name) + "!` has more `{}` holes than the " +
                         std::to_string(positional) + " positional argument" + (positional == 1 ? "" : "s") +
                         " after it");
        } else if (arg.find_first_not_of("0123456789") == std::string_view::npos) {
            std::size_t n = arg.size() > 6 ? SIZE_MAX : std::stoul(std::string(arg));
            if (n >= positional)
                fail(errid::kFormatArgs, lit.span,
                     "the format string of `" + std::string(name) + "!` names argument " + std::string(arg) +
                         " but there " +
                         (positional == 1 ? "is 1 positional argument"
                                          : "are " + std::to_string(positional) + " positional arguments"));
            hole.arg = static_cast<std::uint32_t>(n);
        } else if (is_ident_text(arg) && !is_keyword(arg)) {
            auto it = std::find(m.arg_names.begin(), m.arg_names.end(), arg);
            if (it == m.arg_names.end()) {  // an inline capture: `{name}` reads the variable `name`
                Path p;
                PathSegment seg;
                seg.name = std::string(arg);
                seg.span = hole.span;
                p.segments.push_back(std::move(seg));
                p.span = hole.span;
                m.args.push_back(make_expr(hole.span, PathExpr{std::move(p)}));
                m.arg_names.push_back(std::string(arg));
                used.push_back(false);
                it = m.arg_names.end() - 1;
            }
            hole.arg = static_cast<std::uint32_t>(it - m.arg_names.begin());
        } else {
            bad("invalid hole `{" + std::string(inner) + "}`");
        }
        used[hole.arg] = true;
        fs.pieces.push_back(std::move(hole));
        i = close + 1;
    }
    flush(s.size());
    for (std::size_t k = 0; k < used.size(); ++k)
        if (!used[k])
            fail(errid::kFormatArgs, m.args[k]->span,
                 "this argument of `" + std::string(name) + "!` is never used by the format string");
    return fs;
}

ExprPtr Parser::assert_macro(AssertMacroKind kind, std::string_view name, std::string_view close,
                             const Span& start) {
    AssertMacro a;
    a.kind = kind;
    a.message.kind = FormatMacroKind::Panic;
    std::size_t operands = kind == AssertMacroKind::Assert ? 1 : 2;
    bool saved = no_struct_;
    no_struct_ = false;
    for (std::size_t k = 0; k < operands; ++k) {
        if (at(close))
            fail(errid::kExpected, tok().span,
                 "`" + std::string(name) + "!` takes " +
                     (operands == 1 ? "a condition" : "two values to compare") + ", got " +
                     describe_token(tok()));
        a.operands.push_back(parse_expr());
        if (k + 1 < operands) expect(",", "between the two values of `" + std::string(name) + "!`");
    }
    no_struct_ = saved;
    if (eat(",") && !at(close)) {
        format_args(a.message, name, close);
    } else {
        expect(close, "or `,` and a message in `" + std::string(name) + "!`");
    }
    return make_expr(start, std::move(a));
}

// select! { [biased;] PAT = FUTURE [, if COND] => BODY, ... [else => BODY] }
ExprPtr Parser::select_macro(std::string_view close, const Span& start) {
    SelectMacro sel;
    bool saved = no_struct_;
    no_struct_ = false;
    if (tok().is_keyword("biased") ||
        (tok().kind == TokKind::Ident && tok().text == "biased" && peek().is(";"))) {
        bump();
        expect(";", "after `biased`");
        sel.biased = true;
    }
    while (!at(close)) {
        Span bs = tok().span;
        bool block_like = false;
        if (at_kw("else")) {
            if (sel.else_body) fail(errid::kExpected, bs, "`tokio::select!` has two `else` branches");
            bump();
            expect("=>", "after `else` in `tokio::select!`");
            block_like = starts_block_like();
            sel.else_body = block_like ? block_like_expr() : parse_expr();
        } else {
            SelectBranch b;
            b.pattern = parse_pattern();
            expect("=", "after the pattern of the `tokio::select!` branch (`v = future => ..`)");
            b.future = parse_expr();
            if (eat(",")) {
                if (!eat_kw("if"))
                    fail_expected("`if` (a precondition) or `=>` in the `tokio::select!` branch");
                b.guard = parse_expr();
            }
            expect("=>", "after the future of the `tokio::select!` branch");
            block_like = starts_block_like();
            b.body = block_like ? block_like_expr() : parse_expr();
            b.span = span_from(bs);
            sel.branches.push_back(std::move(b));
        }
        if (eat(",")) continue;
        if (at(close)) break;
        if (!block_like)
            fail_expected("`,` or `" + std::string(close) + "` after the `tokio::select!` branch");
    }
    bump();
    no_struct_ = saved;
    if (sel.branches.empty()) fail(errid::kExpected, start, "`tokio::select!` needs at least one branch");
    return make_expr(start, std::move(sel));
}

}  // namespace ps::rust
