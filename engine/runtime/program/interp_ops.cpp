// Operators, assignment and the formatting macros of the interpreter.
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/program/interpreter.hpp"

namespace ps {

using namespace rust;

namespace {

bool both(const Value& a, const Value& b, ValueKind k) {
    return a.kind == k && b.kind == k;
}

// Applies a format spec (`>5`, `05`, `<3`, `^7`, `.2` is ignored) to text.
std::string pad(std::string text, const std::string& spec) {
    std::size_t i = 0;
    char fill = ' ', align = 0;
    if (spec.size() >= 2 && (spec[1] == '<' || spec[1] == '>' || spec[1] == '^')) {
        fill = spec[0];
        align = spec[1];
        i = 2;
    } else if (!spec.empty() && (spec[0] == '<' || spec[0] == '>' || spec[0] == '^')) {
        align = spec[0];
        i = 1;
    }
    bool zero = false;
    if (i < spec.size() && spec[i] == '0') {
        zero = true;
        ++i;
    }
    std::size_t width = 0;
    for (; i < spec.size() && spec[i] >= '0' && spec[i] <= '9'; ++i)
        width = width * 10 + static_cast<std::size_t>(spec[i] - '0');
    if (text.size() >= width) return text;
    std::size_t missing = width - text.size();
    if (zero && !align) {
        std::size_t at = !text.empty() && text[0] == '-' ? 1 : 0;
        return text.insert(at, missing, '0');
    }
    if (align == '^') return std::string(missing / 2, fill) + text + std::string(missing - missing / 2, fill);
    if (align == '<' || (!align && !text.empty() && !(text[0] >= '0' && text[0] <= '9') && text[0] != '-'))
        return text + std::string(missing, fill);
    return std::string(missing, fill) + text;
}

}  // namespace

Value AsyncFnFuture::arith(BinaryOp op, const Value& a, const Value& b, const Span& at) {
    using B = BinaryOp;
    if (both(a, b, ValueKind::Int)) {
        std::int64_t r = 0;
        switch (op) {
            case B::Add:
                if (__builtin_add_overflow(a.n, b.n, &r)) panic(at, "attempt to add with overflow");
                return Value::integer(r);
            case B::Sub:
                if (__builtin_sub_overflow(a.n, b.n, &r)) panic(at, "attempt to subtract with overflow");
                return Value::integer(r);
            case B::Mul:
                if (__builtin_mul_overflow(a.n, b.n, &r)) panic(at, "attempt to multiply with overflow");
                return Value::integer(r);
            case B::Div:
            case B::Rem:
                if (b.n == 0)
                    panic(at, op == B::Div ? "attempt to divide by zero"
                                           : "attempt to calculate the remainder with a divisor of zero");
                return Value::integer(op == B::Div ? a.n / b.n : a.n % b.n);
            case B::BitAnd: return Value::integer(a.n & b.n);
            case B::BitOr: return Value::integer(a.n | b.n);
            case B::BitXor: return Value::integer(a.n ^ b.n);
            case B::Shl:
                return Value::integer(
                    static_cast<std::int64_t>(static_cast<std::uint64_t>(a.n) << (b.n & 63)));
            case B::Shr: return Value::integer(a.n >> (b.n & 63));
            default: break;
        }
    }
    const bool dur = a.kind == ValueKind::Duration, inst = a.kind == ValueKind::Instant;
    if ((dur || inst) && b.kind == ValueKind::Duration && (op == B::Add || op == B::Sub))
        return Value{a.kind, op == B::Add ? a.n + b.n : a.n - b.n, {}, {}};
    if (inst && b.kind == ValueKind::Instant && op == B::Sub)
        return Value::duration(a.n > b.n ? a.n - b.n : 0);
    if (dur && b.kind == ValueKind::Int && (op == B::Mul || op == B::Div)) {
        if (op == B::Div && b.n == 0) panic(at, "attempt to divide by zero");
        return Value::duration(op == B::Mul ? a.n * b.n : a.n / b.n);
    }
    if (a.kind == ValueKind::Int && b.kind == ValueKind::Duration && op == B::Mul)
        return Value::duration(a.n * b.n);
    if (both(a, b, ValueKind::Bool) && (op == B::BitAnd || op == B::BitOr || op == B::BitXor)) {
        bool r = op == B::BitAnd ? (a.n && b.n) : op == B::BitOr ? (a.n || b.n) : (a.n != b.n);
        return Value::boolean(r);
    }
    unsupported(at,
                std::string("`") + binary_op_text(op) + "` on " + a.type_name() + " and " + b.type_name());
}

Co<Value> AsyncFnFuture::eval_unary(const Expr& e) {
    const UnaryExpr& u = e.as<UnaryExpr>();
    switch (u.op) {
        case UnaryOp::Ref:
        case UnaryOp::RefMut: co_return co_await eval_borrow(*u.operand);
        case UnaryOp::Deref: {
            Value* p = co_await place(e);
            if (!p) unsupported(e.span, "this dereference");
            co_return *p;
        }
        case UnaryOp::Neg: {
            Value v = co_await eval(*u.operand);
            if (v.kind != ValueKind::Int) unsupported(e.span, std::string("`-` on ") + v.type_name());
            co_return Value::integer(-v.n);
        }
        case UnaryOp::Not: {
            Value v = co_await eval(*u.operand);
            if (v.kind == ValueKind::Bool) co_return Value::boolean(!v.n);
            if (v.kind == ValueKind::Int) co_return Value::integer(~v.n);
            unsupported(e.span, std::string("`!` on ") + v.type_name());
        }
    }
    co_return Value::unit();
}

Co<Value> AsyncFnFuture::eval_binary(const Expr& e) {
    const BinaryExpr& b = e.as<BinaryExpr>();
    using B = BinaryOp;
    if (b.op == B::And || b.op == B::Or) {
        bool left = (co_await eval(*b.lhs)).truthy();
        if (b.op == B::And ? !left : left) co_return Value::boolean(left);
        co_return Value::boolean((co_await eval(*b.rhs)).truthy());
    }
    Value l = co_await eval_borrow(*b.lhs);
    Value r = co_await eval_borrow(*b.rhs);
    switch (b.op) {
        case B::Eq: co_return Value::boolean(l == r);
        case B::Ne: co_return Value::boolean(l != r);
        case B::Lt: co_return Value::boolean(compare_values(l, r) < 0);
        case B::Le: co_return Value::boolean(compare_values(l, r) <= 0);
        case B::Gt: co_return Value::boolean(compare_values(l, r) > 0);
        case B::Ge: co_return Value::boolean(compare_values(l, r) >= 0);
        default: co_return arith(b.op, l, r, e.span);
    }
}

Co<Value> AsyncFnFuture::eval_assign(const Expr& e) {
    const AssignExpr& a = e.as<AssignExpr>();
    // (no co_await inside ?: : GCC 12 destroys such temporaries twice)
    Value v;
    if (a.op)
        v = co_await eval_borrow(*a.value);
    else
        v = co_await eval(*a.value);
    Value* p = co_await place(*a.target);
    if (!p) unsupported(a.target->span, "assigning to this expression");
    if (a.op) {
        *p = arith(*a.op, *p, v, e.span);
    } else {
        program_.drop_value(*p);  // the old value is dropped by the assignment
        *p = std::move(v);
    }
    co_return Value::unit();
}

Co<std::string> AsyncFnFuture::format(const FormatMacro& m) {
    std::vector<Value> args;
    for (const auto& a : m.args) args.push_back(co_await eval_borrow(*a));
    std::string out;
    if (!m.format) co_return out;
    for (const FormatPiece& piece : m.format->pieces) {
        if (!piece.is_hole) {
            out += piece.text;
            continue;
        }
        if (piece.arg >= args.size()) unsupported(piece.span, "a format argument that is missing");
        const Value& v = args[piece.arg];
        out += pad(piece.debug ? v.debug() : v.display(), piece.spec);
    }
    co_return out;
}

Co<Value> AsyncFnFuture::eval_format_macro(const Expr& e) {
    const FormatMacro& m = e.as<FormatMacro>();
    std::string text = co_await format(m);
    switch (m.kind) {
        case FormatMacroKind::Println:
        case FormatMacroKind::Print: env_.print(task_, false, std::move(text)); break;
        case FormatMacroKind::Eprintln:
        case FormatMacroKind::Eprint: env_.print(task_, true, std::move(text)); break;
        case FormatMacroKind::Format: co_return Value::str(std::move(text));
        case FormatMacroKind::Panic: panic(e.span, m.format ? text : "explicit panic");
        case FormatMacroKind::Unreachable:
            panic(e.span, "internal error: entered unreachable code" + (m.format ? ": " + text : ""));
        case FormatMacroKind::Todo: panic(e.span, "not yet implemented" + (m.format ? ": " + text : ""));
    }
    co_return Value::unit();
}

Co<Value> AsyncFnFuture::eval_assert(const Expr& e) {
    const AssertMacro& a = e.as<AssertMacro>();
    std::string failure;
    if (a.kind == AssertMacroKind::Assert) {
        if ((co_await eval(*a.operands.at(0))).truthy()) co_return Value::unit();
        failure = "assertion failed: " + code_.text_of(a.operands[0]->span);
    } else {
        Value l = co_await eval_borrow(*a.operands.at(0));
        Value r = co_await eval_borrow(*a.operands.at(1));
        const bool eq = a.kind == AssertMacroKind::AssertEq;
        if ((l == r) == eq) co_return Value::unit();
        failure = std::string("assertion `left ") + (eq ? "==" : "!=") + " right` failed";
        if (a.message.format) failure += ": " + co_await format(a.message);
        failure += "\n  left: " + l.debug() + "\n right: " + r.debug();
        panic(e.span, failure);
    }
    if (a.message.format) failure = co_await format(a.message);
    panic(e.span, failure);
}

}  // namespace ps
