#include "engine/rust/ast.hpp"

namespace ps::rust {

std::string Path::joined() const {
    std::string s;
    for (const PathSegment& seg : segments) {
        if (!s.empty()) s += "::";
        s += seg.name;
    }
    return s;
}

const char* binary_op_text(BinaryOp op) {
    static const char* const kText[] = {"+",  "-",  "*",  "/", "%",  "&", "|",  "^",  "<<",
                                        ">>", "==", "!=", "<", "<=", ">", ">=", "&&", "||"};
    return kText[static_cast<int>(op)];
}

const char* format_macro_name(FormatMacroKind k) {
    static const char* const kNames[] = {"println", "eprintln", "print",       "eprint",
                                         "format",  "panic",    "unreachable", "todo"};
    return kNames[static_cast<int>(k)];
}

const char* expr_kind_name(ExprKind k) {
    static const char* const kNames[] = {
        "IntLit",     "BoolLit", "StrLit",      "CharLit",     "Unit",       "Tuple",     "Array",
        "Path",       "Call",    "MethodCall",  "Field",       "TupleIndex", "Index",     "Unary",
        "Binary",     "Assign",  "Cast",        "Range",       "Await",      "Try",       "Block",
        "AsyncBlock", "If",      "While",       "Loop",        "For",        "Match",     "Break",
        "Continue",   "Return",  "FormatMacro", "AssertMacro", "VecMacro",   "JoinMacro", "SelectMacro"};
    static_assert(sizeof(kNames) / sizeof(kNames[0]) == std::variant_size_v<decltype(Expr::node)>);
    return kNames[static_cast<int>(k)];
}

const FnItem* Program::find_fn(const std::string& name) const {
    for (const Item& item : items)
        if (const FnItem* f = std::get_if<FnItem>(&item.node); f && f->name == name) return f;
    return nullptr;
}

}  // namespace ps::rust
