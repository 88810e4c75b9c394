// sleep, compute and yield_now: futures about time and the CPU.
#include "engine/runtime/executor.hpp"
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/futures/timer_slot.hpp"
#include "engine/runtime/futures/tokio_context.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {

// tokio::time::sleep(d): the deadline is fixed when the future is created; the first Pending
// poll registers a timer holding a waker clone; later polls keep that clone if it would wake the
// same task (will_wake) and replace it otherwise.
class SleepFuture : public Future {
public:
    SleepFuture(PollEnv& env, const FutureSpec& spec, std::uint32_t task)
        : Future(env, spec, task), timer_(env, env.now() + spec.duration) {}

protected:
    Poll poll_impl(Context& cx) override {
        require_tokio_reactor(env_, path_);
        if (!env_.coop_proceed(cx.waker())) return Poll::pending();
        if (!timer_.poll_elapsed(cx.waker())) return Poll::pending();
        env_.coop_progress();
        return Poll::ready_with();
    }

private:
    TimerSlot timer_;
};

// Blocking work inside async code: the whole executor thread is busy for `duration`.
class ComputeFuture : public Future {
public:
    using Future::Future;

protected:
    Poll poll_impl(Context&) override {
        env_.burn(spec_.duration);
        return Poll::ready_with();
    }
};

// tokio::task::yield_now(): wakes its own task and returns Pending once, so the executor can
// run others before coming back.
class YieldNowFuture : public Future {
public:
    using Future::Future;

protected:
    Poll poll_impl(Context& cx) override {
        if (yielded_) return Poll::ready_with();
        yielded_ = true;
        env_.yield_wake(cx.waker());
        return Poll::pending();
    }

private:
    bool yielded_ = false;
};

}  // namespace

FuturePtr make_time_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    using K = FutureKind;
    return make_family<Impl<K::Sleep, SleepFuture>, Impl<K::Compute, ComputeFuture>,
                       Impl<K::YieldNow, YieldNowFuture>>(env, spec, task);
}

}  // namespace ps
