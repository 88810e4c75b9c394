// The Rust front end's text side (engine/rust): each construct of the subset parses to the
// expected tree (shown with ast_dump's one-line rendering), and malformed or unsupported
// programs give their exact message.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "engine/rust/ast_dump.hpp"
#include "engine/rust/parser.hpp"

using namespace ps::rust;

namespace {

// The body of `async fn main() { BODY }`, rendered; or the error text when it does not parse.
std::string body(const std::string& code) {
    ParseResult r = parse_rust("async fn main() {" + code + "}", "t.rs");
    if (!r.ok()) return "ERR " + r.error().text();
    return dump(r.program().find_fn("main")->body);
}

// Every item of a whole program, rendered one per line.
std::string items(const std::string& program) {
    ParseResult r = parse_rust(program, "t.rs");
    if (!r.ok()) return "ERR " + r.error().text();
    std::string s;
    for (const Item& item : r.program().items) s += dump(item) + "\n";
    return s;
}

std::string error_of(const std::string& program, const ParseLimits& limits = {}) {
    ParseResult r = parse_rust(program, "t.rs", limits);
    return r.ok() ? "parsed" : r.error().text();
}

}  // namespace

TEST_CASE("let binds patterns with optional types and a turbofish call", "[rust_parse]") {
    CHECK(body("let (tx, mut rx) = mpsc::channel::<u32>(1);") ==
          "{ (let (tuple tx mut rx) = (call (path mpsc::channel<u32>) 1)) }");
    CHECK(body("let x: u64 = 0u64; let _ = f(); let y;") ==
          "{ (let x : u64 = 0u64) (let _ = (call (path f))) (let y) }");
    CHECK(body("let v: Vec<JoinHandle<()>> = Vec::new(); let m: Arc<Mutex<u32>>= Arc::new(Mutex::new(0));") ==
          "{ (let v : Vec<JoinHandle<()>> = (call (path Vec::new))) (let m : Arc<Mutex<u32>> = (call (path "
          "Arc::new) "
          "(call (path Mutex::new) 0))) }");
    CHECK(body("let s: &'static str = \"x\"; let t: (u8, [u32; 3]) = x;") ==
          "{ (let s : &'static str = \"x\") (let t : (u8, [u32; 3]) = (path x)) }");
}

TEST_CASE("assignment and compound assignment are expressions, including through a deref", "[rust_parse]") {
    CHECK(
        body("x += 5; *guard += 1; x = y = 2; v[0] -= 1; p.0 <<= 2;") ==
        "{ (+= (path x) 5); (+= (* (path guard)) 1); (= (path x) (= (path y) 2)); (-= (index (path v) 0) 1); "
        "(<<= (index .0 (path p)) 2); }");
}

TEST_CASE("method chains, await, the try operator, fields and tuple indexes are postfix", "[rust_parse]") {
    CHECK(body("tx.send(i).await.unwrap();") ==
          "{ (method unwrap (await (method send (path tx) (path i)))); }");
    CHECK(body("let p = pair.0 .1; let q = a.b; let f = fut.await?; let c = it.collect::<Vec<u32>>();") ==
          "{ (let p = (index .1 (index .0 (path pair)))) (let q = (field b (path a))) (let f = (? (await "
          "(path fut)))) "
          "(let c = (method collect::<Vec<u32>> (path it))) }");
    CHECK(body("let z = pair.1.0;") == "{ (let z = (index .0 (index .1 (path pair)))) }");
}

TEST_CASE("spawned async move blocks and a block's tail expression", "[rust_parse]") {
    CHECK(body("let h = tokio::spawn(async move { i * 2 }); h.await") ==
          "{ (let h = (call (path tokio::spawn) (async move { (* (path i) 2) }))) (await (path h)) }");
    CHECK(body("let f = async { 1 };") == "{ (let f = (async { 1 })) }");
}

TEST_CASE("while, while let, loop with labels, break with a value, continue, return", "[rust_parse]") {
    CHECK(body("while let Some(v) = rx.recv().await { total += v; }") ==
          "{ (while-let (Some v) (await (method recv (path rx))) { (+= (path total) (path v)); }) }");
    CHECK(body("while n > 0 { n -= 1; }") == "{ (while (> (path n) 0) { (-= (path n) 1); }) }");
    CHECK(body("loop { break; } 'outer: loop { continue 'outer; } let v = loop { break 5; };") ==
          "{ (loop { (break); }) (loop 'outer { (continue 'outer); }) (let v = (loop { (break 5); })) }");
    CHECK(body("return;") == "{ (return); }");
    CHECK(body("if done { return 3; }") == "{ (if (path done) { (return 3); }) }");
}

TEST_CASE("for loops over ranges, array literals, vec! and paths", "[rust_parse]") {
    CHECK(body("for i in 0..n { } for x in [1, 2] {} for h in handles {} for i in 0..=3 {} for v in vec![1] "
               "{}") ==
          "{ (for i (.. 0 (path n)) { }) (for x (array 1 2) { }) (for h (path handles) { }) (for i (..= 0 3) "
          "{ }) "
          "(for v (vec! 1) { }) }");
    CHECK(body("for (i, _) in pairs {}") == "{ (for (tuple i _) (path pairs) { }) }");
}

