// Await points of the interpreter: the future each one builds, and the suspension itself.
#include "engine/runtime/executor.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/program/value_futures.hpp"

namespace ps {

using namespace rust;

const FutureSpec& AsyncFnFuture::await_node(const Expr& e) {
    auto it = code_.await_index.find(&e);
    if (it == code_.await_index.end() || it->second >= spec_.children.size())
        unsupported(e.span, "this await point here");
    return spec_.children[it->second];
}

Co<Value> AsyncFnFuture::eval_await(const Expr& e) {
    const FutureSpec& node = await_node(e);
    Operand op = co_await make_operand(*e.as<AwaitExpr>().future, node);
    co_return co_await await_operand(std::move(op), code_.await_index.at(&e));
}

Co<Value> AsyncFnFuture::eval_join(const Expr& e) {
    const FutureSpec& node = await_node(e);
    const auto& futures = e.as<JoinMacro>().futures;
    std::vector<Operand> ops;
    for (std::size_t i = 0; i < futures.size(); ++i)
        ops.push_back(co_await make_operand(*futures[i], node.children[i]));
    auto join = std::make_unique<ValueJoin>(env_, node, task_, std::move(ops));
    ValueJoin* raw = join.get();
    Operand op{nullptr, std::move(join), [raw](std::int64_t) { return raw->take(); }};
    co_return co_await await_operand(std::move(op), code_.await_index.at(&e));
}

Co<Value> AsyncFnFuture::eval_select(const Expr& e) {
    const FutureSpec& node = await_node(e);
    const SelectMacro& s = e.as<SelectMacro>();
    std::vector<Operand> ops(s.branches.size());
    for (std::size_t i = 0; i < s.branches.size(); ++i) {
        const SelectBranch& b = s.branches[i];
        if (b.guard && !(co_await eval(*b.guard)).truthy()) continue;  // precondition false: disabled
        ops[i] = co_await make_operand(*b.future, node.children[i]);
    }
    auto accept = [this, &s](std::size_t i, const Value& v) { return matches(s.branches[i].pattern, v); };
    auto select = std::make_unique<ValueSelect>(env_, node, task_, std::move(ops), accept);
    ValueSelect* raw = select.get();
    Operand op{nullptr, std::move(select), [raw](std::int64_t) { return raw->take(); }};
    Value won = co_await await_operand(std::move(op), code_.await_index.at(&e));
    if (won.kind != ValueKind::Tuple) {
        if (!s.else_body) panic(e.span, "all branches are disabled and there is no else branch");
        co_return co_await eval(*s.else_body);
    }
    const SelectBranch& b = s.branches.at(static_cast<std::size_t>(won.items[0].n));
    const std::size_t mark = frame_->locals.size();
    bind(b.pattern, std::move(won.items[1]), false);
    Value out = co_await eval(*b.body);
    drop_scope(mark);
    co_return out;
}

Co<Operand> AsyncFnFuture::make_operand(const Expr& e, const FutureSpec& node) {
    if (node.kind == FutureKind::AsyncFn) {
        const std::size_t body = code_.body_of.at(&e);
        const ProgramCode::Body& b = code_.bodies.at(body);
        std::unique_ptr<Frame> frame;
        if (b.fn || b.is_move) frame = co_await frame_for(e, body);
        Frame* outer = frame ? nullptr : frame_;
        auto child = std::make_unique<AsyncFnFuture>(env_, node, task_, std::move(frame), outer);
        AsyncFnFuture* raw = child.get();
        co_return Operand{nullptr, std::move(child), [raw](std::int64_t) { return raw->take_result(); }};
    }
    if (node.kind == FutureKind::Timeout) {
        const auto& args = e.as<CallExpr>().args;
        Value d = co_await eval(*args[0]);
        if (d.kind != ValueKind::Duration) unsupported(args[0]->span, "a timeout that is not a Duration");
        Operand inner = co_await make_operand(*args[1], node.children.at(0));
        auto t = std::make_unique<ValueTimeout>(env_, node, task_, d.n, std::move(inner));
        ValueTimeout* raw = t.get();
        co_return Operand{nullptr, std::move(t), [raw](std::int64_t) { return raw->take(); }};
    }
    co_return co_await leaf_operand(e, node);
}

Operand AsyncFnFuture::leaf(const FutureSpec& node, FutureKind kind, std::function<void(FutureSpec&)> fill,
                            std::function<Value(std::int64_t)> decode) {
    Operand op;
    op.spec = std::make_unique<FutureSpec>();
    op.spec->kind = kind;
    op.spec->label = node.label;
    op.spec->pos = node.pos;
    op.spec->origin = &node;
    if (fill) fill(*op.spec);
    op.future = make_future(env_, *op.spec, task_);
    op.decode = std::move(decode);
    return op;
}

Co<Operand> AsyncFnFuture::leaf_operand(const Expr& e, const FutureSpec& node) {
    auto unit = [](std::int64_t) { return Value::unit(); };
    const auto* call = e.get_if<CallExpr>();
    const auto* method = e.get_if<MethodCallExpr>();
    if (node.kind == FutureKind::Scripted) co_return co_await scripted_operand(e, node);
    if (call) {  // sleep, sleep_until, yield_now, ready
        std::vector<Value> args = co_await eval_args(call->args);
        const std::string& last = call->callee->as<PathExpr>().path.segments.back().name;
        if (node.kind == FutureKind::YieldNow) co_return leaf(node, FutureKind::YieldNow, nullptr, unit);
        if (args.empty()) unsupported(e.span, "`" + last + "()` without an argument");
        if (node.kind == FutureKind::Ready) {
            std::int64_t wire = program_.to_wire(std::move(args[0]));
            co_return leaf(
                node, FutureKind::Ready, [wire](FutureSpec& s) { s.amount = wire; },
                [this](std::int64_t w) { return program_.from_wire(w); });
        }
        Nanos d = last == "sleep_until" ? std::max<Nanos>(0, args[0].n - env_.now()) : args[0].n;
        co_return leaf(
            node, FutureKind::Sleep, [d](FutureSpec& s) { s.duration = d; }, unit);
    }
    if (method) {
        Value* self = co_await place(*method->receiver);
        if (!self) unsupported(method->receiver->span, "awaiting a method of a temporary");
        const std::string resource = program_.resource_name(*self);
        auto on = [resource](FutureSpec& s) { s.resource = resource; };
        const std::string& name = method->method.name;
        if (self->kind == ValueKind::Socket || self->kind == ValueKind::Listener) {
            std::vector<Value> args = co_await eval_args(method->args);
            co_return io_operand(*self, name, args, node, method->method.span);
        }
        if (name == "tick" && self->kind == ValueKind::Interval) {
            Value* iv = self;
            Nanos d = std::max<Nanos>(0, iv->n - env_.now());
            co_return leaf(
                node, FutureKind::Sleep, [d](FutureSpec& s) { s.duration = d; },
                [iv](std::int64_t) {  // missed ticks burst: the schedule stays fixed
                    Value at = Value::instant(iv->n);
                    iv->n += iv->items[0].n;
                    return at;
                });
        }
        if ((name == "recv" || name == "next") && self->kind == ValueKind::Receiver)  // poll_recv, poll_next
            co_return leaf(node, FutureKind::Recv, on, [this](std::int64_t w) {
                return w == -1 ? Value::none() : Value::some(program_.from_wire(w));
            });
        if (name == "send" && self->kind == ValueKind::Sender && method->args.size() == 1) {
            std::int64_t wire = program_.to_wire(co_await eval(*method->args[0]));
            co_return leaf(
                node, FutureKind::Send,
                [on, wire](FutureSpec& s) {
                    on(s);
                    s.amount = wire;
                },
                [](std::int64_t w) {
                    return w == -1 ? Value::err(Value::error("SendError(..)")) : Value::ok(Value::unit());
                });
        }
        if (name == "lock" && self->kind == ValueKind::Mutex) {
            std::int64_t index = self->n;
            co_return leaf(node, FutureKind::Lock, on,
                           [index](std::int64_t) { return Value::handle(ValueKind::Guard, index); });
        }
        if (name == "notified" && self->kind == ValueKind::Notify)
            co_return leaf(node, FutureKind::Notified, on, unit);
        unsupported(method->method.span, std::string("awaiting `.") + name + "()` on " + self->type_name());
    }
    Value v = co_await eval(e);  // `handle.await` and `rx.await` consume the value
    if (v.kind == ValueKind::JoinHandle) {
        auto id = static_cast<std::uint32_t>(v.n);
        std::string target = env_.task(id).spec->name;
        co_return leaf(
            node, FutureKind::JoinHandle,
            [id, target](FutureSpec& s) {
                s.task = target;
                s.amount = static_cast<std::int64_t>(id) + 1;
            },
            [this, id](std::int64_t) {
                return program_.join_result(id, env_.task(id).state == TaskRunState::Cancelled);
            });
    }
    if (v.kind == ValueKind::OneshotReceiver) {
        const std::string resource = program_.resource_name(v);
        co_return leaf(
            node, FutureKind::Recv, [resource](FutureSpec& s) { s.resource = resource; },
            [this, v](std::int64_t w) mutable {
                Value out =
                    w == -1 ? Value::err(Value::error("RecvError(())")) : Value::ok(program_.from_wire(w));
                program_.drop_value(v);  // the receiver was consumed by the await
                return out;
            });
    }
    unsupported(e.span, std::string("awaiting a value of type ") + v.type_name());
}

}  // namespace ps
