#include "engine/runtime/wait_queue.hpp"

#include <algorithm>

#include "engine/runtime/waker_table.hpp"

namespace ps {

void WaitQueue::park(WakerTable& wakers, std::uint64_t waiter, const Waker& cx_waker) {
    for (Entry& e : entries_) {
        if (e.waiter != waiter) continue;
        if (e.waker.will_wake(cx_waker)) return;  // same task: keep the clone we have
        wakers.drop_with(e.waker, kind_, "replaced in " + owner_);
        e.waker = wakers.clone_for(cx_waker, kind_,
                                   owner_ + " (position " + std::to_string(&e - &entries_[0] + 1) + ")");
        return;
    }
    Entry e{waiter, wakers.clone_for(cx_waker, kind_,
                                     owner_ + " (position " + std::to_string(entries_.size() + 1) + ")")};
    entries_.push_back(std::move(e));
}

void WaitQueue::remove(WakerTable& wakers, std::uint64_t waiter, const char* why) {
    auto it =
        std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.waiter == waiter; });
    if (it == entries_.end()) return;
    Entry e = std::move(*it);
    entries_.erase(it);
    wakers.drop_with(e.waker, kind_, std::string(why) + " (" + owner_ + ")");
}

bool WaitQueue::contains(std::uint64_t waiter) const {
    return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.waiter == waiter; });
}

std::uint64_t WaitQueue::wake_front(WakerTable& wakers, const std::string& cause) {
    if (entries_.empty()) return 0;
    Entry e = std::move(entries_.front());
    entries_.pop_front();
    wakers.wake_with(e.waker, kind_, cause);
    return e.waiter;
}

void WaitQueue::wake_all(WakerTable& wakers, const std::string& cause) {
    std::deque<Entry> all = std::move(entries_);
    entries_.clear();
    for (Entry& e : all) wakers.wake_with(e.waker, kind_, cause);
}

void WaitQueue::wake_all_by_ref(WakerTable& wakers, const std::string& cause) {
    for (const Entry& e : entries_) wakers.wake_by_ref_with(e.waker, kind_, cause);
}

void WaitQueue::wake_batch_reverse(WakerTable& wakers, const std::string& cause, std::size_t max,
                                   std::vector<std::uint64_t>& woken) {
    std::vector<Entry> batch;
    while (!entries_.empty() && batch.size() < max) {
        batch.push_back(std::move(entries_.front()));
        entries_.pop_front();
    }
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
        woken.push_back(it->waiter);
        wakers.wake_with(it->waker, kind_, cause);
    }
}

void WaitQueue::clear_silently() {
    entries_.clear();
}

}  // namespace ps
