// ready(v), tokio::spawn and awaiting a JoinHandle.
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/runtime.hpp"

namespace ps {

namespace {

class ReadyFuture : public Future {
public:
    using Future::Future;

protected:
    Poll poll_impl(Context&) override { return Poll::ready_with(spec_.amount); }
};

// tokio::spawn(task): the new task goes to the run queue; the spawner gets its handle at once.
class SpawnFuture : public Future {
public:
    using Future::Future;

protected:
    Poll poll_impl(Context&) override {
        const TaskSpec* spec = rt_.task_spec(spec_.task);
        if (!spec) return Poll::ready_with(-1);
        std::uint32_t id = rt_.spawn(*spec, task_);
        rt_.task(task_).handles[spec_.task] = id;
        return Poll::ready_with(id);
    }
};

// handle.await: Ready with the task's output once it completes; until then a waker clone waits
// in the task's join-handle slot (tokio keeps exactly one there; several handles are allowed here).
class JoinHandleFuture : public Future {
public:
    using Future::Future;
    ~JoinHandleFuture() override {
        if (completed()) return;
        if (target_ != kNone) rt_.task(target_).joiners->remove(rt_, instance_, "join handle dropped");
        else rt_.spawn_waiters(spec_.task).remove(rt_, instance_, "join handle dropped");
    }

protected:
    Poll poll_impl(Context& cx) override {
        if (target_ == kNone) {
            auto& handles = rt_.task(task_).handles;
            auto it = handles.find(spec_.task);
            target_ = it != handles.end() ? it->second : rt_.latest_instance(spec_.task);
            if (target_ == kNone) {   // not spawned yet: wait for the spawn
                rt_.spawn_waiters(spec_.task).park(rt_, instance_, cx.waker());
                return Poll::pending();
            }
            rt_.spawn_waiters(spec_.task).remove(rt_, instance_, "task spawned");
        }
        if (!rt_.coop_proceed(cx.waker())) return Poll::pending();
        const Task& t = rt_.task(target_);
        if (t.state == TaskRunState::Complete || t.state == TaskRunState::Cancelled) {
            rt_.coop_progress();
            return Poll::ready_with(t.state == TaskRunState::Complete ? t.result : -1);
        }
        t.joiners->park(rt_, instance_, cx.waker());
        return Poll::pending();
    }

private:
    std::uint32_t target_ = kNone;
};

}  // namespace

FuturePtr make_ready(Runtime& rt, const FutureSpec& spec, std::uint32_t task) { return std::make_unique<ReadyFuture>(rt, spec, task); }
FuturePtr make_spawn(Runtime& rt, const FutureSpec& spec, std::uint32_t task) { return std::make_unique<SpawnFuture>(rt, spec, task); }
FuturePtr make_join_handle(Runtime& rt, const FutureSpec& spec, std::uint32_t task) { return std::make_unique<JoinHandleFuture>(rt, spec, task); }

}  // namespace ps
