// The syntax tree of the Rust subset pollscope runs (issue 10): what `parse_rust` returns and the
// interpreter walks. Text only: no types are checked and no names are resolved here.
//
// Shape, for the interpreter's author:
//   - Plain structs. A node owns its children through std::unique_ptr (one child) and
//     std::vector (many); no arena, no indices, no parent pointers. Nodes are move-only.
//   - Each family (Expr, Stmt, Pattern, Type, Item) is one struct with a `span` and a
//     std::variant `node` holding the payload struct of its kind. `kind()` names the kind as an
//     enum whose order is the variant's order, so `switch (e.kind())` then
//     `std::get<CallExpr>(e.node)` (or `e.as<CallExpr>()`) is the usual way to read a node.
//   - Every node carries a Span: 1-based line and column (column in bytes) of its first byte,
//     and its byte range [begin, end) in Program::source, for highlighting.
//   - Macros are nodes of their own (FormatMacro, AssertMacro, VecMacro, JoinMacro,
//     SelectMacro); format strings arrive split into pieces and holes, each hole naming the
//     index of its argument (an inline `{name}` becomes a path argument appended to `args`).
//   - Integer literals keep their value (u64; a literal over u64::MAX is a parse error) and
//     their suffix ("" when none). String literals hold the decoded text (escapes applied).
//   - `if let` / `while let` are IfExpr / WhileExpr with a `pattern`; `else if` is an else
//     branch holding an IfExpr. Assignment (`=`, `+=`, ...) is an expression, as in Rust.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ps::rust {

struct Span {
    std::uint32_t line = 0;    // 1-based
    std::uint32_t column = 0;  // 1-based, in bytes
    std::uint32_t begin = 0;   // byte offset of the first byte in Program::source
    std::uint32_t end = 0;     // one past the last byte
};

struct Expr;
struct Pattern;
struct Type;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using PatternPtr = std::unique_ptr<Pattern>;
using TypePtr = std::unique_ptr<Type>;

// ---------------------------------------------------------------------------------------------
// Types: kept as written; the interpreter reads them only where they choose behaviour
// (`channel::<u32>`, a `let x: u64`). `&'static str` is the one lifetime accepted.

// One segment of a path with its generic arguments: `Sender<u32>`, `mpsc`, `channel::<u32>`.
struct PathSegment {
    std::string name;
    std::vector<Type> generics;  // empty when none were written
    Span span;
};

// `tokio::sync::mpsc::Sender<u32>`, `Duration::from_millis`, `x`, `None`.
struct Path {
    std::vector<PathSegment> segments;  // at least one
    Span span;
    std::string joined() const;  // "tokio::time::sleep" (generics left out)
};

struct PathType {
    Path path;
};
struct TupleType {
    std::vector<Type> elems;  // empty: the unit type `()`
};
struct RefType {
    bool is_mut = false;
    bool is_static = false;  // `&'static T`
    TypePtr inner;
};
struct ArrayType {  // `[T; N]` or a slice `[T]` (len absent)
    TypePtr elem;
    ExprPtr len;
};
struct InferType {};  // `_`

enum class TypeKind { Path, Tuple, Ref, Array, Infer };
struct Type {
    Span span;
    std::variant<PathType, TupleType, RefType, ArrayType, InferType> node;
    TypeKind kind() const { return static_cast<TypeKind>(node.index()); }
    template <class T>
    const T& as() const {
        return std::get<T>(node);
    }
};

// ---------------------------------------------------------------------------------------------
// Patterns: `_`, `x`, `mut x`, literals, `(a, b)`, `Some(p)`, `Ok(p)`, `Err(p)`, `None`,
// `p | q`.

