// Calls, tokio::spawn and methods of the interpreter.
#include <set>

#include "engine/runtime/executor.hpp"
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/program/ast_names.hpp"
#include "engine/runtime/program/interpreter.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

using namespace rust;

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::int64_t duration_unit(const std::string& fn) {
    if (fn == "from_secs") return 1'000'000'000;
    if (fn == "from_millis") return 1'000'000;
    if (fn == "from_micros") return 1'000;
    if (fn == "from_nanos") return 1;
    return 0;
}

}  // namespace

Co<std::vector<Value>> AsyncFnFuture::eval_args(const std::vector<ExprPtr>& args) {
    std::vector<Value> out;
    for (const auto& a : args) out.push_back(co_await eval(*a));
    co_return out;
}

Co<Value> AsyncFnFuture::eval_call(const Expr& e) {
    const CallExpr& c = e.as<CallExpr>();
    const auto* callee = c.callee->get_if<PathExpr>();
    if (!callee) unsupported(e.span, "calling this expression");
    const Path& p = callee->path;
    const std::string name = p.joined();
    const std::string& last = p.segments.back().name;
    if (code_.spawn_task.count(&e)) co_return co_await spawn(e);
    if (code_.await_index.count(&e)) co_return co_await eval_compute(e);  // compute(d), thread::sleep(d)
    if (p.segments.size() == 1) {
        auto fn = code_.fns.find(name);
        if (fn != code_.fns.end()) {
            if (fn->second->is_async) unsupported(e.span, "keeping the future of `" + name + "(..)`");
            std::vector<Value> args = co_await eval_args(c.args);
            co_return co_await call_sync_fn(*fn->second, std::move(args));
        }
    }
    if (last == "sleep" || last == "sleep_until" || last == "timeout" || last == "yield_now")
        unsupported(e.span, "`" + name + "(..)` that is not awaited where it is written");
    std::vector<Value> args = co_await eval_args(c.args);
    if (last == "drop" && args.size() == 1) {
        program_.drop_value(args[0]);
        co_return Value::unit();
    }
    co_return builtin_call(name, args, e.span);
}

Value AsyncFnFuture::builtin_call(const std::string& path, std::vector<Value>& args, const Span& at) {
    const std::size_t colons = path.rfind("::");
    const std::string last = colons == std::string::npos ? path : path.substr(colons + 2);
    auto arg = [&](std::size_t i) -> Value& {
        if (i >= args.size())
            unsupported(at, "`" + path + "` with " + std::to_string(args.size()) + " arguments");
        return args[i];
    };
    if (last == "Some") return Value::some(std::move(arg(0)));
    if (last == "Ok") return Value::ok(std::move(arg(0)));
    if (last == "Err") return Value::err(std::move(arg(0)));
    if (std::int64_t unit = duration_unit(last); unit && ends_with(path, "Duration::" + last))
        return Value::duration(arg(0).n * unit);
    if (ends_with(path, "Instant::now")) return Value::instant(env_.now());
    // tokio_stream::wrappers::ReceiverStream: the Receiver itself, whose poll_next is poll_recv.
    if (ends_with(path, "ReceiverStream::new") && arg(0).kind == ValueKind::Receiver)
        return std::move(args[0]);
    if (ends_with(path, "Arc::new") || ends_with(path, "Rc::new") || ends_with(path, "String::from"))
        return std::move(arg(0));
    if (ends_with(path, "Arc::clone") || ends_with(path, "Rc::clone")) return program_.clone_value(arg(0));
    if (ends_with(path, "Mutex::new")) return program_.new_mutex(std::move(arg(0)));
    if (ends_with(path, "Notify::new")) return program_.new_notify();
    if (ends_with(path, "ScriptedSocket::new") || ends_with(path, "ScriptedListener::new")) {
        ResourceSpec spec;
        spec.kind = ends_with(path, "ScriptedSocket::new") ? ResourceKind::Socket : ResourceKind::Listener;
        spec.capacity = spec.kind == ResourceKind::Socket ? 65536 : 0;
        return program_.new_io(std::move(spec));
    }
    if (path == "Vec::new" || path == "Vec::with_capacity") return Value::vec({});
    if (last == "channel") {
        bool oneshot = path.find("oneshot") != std::string::npos ||
                       (path.find("mpsc") == std::string::npos && args.empty());
        if (oneshot) return program_.new_oneshot();
        if (arg(0).n < 1) panic(at, "mpsc bounded channel requires buffer > 0");
        return program_.new_channel(args[0].n);
    }
    if (last == "interval" || last == "interval_at") {
        Value period = last == "interval" ? arg(0) : arg(1);
        if (period.n <= 0) panic(at, "`period` must be non-zero.");
        std::int64_t first = last == "interval" ? env_.now() : arg(0).n;
        return Value{ValueKind::Interval, first, {}, {period}};
    }
    unsupported(at, "`" + path + "(..)`");
}

