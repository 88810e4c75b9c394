// async blocks, loops, join!, select! and timeout: futures made of futures.
#include <vector>

#include "engine/runtime/futures/futures.hpp"
#include "engine/runtime/futures/timer_slot.hpp"
#include "engine/runtime/runtime.hpp"
#include "engine/model/time.hpp"

namespace ps {

namespace {

// The compiler's state machine for `async { a.await; b.await; ... }`: when one await point
// completes, the block goes straight on to the next one within the same poll.
class BlockFuture : public Future {
public:
    using Future::Future;

protected:
    bool is_leaf() const override { return false; }
    Poll poll_impl(Context& cx) override {
        while (index_ < spec_.children.size()) {
            if (rt_.over_limit()) return Poll::pending();
            if (!current_) current_ = make_future(rt_, spec_.children[index_], task_);
            Poll p = current_->poll(cx);
            if (!p.ready) return p;
            last_ = p.value;
            drop_future(rt_, current_);
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
            if (rt_.over_limit()) return Poll::pending();
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

// join!(a, b, ...): polls every unfinished child on each poll, in order.
class JoinFuture : public Future {
public:
    using Future::Future;

protected:
    bool is_leaf() const override { return false; }
    Poll poll_impl(Context& cx) override {
        if (kids_.empty()) {
            for (const auto& c : spec_.children) kids_.push_back(make_future(rt_, c, task_));
        }
        bool all = true;
        for (auto& k : kids_) {
            if (!k) continue;
            Poll p = k->poll(cx);
            if (p.ready) {
                last_ = p.value;
                drop_future(rt_, k);
            } else {
                all = false;
            }
        }
        return all ? Poll::ready_with(last_) : Poll::pending();
    }

private:
    std::vector<FuturePtr> kids_;
    std::int64_t last_ = 0;
};

// select!: polls the branches starting at a seeded random one (tokio's default) or in order
// (`biased;`); the first Ready wins and every other branch is dropped: cancelled.
class SelectFuture : public Future {
public:
    using Future::Future;

protected:
    bool is_leaf() const override { return false; }
    Poll poll_impl(Context& cx) override {
        if (kids_.empty()) {
            for (const auto& c : spec_.children) kids_.push_back(make_future(rt_, c, task_));
        }
        auto n = static_cast<std::uint32_t>(kids_.size());
        std::uint32_t start = spec_.biased ? 0 : rt_.random_below(n);
        for (std::uint32_t k = 0; k < n; ++k) {
            std::uint32_t i = (start + k) % n;
            Poll p = kids_[i]->poll(cx);
            if (!p.ready) continue;
            drop_future(rt_, kids_[i]);
            for (auto& other : kids_) drop_future(rt_, other);
            return Poll::ready_with(static_cast<std::int64_t>(i));
        }
        return Poll::pending();
    }

private:
    std::vector<FuturePtr> kids_;
};

// tokio::time::timeout(d, f): polls f first, then checks its own timer; on expiry f is dropped.
class TimeoutFuture : public Future {
public:
    TimeoutFuture(Runtime& rt, const FutureSpec& spec, std::uint32_t task)
        : Future(rt, spec, task), timer_(rt, rt.now() + spec.duration, " of timeout") {}

protected:
    bool is_leaf() const override { return false; }
    Poll poll_impl(Context& cx) override {
        if (!child_ && !spec_.children.empty()) child_ = make_future(rt_, spec_.children[0], task_);
        if (child_) {
            Poll p = child_->poll(cx);
            if (p.ready) {
                drop_future(rt_, child_);
                timer_.cancel();
                return Poll::ready_with(p.value);
            }
        }
        if (timer_.poll_elapsed(cx.waker())) {
            drop_future(rt_, child_);
            return Poll::ready_with(-1);   // Err(Elapsed)
        }
        return Poll::pending();
    }

private:
    TimerSlot timer_;
    FuturePtr child_;
};

}  // namespace

FuturePtr make_block(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    return std::make_unique<BlockFuture>(rt, spec, task);
}
FuturePtr make_repeat(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    return std::make_unique<RepeatFuture>(rt, spec, task);
}
FuturePtr make_join(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    return std::make_unique<JoinFuture>(rt, spec, task);
}
FuturePtr make_select(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    return std::make_unique<SelectFuture>(rt, spec, task);
}
FuturePtr make_timeout(Runtime& rt, const FutureSpec& spec, std::uint32_t task) {
    return std::make_unique<TimeoutFuture>(rt, spec, task);
}

}  // namespace ps
