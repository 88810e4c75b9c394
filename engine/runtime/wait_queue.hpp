// WaitQueue: futures parked on a resource (channel, mutex, notify, join handle), each with the
// waker clone it left behind, in arrival order (FIFO, like tokio's intrusive waiter lists).
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "engine/runtime/waker.hpp"

namespace ps {

class WakerTable;

class WaitQueue {
public:
    WaitQueue(HolderKind kind, std::string owner) : kind_(kind), owner_(std::move(owner)) {}

    // Parks `waiter` (a Future::instance()) with a clone of `cx_waker`; if it is already
    // parked, keeps its clone when it would wake the same task (will_wake), else replaces it.
    void park(WakerTable& wakers, std::uint64_t waiter, const Waker& cx_waker);
    // Removes `waiter` and drops its clone (a cancelled or satisfied waiter).
    void remove(WakerTable& wakers, std::uint64_t waiter, const char* why);
    bool contains(std::uint64_t waiter) const;
    // Wakes (consumes) the first waiter's clone; returns its id or 0 if none.
    std::uint64_t wake_front(WakerTable& wakers, const std::string& cause);
    void wake_all(WakerTable& wakers, const std::string& cause);
    // Wakes every waiter by reference: the clones stay parked until each waiter removes its own.
    void wake_all_by_ref(WakerTable& wakers, const std::string& cause);
    // Takes up to `max` waiters from the front and wakes them in reverse order (newest first).
    void wake_batch_reverse(WakerTable& wakers, const std::string& cause, std::size_t max,
                            std::vector<std::uint64_t>& woken);
    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }
    const std::string& owner() const { return owner_; }
    void clear_silently();  // teardown only

private:
    struct Entry {
        std::uint64_t waiter;
        Waker waker;
    };
    HolderKind kind_;
    std::string owner_;  // "channel 'jobs' (receivers)"
    std::deque<Entry> entries_;
};

}  // namespace ps
