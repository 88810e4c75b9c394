#include "engine/runtime/program/value_futures.hpp"

namespace ps {

namespace {

// The operand's value; a panic inside it is kept in `failure` for whoever takes the result.
Value decode(Operand& op, std::int64_t wire, std::exception_ptr& failure) {
    try {
        return op.decode(wire);
    } catch (...) {
        if (!failure) failure = std::current_exception();
        return Value::unit();
    }
}

}  // namespace

ValueJoin::ValueJoin(PollEnv& env, const FutureSpec& node, std::uint32_t task, std::vector<Operand> ops)
    : Future(env, node, task), ops_(std::move(ops)), values_(ops_.size()) {}

Poll ValueJoin::poll_impl(Context& cx) {
    bool all = true;
    for (std::size_t i = 0; i < ops_.size(); ++i) {
        Operand& op = ops_[i];
        if (!op.future) continue;
        Poll p = op.future->poll(cx);
        if (!p.ready) {
            all = false;
            continue;
        }
        values_[i] = decode(op, p.value, failure_);
        drop_future(env_, op.future);
    }
    return all ? Poll::ready_with() : Poll::pending();
}

Value ValueJoin::take() {
    if (failure_) std::rethrow_exception(failure_);
    return Value::tuple(std::move(values_));
}

ValueSelect::ValueSelect(PollEnv& env, const FutureSpec& node, std::uint32_t task, std::vector<Operand> ops,
                         Accept accept)
    : Future(env, node, task), ops_(std::move(ops)), accept_(std::move(accept)) {}

Poll ValueSelect::poll_impl(Context& cx) {
    const auto n = static_cast<std::uint32_t>(ops_.size());
    const std::uint32_t start = spec_.biased ? 0 : env_.random_below(n);
    for (std::uint32_t k = 0; k < n; ++k) {
        const std::uint32_t i = (start + k) % n;
        Operand& op = ops_[i];
        if (!op.future) continue;
        Poll p = op.future->poll(cx);
        if (!p.ready) continue;
        Value v = decode(op, p.value, failure_);
        drop_future(env_, op.future);
        if (!failure_ && !accept_(i, v)) continue;  // the pattern refused it: this branch is disabled
        won_ = Value::tuple({Value::integer(i), std::move(v)});
        drop_all();
        return Poll::ready_with(static_cast<std::int64_t>(i));
    }
    for (const Operand& op : ops_)
        if (op.future) return Poll::pending();
    won_ = Value::unit();  // every branch disabled: `else`
    return Poll::ready_with(-1);
}

void ValueSelect::drop_all() {
    for (Operand& op : ops_) drop_future(env_, op.future);
}

Value ValueSelect::take() {
    if (failure_) std::rethrow_exception(failure_);
    return std::move(won_);
}

ValueTimeout::ValueTimeout(PollEnv& env, const FutureSpec& node, std::uint32_t task, Nanos duration,
                           Operand inner)
    : Future(env, node, task), timer_(env, env.now() + duration, " of timeout"), inner_(std::move(inner)) {}

Poll ValueTimeout::poll_impl(Context& cx) {
    if (inner_.future) {
        Poll p = inner_.future->poll(cx);
        if (p.ready) {
            value_ = Value::ok(decode(inner_, p.value, failure_));
            drop_future(env_, inner_.future);
            timer_.cancel();
            return Poll::ready_with();
        }
    }
    if (timer_.poll_elapsed(cx.waker())) {
        drop_future(env_, inner_.future);
        value_ = Value::err(Value::error("Elapsed(())"));
        return Poll::ready_with(-1);
    }
    return Poll::pending();
}

Value ValueTimeout::take() {
    if (failure_) std::rethrow_exception(failure_);
    return std::move(value_);
}

}  // namespace ps
