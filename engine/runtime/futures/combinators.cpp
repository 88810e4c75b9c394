// async blocks, loops, join!, select! and timeout: futures made of futures.
#include <vector>

#include "engine/model/time.hpp"
#include "engine/runtime/executor.hpp"
#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/futures/timer_slot.hpp"
#include "engine/runtime/futures/tokio_context.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {

// The compiler's state machine for `async { a.await; b.await; ... }`: when one await point
// completes, the block goes straight on to the next one within the same poll.
class BlockFuture : public Future {
public:
    using Future::Future;

protected:
    Poll poll_impl(Context& cx) override {
        while (index_ < spec_.children.size()) {
            if (env_.over_limit()) return Poll::pending();
            if (!current_) current_ = make_future(env_, spec_.children[index_], task_);
            Poll p = current_->poll(cx);
            if (!p.ready) return p;
            last_ = p.value;
            drop_future(env_, current_);
            ++index_;
        }
        return Poll::ready_with(last_);
    }

    std::size_t index_ = 0;
    FuturePtr current_;
    std::int64_t last_ = 0;
};

// `for _ in 0..n { body }` or `loop { body }` (count -1).
class RepeatFuture : public BlockFuture {
public:
    using BlockFuture::BlockFuture;

protected:
    Poll poll_impl(Context& cx) override {
        for (;;) {
            if (env_.over_limit()) return Poll::pending();
            Poll p = BlockFuture::poll_impl(cx);
            if (!p.ready) return p;
            ++iteration_;
            if (spec_.count >= 0 && iteration_ >= spec_.count) return p;
            index_ = 0;
        }
    }

private:
    std::int64_t iteration_ = 0;
};

// A future polling all its children (join!, select!): they are built on the first poll.
class ParentFuture : public Future {
public:
    using Future::Future;

protected:
    std::vector<FuturePtr>& children() {
        if (kids_.empty())
            for (const auto& c : spec_.children) kids_.push_back(make_future(env_, c, task_));
        return kids_;
    }

private:
    std::vector<FuturePtr> kids_;
};

// join!(a, b, ...): polls every unfinished child on each poll. futures::join! starts with the
// first child every time; tokio 1.24's join! starts one child further on at each poll
// (`skip_next_time` in macros/join.rs), so the tokio policies rotate (T9).
class JoinFuture : public ParentFuture {
public:
    using ParentFuture::ParentFuture;

protected:
    Poll poll_impl(Context& cx) override {
        std::vector<FuturePtr>& kids = children();
        const std::size_t n = kids.size();
        const std::size_t start = env_.join_rotates() ? skip_next_ : 0;
        if (n > 0) skip_next_ = (skip_next_ + 1) % n;
        bool all = true;
        for (std::size_t i = 0; i < n; ++i) {
            FuturePtr& k = kids[(start + i) % n];
            if (!k) continue;
            Poll p = k->poll(cx);
            if (p.ready) {
                last_ = p.value;
                drop_future(env_, k);
            } else {
                all = false;
            }
        }
        return all ? Poll::ready_with(last_) : Poll::pending();
    }

private:
    std::int64_t last_ = 0;
    std::size_t skip_next_ = 0;
};

// select!: polls the branches starting at a seeded random one (tokio's default) or in order
// (`biased;`); the first Ready wins and every other branch is dropped: cancelled.
class SelectFuture : public ParentFuture {
public:
    using ParentFuture::ParentFuture;

protected:
    Poll poll_impl(Context& cx) override {
        std::vector<FuturePtr>& kids = children();
        auto n = static_cast<std::uint32_t>(kids.size());
        std::uint32_t start = spec_.biased ? 0 : env_.random_below(n);
        for (std::uint32_t k = 0; k < n; ++k) {
            std::uint32_t i = (start + k) % n;
            Poll p = kids[i]->poll(cx);
            if (!p.ready) continue;
            drop_future(env_, kids[i]);
            for (auto& other : kids) drop_future(env_, other);
            return Poll::ready_with(static_cast<std::int64_t>(i));
        }
        return Poll::pending();
    }
};

// tokio::time::timeout(d, f): polls f first, then checks its own timer; on expiry f is dropped.
class TimeoutFuture : public Future {
public:
    TimeoutFuture(PollEnv& env, const FutureSpec& spec, std::uint32_t task)
        : Future(env, spec, task), timer_(env, env.now() + spec.duration, " of timeout") {}

protected:
    Poll poll_impl(Context& cx) override {
        require_tokio_reactor(env_, path_);  // tokio::time::timeout makes a Sleep
        if (!child_ && !spec_.children.empty()) child_ = make_future(env_, spec_.children[0], task_);
        if (child_) {
            Poll p = child_->poll(cx);
            if (p.ready) {
                drop_future(env_, child_);
                timer_.cancel();
                return Poll::ready_with(p.value);
            }
        }
        if (timer_.poll_elapsed(cx.waker())) {
            drop_future(env_, child_);
            return Poll::ready_with(-1);  // Err(Elapsed)
        }
        return Poll::pending();
    }

private:
    TimerSlot timer_;
    FuturePtr child_;
};

}  // namespace

FuturePtr make_combinator(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    using K = FutureKind;
    return make_family<Impl<K::Block, BlockFuture>, Impl<K::Repeat, RepeatFuture>, Impl<K::Join, JoinFuture>,
                       Impl<K::Select, SelectFuture>, Impl<K::Timeout, TimeoutFuture>>(env, spec, task);
}

}  // namespace ps