struct WildcardPat {};
struct IdentPat {
    std::string name;
    bool is_mut = false;
    bool is_ref = false;  // `ref x`
};
struct LiteralPat {
    ExprPtr value;  // an IntLit (possibly negated: a UnaryExpr Neg), BoolLit, StrLit or CharLit
};
struct TuplePat {
    std::vector<Pattern> elems;  // `()` has none
};
struct TupleStructPat {  // `Some(x)`, `Ok(v)`, `Err(_)`
    Path path;
    std::vector<Pattern> elems;
};
struct PathPat {  // `None`, `Ordering::Less`
    Path path;
};
struct RangePat {  // `1..=5` (inclusive only, as in stable Rust patterns)
    ExprPtr lo;
    ExprPtr hi;
};
struct OrPat {
    std::vector<Pattern> alts;  // two or more
};

enum class PatternKind { Wildcard, Ident, Literal, Tuple, TupleStruct, Path, Range, Or };
struct Pattern {
    Span span;
    std::variant<WildcardPat, IdentPat, LiteralPat, TuplePat, TupleStructPat, PathPat, RangePat, OrPat> node;
    PatternKind kind() const { return static_cast<PatternKind>(node.index()); }
    template <class T>
    const T& as() const {
        return std::get<T>(node);
    }
};

// ---------------------------------------------------------------------------------------------
// Blocks and statements.

struct Block {
    std::vector<Stmt> stmts;
    ExprPtr tail;  // the final expression without `;` (the block's value), or null
    Span span;     // from `{` to `}`
};

struct LetStmt {
    Pattern pattern;
    TypePtr type;  // null when not written
    ExprPtr init;  // null for `let x;`
};
struct ExprStmt {
    ExprPtr expr;
    bool semicolon = false;  // `f();` vs a block-like `if .. {}` used as a statement
};
struct EmptyStmt {};  // a lone `;`

enum class StmtKind { Let, Expr, Empty };
struct Stmt {
    Span span;
    std::variant<LetStmt, ExprStmt, EmptyStmt> node;
    StmtKind kind() const { return static_cast<StmtKind>(node.index()); }
    template <class T>
    const T& as() const {
        return std::get<T>(node);
    }
};

// ---------------------------------------------------------------------------------------------
// Expressions.

struct IntLit {
    std::uint64_t value = 0;
    std::string suffix;  // "u32", "usize", ... or "" when none
};
struct BoolLit {
    bool value = false;
};
struct StrLit {
    std::string value;  // decoded (escapes applied; raw strings as written)
};
struct CharLit {
    std::uint32_t value = 0;  // the Unicode scalar value
};
struct UnitExpr {};  // `()`
struct TupleExpr {
    std::vector<ExprPtr> elems;  // two or more, or one with a trailing comma `(x,)`
};
struct ArrayExpr {
    std::vector<ExprPtr> elems;
};
struct PathExpr {
    Path path;  // `x`, `None`, `Duration::from_millis`, `mpsc::channel::<u32>`
};
struct CallExpr {
    ExprPtr callee;  // usually a PathExpr
    std::vector<ExprPtr> args;
};
struct MethodCallExpr {
    ExprPtr receiver;
    PathSegment method;  // name, turbofish generics (`collect::<Vec<_>>`), span of the name
    std::vector<ExprPtr> args;
};
struct FieldExpr {
    ExprPtr base;
    std::string name;
};
struct TupleIndexExpr {  // `pair.0`
    ExprPtr base;
    std::uint32_t index = 0;
};
struct IndexExpr {  // `v[i]`
    ExprPtr base;
    ExprPtr index;
};

enum class UnaryOp { Neg, Not, Deref, Ref, RefMut };
struct UnaryExpr {
    UnaryOp op = UnaryOp::Neg;
    ExprPtr operand;
};

