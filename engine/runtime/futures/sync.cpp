// Channel send/recv, mutex lock/unlock, notify: futures that park in a resource's WaitQueue.
#include <algorithm>

#include "engine/runtime/executor.hpp"
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {

// A future on one channel (send, recv): Ready(-1) when the channel does not exist; otherwise
// it asks the coop budget first (T7), then `poll_channel` does the work.
class ChannelFuture : public Future {
public:
    ChannelFuture(PollEnv& env, const FutureSpec& spec, std::uint32_t task)
        : Future(env, spec, task), ch_(env_.resources().channel(spec.resource)) {}

protected:
    Poll poll_impl(Context& cx) final {
        if (!ch_) return Poll::ready_with(-1);
        if (!env_.coop_proceed(cx.waker())) return Poll::pending();
        return poll_channel(cx);
    }
    virtual Poll poll_channel(Context& cx) = 0;

    Channel* ch_;
};

// tx.send(v) on a bounded channel: like tokio's, capacity is a semaphore of permits. A value
// takes a permit; recv gives it back, straight to the first parked sender if there is one
// (no barging: the woken sender's slot is reserved for it).
class SendFuture : public ChannelFuture {
public:
    using ChannelFuture::ChannelFuture;
    ~SendFuture() override {
        if (!ch_ || completed()) return;
        auto it = std::find(ch_->granted.begin(), ch_->granted.end(), instance_);
        if (it != ch_->granted.end()) {
            // Cancelled while holding a reserved slot: hand it on.
            ch_->granted.erase(it);
            if (!ch_->senders.empty())
                ch_->granted.push_back(ch_->senders.wake_front(
                    env_.wakers(), "a reserved slot in channel '" + ch_->spec->name + "' was handed on"));
        } else {
            ch_->senders.remove(env_.wakers(), instance_, "send cancelled");
        }
    }

protected:
    Poll poll_channel(Context& cx) override {
        if (ch_->rx_closed) {  // Err(SendError): nobody will ever receive it
            env_.coop_progress();
            return Poll::ready_with(-1);
        }
        auto it = std::find(ch_->granted.begin(), ch_->granted.end(), instance_);
        bool reserved = it != ch_->granted.end();
        if (reserved) ch_->granted.erase(it);
        bool room = static_cast<std::int64_t>(ch_->values.size() + ch_->granted.size()) < ch_->capacity() &&
                    ch_->senders.empty();
        if (reserved || room) {
            ch_->values.push_back(spec_.amount);
            const std::string cause = "a value was sent on channel '" + ch_->spec->name + "'";
            if (ch_->oneshot()) {  // tokio's oneshot: rx_task.with_task(Waker::wake_by_ref)
                ch_->oneshot_sent = true;
                env_.wakers().wake_by_ref_with(ch_->rx_waker, HolderKind::Channel, cause);
            } else {  // mpsc: AtomicWaker::wake takes the clone out and wakes it
                env_.wakers().wake_with(ch_->rx_waker, HolderKind::Channel, cause);
            }
            env_.coop_progress();
            return Poll::ready_with();
        }
        ch_->senders.park(env_.wakers(), instance_, cx.waker());  // full: back-pressure parks the sender
        return Poll::pending();
    }
};

class RecvFuture : public ChannelFuture {
public:
    using ChannelFuture::ChannelFuture;
    // Dropping a pending recv leaves its waker in the channel's slot (tokio does the same).

protected:
    Poll poll_channel(Context& cx) override {
        if (!ch_->values.empty()) {
            std::int64_t v = ch_->values.front();
            ch_->values.pop_front();
            if (!ch_->senders.empty())
                ch_->granted.push_back(ch_->senders.wake_front(
                    env_.wakers(), "space freed in channel '" + ch_->spec->name + "'"));
            env_.coop_progress();
            return Poll::ready_with(v);
        }
        if (ch_->closed) {
            env_.coop_progress();
            return Poll::ready_with(-1);  // None: every sender is gone
        }
        if (!ch_->rx_waker.will_wake(cx.waker())) {
            env_.wakers().drop_with(ch_->rx_waker, HolderKind::Channel,
                                    "replaced in the receiver slot of channel '" + ch_->spec->name + "'");
            ch_->rx_waker = env_.wakers().clone_for(cx.waker(), HolderKind::Channel,
                                                    "the receiver slot of channel '" + ch_->spec->name + "'");
        }
        return Poll::pending();
    }
};

class LockFuture : public Future {
public:
    LockFuture(PollEnv& env, const FutureSpec& spec, std::uint32_t task)
        : Future(env, spec, task),
          m_(env_.resources().mutex(spec.resource)),
          index_(env_.resources().mutex_index(spec.resource)) {}
    ~LockFuture() override {
        if (!m_ || completed()) return;
        if (m_->granted_to == instance_) {
            // The lock was handed to us but we were cancelled first: pass it on.
            m_->granted_to = 0;
            m_->owner = task_;
            env_.release_mutex(index_, task_);
        } else {
            m_->waiters.remove(env_.wakers(), instance_, "lock cancelled");
        }
    }

protected:
    Poll poll_impl(Context& cx) override {
        if (!m_) return Poll::ready_with(-1);
        if (!env_.coop_proceed(cx.waker())) return Poll::pending();
        bool handed = m_->granted_to == instance_;
        bool free = m_->owner == kNone && m_->granted_to == 0 && m_->waiters.empty();
        if (handed || free) {
            m_->granted_to = 0;
            m_->owner = task_;
            env_.task(task_).held_mutexes.push_back(index_);
            env_.coop_progress();
            return Poll::ready_with();
        }
        m_->waiters.park(env_.wakers(), instance_, cx.waker());
        return Poll::pending();
    }

private:
    AsyncMutex* m_;
    std::size_t index_;
};

class UnlockFuture : public Future {
public:
    using Future::Future;

protected:
    Poll poll_impl(Context&) override {
        std::size_t index = env_.resources().mutex_index(spec_.resource);
        auto& held = env_.task(task_).held_mutexes;
        auto it = std::find(held.begin(), held.end(), index);
        if (it != held.end()) {
            held.erase(it);
            env_.release_mutex(index, task_);
        }
        return Poll::ready_with();
    }
};

class NotifiedFuture : public Future {
public:
    NotifiedFuture(PollEnv& env, const FutureSpec& spec, std::uint32_t task)
        : Future(env, spec, task), n_(env_.resources().notify(spec.resource)) {}
    ~NotifiedFuture() override {
        if (!n_ || completed()) return;
        n_->waiters.remove(env_.wakers(), instance_, "notified() cancelled");
        auto& picked = n_->notified;
        auto it = std::find(picked.begin(), picked.end(), instance_);
        if (it == picked.end()) return;
        // Picked by a notification but dropped before seeing it: pass it on, as tokio does.
        picked.erase(it);
        if (n_->waiters.empty())
            n_->permit = true;
        else
            picked.push_back(n_->waiters.wake_front(
                env_.wakers(), "notify '" + n_->spec->name + "': notification forwarded"));
    }

protected:
    Poll poll_impl(Context& cx) override {
        if (!n_) return Poll::ready_with(-1);
        auto& picked = n_->notified;
        auto it = std::find(picked.begin(), picked.end(), instance_);
        if (it != picked.end()) {
            picked.erase(it);
            return Poll::ready_with();
        }
        if (n_->permit) {
            n_->permit = false;
            return Poll::ready_with();
        }
        n_->waiters.park(env_.wakers(), instance_, cx.waker());
        return Poll::pending();
    }

private:
    NotifyRes* n_;
};

class NotifyFuture : public Future {
public:
    using Future::Future;

protected:
    Poll poll_impl(Context&) override {
        NotifyRes* n = env_.resources().notify(spec_.resource);
        if (!n) return Poll::ready_with(-1);
        notify_now(env_, *n, spec_.kind == FutureKind::NotifyWaiters);
        return Poll::ready_with();
    }
};

}  // namespace

void notify_now(PollEnv& env, NotifyRes& n, bool all) {
    std::string cause = "notify '" + n.spec->name + "' ";
    if (!all) {
        if (n.waiters.empty()) {
            n.permit = true;  // nobody waits: the next notified() completes at once
        } else {
            n.notified.push_back(n.waiters.wake_front(env.wakers(), cause + "notify_one"));
        }
        return;
    }
    // tokio collects up to 32 waiters, oldest first, then wakes that batch newest first.
    while (!n.waiters.empty()) {
        std::vector<std::uint64_t> batch;
        n.waiters.wake_batch_reverse(env.wakers(), cause + "notify_waiters", 32, batch);
        n.notified.insert(n.notified.end(), batch.begin(), batch.end());
    }
}

FuturePtr make_sync_future(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    using K = FutureKind;
    return make_family<Impl<K::Send, SendFuture>, Impl<K::Recv, RecvFuture>, Impl<K::Lock, LockFuture>,
                       Impl<K::Unlock, UnlockFuture>, Impl<K::Notified, NotifiedFuture>,
                       Impl<K::NotifyOne, NotifyFuture>, Impl<K::NotifyWaiters, NotifyFuture>>(env, spec,
                                                                                               task);
}

}  // namespace ps
