// join!, select! and timeout for programs: the combinators of futures/combinators.cpp, with
// values. Each polls Operands (interpreter.hpp) and keeps what they gave as Values.
#pragma once
#include <exception>
#include <functional>
#include <vector>

#include "engine/runtime/futures/timer_slot.hpp"
#include "engine/runtime/program/interpreter.hpp"

namespace ps {

// tokio::join!(a, b, ..): polls every unfinished operand on each poll, in order; Ready with
// the tuple of their values once all are.
class ValueJoin final : public Future {
public:
    ValueJoin(PollEnv& env, const FutureSpec& node, std::uint32_t task, std::vector<Operand> ops);
    Value take();  // the tuple (rethrows a panic of a branch)

protected:
    Poll poll_impl(Context& cx) override;

private:
    std::vector<Operand> ops_;
    std::vector<Value> values_;
    std::exception_ptr failure_;
};

// tokio::select!: polls the enabled branches from a seeded random start (or in order when
// biased); a branch whose value does not match its pattern is disabled and the others go on;
// the first accepted value wins and the others are dropped (cancelled). Ready with
// (index, value), or () when every branch is disabled (the `else` branch runs).
class ValueSelect final : public Future {
public:
    using Accept = std::function<bool(std::size_t, const Value&)>;
    ValueSelect(PollEnv& env, const FutureSpec& node, std::uint32_t task, std::vector<Operand> ops,
                Accept accept);
    Value take();

protected:
    Poll poll_impl(Context& cx) override;

private:
    void drop_all();
    std::vector<Operand> ops_;
    Accept accept_;
    Value won_;
    std::exception_ptr failure_;
};

// tokio::time::timeout(d, f): polls f, then its own timer; Ok(value) or Err(Elapsed) (f dropped).
class ValueTimeout final : public Future {
public:
    ValueTimeout(PollEnv& env, const FutureSpec& node, std::uint32_t task, Nanos duration, Operand inner);
    Value take();

protected:
    Poll poll_impl(Context& cx) override;

private:
    TimerSlot timer_;
    Operand inner_;
    Value value_;
    std::exception_ptr failure_;
};

}  // namespace ps