enum class BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or
};
const char* binary_op_text(BinaryOp op);  // "+", "==", "&&", ...
struct BinaryExpr {
    BinaryOp op = BinaryOp::Add;
    ExprPtr lhs;
    ExprPtr rhs;
};
struct AssignExpr {
    std::optional<BinaryOp> op;  // none for `=`; Add for `+=`, ... (arithmetic and bit ops only)
    ExprPtr target;              // a place: `x`, `*guard`, `v[i]`, `pair.0`
    ExprPtr value;
};
struct CastExpr {  // `i as u64`
    ExprPtr value;
    Type type;
};
struct RangeExpr {  // `a..b`, `a..=b`, `a..`, `..b`, `..`
    ExprPtr lo;     // null when absent
    ExprPtr hi;     // null when absent
    bool inclusive = false;
};
struct AwaitExpr {
    ExprPtr future;
};
struct TryExpr {  // `expr?`
    ExprPtr value;
};
struct BlockExpr {
    Block block;
};
struct AsyncBlockExpr {
    bool is_move = false;
    Block block;
};
struct IfExpr {
    PatternPtr pattern;  // set for `if let PAT = cond`
    ExprPtr cond;
    Block then_block;
    ExprPtr else_branch;  // null, a BlockExpr (`else { }`) or an IfExpr (`else if`)
};
struct WhileExpr {
    std::string label;   // "'outer" or ""
    PatternPtr pattern;  // set for `while let PAT = cond`
    ExprPtr cond;
    Block body;
};
struct LoopExpr {
    std::string label;
    Block body;
};
struct ForExpr {
    std::string label;
    Pattern pattern;
    ExprPtr iter;  // a RangeExpr, an ArrayExpr, a VecMacro, a path to a Vec, `&v`, ...
    Block body;
};
struct MatchArm {
    Pattern pattern;
    ExprPtr guard;  // `if cond`, or null
    ExprPtr body;
    Span span;
};
struct MatchExpr {
    ExprPtr scrutinee;
    std::vector<MatchArm> arms;
};
struct BreakExpr {
    std::string label;
    ExprPtr value;  // `break value` in a `loop`, or null
};
struct ContinueExpr {
    std::string label;
};
struct ReturnExpr {
    ExprPtr value;  // null for a bare `return`
};

// Format strings: `"got {} and {:?} from {name}"` -> pieces "got ", hole 0, " and ", hole 1 debug,
// " from ", hole 2 (args[2] is the path `name`, added by the parser).
struct FormatPiece {
    bool is_hole = false;
    std::string text;       // literal text ({{ and }} already unescaped) when !is_hole
    std::uint32_t arg = 0;  // index into the macro's args when is_hole
    bool debug = false;     // `{:?}` or `{:#?}`
    std::string spec;       // what followed ':' minus the `?`, e.g. ">5", "#", "" (kept as written)
    Span span;              // of the hole (or literal run) inside the string literal
};
struct FormatString {
    std::vector<FormatPiece> pieces;
    Span span;  // of the string literal
};

enum class FormatMacroKind { Println, Eprintln, Print, Eprint, Format, Panic, Unreachable, Todo };
const char* format_macro_name(FormatMacroKind k);  // "println", ...
struct FormatMacro {
    FormatMacroKind kind = FormatMacroKind::Println;
    std::optional<FormatString> format;  // absent for `println!()` / `panic!()`
    std::vector<ExprPtr> args;           // positional, then named (`x = 5`), then inline captures
    std::vector<std::string> arg_names;  // parallel to args: "" for positional
};

enum class AssertMacroKind { Assert, AssertEq, AssertNe };
struct AssertMacro {
    AssertMacroKind kind = AssertMacroKind::Assert;
    std::vector<ExprPtr> operands;  // one for assert!, two for assert_eq!/assert_ne!
    FormatMacro message;            // kind Panic; `format` absent when no message was given
};

struct VecMacro {
    std::vector<ExprPtr> elems;  // `vec![a, b]`; `vec![x; n]` is refused
};
struct JoinMacro {  // `tokio::join!(a, b, ..)`
    std::vector<ExprPtr> futures;
};
struct SelectBranch {
    Pattern pattern;  // `v` in `v = rx.recv() => ..`; `_` when written so
    ExprPtr future;
    ExprPtr guard;  // `, if cond` precondition, or null
    ExprPtr body;
    Span span;
};
struct SelectMacro {  // `tokio::select! { biased; PAT = FUT => EXPR, ..., else => EXPR }`
    bool biased = false;
    std::vector<SelectBranch> branches;
    ExprPtr else_body;  // null when there is no `else` branch
};

