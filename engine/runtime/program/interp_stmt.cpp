// Statements, blocks, control flow, places and patterns of the interpreter.
#include <limits>

#include "engine/runtime/program/interpreter.hpp"

namespace ps {

using namespace rust;

namespace {

bool is_borrow(const Expr& e) {
    const auto* u = e.get_if<UnaryExpr>();
    if (u) return u->op == UnaryOp::Ref || u->op == UnaryOp::RefMut;
    const auto* m = e.get_if<MethodCallExpr>();
    return m && (m->method.name == "iter" || m->method.name == "iter_mut");
}

}  // namespace

Co<Value> AsyncFnFuture::eval(const Expr& e) {
    count_step(e.span);
    switch (e.kind()) {
        case ExprKind::IntLit: {
            std::uint64_t v = e.as<IntLit>().value;
            if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                unsupported(e.span, "an integer above i64::MAX");
            co_return Value::integer(static_cast<std::int64_t>(v));
        }
        case ExprKind::BoolLit: co_return Value::boolean(e.as<BoolLit>().value);
        case ExprKind::StrLit: co_return Value::str(e.as<StrLit>().value);
        case ExprKind::CharLit: co_return Value{ValueKind::Char, e.as<CharLit>().value, {}, {}};
        case ExprKind::Unit: co_return Value::unit();
        case ExprKind::Tuple:
        case ExprKind::Array:
        case ExprKind::VecMacro: {
            const auto& elems = e.kind() == ExprKind::Tuple   ? e.as<TupleExpr>().elems
                                : e.kind() == ExprKind::Array ? e.as<ArrayExpr>().elems
                                                              : e.as<VecMacro>().elems;
            std::vector<Value> items;
            for (const auto& x : elems) items.push_back(co_await eval(*x));
            co_return e.kind() == ExprKind::Tuple ? Value::tuple(std::move(items))
                                                  : Value::vec(std::move(items));
        }
        case ExprKind::Path: co_return co_await eval_path(e);
        case ExprKind::Call: co_return co_await eval_call(e);
        case ExprKind::MethodCall: co_return co_await eval_method(e);
        case ExprKind::TupleIndex:
        case ExprKind::Index: co_return co_await eval_borrow(e);
        case ExprKind::Unary: co_return co_await eval_unary(e);
        case ExprKind::Binary: co_return co_await eval_binary(e);
        case ExprKind::Assign: co_return co_await eval_assign(e);
        case ExprKind::Cast: co_return co_await eval(*e.as<CastExpr>().value);
        case ExprKind::Block: co_return co_await eval_block(e.as<BlockExpr>().block);
        case ExprKind::If: co_return co_await eval_if(e);
        case ExprKind::While: co_return co_await eval_while(e);
        case ExprKind::Loop: co_return co_await eval_loop(e);
        case ExprKind::For: co_return co_await eval_for(e);
        case ExprKind::Match: co_return co_await eval_match(e);
        default: co_return co_await eval_more(e);
    }
}

Co<Value> AsyncFnFuture::eval_more(const Expr& e) {
    switch (e.kind()) {
        case ExprKind::Range: {
            const RangeExpr& r = e.as<RangeExpr>();
            if (!r.lo || !r.hi) unsupported(e.span, "a range without both ends");
            Value lo = co_await eval(*r.lo);
            Value hi = co_await eval(*r.hi);
            co_return Value{ValueKind::Range, r.inclusive ? 1 : 0, {}, {lo, hi}};
        }
        case ExprKind::Await: co_return co_await eval_await(e);
        case ExprKind::JoinMacro: co_return co_await eval_join(e);
        case ExprKind::SelectMacro: co_return co_await eval_select(e);
        case ExprKind::Try: {
            Value v = co_await eval(*e.as<TryExpr>().value);
            bool good = (v.kind == ValueKind::Result || v.kind == ValueKind::Option) && v.n == 1;
            if (v.kind != ValueKind::Result && v.kind != ValueKind::Option)
                unsupported(e.span, "`?` on this value");
            if (good) co_return std::move(v.items[0]);
            flow_ = Flow::Return;
            flow_value_ = std::move(v);
            co_return Value::unit();
        }
        case ExprKind::Break: {
            const BreakExpr& b = e.as<BreakExpr>();
            Value v;
            if (b.value) v = co_await eval(*b.value);
            flow_ = Flow::Break;
            flow_label_ = b.label;
            flow_value_ = std::move(v);
            co_return Value::unit();
        }
        case ExprKind::Continue:
            flow_ = Flow::Continue;
            flow_label_ = e.as<ContinueExpr>().label;
            co_return Value::unit();
        case ExprKind::Return: {
            const ReturnExpr& r = e.as<ReturnExpr>();
            Value v;
            if (r.value) v = co_await eval(*r.value);
            flow_ = Flow::Return;
            flow_value_ = std::move(v);
            co_return Value::unit();
        }
        case ExprKind::FormatMacro: co_return co_await eval_format_macro(e);
        case ExprKind::AssertMacro: co_return co_await eval_assert(e);
        case ExprKind::Field: unsupported(e.span, "fields (structs are not part of the subset)");
        case ExprKind::AsyncBlock:
            unsupported(
                e.span,
                "an async block that is not awaited, spawned, joined or selected where it is written");
        default: unsupported(e.span, std::string("the expression ") + expr_kind_name(e.kind()));
    }
}

Co<Value> AsyncFnFuture::eval_block(const Block& b) {
    const std::size_t mark = frame_->locals.size();
    Value result;
    for (const Stmt& s : b.stmts) {
        co_await exec_stmt(s);
        if (flow_ != Flow::None) break;
    }
    if (flow_ == Flow::None && b.tail) result = co_await eval(*b.tail);
    drop_scope(mark);
    co_return result;
}

Co<bool> AsyncFnFuture::exec_stmt(const Stmt& s) {
    const std::size_t temps = temporaries_.size();
    co_await exec_stmt_inner(s);
    drop_temporaries(temps);
    co_return true;
}

void AsyncFnFuture::drop_temporaries(std::size_t mark) {
    while (temporaries_.size() > mark) {
        program_.drop_value(temporaries_.back());
        temporaries_.pop_back();
    }
}

Co<bool> AsyncFnFuture::exec_stmt_inner(const Stmt& s) {
    if (s.kind() == StmtKind::Let) {
        const LetStmt& let = s.as<LetStmt>();
        if (!let.init) {
            bind(let.pattern, Value::moved(), true);
            co_return true;
        }
        Value v = co_await eval(*let.init);
        if (flow_ != Flow::None) {
            program_.drop_value(v);
            co_return true;
        }
        if (!matches(let.pattern, v)) panic(s.span, "refutable pattern in `let` did not match");
        bind(let.pattern, std::move(v), is_borrow(*let.init));
    } else if (s.kind() == StmtKind::Expr) {
        Value v = co_await eval(*s.as<ExprStmt>().expr);
        program_.drop_value(v);  // a temporary (a guard from `*m.lock().await += 1`) ends here
    }
    co_return true;
}

bool AsyncFnFuture::loop_body_done(const std::string& label) {
    if (flow_ == Flow::None) return false;
    if (flow_ == Flow::Return) return true;
    if (!flow_label_.empty() && flow_label_ != label) return true;  // aimed at an outer loop
    const bool brk = flow_ == Flow::Break;
    flow_ = Flow::None;
    flow_label_.clear();
    return brk;
}

Co<Value> AsyncFnFuture::eval_if(const Expr& e) {
    const IfExpr& x = e.as<IfExpr>();
    const std::size_t mark = frame_->locals.size();
    bool taken;
    if (x.pattern) {
        bool from_place = false;
        Value v = co_await scrutinee(*x.cond, from_place);
        taken = matches(*x.pattern, v);
        if (taken) bind(*x.pattern, std::move(v), from_place);
    } else {
        taken = (co_await eval(*x.cond)).truthy();
    }
    Value out;
    if (taken)
        out = co_await eval_block(x.then_block);
    else if (x.else_branch)
        out = co_await eval(*x.else_branch);
    drop_scope(mark);
    co_return out;
}

Co<Value> AsyncFnFuture::eval_while(const Expr& e) {
    const WhileExpr& w = e.as<WhileExpr>();
    for (;;) {
        co_await pause_if_over_limit();
        const std::size_t mark = frame_->locals.size();
        if (w.pattern) {
            bool from_place = false;
            Value v = co_await scrutinee(*w.cond, from_place);
            if (flow_ != Flow::None || !matches(*w.pattern, v)) {
                if (!from_place) program_.drop_value(v);
                break;
            }
            bind(*w.pattern, std::move(v), from_place);
        } else if (!(co_await eval(*w.cond)).truthy() || flow_ != Flow::None) {
            break;
        }
        co_await eval_block(w.body);
        drop_scope(mark);
        if (loop_body_done(w.label)) break;
    }
    co_return Value::unit();
}

Co<Value> AsyncFnFuture::eval_loop(const Expr& e) {
    const LoopExpr& l = e.as<LoopExpr>();
    for (;;) {
        co_await pause_if_over_limit();
        co_await eval_block(l.body);
        if (flow_ == Flow::Break && (flow_label_.empty() || flow_label_ == l.label)) {
            flow_ = Flow::None;
            flow_label_.clear();
            co_return std::move(flow_value_);
        }
        if (loop_body_done(l.label)) break;
    }
    co_return Value::unit();
}

Co<Value> AsyncFnFuture::eval_for(const Expr& e) {
    const ForExpr& f = e.as<ForExpr>();
    const bool borrowed = is_borrow(*f.iter);
    Value it;  // (no co_await inside ?: : GCC 12 destroys such temporaries twice)
    if (borrowed)
        it = co_await eval_borrow(*f.iter);
    else
        it = co_await eval(*f.iter);
    if (it.kind == ValueKind::Range) {
        if (it.items[0].kind != ValueKind::Int) unsupported(f.iter->span, "a range of non-integers");
        const std::int64_t end = it.items[1].n + it.n;  // inclusive: one more
        for (std::int64_t i = it.items[0].n; i < end; ++i) {
            co_await pause_if_over_limit();
            const std::size_t mark = frame_->locals.size();
            bind(f.pattern, Value::integer(i), false);
            co_await eval_block(f.body);
            drop_scope(mark);
            if (loop_body_done(f.label)) break;
        }
        co_return Value::unit();
    }
    if (it.kind != ValueKind::Vec)
        unsupported(f.iter->span, std::string("iterating over a ") + it.type_name());
    std::size_t i = 0;
    for (; i < it.items.size(); ++i) {
        co_await pause_if_over_limit();
        const std::size_t mark = frame_->locals.size();
        bind(f.pattern, std::move(it.items[i]), borrowed);
        co_await eval_block(f.body);
        drop_scope(mark);
        if (loop_body_done(f.label)) {
            ++i;
            break;
        }
    }
    if (!borrowed)
        for (; i < it.items.size(); ++i) program_.drop_value(it.items[i]);  // the rest of a consumed Vec
    co_return Value::unit();
}

Co<Value> AsyncFnFuture::eval_match(const Expr& e) {
    const MatchExpr& m = e.as<MatchExpr>();
    bool from_place = false;
    Value v = co_await scrutinee(*m.scrutinee, from_place);
    for (const MatchArm& arm : m.arms) {
        if (!matches(arm.pattern, v)) continue;
        const std::size_t mark = frame_->locals.size();
        if (arm.guard) {
            bind(arm.pattern, v, true);
            bool pass = (co_await eval(*arm.guard)).truthy();
            drop_scope(mark);
            if (!pass) continue;
        }
        bind(arm.pattern, std::move(v), from_place);
        Value out = co_await eval(*arm.body);
        drop_scope(mark);
        co_return out;
    }
    panic(e.span, "internal error: entered unreachable code: no match arm matched " + v.debug());
}

Co<Value> AsyncFnFuture::eval_path(const Expr& e) {
    const Path& p = e.as<PathExpr>().path;
    const std::string name = p.joined();
    if (p.segments.size() == 1) {
        if (Value* slot = lookup(name)) {
            if (slot->is_copy()) co_return *slot;
            co_return std::exchange(*slot, Value::moved());  // a move, as in Rust
        }
        auto c = code_.consts.find(name);
        if (c != code_.consts.end()) co_return co_await eval(*c->second->value);
    }
    if (name == "None" || name == "Option::None") co_return Value::none();
    if (name == "Duration::ZERO") co_return Value::duration(0);
    static const std::pair<const char*, std::int64_t> kLimits[] = {
        {"u8::MAX", 255},
        {"u16::MAX", 65535},
        {"u32::MAX", 4294967295},
        {"i32::MAX", 2147483647},
        {"i32::MIN", -2147483648LL},
        {"i64::MAX", std::numeric_limits<std::int64_t>::max()},
        {"i64::MIN", std::numeric_limits<std::int64_t>::min()}};
    for (const auto& [n, v] : kLimits)
        if (name == n) co_return Value::integer(v);
    unsupported(e.span, "the name `" + name + "`");
}

Co<Value> AsyncFnFuture::scrutinee(const Expr& e, bool& from_place) {
    Value* p = co_await place(e);
    from_place = p != nullptr;
    if (p) co_return *p;
    co_return co_await eval(e);
}

Co<Value> AsyncFnFuture::eval_borrow(const Expr& e) {
    Value* p = co_await place(e);
    if (p) co_return *p;
    co_return co_await eval(e);
}

Co<Value*> AsyncFnFuture::place(const Expr& e) {
    switch (e.kind()) {
        case ExprKind::Path: {
            const Path& p = e.as<PathExpr>().path;
            co_return p.segments.size() == 1 ? lookup(p.segments[0].name) : nullptr;
        }
        case ExprKind::TupleIndex: {
            Value* base = co_await place(*e.as<TupleIndexExpr>().base);
            std::uint32_t i = e.as<TupleIndexExpr>().index;
            if (!base || base->kind != ValueKind::Tuple || i >= base->items.size()) co_return nullptr;
            co_return &base->items[i];
        }
        case ExprKind::Index: {
            Value* base = co_await place(*e.as<IndexExpr>().base);
            if (!base || base->kind != ValueKind::Vec) co_return nullptr;
            Value i = co_await eval(*e.as<IndexExpr>().index);
            if (i.n < 0 || static_cast<std::size_t>(i.n) >= base->items.size())
                panic(e.span, "index out of bounds: the len is " + std::to_string(base->items.size()) +
                                  " but the index is " + std::to_string(i.n));
            co_return &base->items[static_cast<std::size_t>(i.n)];
        }
        case ExprKind::Unary: {
            const UnaryExpr& u = e.as<UnaryExpr>();
            if (u.op != UnaryOp::Deref && u.op != UnaryOp::Ref && u.op != UnaryOp::RefMut) co_return nullptr;
            Value* inner = co_await place(*u.operand);
            if (!inner &&
                u.op == UnaryOp::Deref) {  // `*m.lock().await`: the guard lives to the statement's end
                temporaries_.push_back(co_await eval(*u.operand));
                inner = &temporaries_.back();
            }
            if (inner && u.op == UnaryOp::Deref && inner->kind == ValueKind::Guard)
                co_return &program_.mutex_value(*inner);
            co_return inner;
        }
        default: co_return nullptr;
    }
}

Value* AsyncFnFuture::lookup(const std::string& name) {
    for (Frame* f = frame_; f; f = f->outer)
        for (auto it = f->locals.rbegin(); it != f->locals.rend(); ++it)
            if (it->name == name) return &it->value;
    return nullptr;
}

void AsyncFnFuture::push_local(std::string name, Value v, bool borrowed) {
    frame_->locals.push_back({std::move(name), std::move(v), borrowed});
}

bool AsyncFnFuture::matches(const Pattern& p, const Value& v) {
    switch (p.kind()) {
        case PatternKind::Wildcard:
        case PatternKind::Ident: return true;
        case PatternKind::Literal: {
            const Expr& lit = *p.as<LiteralPat>().value;
            Value want;
            if (const auto* i = lit.get_if<IntLit>())
                want = Value::integer(static_cast<std::int64_t>(i->value));
            else if (const auto* u = lit.get_if<UnaryExpr>(); u && u->operand->get_if<IntLit>())
                want = Value::integer(-static_cast<std::int64_t>(u->operand->as<IntLit>().value));
            else if (const auto* b = lit.get_if<BoolLit>())
                want = Value::boolean(b->value);
            else if (const auto* s = lit.get_if<StrLit>())
                want = Value::str(s->value);
            else if (const auto* c = lit.get_if<CharLit>())
                want = Value{ValueKind::Char, c->value, {}, {}};
            return want == v;
        }
        case PatternKind::Tuple: {
            const auto& elems = p.as<TuplePat>().elems;
            if (v.kind != ValueKind::Tuple && !(elems.empty() && v.kind == ValueKind::Unit)) return false;
            if (elems.size() != v.items.size()) return false;
            for (std::size_t i = 0; i < elems.size(); ++i)
                if (!matches(elems[i], v.items[i])) return false;
            return true;
        }
        case PatternKind::TupleStruct: {
            const TupleStructPat& t = p.as<TupleStructPat>();
            const std::string& name = t.path.segments.back().name;
            bool shape = (name == "Some" && v.kind == ValueKind::Option && v.n == 1) ||
                         (name == "Ok" && v.kind == ValueKind::Result && v.n == 1) ||
                         (name == "Err" && v.kind == ValueKind::Result && v.n == 0);
            return shape && t.elems.size() == 1 && matches(t.elems[0], v.items[0]);
        }
        case PatternKind::Path: {
            const std::string& name = p.as<PathPat>().path.segments.back().name;
            if (name == "None") return v.kind == ValueKind::Option && v.n == 0;
            unsupported(p.span, "the pattern `" + p.as<PathPat>().path.joined() + "`");
        }
        case PatternKind::Range: {
            const RangePat& r = p.as<RangePat>();
            auto bound = [](const Expr& x) {
                if (const auto* u = x.get_if<UnaryExpr>())
                    return -static_cast<std::int64_t>(u->operand->as<IntLit>().value);
                return static_cast<std::int64_t>(x.as<IntLit>().value);
            };
            return v.kind == ValueKind::Int && v.n >= bound(*r.lo) && v.n <= bound(*r.hi);
        }
        case PatternKind::Or:
            for (const Pattern& alt : p.as<OrPat>().alts)
                if (matches(alt, v)) return true;
            return false;
    }
    return false;
}

void AsyncFnFuture::bind(const Pattern& p, Value v, bool borrowed) {
    switch (p.kind()) {
        case PatternKind::Ident: push_local(p.as<IdentPat>().name, std::move(v), borrowed); return;
        case PatternKind::Wildcard:
            if (!borrowed) program_.drop_value(v);  // `let _ = expr;` drops at once
            return;
        case PatternKind::Tuple: {
            const auto& elems = p.as<TuplePat>().elems;
            for (std::size_t i = 0; i < elems.size() && i < v.items.size(); ++i)
                bind(elems[i], std::move(v.items[i]), borrowed);
            return;
        }
        case PatternKind::TupleStruct:
            if (!v.items.empty()) bind(p.as<TupleStructPat>().elems.at(0), std::move(v.items[0]), borrowed);
            return;
        case PatternKind::Or:
            for (const Pattern& alt : p.as<OrPat>().alts)
                if (matches(alt, v)) return bind(alt, std::move(v), borrowed);
            return;
        default: return;  // literals, None, ranges bind nothing
    }
}

void AsyncFnFuture::drop_scope(std::size_t mark) {
    while (frame_->locals.size() > mark) {
        Local& l = frame_->locals.back();
        if (!l.borrowed) program_.drop_value(l.value);
        frame_->locals.pop_back();
    }
}

void AsyncFnFuture::drop_all_locals() {
    drop_temporaries(0);
    drop_scope(0);
}

}  // namespace ps
