// Future: an inert state machine that does nothing until polled.
//
// `poll` is the non-virtual entry point: it records poll_begin/poll_end (so nested polls
// appear in the trace), charges the leaf's virtual CPU cost, and calls `poll_impl`.
// A future is dropped by destroying it. Dropping one that has not completed is a
// cancellation: `drop_future` records future_drop before the destructor releases the wakers
// and registrations the future held (and those releases are recorded in turn).
#pragma once
#include <cstdint>
#include <memory>

#include "engine/model/scenario.hpp"
#include "engine/runtime/waker.hpp"

namespace ps {

class PollEnv;

struct Poll {
    bool ready = false;
    std::int64_t value = 0;
    static Poll pending() { return {}; }
    static Poll ready_with(std::int64_t v = 0) { return {true, v}; }
};

class Future {
public:
    Future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);
    Future(const Future&) = delete;
    Future& operator=(const Future&) = delete;
    virtual ~Future() = default;
    // Futures come and go on every iteration of a loop: they are kept on free lists by size
    // (futures/core.cpp) rather than returned to malloc each time.
    static void* operator new(std::size_t size);
    static void operator delete(void* p, std::size_t size) noexcept;

    Poll poll(Context& cx);
    bool completed() const { return completed_; }
    std::uint32_t path() const { return path_; }
    const FutureSpec& spec() const { return spec_; }
    // Unique per future object in the run: identifies waiters in queues (never reused).
    std::uint64_t instance() const { return instance_; }

protected:
    virtual Poll poll_impl(Context& cx) = 0;
    // A leaf is where a task parks; combinators only pass polls on (engine/model/future_kinds.hpp).
    bool is_leaf() const { return future_kind_info(spec_.kind).is_leaf; }

    PollEnv& env_;
    const FutureSpec& spec_;
    std::uint32_t task_;
    std::uint32_t path_;
    std::uint64_t instance_;

private:
    bool completed_ = false;
};

using FuturePtr = std::unique_ptr<Future>;

// Builds the live future for a spec (engine/runtime/futures/core.cpp asks each family in turn).
FuturePtr make_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task);

// Drops `f` now: a cancellation when it has not completed (recorded as future_drop).
void drop_future(PollEnv& env, FuturePtr& f);

}  // namespace ps