enum class ExprKind {
    IntLit,
    BoolLit,
    StrLit,
    CharLit,
    Unit,
    Tuple,
    Array,
    Path,
    Call,
    MethodCall,
    Field,
    TupleIndex,
    Index,
    Unary,
    Binary,
    Assign,
    Cast,
    Range,
    Await,
    Try,
    Block,
    AsyncBlock,
    If,
    While,
    Loop,
    For,
    Match,
    Break,
    Continue,
    Return,
    FormatMacro,
    AssertMacro,
    VecMacro,
    JoinMacro,
    SelectMacro
};
const char* expr_kind_name(ExprKind k);  // "IntLit", ... (for tests and debugging)

struct Expr {
    Span span;
    std::variant<IntLit, BoolLit, StrLit, CharLit, UnitExpr, TupleExpr, ArrayExpr, PathExpr, CallExpr,
                 MethodCallExpr, FieldExpr, TupleIndexExpr, IndexExpr, UnaryExpr, BinaryExpr, AssignExpr,
                 CastExpr, RangeExpr, AwaitExpr, TryExpr, BlockExpr, AsyncBlockExpr, IfExpr, WhileExpr,
                 LoopExpr, ForExpr, MatchExpr, BreakExpr, ContinueExpr, ReturnExpr, FormatMacro, AssertMacro,
                 VecMacro, JoinMacro, SelectMacro>
        node;
    ExprKind kind() const { return static_cast<ExprKind>(node.index()); }
    template <class T>
    const T& as() const {
        return std::get<T>(node);
    }
    template <class T>
    const T* get_if() const {
        return std::get_if<T>(&node);
    }
};

// ---------------------------------------------------------------------------------------------
// Items.

// `use tokio::sync::{mpsc, Mutex as M};` flattens to one UseEntry per imported name.
struct UseEntry {
    std::vector<std::string> path;  // {"tokio", "sync", "mpsc"}; for a glob, the module's path
    std::string alias;              // the name bound in scope: last segment, or the `as` name
    bool glob = false;              // `use tokio::sync::*;` (alias empty)
    Span span;
};
struct UseItem {
    std::vector<UseEntry> entries;
};

enum class RuntimeFlavor { Default, CurrentThread, MultiThread };
// `#[tokio::main]`, `#[tokio::main(flavor = "multi_thread", worker_threads = 4, start_paused = true)]`.
struct TokioMainAttr {
    RuntimeFlavor flavor = RuntimeFlavor::Default;  // tokio's default for #[tokio::main] is multi_thread
    std::optional<std::uint32_t> worker_threads;
    std::optional<bool> start_paused;
    Span span;
};

struct Param {
    Pattern pattern;  // usually an IdentPat (`mut x` allowed), `_`, or a tuple
    Type type;
    Span span;
};
struct FnItem {
    std::string name;
    bool is_async = false;
    bool is_pub = false;
    std::optional<TokioMainAttr> tokio_main;
    std::vector<Param> params;
    TypePtr ret;  // null for `()` not written
    Block body;
    Span name_span;
};
struct ConstItem {  // `const N: u32 = 5;` (also `static` without `mut`)
    std::string name;
    Type type;
    ExprPtr value;
    bool is_static = false;
};

enum class ItemKind { Use, Fn, Const };
struct Item {
    Span span;
    std::variant<UseItem, FnItem, ConstItem> node;
    ItemKind kind() const { return static_cast<ItemKind>(node.index()); }
    template <class T>
    const T& as() const {
        return std::get<T>(node);
    }
};

// The root: one parsed .rs file.
struct Program {
    std::string path;    // as given to parse_rust (shown in errors)
    std::string source;  // the text as read (BOM and CR bytes kept: spans index this text)
    std::string doc;     // the `//!` inner doc comments, one line each, leading space trimmed
    std::vector<Item> items;

    const FnItem* find_fn(const std::string& name) const;  // null when absent
};

}  // namespace ps::rust