TEST_CASE("if, else if, else and if let are expressions", "[rust_parse]") {
    CHECK(body("if a { 1 } else if b { 2 } else { 3 }") ==
          "{ (if (path a) { 1 } (if (path b) { 2 } { 3 })) }");
    CHECK(body("let x = if let Ok(v) = r { v } else { 0 };") ==
          "{ (let x = (if-let (Ok v) (path r) { (path v) } { 0 })) }");
}

TEST_CASE(
    "match arms take literals, wildcards, bindings, Some/None/Ok/Err, tuples, ranges, alternatives and "
    "guards",
    "[rust_parse]") {
    CHECK(body("match x { Some(0) | None => 1, Some(n) if n > 2 => { n } Err(_) => 2, (a, _) => 3, -1 => 4, "
               "1..=5 => 5, \"s\" => 6, true => 7, 'c' => 8, _ => 9 }") ==
          "{ (match (path x) (arm (or (Some 0) None) 1) (arm (Some n) (if (> (path n) 2)) { (path n) }) (arm "
          "(Err _) 2) "
          "(arm (tuple a _) 3) (arm (- 1) 4) (arm (..= 1 5) 5) (arm \"s\" 6) (arm true 7) (arm (char 99) 8) "
          "(arm _ 9)) }");
    CHECK(
        body("let _guard = m.lock().await; let N = 1; let (mut a, ref b) = p;") ==
        "{ (let _guard = (await (method lock (path m)))) (let N = 1) (let (tuple mut a ref b) = (path p)) }");
    ParseResult r =
        parse_rust("fn main() { let (N, x) = p; match q { N => 1, Some(M) => 2, None => 3 } }", "t.rs");
    REQUIRE(r.ok());
    const Block& b = r.program().find_fn("main")->body;
    CHECK(b.stmts[0].as<LetStmt>().pattern.as<TuplePat>().elems[0].kind() == PatternKind::Ident);
    REQUIRE(b.tail);
    const MatchExpr& m = b.tail->as<MatchExpr>();
    CHECK(m.arms[0].pattern.kind() == PatternKind::Path);
    CHECK(m.arms[1].pattern.as<TupleStructPat>().elems[0].kind() == PatternKind::Path);
    CHECK(m.arms[2].pattern.kind() == PatternKind::Path);
    CHECK(body("match r { Ok(Some((a, b))) => a, _ => 0, }") ==
          "{ (match (path r) (arm (Ok (Some (tuple a b))) (path a)) (arm _ 0)) }");
}

TEST_CASE("binary operators follow Rust's precedence and casts bind tighter than comparisons",
          "[rust_parse]") {
    CHECK(body("let x = -a * b + c / d % e - f << 1 & 3 | 4 ^ 5 == 6 && !g || h as u64 > 1;") ==
          "{ (let x = (|| (&& (== (| (& (<< (- (+ (* (- (path a)) (path b)) (% (/ (path c) (path d)) (path "
          "e))) (path f)) "
          "1) 3) (^ 4 5)) 6) (! (path g))) (> (as (path h) u64) 1))) }");
    CHECK(body("let a = 1 + 2 * 3; let b = (1 + 2) * 3; let y = a >> 2; let r = &mut v; let d = **p;") ==
          "{ (let a = (+ 1 (* 2 3))) (let b = (* (+ 1 2) 3)) (let y = (>> (path a) 2)) (let r = (&mut (path "
          "v))) "
          "(let d = (* (* (path p)))) }");
}

TEST_CASE("ranges may leave out either end", "[rust_parse]") {
    CHECK(body("let c = a..; let d = ..b; let e = ..; let f = ..=9;") ==
          "{ (let c = (.. (path a) _)) (let d = (.. _ (path b))) (let e = (.. _ _)) (let f = (..= _ 9)) }");
}

TEST_CASE(
    "literals: integers with suffixes and bases, bools, strings with escapes, raw strings, chars, unit, "
    "tuples",
    "[rust_parse]") {
    CHECK(body("let a = 0x2A_u8; let b = 0b101; let c = 1_000usize; let d = 0o17;") ==
          "{ (let a = 42u8) (let b = 5) (let c = 1000usize) (let d = 15) }");
    CHECK(body("let s = \"a\\tb\\u{41}\\x42\"; let r = r#\"x\"y\"#; let c = '\\n'; let e = '\xC3\xA9';") ==
          "{ (let s = \"a\tbAB\") (let r = \"x\"y\") (let c = (char 10)) (let e = (char 233)) }");
    CHECK(body("let t = (1,); let u = (); let p = (1, true, \"s\");") ==
          "{ (let t = (tuple 1)) (let u = ()) (let p = (tuple 1 true \"s\")) }");
    CHECK(body("let s = \"line\\\n    next\";") == "{ (let s = \"linenext\") }");
}

TEST_CASE("println! and friends split their format string into pieces and holes", "[rust_parse]") {
    CHECK(body("println!(\"a {} b {:?} c {name} {0} {:>4}\", x, y, z);") ==
          "{ (println! \"a {0} b {1:?} c {3} {0} {2:>4}\" (path x) (path y) (path z) name=(path name)); }");
    CHECK(body("eprintln!(); print!(\"x\"); let s = format!(\"{{}}{}\", 1); eprint!(\"{n}\", n = 2);") ==
          "{ (eprintln!); (print! \"x\"); (let s = (format! \"{}{0}\" 1)) (eprint! \"{0}\" n=2); }");
    CHECK(body("panic!(\"boom {:#?}\", v); unreachable!(); todo!();") ==
          "{ (panic! \"boom {0:#?}\" (path v)); (unreachable!); (todo!); }");
}

