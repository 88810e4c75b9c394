// sleep, compute and yield_now: futures about time and the CPU.
#include "engine/futures/futures.hpp"
#include "engine/runtime.hpp"

namespace ps {

namespace {

// tokio::time::sleep(d): the deadline is fixed when the future is created; the first Pending
// poll registers a timer holding a waker clone; later polls keep that clone if it would wake the
// same task (will_wake) and replace it otherwise.
class SleepFuture : public Future {
public:
    SleepFuture(Runtime& rt, const FutureSpec& spec, std::uint32_t task)
        : Future(rt, spec, task), deadline_(rt.now() + spec.duration) {}
    ~SleepFuture() override {
        if (timer_ != kNone) rt_.reactor().cancel_timer(timer_);
    }

protected:
    Poll poll_impl(Context& cx) override {
        Reactor& r = rt_.reactor();
        if (!rt_.coop_proceed(cx.waker())) return Poll::pending();
        const Nanos due = rt_.round_deadline(deadline_);
        const bool elapsed = (timer_ != kNone && r.timer_fired(timer_)) ||
                             (rt_.timers_fire_through_driver() ? timer_ == kNone && due <= rt_.reactor().elapsed()
                                                              : due <= rt_.now());
        if (elapsed) {
            if (timer_ != kNone) r.cancel_timer(timer_);
            rt_.coop_progress();
            return Poll::ready_with();
        }
        if (timer_ == kNone) {
            std::string label = r.timer_label(r.next_timer_id(), due);
            timer_ = r.add_timer(deadline_, rt_.clone_for(cx.waker(), HolderKind::Timer, label), HolderKind::Timer, label);
        } else {
            r.update_timer_waker(timer_, cx.waker());
        }
        return Poll::pending();
    }

private:
    Nanos deadline_;
    std::uint32_t timer_ = kNone;
};

// Blocking work inside async code: the whole executor thread is busy for `duration`.
class ComputeFuture : public Future {
public:
    using Future::Future;

protected:
    Poll poll_impl(Context&) override {
        rt_.burn(spec_.duration);
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
        rt_.yield_wake(cx.waker());
        return Poll::pending();
    }

private:
    bool yielded_ = false;
};

}  // namespace

FuturePtr make_sleep(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    return std::make_unique<SleepFuture>(rt, spec, task);
}
FuturePtr make_compute(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    return std::make_unique<ComputeFuture>(rt, spec, task);
}
FuturePtr make_yield_now(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    return std::make_unique<YieldNowFuture>(rt, spec, task);
}

}  // namespace ps
