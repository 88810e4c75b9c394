// Items: `use`, `fn`/`async fn`, `const`/`static`, attributes (#[tokio::main(...)]), and the
// refusal of every other item Rust has.
#include <algorithm>

#include "engine/load/suggest.hpp"
#include "engine/rust/errors.hpp"
#include "engine/rust/parser_impl.hpp"

namespace ps::rust {

namespace {

// Items outside the subset, with the name used in "not supported: ...".
std::string_view refused_item(const Token& t, const Token& next) {
    if (t.kind != TokKind::Ident) return {};
    std::string_view w = t.text;
    if (w == "struct") return "`struct` declarations";
    if (w == "enum") return "`enum` declarations";
    if (w == "impl") return "`impl` blocks";
    if (w == "trait") return "`trait` declarations";
    if (w == "mod") return "modules (`mod`)";
    if (w == "type") return "type aliases (`type`)";
    if (w == "union" && next.kind == TokKind::Ident) return "`union` declarations";
    if (w == "extern") return "`extern` items";
    if (w == "unsafe") return "`unsafe` items";
    if (w == "macro_rules") return "`macro_rules!` (declaring macros)";
    return {};
}

const std::vector<std::string_view> kItemWords = {"use", "fn", "async", "const", "static", "pub"};

}  // namespace

Item Parser::parse_item() {
    Span start = tok().span;
    std::optional<TokioMainAttr> tokio_main = parse_outer_attributes();
    bool is_pub = false;
    if (eat_kw("pub")) {
        is_pub = true;
        if (at("(")) {  // pub(crate), pub(super), pub(in path)
            bump();
            while (!at(")") && !at_eof()) bump();
            expect(")", "to close `pub(`");
        }
    }
    if (std::string_view what = refused_item(tok(), peek()); !what.empty()) unsupported(tok().span, what);
    Item item;
    if (at_kw("use")) {
        if (tokio_main)
            fail(errid::kAttribute, tokio_main->span,
                 "`#[tokio::main]` goes on `async fn main`, not on `use`");
        bump();
        UseItem use;
        eat("::");
        parse_use_tree({}, use.entries);
        expect(";", "after the `use` declaration");
        item.node = std::move(use);
    } else if (at_kw("fn") || at_kw("async") || (at_kw("const") && peek().is_keyword("fn"))) {
        item.node = parse_fn(tokio_main, is_pub);
    } else if (at_kw("const") || at_kw("static")) {
        if (tokio_main) fail(errid::kAttribute, tokio_main->span, "`#[tokio::main]` goes on `async fn main`");
        ConstItem c;
        c.is_static = bump().text == "static";
        if (at_kw("mut")) unsupported(tok().span, "`static mut`");
        c.name = expect_ident("a name after `" + std::string(c.is_static ? "static" : "const") + "`");
        expect(":", "and a type after the constant's name (`const N: u32 = 5;`)");
        c.type = parse_type();
        expect("=", "and the constant's value");
        c.value = parse_expr();
        expect(";", "after the constant's value");
        item.node = std::move(c);
    } else {
        std::string hint = tok().kind == TokKind::Ident ? did_you_mean(tok().text, kItemWords) : "";
        if (tok().kind == TokKind::Ident && peek().is("!"))
            unsupported(tok().span,
                        "macro invocations outside a function (`" + std::string(tok().text) + "!`)");
        fail(errid::kExpected, tok().span,
             "expected an item (`use`, `fn`, `async fn`, `const` or `static`), got " + describe_token(tok()) +
                 hint);
    }
    item.span = span_from(start);
    return item;
}

// `a::b::{c, d::e as f, g::*, self}` -> one entry per imported name, with its whole path.
void Parser::parse_use_tree(std::vector<std::string> prefix, std::vector<UseEntry>& out) {
    Depth depth(*this);
    Span start = tok().span;
    for (;;) {
        if (at("*")) {
            bump();
            out.push_back(UseEntry{prefix, "", true, span_from(start)});
            return;
        }
        if (at("{")) {
            bump();
            while (!at("}")) {
                parse_use_tree(prefix, out);
                if (!eat(",")) break;
            }
            expect("}", "to close the `use` group");
            return;
        }
        if (at_kw("crate") || at_kw("super"))
            unsupported(tok().span, "`use " + std::string(tok().text) + "::...` (modules)");
        if (at_kw("self") && !prefix.empty()) {
            bump();
            std::string alias = prefix.back();
            if (eat_kw("as"))
                alias = at_kw("_") ? std::string(bump().text) : expect_ident("a name after `as`");
            out.push_back(UseEntry{prefix, alias, false, span_from(start)});
            return;
        }
        prefix.push_back(expect_ident("a path in the `use` declaration"));
        if (!eat("::")) break;
    }
    std::string alias = prefix.back();
    if (eat_kw("as"))
        alias = tok().text == "_" ? std::string(bump().text) : expect_ident("a name after `as`");
    out.push_back(UseEntry{std::move(prefix), std::move(alias), false, span_from(start)});
}

FnItem Parser::parse_fn(std::optional<TokioMainAttr> tokio_main, bool is_pub) {
    FnItem f;
    f.is_pub = is_pub;
    if (at_kw("const")) unsupported(tok().span, "`const fn`");
    f.is_async = eat_kw("async");
    if (at_kw("unsafe") || at_kw("extern")) unsupported(tok().span, "`" + std::string(tok().text) + " fn`");
    if (f.is_async && at_kw("move"))
        fail_expected("`fn` after `async` (an `async move` block belongs inside a function)");
    if (!eat_kw("fn")) fail_expected("`fn` after `async`");
    f.name_span = tok().span;
    f.name = expect_ident("the function's name");
    if (tokio_main && !f.is_async)
        fail(errid::kAttribute, tokio_main->span,
             "`#[tokio::main]` goes on an `async fn`; `fn " + f.name + "` is not async");
    f.tokio_main = tokio_main;
    if (at("<")) unsupported(tok().span, "generic parameters on a function (`fn " + f.name + "<...>`)");
    expect("(", "after the function's name");
    while (!at(")")) {
        Span ps = tok().span;
        if (at_kw("self") || (at("&") && (peek().is_keyword("self") || peek().is_keyword("mut"))))
            unsupported(ps, "`self` parameters (methods)");
        Param p;
        p.pattern = parse_pattern_no_alt();
        bind_single_names(p.pattern);
        expect(":", "and a type after the parameter (`name: u32`)");
        p.type = parse_type();
        p.span = span_from(ps);
        f.params.push_back(std::move(p));
        if (!eat(",")) break;
    }
    expect(")", "to close the parameter list");
    if (eat("->")) f.ret = std::make_unique<Type>(parse_type());
    if (at_kw("where")) unsupported(tok().span, "`where` clauses");
    if (!at("{")) fail_expected("`{` to start the body of `" + f.name + "`");
    f.body = parse_block();
    return f;
}

// Outer attributes before an item: #[tokio::main(...)] is kept; lint levels (#[allow(...)],
// #[warn], #[deny], #[expect]) are read and dropped; everything else is refused. Inner
// attributes (#![allow(...)]) are read here too.
std::optional<TokioMainAttr> Parser::parse_outer_attributes() {
    std::optional<TokioMainAttr> tokio_main;
    while (at("#")) {
        Span start = bump().span;
        eat("!");
        expect("[", "after `#` (an attribute)");
        Path path = parse_path(false);
        std::string name = path.joined();
        if (name == "tokio::main") {
            if (tokio_main) fail(errid::kAttribute, start, "`#[tokio::main]` is written twice");
            tokio_main = parse_tokio_main_args(start);
        } else if (name == "allow" || name == "warn" || name == "deny" || name == "expect" ||
                   name == "forbid") {
            skip_attribute_body(start);
        } else {
            static const std::vector<std::string_view> kKnown = {"tokio::main", "allow", "warn", "deny"};
            std::string hint = did_you_mean(name, kKnown);
            if (!hint.empty()) fail(errid::kAttribute, path.span, "unknown attribute `" + name + "`" + hint);
            unsupported(start, "the attribute `#[" + name + "]`");
        }
    }
    return tokio_main;
}

void Parser::skip_attribute_body(const Span& start) {
    int nesting = 0;
    while (!(nesting == 0 && at("]"))) {
        if (at_eof())
            fail(errid::kExpected, start, "expected `]` to close the attribute, got the end of the file");
        if (at("(") || at("[") || at("{")) ++nesting;
        if (at(")") || at("]") || at("}")) --nesting;
        bump();
    }
    bump();
}

TokioMainAttr Parser::parse_tokio_main_args(const Span& start) {
    TokioMainAttr a;
    Span flavor_span = start;
    if (eat("(")) {
        while (!at(")")) {
            static const std::vector<std::string_view> kKeys = {"flavor", "worker_threads", "start_paused"};
            Span key_span = tok().span;
            std::string key =
                expect_ident("an argument of `#[tokio::main]` (flavor, worker_threads, start_paused)");
            if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
                fail(errid::kAttribute, key_span,
                     "unknown argument `" + key +
                         "` of `#[tokio::main]` (expected flavor, worker_threads or start_paused)" +
                         did_you_mean(key, kKeys));
            expect("=", "after `" + key + "`");
            const Token& v = tok();
            if (key == "flavor") {
                static const std::vector<std::string_view> kFlavors = {"current_thread", "multi_thread"};
                if (v.kind != TokKind::Str || (v.str != "current_thread" && v.str != "multi_thread"))
                    fail(errid::kAttribute, v.span,
                         "expected `flavor = \"current_thread\"` or `flavor = \"multi_thread\"`, got " +
                             describe_token(v) +
                             (v.kind == TokKind::Str ? " \"" + v.str + "\"" + did_you_mean(v.str, kFlavors)
                                                     : ""));
                a.flavor =
                    v.str == "current_thread" ? RuntimeFlavor::CurrentThread : RuntimeFlavor::MultiThread;
                flavor_span = key_span;
            } else if (key == "worker_threads") {
                if (v.kind != TokKind::Int || v.value == 0 || v.value > 1024)
                    fail(errid::kAttribute, v.span,
                         "expected `worker_threads` to be an integer from 1 to 1024, got " +
                             describe_token(v));
                a.worker_threads = static_cast<std::uint32_t>(v.value);
            } else {
                if (!v.is_keyword("true") && !v.is_keyword("false"))
                    fail(errid::kAttribute, v.span,
                         "expected `start_paused = true` or `false`, got " + describe_token(v));
                a.start_paused = v.text == "true";
            }
            bump();
            if (!eat(",")) break;
        }
        expect(")", "to close `#[tokio::main(`");
    }
    expect("]", "to close the attribute");
    if (a.worker_threads && a.flavor == RuntimeFlavor::CurrentThread)
        fail(errid::kAttribute, flavor_span,
             "`worker_threads` needs the multi-thread runtime: write `flavor = \"multi_thread\"` (as tokio "
             "says)");
    if (a.start_paused.value_or(false) && a.flavor != RuntimeFlavor::CurrentThread)
        fail(errid::kAttribute, flavor_span,
             "`start_paused = true` needs `flavor = \"current_thread\"` (as tokio says)");
    a.span = span_from(start);
    return a;
}

void Parser::check_program(const std::vector<Item>& items) const {
    std::vector<std::string_view> names;
    for (const Item& item : items) {
        const FnItem* f = std::get_if<FnItem>(&item.node);
        if (!f) continue;
        if (std::find(names.begin(), names.end(), f->name) != names.end())
            fail(errid::kDuplicateFn, f->name_span, "the function `" + f->name + "` is defined twice");
        names.push_back(f->name);
    }
    if (std::find(names.begin(), names.end(), "main") == names.end()) {
        Span top;
        top.line = 1;
        top.column = 1;
        std::optional<std::string> near = closest_word("main", names);
        fail(errid::kNoMain, top,
             "the program has no `fn main` (write `#[tokio::main] async fn main() { .. }`)" +
                 (near ? "; is `fn " + *near + "` meant to be `fn main`?" : std::string()));
    }
}

}  // namespace ps::rust