TEST_CASE("a format hole's span points into the string literal", "[rust_parse]") {
    ParseResult r = parse_rust("fn main() {\n    println!(\"ab {x}\");\n}\n", "t.rs");
    REQUIRE(r.ok());
    const Expr& e = *std::get<ExprStmt>(r.program().find_fn("main")->body.stmts[0].node).expr;
    const FormatMacro& m = e.as<FormatMacro>();
    REQUIRE(m.format->pieces.size() == 2);
    CHECK(m.format->pieces[1].is_hole);
    CHECK(m.format->pieces[1].span.line == 2);
    CHECK(m.format->pieces[1].span.column == 18);
    CHECK(r.program().source.substr(m.format->pieces[1].span.begin,
                                    m.format->pieces[1].span.end - m.format->pieces[1].span.begin) == "{x}");
}

TEST_CASE("assert!, assert_eq!, assert_ne! keep their operands and an optional message", "[rust_parse]") {
    CHECK(body("assert!(a); assert!(a, \"bad {}\", a); assert_eq!(a, b); assert_ne!(a, b, \"m\");") ==
          "{ (assert! (path a)); (assert! (path a) (panic! \"bad {0}\" (path a))); (assert_eq! (path a) "
          "(path b)); "
          "(assert_ne! (path a) (path b) (panic! \"m\")); }");
}

TEST_CASE("vec!, tokio::join! and join! after a use are macro nodes", "[rust_parse]") {
    CHECK(body("let v = vec![1, 2]; let (a, b) = tokio::join!(f(), g()); join!(h);") ==
          "{ (let v = (vec! 1 2)) (let (tuple a b) = (join! (call (path f)) (call (path g)))) (join! (path "
          "h)); }");
}

TEST_CASE("tokio::select! keeps biased, bindings, preconditions, bodies and else", "[rust_parse]") {
    CHECK(body("tokio::select! { biased; Some(v) = rx.recv(), if open => { v } _ = sleep(d) => 1, else => 2 "
               "}") ==
          "{ (select! biased ((Some v) = (method recv (path rx)) (if (path open)) => { (path v) }) "
          "(_ = (call (path sleep) (path d)) => 1) (else => 2)) }");
    CHECK(body("loop { tokio::select! { v = rx.recv() => {} } }") ==
          "{ (loop { (select! (v = (method recv (path rx)) => { })) }) }");
    CHECK(body("let w = tokio::select! { a = f() => a, b = g() => b };") ==
          "{ (let w = (select! (a = (call (path f)) => (path a)) (b = (call (path g)) => (path b)))) }");
}

TEST_CASE("items: use trees flatten, async fns keep params and return types, tokio::main is a struct",
          "[rust_parse]") {
    CHECK(
        items("use tokio::sync::{mpsc, Mutex as M, oneshot::{self}}; use std::*; use ::tokio::time::sleep;\n"
              "fn main() {}") ==
        "(use tokio::sync::mpsc tokio::sync::Mutex as M tokio::sync::oneshot)\n(use std::*)\n"
        "(use tokio::time::sleep)\n(fn main () { })\n");
    CHECK(items("#[tokio::main(flavor = \"multi_thread\", worker_threads = 4)]\nasync fn main() -> "
                "Result<(), String> "
                "{ Ok(()) }\nasync fn work(n: u32, mut x: (u8, u8)) -> u32 { n }") ==
          "(#[tokio::main multi_thread workers=4] async fn main () -> Result<(), String> { (call (path Ok) "
          "()) })\n"
          "(async fn work (n: u32, mut x: (u8, u8)) -> u32 { (path n) })\n");
    CHECK(items("#[tokio::main(flavor = \"current_thread\", start_paused = true)]\npub async fn main() {}") ==
          "(#[tokio::main current_thread paused] pub async fn main () { })\n");
    CHECK(items("#![allow(unused)]\n#[allow(dead_code)]\nconst N: u32 = 5; static S: &str = \"a\"; "
                "#[tokio::main] "
                "async fn main() {}") ==
          "(const N : u32 = 5)\n(static S : &str = \"a\")\n(#[tokio::main] async fn main () { })\n");
}

TEST_CASE("block-like statements need no semicolon and end their statement", "[rust_parse]") {
    CHECK(body("if a {} let x = 1; match x { _ => {} } x") ==
          "{ (if (path a) { }) (let x = 1) (match (path x) (arm _ { })) (path x) }");
    CHECK(body("{ 1 } - 1") == "{ { 1 } (- 1) }");
    CHECK(body("match x { _ => f() }.await;") == "{ (await (match (path x) (arm _ (call (path f))))); }");
}

TEST_CASE("every node carries its line, column and byte range", "[rust_parse]") {
    std::string src = "fn main() {\n    let x = 1 + 23;\n}\n";
    ParseResult r = parse_rust(src, "t.rs");
    REQUIRE(r.ok());
    const Stmt& s = r.program().find_fn("main")->body.stmts[0];
    CHECK(s.span.line == 2);
    CHECK(s.span.column == 5);
    CHECK(src.substr(s.span.begin, s.span.end - s.span.begin) == "let x = 1 + 23;");
    const Expr& init = *s.as<LetStmt>().init;
    CHECK(init.kind() == ExprKind::Binary);
    CHECK(src.substr(init.span.begin, init.span.end - init.span.begin) == "1 + 23");
    CHECK(init.as<BinaryExpr>().rhs->span.column == 17);
}

