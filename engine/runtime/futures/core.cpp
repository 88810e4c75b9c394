// The Future base: poll bookkeeping, drop, and the factory.
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/runtime.hpp"

namespace ps {

Future::Future(Runtime& rt, const FutureSpec& spec, std::uint32_t task)
    : rt_(rt), spec_(spec), task_(task), path_(rt.path_of(spec)), instance_(rt.next_instance()) {}

Poll Future::poll(Context& cx) {
    bool root = &spec_ == &rt_.task(task_).spec->body;
    rt_.emit(EventKind::PollBegin, task_, path_, kNone, 0, root ? rt_.task_poll_number(task_) : 0);
    rt_.push_node(path_);
    Poll p = poll_impl(cx);
    bool leaf = is_leaf();
    if (leaf) rt_.burn(rt_.settings().poll_cost);
    rt_.pop_node();
    if (p.ready) completed_ = true;
    else if (leaf) rt_.task(task_).parked_at = path_;
    rt_.emit(EventKind::PollEnd, task_, path_, kNone, static_cast<std::uint8_t>(p.ready ? PollResult::Ready : PollResult::Pending),
             p.ready ? p.value : 0);
    return p;
}

void drop_future(Runtime& rt, FuturePtr& f) {
    if (!f) return;
    if (!f->completed())
        rt.emit(EventKind::FutureDrop, rt.running(), f->path(), kNone, static_cast<std::uint8_t>(DropReason::Cancelled), 0);
    f.reset();
}

FuturePtr make_future(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    switch (spec.kind) {
        case FutureKind::Block: return make_block(rt, spec, task);
        case FutureKind::Repeat: return make_repeat(rt, spec, task);
        case FutureKind::Join: return make_join(rt, spec, task);
        case FutureKind::Select: return make_select(rt, spec, task);
        case FutureKind::Timeout: return make_timeout(rt, spec, task);
        case FutureKind::Ready: return make_ready(rt, spec, task);
        case FutureKind::Sleep: return make_sleep(rt, spec, task);
        case FutureKind::Read:
        case FutureKind::Write:
        case FutureKind::Accept: return make_io(rt, spec, task);
        case FutureKind::Send: return make_send(rt, spec, task);
        case FutureKind::Recv: return make_recv(rt, spec, task);
        case FutureKind::Lock: return make_lock(rt, spec, task);
        case FutureKind::Unlock: return make_unlock(rt, spec, task);
        case FutureKind::Notified: return make_notified(rt, spec, task);
        case FutureKind::NotifyOne:
        case FutureKind::NotifyWaiters: return make_notify(rt, spec, task);
        case FutureKind::YieldNow: return make_yield_now(rt, spec, task);
        case FutureKind::Compute: return make_compute(rt, spec, task);
        case FutureKind::Spawn: return make_spawn(rt, spec, task);
        case FutureKind::JoinHandle: return make_join_handle(rt, spec, task);
        case FutureKind::Scripted: return make_scripted(rt, spec, task);
    }
    return make_ready(rt, spec, task);
}

}  // namespace ps
