#include "engine/rust/ast_dump.hpp"

#include <type_traits>

namespace ps::rust {

namespace {

std::string path_text(const Path& p) {
    std::string s;
    for (const PathSegment& seg : p.segments) {
        if (!s.empty()) s += "::";
        s += seg.name;
        if (!seg.generics.empty()) {
            s += "<";
            for (std::size_t i = 0; i < seg.generics.size(); ++i)
                s += (i ? ", " : "") + dump(seg.generics[i]);
            s += ">";
        }
    }
    return s;
}

std::string list(const std::vector<ExprPtr>& xs) {
    std::string s;
    for (const ExprPtr& x : xs) s += " " + dump(*x);
    return s;
}

std::string opt(const char* head, const ExprPtr& e) {
    return e ? std::string(" (") + head + " " + dump(*e) + ")" : "";
}

const char* unary_text(UnaryOp op) {
    switch (op) {
        case UnaryOp::Neg: return "-";
        case UnaryOp::Not: return "!";
        case UnaryOp::Deref: return "*";
        case UnaryOp::Ref: return "&";
        case UnaryOp::RefMut: return "&mut";
    }
    return "?";
}

std::string format_text(const FormatMacro& m) {
    std::string s = std::string("(") + format_macro_name(m.kind) + "!";
    if (m.format) {
        s += " \"";
        for (const FormatPiece& p : m.format->pieces) {
            if (!p.is_hole) {
                s += p.text;
                continue;
            }
            s += "{" + std::to_string(p.arg) + (p.spec.empty() && !p.debug ? "" : ":") + p.spec +
                 (p.debug ? "?" : "") + "}";
        }
        s += "\"";
    }
    for (std::size_t i = 0; i < m.args.size(); ++i)
        s += " " + (m.arg_names[i].empty() ? "" : m.arg_names[i] + "=") + dump(*m.args[i]);
    return s + ")";
}

struct ExprDumper {
    std::string operator()(const IntLit& x) const { return std::to_string(x.value) + x.suffix; }
    std::string operator()(const BoolLit& x) const { return x.value ? "true" : "false"; }
    std::string operator()(const StrLit& x) const { return "\"" + x.value + "\""; }
    std::string operator()(const CharLit& x) const { return "(char " + std::to_string(x.value) + ")"; }
    std::string operator()(const UnitExpr&) const { return "()"; }
    std::string operator()(const TupleExpr& x) const { return "(tuple" + list(x.elems) + ")"; }
    std::string operator()(const ArrayExpr& x) const { return "(array" + list(x.elems) + ")"; }
    std::string operator()(const PathExpr& x) const { return "(path " + path_text(x.path) + ")"; }
    std::string operator()(const CallExpr& x) const {
        return "(call " + dump(*x.callee) + list(x.args) + ")";
    }
    std::string operator()(const MethodCallExpr& x) const {
        std::string name = x.method.name;
        if (!x.method.generics.empty()) {
            name += "::<";
            for (std::size_t i = 0; i < x.method.generics.size(); ++i)
                name += (i ? ", " : "") + dump(x.method.generics[i]);
            name += ">";
        }
        return "(method " + name + " " + dump(*x.receiver) + list(x.args) + ")";
    }
    std::string operator()(const FieldExpr& x) const {
        return "(field " + x.name + " " + dump(*x.base) + ")";
    }
    std::string operator()(const TupleIndexExpr& x) const {
        return "(index ." + std::to_string(x.index) + " " + dump(*x.base) + ")";
    }
    std::string operator()(const IndexExpr& x) const {
        return "(index " + dump(*x.base) + " " + dump(*x.index) + ")";
    }
    std::string operator()(const UnaryExpr& x) const {
        return std::string("(") + unary_text(x.op) + " " + dump(*x.operand) + ")";
    }
    std::string operator()(const BinaryExpr& x) const {
        return std::string("(") + binary_op_text(x.op) + " " + dump(*x.lhs) + " " + dump(*x.rhs) + ")";
    }
    std::string operator()(const AssignExpr& x) const {
        std::string op = x.op ? std::string(binary_op_text(*x.op)) + "=" : "=";
        return "(" + op + " " + dump(*x.target) + " " + dump(*x.value) + ")";
    }
    std::string operator()(const CastExpr& x) const {
        return "(as " + dump(*x.value) + " " + dump(x.type) + ")";
    }
    std::string operator()(const RangeExpr& x) const {
        return std::string("(") + (x.inclusive ? "..=" : "..") + (x.lo ? " " + dump(*x.lo) : " _") +
               (x.hi ? " " + dump(*x.hi) : " _") + ")";
    }
    std::string operator()(const AwaitExpr& x) const { return "(await " + dump(*x.future) + ")"; }
    std::string operator()(const TryExpr& x) const { return "(? " + dump(*x.value) + ")"; }
    std::string operator()(const BlockExpr& x) const { return dump(x.block); }
    std::string operator()(const AsyncBlockExpr& x) const {
        return std::string("(async") + (x.is_move ? " move " : " ") + dump(x.block) + ")";
    }
    std::string operator()(const IfExpr& x) const {
        std::string head = x.pattern ? "(if-let " + dump(*x.pattern) + " " : "(if ";
        return head + dump(*x.cond) + " " + dump(x.then_block) +
               (x.else_branch ? " " + dump(*x.else_branch) : "") + ")";
    }
    std::string operator()(const WhileExpr& x) const {
        std::string head = x.pattern ? "(while-let " + dump(*x.pattern) + " " : "(while ";
        return head + (x.label.empty() ? "" : x.label + " ") + dump(*x.cond) + " " + dump(x.body) + ")";
    }
    std::string operator()(const LoopExpr& x) const {
        return "(loop " + (x.label.empty() ? "" : x.label + " ") + dump(x.body) + ")";
    }
    std::string operator()(const ForExpr& x) const {
        return "(for " + (x.label.empty() ? "" : x.label + " ") + dump(x.pattern) + " " + dump(*x.iter) +
               " " + dump(x.body) + ")";
    }
    std::string operator()(const MatchExpr& x) const {
        std::string s = "(match " + dump(*x.scrutinee);
        for (const MatchArm& a : x.arms)
            s += " (arm " + dump(a.pattern) + opt("if", a.guard) + " " + dump(*a.body) + ")";
        return s + ")";
    }
    std::string operator()(const BreakExpr& x) const {
        return "(break" + (x.label.empty() ? "" : " " + x.label) + (x.value ? " " + dump(*x.value) : "") +
               ")";
    }
    std::string operator()(const ContinueExpr& x) const {
        return "(continue" + (x.label.empty() ? "" : " " + x.label) + ")";
    }
    std::string operator()(const ReturnExpr& x) const {
        return "(return" + (x.value ? " " + dump(*x.value) : "") + ")";
    }
    std::string operator()(const FormatMacro& x) const { return format_text(x); }
    std::string operator()(const AssertMacro& x) const {
        const char* n = x.kind == AssertMacroKind::Assert     ? "assert!"
                        : x.kind == AssertMacroKind::AssertEq ? "assert_eq!"
                                                              : "assert_ne!";
        return std::string("(") + n + list(x.operands) +
               (x.message.format ? " " + format_text(x.message) : "") + ")";
    }
    std::string operator()(const VecMacro& x) const { return "(vec!" + list(x.elems) + ")"; }
    std::string operator()(const JoinMacro& x) const { return "(join!" + list(x.futures) + ")"; }
    std::string operator()(const SelectMacro& x) const {
        std::string s = x.biased ? "(select! biased" : "(select!";
        for (const SelectBranch& b : x.branches)
            s += " (" + dump(b.pattern) + " = " + dump(*b.future) + opt("if", b.guard) + " => " +
                 dump(*b.body) + ")";
        if (x.else_body) s += " (else => " + dump(*x.else_body) + ")";
        return s + ")";
    }
};

struct PatternDumper {
    std::string operator()(const WildcardPat&) const { return "_"; }
    std::string operator()(const IdentPat& p) const {
        return std::string(p.is_ref ? "ref " : "") + (p.is_mut ? "mut " : "") + p.name;
    }
    std::string operator()(const LiteralPat& p) const { return dump(*p.value); }
    std::string operator()(const TuplePat& p) const {
        std::string s = "(tuple";
        for (const Pattern& e : p.elems) s += " " + dump(e);
        return s + ")";
    }
    std::string operator()(const TupleStructPat& p) const {
        std::string s = "(" + path_text(p.path);
        for (const Pattern& e : p.elems) s += " " + dump(e);
        return s + ")";
    }
    std::string operator()(const PathPat& p) const { return path_text(p.path); }
    std::string operator()(const RangePat& p) const {
        return "(..= " + dump(*p.lo) + " " + dump(*p.hi) + ")";
    }
    std::string operator()(const OrPat& p) const {
        std::string s = "(or";
        for (const Pattern& e : p.alts) s += " " + dump(e);
        return s + ")";
    }
};

struct TypeDumper {
    std::string operator()(const PathType& t) const { return path_text(t.path); }
    std::string operator()(const TupleType& t) const {
        std::string s = "(";
        for (std::size_t i = 0; i < t.elems.size(); ++i) s += (i ? ", " : "") + dump(t.elems[i]);
        return s + (t.elems.size() == 1 ? ",)" : ")");
    }
    std::string operator()(const RefType& t) const {
        return std::string("&") + (t.is_static ? "'static " : "") + (t.is_mut ? "mut " : "") + dump(*t.inner);
    }
    std::string operator()(const ArrayType& t) const {
        return "[" + dump(*t.elem) + (t.len ? "; " + dump(*t.len) : "") + "]";
    }
    std::string operator()(const InferType&) const { return "_"; }
};

}  // namespace

std::string dump(const Expr& e) {
    return std::visit(ExprDumper{}, e.node);
}
std::string dump(const Pattern& p) {
    return std::visit(PatternDumper{}, p.node);
}
std::string dump(const Type& t) {
    return std::visit(TypeDumper{}, t.node);
}

std::string dump(const Stmt& s) {
    if (const LetStmt* let = std::get_if<LetStmt>(&s.node))
        return "(let " + dump(let->pattern) + (let->type ? " : " + dump(*let->type) : "") +
               (let->init ? " = " + dump(*let->init) : "") + ")";
    if (const ExprStmt* es = std::get_if<ExprStmt>(&s.node))
        return dump(*es->expr) + (es->semicolon ? ";" : "");
    return ";";
}

std::string dump(const Block& b) {
    std::string s = "{";
    for (const Stmt& st : b.stmts) s += " " + dump(st);
    if (b.tail) s += " " + dump(*b.tail);
    return s + " }";
}

std::string dump(const Item& item) {
    if (const UseItem* u = std::get_if<UseItem>(&item.node)) {
        std::string s = "(use";
        for (const UseEntry& e : u->entries) {
            std::string p;
            for (const std::string& seg : e.path) p += (p.empty() ? "" : "::") + seg;
            s += " " + p + (e.glob ? "::*" : (e.alias == e.path.back() ? "" : " as " + e.alias));
        }
        return s + ")";
    }
    if (const ConstItem* c = std::get_if<ConstItem>(&item.node))
        return std::string(c->is_static ? "(static " : "(const ") + c->name + " : " + dump(c->type) + " = " +
               dump(*c->value) + ")";
    const FnItem& f = std::get<FnItem>(item.node);
    std::string s = "(";
    if (f.tokio_main) {
        const TokioMainAttr& a = *f.tokio_main;
        s += "#[tokio::main";
        if (a.flavor != RuntimeFlavor::Default)
            s += a.flavor == RuntimeFlavor::CurrentThread ? " current_thread" : " multi_thread";
        if (a.worker_threads) s += " workers=" + std::to_string(*a.worker_threads);
        if (a.start_paused) s += *a.start_paused ? " paused" : " unpaused";
        s += "] ";
    }
    s += std::string(f.is_pub ? "pub " : "") + (f.is_async ? "async fn " : "fn ") + f.name + " (";
    for (std::size_t i = 0; i < f.params.size(); ++i)
        s += (i ? ", " : "") + dump(f.params[i].pattern) + ": " + dump(f.params[i].type);
    s += ")";
    if (f.ret) s += " -> " + dump(*f.ret);
    return s + " " + dump(f.body) + ")";
}

}  // namespace ps::rust