TEST_CASE("the text: BOM, shebang, CRLF, nested comments and //! doc comments", "[rust_parse]") {
    std::string src =
        "\xEF\xBB\xBF#!/usr/bin/env rust-script\r\n//! Producer and consumer\r\n//!   indented\r\n"
        "/* outer /* inner */ still comment */\r\n/// outer doc, dropped\r\nfn main() {\r\n  let s = "
        "\"a\r\nb\";"
        "\r\n  let y = 1\r\n}\r\n";
    ParseResult r = parse_rust(src, "t.rs");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().text() == "t.rs:10:1: expected `;` after the `let` statement, got `}` [rust.parse.201]");
    src.replace(src.find("= 1"), 3, "= 1;");
    r = parse_rust(src, "t.rs");
    REQUIRE(r.ok());
    CHECK(r.program().doc == "Producer and consumer\n  indented");
    CHECK(body("let s = r\"a\r\nb\";") == "{ (let s = \"a\nb\") }");
    CHECK(items("/*! Title\n   more */ fn main() {}") == "(fn main () { })\n");
    CHECK(parse_rust("/*! Title\n   more */ fn main() {}", "t.rs").program().doc == "Title\n  more");
    ParseResult bom = parse_rust(
        "\xEF\xBB\xBF"
        "fn main() { x }",
        "t.rs");
    CHECK(bom.ok());
    CHECK(error_of("\xEF\xBB\xBF"
                   "fn main() { ; ? }") == "t.rs:1:15: expected an expression, got `?` [rust.parse.201]");
}

TEST_CASE("limits: file size, tokens and nesting depth each give their own message", "[rust_parse]") {
    ParseLimits small;
    small.max_file_bytes = 10;
    CHECK(error_of("fn main() {}\n", small) ==
          "t.rs: the file is 13 bytes, above the limit of 10 bytes [rust.limit.401]");
    ParseLimits few;
    few.max_tokens = 5;
    CHECK(error_of("fn main() { f(); }", few) ==
          "t.rs:1:13: the program has more than 5 tokens (the limit) [rust.limit.402]");
    std::string deep = "fn main() { let x = " + std::string(300, '(') + "1" + std::string(300, ')') + "; }";
    CHECK(
        error_of(deep) ==
        "t.rs:1:220: nesting is deeper than 200 levels of blocks, expressions, patterns or types (the limit) "
        "[rust.limit.403]");
    std::string chain = "fn main() { let x = 1";
    for (int i = 0; i < 100000; ++i) chain += " + 1";
    chain += "; }";
    CHECK(error_of(chain).find("[rust.limit.403]") != std::string::npos);
    std::string calls = "fn main() { x";
    for (int i = 0; i < 100000; ++i) calls += ".f()";
    calls += "; }";
    CHECK(error_of(calls).find("[rust.limit.403]") != std::string::npos);
    std::string blocks = "fn main() " + std::string(1000, '{') + std::string(1000, '}');
    CHECK(error_of(blocks).find("[rust.limit.403]") != std::string::npos);
}

TEST_CASE("encoding errors: NUL bytes and invalid UTF-8 are refused at their position", "[rust_parse]") {
    CHECK(error_of(std::string("fn main() {\n  a\0b\n}", 18)) ==
          "t.rs:2:4: found a NUL byte: this looks like a binary file, not Rust source [rust.lex.101]");
    CHECK(error_of("fn main() { let s = \"\xE9t\xE9\"; }") ==
          "t.rs:1:22: invalid UTF-8: byte 0xE9 starts a 3-byte character but is followed by 0x74 (was the "
          "file saved as "
          "Latin-1 or Windows-1252?); Rust source files must be UTF-8 text [rust.lex.102]");
}

