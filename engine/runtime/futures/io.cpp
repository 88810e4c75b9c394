// Socket read/write and listener accept: readiness-based IO on the reactor.
#include <algorithm>

#include "engine/runtime/executor.hpp"
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/futures/tokio_context.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {

// Like tokio's `socket.readable().await` + `try_read` loop: ready when data (or EOF) is there,
// otherwise the task's registration for the socket gets a waker clone and the future is Pending.
// Readiness is edge-triggered: once the data is consumed the next read has to wait for the next
// edge, and stores a waker again.
class IoFuture : public Future {
public:
    IoFuture(PollEnv& env, const FutureSpec& spec, std::uint32_t task)
        : Future(env, spec, task),
          source_(env.reactor().source_index(spec.resource)),
          remaining_(spec.amount) {}
    ~IoFuture() override {
        if (reg_ != kNone && !completed()) env_.reactor().disarm(reg_, "future dropped");
    }

protected:
    Poll poll_impl(Context& cx) override {
        require_tokio_reactor(env_, path_);
        if (source_ < 0) return Poll::ready_with(-1);
        if (!env_.coop_proceed(cx.waker())) return Poll::pending();
        Poll p = attempt(cx);
        if (p.ready) env_.coop_progress();
        return p;
    }

private:
    Poll attempt(Context& cx) {
        IoSource& s = env_.reactor().source(source_);
        switch (spec_.kind) {
            case FutureKind::Read:
                if (s.readable > 0) {
                    std::int64_t n = spec_.amount > 0 ? std::min(spec_.amount, s.readable) : s.readable;
                    s.readable -= n;
                    return Poll::ready_with(n);
                }
                if (s.closed) return Poll::ready_with(0);  // EOF
                return wait(cx, Interest::Readable);
            case FutureKind::Write: {
                if (s.closed) return Poll::ready_with(-1);  // broken pipe
                std::int64_t n = std::min(remaining_, s.write_space);
                s.write_space -= n;
                remaining_ -= n;
                if (remaining_ <= 0) return Poll::ready_with(spec_.amount);
                return wait(cx, Interest::Writable);
            }
            case FutureKind::Accept:
                if (!s.backlog.empty()) {
                    std::string conn = s.backlog.front();
                    s.backlog.pop_front();
                    return Poll::ready_with(env_.reactor().source_index(conn));
                }
                return wait(cx, Interest::Readable);
            default: return Poll::ready_with(-1);
        }
    }

    Poll wait(Context& cx, Interest interest) {
        bool created = false;
        reg_ = env_.io_registration(task_, source_, interest, cx.waker(), created);
        if (!created) env_.reactor().arm(reg_, cx.waker());
        return Poll::pending();
    }

    int source_;
    std::int64_t remaining_;
    std::uint32_t reg_ = kNone;
};

}  // namespace

FuturePtr make_io_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    using K = FutureKind;
    return make_family<Impl<K::Read, IoFuture>, Impl<K::Write, IoFuture>, Impl<K::Accept, IoFuture>>(
        env, spec, task);
}

}  // namespace ps
