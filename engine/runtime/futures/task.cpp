// ready(v), tokio::spawn and awaiting a JoinHandle.
#include "engine/runtime/executor.hpp"
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

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
        const TaskSpec* spec = env_.task_spec(spec_.task);
        if (!spec) return Poll::ready_with(-1);
        std::uint32_t id = env_.spawn(*spec, task_);
        env_.task(task_).handles[spec_.task] = id;
        return Poll::ready_with(id);
    }
};

// handle.await: Ready with the task's output once it completes; until then a waker clone waits
// in the task's join-handle slot (tokio keeps exactly one there; several handles are allowed here).
class JoinHandleFuture : public Future {
public:
    using Future::Future;
    ~JoinHandleFuture() override {
        // Done or not, dropping the handle drops the clone left in the task's slot (tokio wakes
        // it by reference when the task completes: T9).
        if (target_ != kNone)
            env_.task(target_).join_waiters().remove(env_.wakers(), instance_, "join handle dropped");
        else if (!completed())
            env_.resources()
                .spawn_waiters(spec_.task)
                .remove(env_.wakers(), instance_, "join handle dropped");
    }

protected:
    Poll poll_impl(Context& cx) override {
        if (target_ == kNone && spec_.amount > 0)
            target_ = static_cast<std::uint32_t>(spec_.amount - 1);  // by id
        if (target_ == kNone) {
            auto& handles = env_.task(task_).handles;
            auto it = handles.find(spec_.task);
            target_ = it != handles.end() ? it->second : env_.latest_instance(spec_.task);
            if (target_ == kNone) {  // not spawned yet: wait for the spawn
                env_.resources().spawn_waiters(spec_.task).park(env_.wakers(), instance_, cx.waker());
                return Poll::pending();
            }
            env_.resources().spawn_waiters(spec_.task).remove(env_.wakers(), instance_, "task spawned");
        }
        if (!env_.coop_proceed(cx.waker())) return Poll::pending();
        Task& t = env_.task(target_);
        if (t.state == TaskRunState::Complete || t.state == TaskRunState::Cancelled) {
            env_.coop_progress();
            return Poll::ready_with(t.state == TaskRunState::Complete ? t.result : -1);
        }
        t.join_waiters().park(env_.wakers(), instance_, cx.waker());
        return Poll::pending();
    }

private:
    std::uint32_t target_ = kNone;
};

}  // namespace

FuturePtr make_task_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    using K = FutureKind;
    return make_family<Impl<K::Ready, ReadyFuture>, Impl<K::Spawn, SpawnFuture>,
                       Impl<K::JoinHandle, JoinHandleFuture>>(env, spec, task);
}

}  // namespace ps