Co<Value> AsyncFnFuture::call_sync_fn(const FnItem& fn, std::vector<Value> args) {
    Frame callee;
    Frame* caller = frame_;
    frame_ = &callee;
    Value out;
    try {
        for (std::size_t i = 0; i < fn.params.size() && i < args.size(); ++i)
            bind(fn.params[i].pattern, std::move(args[i]), false);
        out = co_await eval_block(fn.body);
        if (flow_ == Flow::Return) {
            flow_ = Flow::None;
            out = std::move(flow_value_);
        }
        drop_scope(0);
    } catch (...) {
        drop_scope(0);
        frame_ = caller;
        throw;
    }
    frame_ = caller;
    co_return out;
}

// The frame a future expression starts with: an async fn call's arguments bound to its
// parameters, or what an `async move` block captures (moved out of this frame). A non-move
// block gets none: it borrows this frame (Frame::outer).
Co<std::unique_ptr<Frame>> AsyncFnFuture::frame_for(const Expr& fut, std::size_t body) {
    const ProgramCode::Body& b = code_.bodies.at(body);
    auto frame = std::make_unique<Frame>();
    if (b.fn) {
        std::vector<Value> args = co_await eval_args(fut.as<CallExpr>().args);
        Frame* saved = frame_;
        frame_ = frame.get();
        for (std::size_t i = 0; i < b.fn->params.size() && i < args.size(); ++i)
            bind(b.fn->params[i].pattern, std::move(args[i]), false);
        frame_ = saved;
        co_return frame;
    }
    std::set<std::string> used;
    names_used(*b.block, used);
    std::set<std::string> taken;
    std::vector<Local> captured;
    for (Frame* f = frame_; f; f = f->outer)
        for (auto it = f->locals.rbegin(); it != f->locals.rend(); ++it) {
            if (!used.count(it->name) || !taken.insert(it->name).second) continue;
            Value v = it->value.is_copy() ? it->value : std::exchange(it->value, Value::moved());
            captured.push_back({it->name, std::move(v), it->borrowed});
        }
    for (auto it = captured.rbegin(); it != captured.rend(); ++it) frame->locals.push_back(std::move(*it));
    co_return frame;
}

Co<Value> AsyncFnFuture::spawn(const Expr& call) {
    const std::string& name = code_.spawn_task.at(&call);
    const Expr& fut = *call.as<CallExpr>().args.at(0);
    const std::size_t body = code_.body_of.at(&fut);
    std::unique_ptr<Frame> frame = co_await frame_for(fut, body);
    const TaskSpec* spec = env_.task_spec(name);
    if (!spec) unsupported(call.span, "spawning task '" + name + "'");
    program_.pending_start = std::make_unique<StartFrame>(StartFrame{body, std::move(frame)});
    const std::uint32_t id = env_.spawn(*spec, task_);
    program_.pending_start.reset();
    program_.spawned(id);
    co_return Value::handle(ValueKind::JoinHandle, id);
}

Co<Value> AsyncFnFuture::eval_method(const Expr& e) {
    const MethodCallExpr& m = e.as<MethodCallExpr>();
    if (prelude_chain_root(e, "ScriptedSocket")) co_return co_await eval_io_builder(e, true);
    if (prelude_chain_root(e, "ScriptedListener")) co_return co_await eval_io_builder(e, false);
    Value temp;
    Value* self = co_await place(*m.receiver);
    const bool is_temp = self == nullptr;
    if (is_temp) {
        temp = co_await eval(*m.receiver);
        self = &temp;
    }
    std::vector<Value> args = co_await eval_args(m.args);
    Value out = handle_method(*self, m.method.name, args, m.method.span);
    if (is_temp) program_.drop_value(temp);
    co_return out;
}

