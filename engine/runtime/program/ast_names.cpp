#include "engine/runtime/program/ast_names.hpp"

namespace ps {

using namespace rust;

namespace {

void names_in(const Expr& e, std::set<std::string>& out);

void names_in(const ExprPtr& e, std::set<std::string>& out) {
    if (e) names_in(*e, out);
}

void names_in(const std::vector<ExprPtr>& list, std::set<std::string>& out) {
    for (const auto& e : list) names_in(e, out);
}

void names_in(const Expr& e, std::set<std::string>& out) {
    std::visit(
        [&](const auto& n) {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, PathExpr>) {
                if (n.path.segments.size() == 1) out.insert(n.path.segments[0].name);
            } else if constexpr (std::is_same_v<T, TupleExpr> || std::is_same_v<T, ArrayExpr> ||
                                 std::is_same_v<T, VecMacro>) {
                names_in(n.elems, out);
            } else if constexpr (std::is_same_v<T, CallExpr>) {
                names_in(n.callee, out);
                names_in(n.args, out);
            } else if constexpr (std::is_same_v<T, MethodCallExpr>) {
                names_in(n.receiver, out);
                names_in(n.args, out);
            } else if constexpr (std::is_same_v<T, FieldExpr> || std::is_same_v<T, TupleIndexExpr>) {
                names_in(n.base, out);
            } else if constexpr (std::is_same_v<T, IndexExpr>) {
                names_in(n.base, out);
                names_in(n.index, out);
            } else if constexpr (std::is_same_v<T, UnaryExpr>) {
                names_in(n.operand, out);
            } else if constexpr (std::is_same_v<T, BinaryExpr>) {
                names_in(n.lhs, out);
                names_in(n.rhs, out);
            } else if constexpr (std::is_same_v<T, AssignExpr>) {
                names_in(n.target, out);
                names_in(n.value, out);
            } else if constexpr (std::is_same_v<T, CastExpr> || std::is_same_v<T, TryExpr>) {
                names_in(n.value, out);
            } else if constexpr (std::is_same_v<T, RangeExpr>) {
                names_in(n.lo, out);
                names_in(n.hi, out);
            } else if constexpr (std::is_same_v<T, AwaitExpr>) {
                names_in(n.future, out);
            } else if constexpr (std::is_same_v<T, BlockExpr> || std::is_same_v<T, AsyncBlockExpr>) {
                names_used(n.block, out);
            } else if constexpr (std::is_same_v<T, IfExpr>) {
                names_in(n.cond, out);
                names_used(n.then_block, out);
                names_in(n.else_branch, out);
            } else if constexpr (std::is_same_v<T, WhileExpr>) {
                names_in(n.cond, out);
                names_used(n.body, out);
            } else if constexpr (std::is_same_v<T, LoopExpr>) {
                names_used(n.body, out);
            } else if constexpr (std::is_same_v<T, ForExpr>) {
                names_in(n.iter, out);
                names_used(n.body, out);
            } else if constexpr (std::is_same_v<T, MatchExpr>) {
                names_in(n.scrutinee, out);
                for (const MatchArm& a : n.arms) {
                    names_in(a.guard, out);
                    names_in(a.body, out);
                }
            } else if constexpr (std::is_same_v<T, BreakExpr> || std::is_same_v<T, ReturnExpr>) {
                names_in(n.value, out);
            } else if constexpr (std::is_same_v<T, FormatMacro>) {
                names_in(n.args, out);
            } else if constexpr (std::is_same_v<T, AssertMacro>) {
                names_in(n.operands, out);
                names_in(n.message.args, out);
            } else if constexpr (std::is_same_v<T, JoinMacro>) {
                names_in(n.futures, out);
            } else if constexpr (std::is_same_v<T, SelectMacro>) {
                for (const SelectBranch& b : n.branches) {
                    names_in(b.future, out);
                    names_in(b.guard, out);
                    names_in(b.body, out);
                }
                names_in(n.else_body, out);
            }
        },
        e.node);
}

}  // namespace

void names_used(const Block& block, std::set<std::string>& out) {
    for (const Stmt& s : block.stmts) {
        if (const auto* let = std::get_if<LetStmt>(&s.node))
            names_in(let->init, out);
        else if (const auto* es = std::get_if<ExprStmt>(&s.node))
            names_in(es->expr, out);
    }
    names_in(block.tail, out);
}

bool is_compute_path(const rust::Path& p) {
    const std::string j = p.joined();
    const std::string& last = p.segments.back().name;
    if (last == "compute") return p.segments.size() == 1 || j == "pollscope::compute";
    return j == "std::thread::sleep" || j == "thread::sleep";
}

const rust::CallExpr* prelude_chain_root(const rust::Expr& e, const char* type_name) {
    const rust::Expr* at = &e;
    while (const auto* m = at->get_if<rust::MethodCallExpr>()) at = m->receiver.get();
    const auto* call = at->get_if<rust::CallExpr>();
    const auto* callee = call ? call->callee->get_if<rust::PathExpr>() : nullptr;
    if (!callee) return nullptr;
    const auto& segs = callee->path.segments;
    if (segs.size() < 2 || segs.back().name != "new" || segs[segs.size() - 2].name != type_name)
        return nullptr;
    return call;
}

}  // namespace ps
