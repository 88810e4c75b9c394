// pollscope's prelude (rust/pollscope) in the interpreter: compute and std::thread::sleep as the
// engine's Compute, Scripted builder chains as Scripted futures, ScriptedSocket and
// ScriptedListener as IO sources of the reactor, and their read/write/accept as IO futures.
#include <algorithm>

#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/program/ast_names.hpp"
#include "engine/runtime/program/interpreter.hpp"

namespace ps {

using namespace rust;

namespace {

constexpr std::int64_t kDefaultSendBuffer = 65536;  // pollscope::net::DEFAULT_SEND_BUFFER

SourcePos pos_of(const Span& s) {
    return {static_cast<int>(s.line), static_cast<int>(s.column)};
}

// The method calls of a builder chain, first call first.
std::vector<const MethodCallExpr*> chain_calls(const Expr& e) {
    std::vector<const MethodCallExpr*> out;
    const Expr* at = &e;
    while (const auto* m = at->get_if<MethodCallExpr>()) {
        out.push_back(m);
        at = m->receiver.get();
    }
    std::reverse(out.begin(), out.end());
    return out;
}

bool pending_action(const std::string& name, ScriptStep& step) {
    static const std::pair<const char*, WakerAction> kActions[] = {
        {"pending_store", WakerAction::Store},           {"pending_store_wake_after", WakerAction::Store},
        {"pending_wake_by_ref", WakerAction::WakeByRef}, {"pending_wake", WakerAction::Wake},
        {"pending_forget", WakerAction::Forget},         {"pending_drop_stored", WakerAction::DropStored}};
    for (const auto& [method, action] : kActions)
        if (name == method) {
            step.action = action;
            return true;
        }
    return false;
}

}  // namespace

Co<Value> AsyncFnFuture::eval_compute(const Expr& e) {
    const CallExpr& c = e.as<CallExpr>();
    const FutureSpec& node = await_node(e);
    std::vector<Value> args = co_await eval_args(c.args);
    if (args.size() != 1 || args[0].kind != ValueKind::Duration)
        unsupported(e.span, "`" + c.callee->as<PathExpr>().path.joined() + "` without one Duration");
    const Nanos d = args[0].n;
    Operand op = leaf(
        node, FutureKind::Compute, [d](FutureSpec& s) { s.duration = d; },
        [](std::int64_t) { return Value::unit(); });
    co_return co_await await_operand(std::move(op), code_.await_index.at(&e));
}

Co<Operand> AsyncFnFuture::scripted_operand(const Expr& e, const FutureSpec& node) {
    std::vector<ScriptStep> script;
    bool repeat_last = false;
    for (const MethodCallExpr* m : chain_calls(e)) {
        std::vector<Value> args = co_await eval_args(m->args);
        const std::string& name = m->method.name;
        ScriptStep step;
        step.pos = pos_of(m->method.span);
        if (name == "repeat_last") {
            repeat_last = true;
            continue;
        }
        if (name == "ready" && args.size() == 1) {
            step.ready = true;
            step.value = program_.to_wire(std::move(args[0]));
        } else if (!pending_action(name, step)) {
            unsupported(m->method.span, "`Scripted::" + name + "(..)`");
        }
        if (name == "pending_store_wake_after") {
            if (args.size() != 1 || args[0].kind != ValueKind::Duration)
                unsupported(m->method.span, "`pending_store_wake_after` without one Duration");
            step.wake_after = args[0].n;
        }
        script.push_back(step);
    }
    co_return leaf(
        node, FutureKind::Scripted,
        [script, repeat_last](FutureSpec& s) {
            s.script = script;
            s.repeat_last = repeat_last;
        },
        [this](std::int64_t w) { return program_.from_wire(w); });
}

Co<Value> AsyncFnFuture::eval_io_builder(const Expr& e, bool socket) {
    ResourceSpec spec;
    spec.kind = socket ? ResourceKind::Socket : ResourceKind::Listener;
    spec.capacity = socket ? kDefaultSendBuffer : 0;
    spec.pos = pos_of(e.span);
    for (const MethodCallExpr* m : chain_calls(e)) {
        std::vector<Value> args = co_await eval_args(m->args);
        const std::string& name = m->method.name;
        auto arg = [&](std::size_t i, ValueKind kind) -> Value& {
            if (i >= args.size() || args[i].kind != kind)
                unsupported(m->method.span, "`." + name + "(..)` with these arguments");
            return args[i];
        };
        if (name == "send_buffer" && socket) {
            spec.capacity = arg(0, ValueKind::Int).n;
            continue;
        }
        IoScriptEvent ev;
        ev.at = arg(0, ValueKind::Duration).n;
        ev.pos = pos_of(m->method.span);
        if (name == "readable" && socket)
            ev.readable = arg(1, ValueKind::Int).n;
        else if (name == "writable" && socket)
            ev.writable = arg(1, ValueKind::Int).n;
        else if (name == "closed" && socket)
            ev.closed = true;
        else if (name == "connect" && !socket)
            ev.connect = program_.resource_name(arg(1, ValueKind::Socket));
        else
            unsupported(m->method.span, std::string("`.") + name + "(..)` of " +
                                            (socket ? "ScriptedSocket" : "ScriptedListener"));
        spec.script.push_back(std::move(ev));
    }
    co_return program_.new_io(std::move(spec));
}

Operand AsyncFnFuture::io_operand(Value& self, const std::string& name, std::vector<Value>& args,
                                  const FutureSpec& node, const Span& at) {
    const std::string resource = program_.resource_name(self);
    if (name == "accept" && self.kind == ValueKind::Listener)
        return leaf(
            node, FutureKind::Accept, [resource](FutureSpec& s) { s.resource = resource; },
            [this](std::int64_t source) {
                Value conn = program_.socket_of_source(static_cast<int>(source));
                if (conn.kind != ValueKind::Socket) return Value::err(Value::error("ConnectionAborted"));
                return Value::ok(Value::tuple({std::move(conn), Value::unit()}));
            });
    const bool read = name == "read_bytes";
    if (self.kind != ValueKind::Socket || (!read && name != "write_bytes") || args.size() != 1 ||
        args[0].kind != ValueKind::Int || args[0].n < 0)
        unsupported(at, "awaiting `." + name + "(..)` on " + self.type_name());
    const std::int64_t bytes = args[0].n;
    return leaf(
        node, read ? FutureKind::Read : FutureKind::Write,
        [resource, bytes](FutureSpec& s) {
            s.resource = resource;
            s.amount = bytes;
        },
        [](std::int64_t n) {
            return n < 0 ? Value::err(Value::error("BrokenPipe")) : Value::ok(Value::integer(n));
        });
}

}  // namespace ps