// (source, exact message): malformed and unsupported programs. "B " runs the rest as the body of
// main; anything else is a whole program.
TEST_CASE("malformed and unsupported programs give their exact message", "[rust_parse]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"B let x = 5", "t.rs:1:27: expected `;` after the `let` statement, got `}` [rust.parse.201]"},
        {"B let = 5;", "t.rs:1:22: expected a pattern, got `=` [rust.parse.201]"},
        {"B foo(1, 2;", "t.rs:1:26: expected `,` or `)` in the argument list, got `;` [rust.parse.201]"},
        {"B let x = (1 + 2;",
         "t.rs:1:32: expected `,` or `)` in the parenthesised expression, got `;` [rust.parse.201]"},
        {"B if x { 1 } else 2",
         "t.rs:1:34: expected `{` or `if` after `else`, got the integer `2` [rust.parse.201]"},
        {"B match x { 1 => 2 3 => 4 }",
         "t.rs:1:35: expected `,` or `}` after the match arm, got the integer `3` [rust.parse.201]"},
        {"B while x > 0 x -= 1;",
         "t.rs:1:30: expected `{` after the condition of `while`, got `x` [rust.parse.201]"},
        {"B for i 0..3 {}",
         "t.rs:1:24: expected `in` after the pattern of `for`, got the integer `0` [rust.parse.201]"},
        {"B let v = [1, 2;", "t.rs:1:31: expected `]` or `,` in the array, got `;` [rust.parse.201]"},
        {"B x.;",
         "t.rs:1:20: expected a field or method name (or `await`) after `.`, got `;` [rust.parse.201]"},
        {"B tx.send::(1);",
         "t.rs:1:27: expected `<` after `::` in a method call (a turbofish `::<T>`), got `(` "
         "[rust.parse.201]"},
        {"B let x = 1 < 2 < 3;",
         "t.rs:1:32: comparison operators cannot be chained: write `a < b && b < c` (got a second `<`) "
         "[rust.parse.208]"},
        {"B let x = a == b == c;",
         "t.rs:1:33: comparison operators cannot be chained: write `a < b && b < c` (got a second `==`) "
         "[rust.parse.208]"},
        {"B let x = 1..=;", "t.rs:1:30: expected the end of the range after `..=`, got `;` [rust.parse.201]"},
        {"B for i in 0...3 {}",
         "t.rs:1:28: `...` is not a range operator: write `..=` (or `..`) [rust.parse.201]"},
        {"B let f = |x| x + 1;", "t.rs:1:26: not supported: closures (`|x| ..`) [rust.unsupported.301]"},
        {"B let f = move || 1;", "t.rs:1:26: not supported: closures (`move |x| ..`) [rust.unsupported.301]"},
        {"B let x = 1.5;", "t.rs:1:26: not supported: floating-point numbers (`1.5`) [rust.unsupported.301]"},
        {"B let s = b\"bytes\";",
         "t.rs:1:26: not supported: byte string literals (`b\"..\"`) [rust.unsupported.301]"},
        {"B let c = b'a';", "t.rs:1:26: not supported: byte literals (`b'..'`) [rust.unsupported.301]"},
        {"B unsafe { f() }", "t.rs:1:18: not supported: `unsafe` blocks [rust.unsupported.301]"},
        {"B g(Point { x: 1, y: 2 });",
         "t.rs:1:20: not supported: struct literals (`Point { .. }`) [rust.unsupported.301]"},
        {"B fn inner() {}",
         "t.rs:1:18: not supported: items inside a function body (`fn`) [rust.unsupported.301]"},
        {"B use std::fmt;",
         "t.rs:1:18: not supported: `use` inside a function body (move it to the top of the file) "
         "[rust.unsupported.301]"},
        {"B let Some(x) = opt else { return; };",
         "t.rs:1:36: not supported: `let ... else` [rust.unsupported.301]"},
        {"B let [a, b] = arr;", "t.rs:1:22: not supported: slice patterns (`[a, b]`) [rust.unsupported.301]"},
        {"B let &x = r;", "t.rs:1:22: not supported: reference patterns (`&p`) [rust.unsupported.301]"},
        {"B let p @ 1..=5 = n;", "t.rs:1:24: not supported: `@` bindings in patterns [rust.unsupported.301]"},
        {"B let t: impl Future<Output = u32> = f();",
         "t.rs:1:25: not supported: `impl Trait` types [rust.unsupported.301]"},
        {"B let t: Box<dyn Fn()> = f();",
         "t.rs:1:29: not supported: `dyn Trait` types [rust.unsupported.301]"},
        {"B let t: &'a str = s;",
         "t.rs:1:26: not supported: lifetimes (`'a`); only `'static` is [rust.unsupported.301]"},
        {"B let t: Cow<'static, str> = s;",
         "t.rs:1:29: not supported: lifetime arguments (`'static`) [rust.unsupported.301]"},
        {"B let x = [0; 4];",
         "t.rs:1:26: not supported: array repeat expressions (`[x; n]`) [rust.unsupported.301]"},
        {"B let v = vec![0; 4];", "t.rs:1:26: not supported: `vec![x; n]` [rust.unsupported.301]"},
        {"B dbg!(x);", "t.rs:1:18: not supported: the macro `dbg!` [rust.unsupported.301]"},
        {"B prinltn!(\"x\");",
         "t.rs:1:18: unknown macro `prinltn!`; did you mean \"println\"? [rust.parse.207]"},
        {"B futures::join!(a, b);",
         "t.rs:1:18: not supported: `futures::join!` (only `tokio::join!`) [rust.unsupported.301]"},
        {"B println!(x);",
         "t.rs:1:27: expected a format string literal as the first argument of `println!`, got `x` "
         "[rust.parse.201]"},
        {"B println!(\"{} {}\", 1);",
         "t.rs:1:27: the format string of `println!` has more `{}` holes than the 1 positional argument "
         "after it [rust.parse.204]"},
        {"B println!(\"{}\", 1, 2);",
         "t.rs:1:36: this argument of `println!` is never used by the format string [rust.parse.204]"},
        {"B println!(\"{1}\", 1);",
         "t.rs:1:27: the format string of `println!` names argument 1 but there is 1 positional argument "
         "[rust.parse.204]"},
        {"B println!(\"{\", 1);",
         "t.rs:1:27: unclosed `{` (write `{{` for a literal brace) in the format string of `println!` "
         "[rust.parse.203]"},
        {"B println!(\"}\");",
         "t.rs:1:27: unmatched `}` (write `}}` for a literal brace) in the format string of `println!` "
         "[rust.parse.203]"},
        {"B println!(\"{x y}\");",
         "t.rs:1:27: invalid hole `{x y}` in the format string of `println!` [rust.parse.203]"},
        {"B println!(\"{:1$}\", 1, 2);",
         "t.rs:1:28: not supported: width or precision taken from an argument (`{:1$}`, `{:.*}`) "
         "[rust.unsupported.301]"},
        {"B println!(\"{a}\", a = 1, 2);",
         "t.rs:1:41: positional arguments of `println!` go before named ones [rust.parse.204]"},
        {"B print!();",
         "t.rs:1:25: `print!` needs a format string, as in `print!(\"{}\", x)` [rust.parse.204]"},
        {"B assert_eq!(a);",
         "t.rs:1:30: expected `,` between the two values of `assert_eq!`, got `)` [rust.parse.201]"},
        {"B assert!();", "t.rs:1:26: `assert!` takes a condition, got `)` [rust.parse.201]"},
        {"B tokio::select! { }", "t.rs:1:18: `tokio::select!` needs at least one branch [rust.parse.201]"},
        {"B tokio::select! { v = rx.recv() }",
         "t.rs:1:49: expected `=>` after the future of the `tokio::select!` branch, got `}` "
         "[rust.parse.201]"},
        {"B tokio::select! { else => 1, else => 2 }",
         "t.rs:1:46: `tokio::select!` has two `else` branches [rust.parse.201]"},
        {"B self.x", "t.rs:1:18: not supported: `self` (methods and `impl` blocks) [rust.unsupported.301]"},
        {"B match x { Point { x, .. } => 1 }",
         "t.rs:1:28: not supported: struct patterns (`Point { .. }`) [rust.unsupported.301]"},
        {"B match x { (a, ..) => 1 }",
         "t.rs:1:32: not supported: rest patterns (`..`) [rust.unsupported.301]"},
        {"B match x { 1..5 => 1 }",
         "t.rs:1:29: not supported: exclusive range patterns (`a..b`): write `a..=b` [rust.unsupported.301]"},
        {"B let x = 5ms;",
         "t.rs:1:27: invalid suffix `ms` for an integer literal; Rust has no duration literals: write "
         "Duration::from_millis(5) [rust.lex.109]"},
        {"B let x = 5u7;",
         "t.rs:1:27: invalid suffix `u7` for an integer literal; did you mean \"u8\"? [rust.lex.109]"},
        {"B let x = 0x;", "t.rs:1:26: expected digits after `0x` [rust.lex.108]"},
        {"B let x = 0b102;", "t.rs:1:30: invalid digit '2' in a base-2 literal [rust.lex.108]"},
        {"B let x = 99999999999999999999;",
         "t.rs:1:26: the integer literal `99999999999999999999` is too large (pollscope's integers are at "
         "most 18446744073709551615) [rust.lex.108]"},
        {"B let s = \"abc;", "t.rs:1:26: unterminated string literal: no closing `\"` [rust.lex.105]"},
        {"B let s = r#\"abc\";",
         "t.rs:1:26: unterminated raw string literal: no closing `\"#` [rust.lex.105]"},
        {"B let s = \"a\\qb\";",
         "t.rs:1:28: unknown escape `\\q` (Rust knows \\n \\r \\t \\\\ \\0 \\' \\\" \\x7F \\u{..}) "
         "[rust.lex.106]"},
        {"B let s = \"\\x80\";",
         "t.rs:1:27: `\\x` escapes go up to `\\x7F`; use `\\u{..}` for other characters [rust.lex.106]"},
        {"B let s = \"\\u{D800}\";",
         "t.rs:1:27: `\\u{..}` must name a Unicode scalar value (up to 10FFFF, no surrogates) "
         "[rust.lex.106]"},
        {"B let c = 'ab';",
         "t.rs:1:26: a character literal holds one character; use double quotes for a string [rust.lex.107]"},
        {"B let c = '';", "t.rs:1:26: empty character literal `''` [rust.lex.107]"},
        {"B let s = \"x\"suffix;",
         "t.rs:1:26: a string or character literal takes no suffix, got `suffix` [rust.lex.105]"},
        {"B /* open /* nested */ comment",
         "t.rs:1:18: unterminated block comment: `/*` has no matching `*/` [rust.lex.104]"},
        {"B let x = 1; $x",
         "t.rs:1:29: unexpected character '$': `$` belongs to `macro_rules!`, which is not supported "
         "[rust.lex.103]"},
        {"B let x = 1; ~x",
         "t.rs:1:29: unexpected character '~' (Rust has no `~` operator; `!` is bitwise not) [rust.lex.103]"},
        {"B let caf\xC3\xA9 = 1;",
         "t.rs:1:25: not supported: non-ASCII identifier ('\xC3\xA9' (U+00E9)) [rust.unsupported.301]"},
        {"B 'a: { }", "t.rs:1:18: not supported: labelled blocks (`'a: { .. }`) [rust.unsupported.301]"},
        {"B let x = <Vec<u32> as Default>::default();",
         "t.rs:1:26: not supported: qualified paths (`<T as Trait>::..`) [rust.unsupported.301]"},
        {"B let x = crate::f();",
         "t.rs:1:26: not supported: module paths (`crate::..`) [rust.unsupported.301]"},
        {"B let x = f() g();", "t.rs:1:30: expected `;` after the `let` statement, got `g` [rust.parse.201]"},
        {"B f() g()", "t.rs:1:22: expected `;` after the expression, got `g` [rust.parse.201]"},
        {"B #[allow(unused)] let x = 1;",
         "t.rs:1:18: not supported: attributes on statements [rust.unsupported.301]"},
        {"struct Point { x: u32 }\nfn main() {}",
         "t.rs:1:1: not supported: `struct` declarations [rust.unsupported.301]"},
        {"enum E { A }\nfn main() {}", "t.rs:1:1: not supported: `enum` declarations [rust.unsupported.301]"},
        {"impl<T> X for T {}", "t.rs:1:1: not supported: `impl` blocks [rust.unsupported.301]"},
        {"trait T {}\nfn main() {}", "t.rs:1:1: not supported: `trait` declarations [rust.unsupported.301]"},
        {"mod m {}\nfn main() {}", "t.rs:1:1: not supported: modules (`mod`) [rust.unsupported.301]"},
        {"type X = u32;\nfn main() {}",
         "t.rs:1:1: not supported: type aliases (`type`) [rust.unsupported.301]"},
        {"unsafe fn f() {}\nfn main() {}", "t.rs:1:1: not supported: `unsafe` items [rust.unsupported.301]"},
        {"extern crate tokio;\nfn main() {}",
         "t.rs:1:1: not supported: `extern` items [rust.unsupported.301]"},
        {"const fn f() {}\nfn main() {}", "t.rs:1:1: not supported: `const fn` [rust.unsupported.301]"},
        {"fn f<T>(x: T) {}\nfn main() {}",
         "t.rs:1:5: not supported: generic parameters on a function (`fn f<...>`) [rust.unsupported.301]"},
        {"async fn f<'a>(x: &'a str) {}\nfn main() {}",
         "t.rs:1:11: not supported: generic parameters on a function (`fn f<...>`) [rust.unsupported.301]"},
        {"fn f(x: u32) where u32: Copy {}\nfn main() {}",
         "t.rs:1:14: not supported: `where` clauses [rust.unsupported.301]"},
        {"macro_rules! m { () => {} }\nfn main() {}",
         "t.rs:1:1: not supported: `macro_rules!` (declaring macros) [rust.unsupported.301]"},
        {"#[derive(Debug)]\nfn main() {}",
         "t.rs:1:1: not supported: the attribute `#[derive]` [rust.unsupported.301]"},
        {"#[tokio::test]\nasync fn main() {}",
         "t.rs:1:1: not supported: the attribute `#[tokio::test]` [rust.unsupported.301]"},
        {"#[tokio::mian]\nasync fn main() {}",
         "t.rs:1:3: unknown attribute `tokio::mian`; did you mean \"tokio::main\"? [rust.parse.202]"},
        {"#[tokio::main(flavour = \"current_thread\")]\nasync fn main() {}",
         "t.rs:1:15: unknown argument `flavour` of `#[tokio::main]` (expected flavor, worker_threads or "
         "start_paused); did you mean \"flavor\"? [rust.parse.202]"},
        {"#[tokio::main(flavor = \"current_thred\")]\nasync fn main() {}",
         "t.rs:1:24: expected `flavor = \"current_thread\"` or `flavor = \"multi_thread\"`, got a string "
         "literal \"current_thred\"; did you mean \"current_thread\"? [rust.parse.202]"},
        {"#[tokio::main(flavor = \"current_thread\", worker_threads = 2)]\nasync fn main() {}",
         "t.rs:1:15: `worker_threads` needs the multi-thread runtime: write `flavor = \"multi_thread\"` (as "
         "tokio says) [rust.parse.202]"},
        {"#[tokio::main(flavor = \"multi_thread\", start_paused = true)]\nasync fn main() {}",
         "t.rs:1:15: `start_paused = true` needs `flavor = \"current_thread\"` (as tokio says) "
         "[rust.parse.202]"},
        {"#[tokio::main(worker_threads = 0)]\nasync fn main() {}",
         "t.rs:1:32: expected `worker_threads` to be an integer from 1 to 1024, got the integer `0` "
         "[rust.parse.202]"},
        {"#[tokio::main(start_paused = 1)]\nasync fn main() {}",
         "t.rs:1:30: expected `start_paused = true` or `false`, got the integer `1` [rust.parse.202]"},
        {"#[tokio::main]\nfn main() {}",
         "t.rs:1:1: `#[tokio::main]` goes on an `async fn`; `fn main` is not async [rust.parse.202]"},
        {"#[tokio::main]\n#[tokio::main]\nasync fn main() {}",
         "t.rs:2:1: `#[tokio::main]` is written twice [rust.parse.202]"},
        {"#[tokio::main]\nuse x::y;\nfn main() {}",
         "t.rs:1:1: `#[tokio::main]` goes on `async fn main`, not on `use` [rust.parse.202]"},
        {"async fn mian() {}",
         "t.rs:1:1: the program has no `fn main` (write `#[tokio::main] async fn main() { .. }`); is `fn "
         "mian` meant to be `fn main`? [rust.parse.205]"},
        {"",
         "t.rs:1:1: the program has no `fn main` (write `#[tokio::main] async fn main() { .. }`) "
         "[rust.parse.205]"},
        {"fn main() {}\nfn main() {}", "t.rs:2:4: the function `main` is defined twice [rust.parse.206]"},
        {"asyn fn main() {}",
         "t.rs:1:1: expected an item (`use`, `fn`, `async fn`, `const` or `static`), got `asyn`; did you "
         "mean \"async\"? [rust.parse.201]"},
        {"fn main() { ",
         "t.rs:1:13: expected `}` to close the block opened at 1:11, got the end of the file "
         "[rust.parse.201]"},
        {"fn main() }", "t.rs:1:11: expected `{` to start the body of `main`, got `}` [rust.parse.201]"},
        {"async move fn main() {}",
         "t.rs:1:7: expected `fn` after `async` (an `async move` block belongs inside a function), got "
         "`move` [rust.parse.201]"},
        {"static mut X: u32 = 0;\nfn main() {}",
         "t.rs:1:8: not supported: `static mut` [rust.unsupported.301]"},
        {"const N = 5;\nfn main() {}",
         "t.rs:1:9: expected `:` and a type after the constant's name (`const N: u32 = 5;`), got `=` "
         "[rust.parse.201]"},
        {"use crate::x;\nfn main() {}",
         "t.rs:1:5: not supported: `use crate::...` (modules) [rust.unsupported.301]"},
        {"use tokio::time::sleep\nfn main() {}",
         "t.rs:2:1: expected `;` after the `use` declaration, got `fn` [rust.parse.201]"},
        {"fn main(&self) {}", "t.rs:1:9: not supported: `self` parameters (methods) [rust.unsupported.301]"},
        {"fn main(x) {}",
         "t.rs:1:10: expected `:` and a type after the parameter (`name: u32`), got `)` [rust.parse.201]"},
        {"fn main() -> ! { loop {} }", "t.rs:1:14: not supported: the never type `!` [rust.unsupported.301]"},
        {"fn main() -> impl Future<Output = ()> {}",
         "t.rs:1:14: not supported: `impl Trait` types [rust.unsupported.301]"},
        {"fn main() { let x: *const u8 = p; }",
         "t.rs:1:20: not supported: raw pointers [rust.unsupported.301]"},
        {"fn main() { let f: fn(u32) = g; }",
         "t.rs:1:20: not supported: function pointer types [rust.unsupported.301]"},
        {"fn main() { let f: Box<Fn(u32)> = g; }",
         "t.rs:1:24: not supported: `Fn` trait types (closures) [rust.unsupported.301]"},
        {"println!(\"x\");",
         "t.rs:1:1: not supported: macro invocations outside a function (`println!`) [rust.unsupported.301]"},
        {"fn main() { let v: Vec<u32; 3> = x; }",
         "t.rs:1:27: expected `,` or `>` in the generic arguments, got `;` [rust.parse.201]"},
    };
    REQUIRE(cases.size() >= 60);
    for (const auto& [source, expected] : cases) {
        std::string program =
            source.rfind("B ", 0) == 0 ? "async fn main() {" + source.substr(2) + "}" : source;
        INFO(source);
        CHECK(error_of(program) == expected);
    }
}