Value AsyncFnFuture::handle_method(Value& self, const std::string& name, std::vector<Value>& args,
                                   const Span& at) {
    Resources& res = env_.resources();
    const std::string& resource = program_.resource_name(self);
    auto not_awaited = [&]() {
        unsupported(at, "`." + name + "(..)` that is not awaited where it is written");
    };
    switch (self.kind) {
        case ValueKind::Sender: {
            Channel* c = res.channel(resource);
            if (name == "clone") return program_.clone_value(self);
            if (name == "is_closed") return Value::boolean(c->rx_closed);
            if (name == "capacity")
                return Value::integer(c->capacity() -
                                      static_cast<std::int64_t>(c->values.size() + c->granted.size()));
            if (name == "max_capacity") return Value::integer(c->capacity());
            if (name == "try_send") {
                if (args.empty()) break;
                if (c->rx_closed) return Value::err(Value::error("TrySendError::Closed(..)"));
                if (static_cast<std::int64_t>(c->values.size() + c->granted.size()) >= c->capacity() ||
                    !c->senders.empty())
                    return Value::err(Value::error("TrySendError::Full(..)"));
                c->values.push_back(program_.to_wire(std::move(args[0])));
                env_.wakers().wake_with(c->rx_waker, HolderKind::Channel,
                                        "a value was sent on channel '" + resource + "'");
                return Value::ok(Value::unit());
            }
            if (name == "send" || name == "reserve" || name == "send_timeout") not_awaited();
            break;
        }
        case ValueKind::Receiver:
        case ValueKind::OneshotReceiver: {
            Channel* c = res.channel(resource);
            if (name == "try_recv") {
                if (!c->values.empty()) {
                    std::int64_t wire = c->values.front();
                    c->values.pop_front();
                    if (!c->senders.empty())
                        c->granted.push_back(c->senders.wake_front(
                            env_.wakers(), "space freed in channel '" + resource + "'"));
                    return Value::ok(program_.from_wire(wire));
                }
                const bool mpsc = self.kind == ValueKind::Receiver;
                if (c->closed)
                    return Value::err(
                        Value::error(mpsc ? "TryRecvError::Disconnected" : "TryRecvError::Closed"));
                return Value::err(Value::error("TryRecvError::Empty"));
            }
            if (name == "close") {
                if (!c->rx_closed) {
                    c->rx_closed = true;
                    c->senders.wake_all(env_.wakers(), "channel '" + resource + "' closed by its receiver");
                }
                return Value::unit();
            }
            if (name == "recv") not_awaited();
            break;
        }
        case ValueKind::OneshotSender:
            if (name == "send" && !args.empty()) {
                Value sender = std::exchange(self, Value::moved());  // send(self, v) consumes the sender
                Value r = program_.oneshot_send(sender, std::move(args[0]));
                program_.drop_value(sender);
                return r;
            }
            if (name == "is_closed") return Value::boolean(res.channel(resource)->rx_closed);
            break;
        case ValueKind::Mutex:
            if (name == "clone") return self;
            if (name == "lock")
                unsupported(at,
                            "`.lock()` without `.await` (std::sync::Mutex is not part of the subset; "
                            "tokio::sync::Mutex is)");
            if (name == "try_lock") {
                AsyncMutex* mx = res.mutex(resource);
                if (mx->owner != kNone || mx->granted_to != 0 || !mx->waiters.empty())
                    return Value::err(Value::error("TryLockError(())"));
                mx->owner = task_;
                env_.task(task_).held_mutexes.push_back(res.mutex_index(resource));
                return Value::ok(Value::handle(ValueKind::Guard, self.n));
            }
            break;
        case ValueKind::Notify:
            if (name == "clone") return self;
            if (name == "notify_one" || name == "notify_waiters") {
                notify_now(env_, *res.notify(resource), name == "notify_waiters");
                return Value::unit();
            }
            if (name == "notified") not_awaited();
            break;
        case ValueKind::JoinHandle:
            if (name == "is_finished")
                return Value::boolean(env_.task(static_cast<std::uint32_t>(self.n)).finished());
            break;
        case ValueKind::Interval:
            if (name == "period") return self.items[0];
            if (name == "tick") not_awaited();
            break;
        default: return value_method(self, name, args, at);
    }
    unsupported(at, "the method `." + name + "()` on " + self.type_name());
}

