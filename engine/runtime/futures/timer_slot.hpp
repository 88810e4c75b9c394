// The timer inside sleep() and timeout(): a deadline fixed at creation, a reactor timer
// registered on the first Pending poll (holding a clone of the waker), re-armed with will_wake
// on later polls, and cancelled when its future is dropped.
#pragma once
#include <string>

#include "engine/runtime/executor.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

class TimerSlot {
public:
    TimerSlot(PollEnv& env, Nanos deadline, std::string suffix = {})
        : env_(env), deadline_(deadline), suffix_(std::move(suffix)) {}
    TimerSlot(const TimerSlot&) = delete;
    TimerSlot& operator=(const TimerSlot&) = delete;
    ~TimerSlot() { cancel(); }

    // True once the deadline has passed (policy rules in engine/runtime/policy.hpp: fifo reads the clock,
    // tokio waits for its driver to fire the timer). Otherwise leaves a waker in the timer.
    bool poll_elapsed(const Waker& cx_waker) {
        Reactor& r = env_.reactor();
        const Nanos due = env_.round_deadline(deadline_);
        const bool elapsed =
            (timer_ != kNone && r.timer_fired(timer_)) ||
            (env_.timers_fire_through_driver() ? timer_ == kNone && due <= r.elapsed() : due <= env_.now());
        if (elapsed) {
            cancel();
            return true;
        }
        if (timer_ == kNone) {
            std::string label = r.timer_label(r.next_timer_id(), due) + suffix_;
            timer_ = r.add_timer(deadline_, env_.wakers().clone_for(cx_waker, HolderKind::Timer, label),
                                 HolderKind::Timer, label);
        } else {
            r.update_timer_waker(timer_, cx_waker);
        }
        return false;
    }

    // Deregisters the timer (and drops its waker) if it is still pending.
    void cancel() {
        if (timer_ != kNone) env_.reactor().cancel_timer(timer_);
    }

private:
    PollEnv& env_;
    Nanos deadline_;
    std::string suffix_;
    std::uint32_t timer_ = kNone;
};

}  // namespace ps