TEST_CASE("a valid program of every construct parses with its doc title", "[rust_parse]") {
    const char* src = R"(#!/usr/bin/env rust-script
//! Producer and consumer
use std::sync::Arc;
use tokio::sync::{mpsc, Mutex};
use tokio::time::{sleep, Duration};

const LIMIT: u32 = 5;

async fn producer(tx: mpsc::Sender<u32>, n: u32) {
    for i in 0..n {
        if tx.send(i).await.is_err() { break; }
        sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, mut rx) = mpsc::channel::<u32>(1);
    let counter = Arc::new(Mutex::new(0u32));
    let producer = tokio::spawn(producer(tx.clone(), LIMIT));
    drop(tx);
    while let Some(v) = rx.recv().await {
        let mut guard = counter.lock().await;
        *guard += v;
    }
    producer.await.unwrap();
    println!("total {}", *counter.lock().await);
}
)";
    ParseResult r = parse_rust(src, "lesson.rs");
    REQUIRE(r.ok());
    CHECK(r.program().doc == "Producer and consumer");
    CHECK(r.program().path == "lesson.rs");
    CHECK(r.program().source == src);
    CHECK(r.program().items.size() == 6);
    const FnItem* main_fn = r.program().find_fn("main");
    REQUIRE(main_fn != nullptr);
    REQUIRE(main_fn->tokio_main.has_value());
    CHECK(main_fn->tokio_main->flavor == RuntimeFlavor::CurrentThread);
    CHECK(main_fn->body.stmts.size() == 7);
}

// Not run by default: `pollscope_tests "[.bench]"` prints the parse time of a 1 MB program.
TEST_CASE("parsing a 1 MB program", "[.bench]") {
    std::string src = "#[tokio::main]\nasync fn main() {}\n";
    for (int i = 0; src.size() < 1024 * 1024; ++i)
        src += "async fn worker" + std::to_string(i) +
               "(tx: mpsc::Sender<u32>, n: u32) -> u32 {\n    let mut total = 0u32;\n    for i in 0..n {\n"
               "        tx.send(i * 2 + 1).await.unwrap();\n        sleep(Duration::from_millis(5)).await;\n"
               "        if i % 3 == 0 { println!(\"tick {} {i}\", total); } else { total += i; }\n    }\n"
               "    match rx.recv().await { Some(v) => v, None => total }\n}\n";
    auto start = std::chrono::steady_clock::now();
    ParseResult r = parse_rust(src, "big.rs");
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(r.ok());
    WARN("parse_rust: " << src.size() << " bytes, " << r.program().items.size() << " items in " << ms
                        << " ms");
}
