// The Future base: poll bookkeeping, drop, and the factory.
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/executor.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

Future::Future(PollEnv& env, const FutureSpec& spec, std::uint32_t task)
    : env_(env), spec_(spec), task_(task), path_(env.path_of(spec)), instance_(env.next_instance()) {}

Poll Future::poll(Context& cx) {
    bool root = &spec_ == &env_.task(task_).spec->body;
    env_.emit(EventKind::PollBegin, task_, path_, kNone, 0, root ? env_.task(task_).polls : 0);
    env_.enter(path_);
    Poll p = poll_impl(cx);
    bool leaf = is_leaf();
    if (leaf) env_.burn(env_.settings().poll_cost);
    env_.leave();
    if (p.ready) completed_ = true;
    else if (leaf) env_.task(task_).parked_at = path_;
    env_.emit(EventKind::PollEnd, task_, path_, kNone, static_cast<std::uint8_t>(p.ready ? PollResult::Ready : PollResult::Pending),
             p.ready ? p.value : 0);
    return p;
}

void drop_future(PollEnv& env, FuturePtr& f) {
    if (!f) return;
    if (!f->completed())
        env.emit(EventKind::FutureDrop, env.running(), f->path(), kNone, static_cast<std::uint8_t>(DropReason::Cancelled), 0);
    f.reset();
}

FuturePtr make_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    switch (spec.kind) {
        case FutureKind::Block:
        case FutureKind::Repeat:
        case FutureKind::Join:
        case FutureKind::Select:
        case FutureKind::Timeout: return make_combinator(env, spec, task);
        case FutureKind::Sleep:
        case FutureKind::Compute:
        case FutureKind::YieldNow: return make_time_future(env, spec, task);
        case FutureKind::Read:
        case FutureKind::Write:
        case FutureKind::Accept: return make_io_future(env, spec, task);
        case FutureKind::Send:
        case FutureKind::Recv:
        case FutureKind::Lock:
        case FutureKind::Unlock:
        case FutureKind::Notified:
        case FutureKind::NotifyOne:
        case FutureKind::NotifyWaiters: return make_sync_future(env, spec, task);
        case FutureKind::Ready:
        case FutureKind::Spawn:
        case FutureKind::JoinHandle: return make_task_future(env, spec, task);
        case FutureKind::Scripted: return make_scripted(env, spec, task);
    }
    return make_task_future(env, spec, task);
}

}  // namespace ps
