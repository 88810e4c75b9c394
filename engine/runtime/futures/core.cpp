// The Future base: poll bookkeeping, drop, and the factory.
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/runtime/executor.hpp"
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {

// Free lists of future-sized blocks, one per 16-byte size class, per thread (a run is
// single-threaded; blocks go back to malloc when the thread ends).
class FuturePool {
public:
    static constexpr std::size_t kGrain = 16, kClasses = 32;  // blocks up to 496 bytes
    ~FuturePool() {
        for (Node*& head : free_)
            while (head) ::operator delete(std::exchange(head, head->next));
    }
    static std::size_t size_class(std::size_t size) { return (size + kGrain - 1) / kGrain; }
    void* take(std::size_t c) {
        Node* n = free_[c];
        if (!n) return ::operator new(c* kGrain);
        free_[c] = n->next;
        return n;
    }
    void give(void* p, std::size_t c) noexcept { free_[c] = new (p) Node{free_[c]}; }

private:
    struct Node {
        Node* next;
    };
    Node* free_[kClasses] = {};
};

thread_local FuturePool pool;

}  // namespace

void* Future::operator new(std::size_t size) {
    std::size_t c = FuturePool::size_class(size);
    return c < FuturePool::kClasses ? pool.take(c) : ::operator new(size);
}

void Future::operator delete(void* p, std::size_t size) noexcept {
    std::size_t c = FuturePool::size_class(size);
    if (c < FuturePool::kClasses)
        pool.give(p, c);
    else
        ::operator delete(p);
}

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
    if (p.ready)
        completed_ = true;
    else if (leaf)
        env_.task(task_).parked_at = path_;
    env_.emit(EventKind::PollEnd, task_, path_, kNone,
              static_cast<std::uint8_t>(p.ready ? PollResult::Ready : PollResult::Pending),
              p.ready ? p.value : 0);
    return p;
}

void drop_future(PollEnv& env, FuturePtr& f) {
    if (!f) return;
    if (!f->completed())
        env.emit(EventKind::FutureDrop, env.running(), f->path(), kNone,
                 static_cast<std::uint8_t>(DropReason::Cancelled), 0);
    f.reset();
}

FuturePtr make_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    using Family = FuturePtr (*)(PollEnv&, const FutureSpec&, std::uint32_t);
    static constexpr Family kFamilies[] = {make_combinator,  make_time_future, make_io_future,
                                           make_sync_future, make_task_future, make_scripted,
                                           make_async_fn};
    for (Family make : kFamilies)
        if (FuturePtr f = make(env, spec, task)) return f;
    throw std::logic_error(std::string("no family implements the future kind ") +
                           future_kind_name(spec.kind));
}

}  // namespace ps
