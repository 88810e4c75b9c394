// A hand-written `impl Future` whose poll results and waker handling are spelled out step by
// step in the scenario, including the classic bugs (forgetting the waker, waking itself forever).
#include <algorithm>

#include "engine/model/time.hpp"
#include "engine/runtime/executor.hpp"
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {

class ScriptedFuture : public Future {
public:
    using Future::Future;
    // A clone handed to "another thread" (wake_after) stays with that thread: dropping the
    // future does not take it back, so the thread may wake a task that has moved on or finished.
    ~ScriptedFuture() override {
        if (stored_) env_.wakers().drop_with(stored_, HolderKind::Scripted, "hand-written future dropped");
    }

protected:
    Poll poll_impl(Context& cx) override {
        const auto& script = spec_.script;
        if (script.empty()) return Poll::ready_with();
        std::size_t i = std::min(next_, script.size() - 1);
        if (next_ < script.size()) ++next_;
        const ScriptStep& s = script[i];
        if (s.ready) {
            if (stored_)
                env_.wakers().drop_with(stored_, HolderKind::Scripted, "hand-written future completed");
            return Poll::ready_with(s.value);
        }
        switch (s.action) {
            case WakerAction::Store:
                if (s.wake_after >= 0) {
                    // Another thread keeps the clone and wakes it later (modelled as a timer).
                    Reactor& r = env_.reactor();
                    Nanos at = env_.now() + s.wake_after;
                    std::string label = "another thread (wakes it at " + format_time(at) + ")";
                    r.add_timer(at, env_.wakers().clone_for(cx.waker(), HolderKind::Scripted, label),
                                HolderKind::Scripted, label);
                } else {
                    // A naive implementation: a fresh clone on every Pending, the old one dropped.
                    if (stored_)
                        env_.wakers().drop_with(stored_, HolderKind::Scripted, "replaced by a fresh clone");
                    stored_ = env_.wakers().clone_for(cx.waker(), HolderKind::Scripted,
                                                      "the hand-written future itself");
                }
                break;
            case WakerAction::WakeByRef:
                env_.wakers().annotate(HolderKind::Scripted, "the hand-written future wakes its own task");
                cx.waker().wake_by_ref();
                break;
            case WakerAction::Wake: {
                Waker w =
                    env_.wakers().clone_for(cx.waker(), HolderKind::Scripted, "a clone made only to wake it");
                env_.wakers().wake_with(w, HolderKind::Scripted,
                                        "the hand-written future wakes its own task");
                break;
            }
            case WakerAction::Forget: break;  // the bug: Pending with no waker stored anywhere
            case WakerAction::DropStored:
                if (stored_)
                    env_.wakers().drop_with(stored_, HolderKind::Scripted,
                                            "the hand-written future drops its stored clone");
                break;
        }
        return Poll::pending();
    }

private:
    std::size_t next_ = 0;
    Waker stored_;
};

}  // namespace

FuturePtr make_scripted(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    return make_family<Impl<FutureKind::Scripted, ScriptedFuture>>(env, spec, task);
}

}  // namespace ps