Value AsyncFnFuture::value_method(Value& self, const std::string& name, std::vector<Value>& args,
                                  const Span& at) {
    const ValueKind k = self.kind;
    auto take = [&]() { return self.is_copy() ? self : std::exchange(self, Value::moved()); };
    if (name == "clone" || name == "to_owned") return program_.clone_value(self);
    if (name == "to_string") return Value::str(self.display());
    if (k == ValueKind::Option || k == ValueKind::Result) {
        const bool good = self.n == 1;
        const bool option = k == ValueKind::Option;
        if (name == "is_some" || name == "is_ok") return Value::boolean(good);
        if (name == "is_none" || name == "is_err") return Value::boolean(!good);
        if (name == "unwrap" || name == "expect") {
            Value v = take();
            if (good) return std::move(v.items[0]);
            std::string msg = name == "expect" && !args.empty() ? args[0].display()
                              : option ? "called `Option::unwrap()` on a `None` value"
                                       : "called `Result::unwrap()` on an `Err` value";
            if (!option) msg += ": " + v.items[0].debug();
            panic(at, msg);
        }
        if (name == "unwrap_or" && !args.empty()) {
            Value v = take();
            return good ? std::move(v.items[0]) : std::move(args[0]);
        }
        if (name == "unwrap_err" && !option) {
            Value v = take();
            if (!good) return std::move(v.items[0]);
            panic(at, "called `Result::unwrap_err()` on an `Ok` value: " + v.items[0].debug());
        }
        if (name == "ok" && !option) {
            Value v = take();
            return good ? Value::some(std::move(v.items[0])) : Value::none();
        }
        if (name == "take" && option) return std::exchange(self, Value::none());
    }
    if (k == ValueKind::Vec) {
        if (name == "push" && !args.empty()) {
            self.items.push_back(std::move(args[0]));
            return Value::unit();
        }
        if (name == "pop") {
            if (self.items.empty()) return Value::none();
            Value v = std::move(self.items.back());
            self.items.pop_back();
            return Value::some(std::move(v));
        }
        if (name == "len") return Value::integer(static_cast<std::int64_t>(self.items.size()));
        if (name == "is_empty") return Value::boolean(self.items.empty());
        if (name == "iter" || name == "iter_mut") return self;
        if (name == "into_iter") return take();
    }
    if (k == ValueKind::Duration) {
        if (std::int64_t unit = name == "as_secs"     ? 1'000'000'000
                                : name == "as_millis" ? 1'000'000
                                : name == "as_micros" ? 1'000
                                : name == "as_nanos"  ? 1
                                                      : 0)
            return Value::integer(self.n / unit);
    }
    if (k == ValueKind::Instant) {
        if (name == "elapsed") return Value::duration(env_.now() - self.n);
        if (name == "duration_since" && !args.empty())
            return Value::duration(std::max<std::int64_t>(0, self.n - args[0].n));
    }
    if (k == ValueKind::Int) {
        if (name == "abs") return Value::integer(self.n < 0 ? -self.n : self.n);
        if ((name == "min" || name == "max") && !args.empty())
            return Value::integer(name == "min" ? std::min(self.n, args[0].n) : std::max(self.n, args[0].n));
        if (name == "saturating_sub" && !args.empty())
            return Value::integer(std::max<std::int64_t>(0, self.n - args[0].n));
        if (name == "pow" && !args.empty()) {
            std::int64_t r = 1;
            for (std::int64_t i = 0; i < args[0].n; ++i) r *= self.n;
            return Value::integer(r);
        }
    }
    if (k == ValueKind::Str) {
        if (name == "len") return Value::integer(static_cast<std::int64_t>(self.text.size()));
        if (name == "is_empty") return Value::boolean(self.text.empty());
    }
    unsupported(at, "the method `." + name + "()` on " + self.type_name());
}

}  // namespace ps
