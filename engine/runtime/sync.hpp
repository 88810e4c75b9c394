// Channels, the async mutex and Notify: the synchronisation resources a scenario declares.
// Their waiting futures park in WaitQueues; the operations themselves are in
// engine/runtime/futures/sync.cpp.
#pragma once
#include <cstdint>
#include <deque>
#include <string>

#include "engine/model/scenario.hpp"
#include "engine/runtime/wait_queue.hpp"

namespace ps {

// Bounded mpsc channel (tokio::sync::mpsc::channel(capacity)) or oneshot (capacity 1, one send).
// The receiving side has ONE waker slot, like tokio's AtomicWaker `rx_waker`: a recv that
// returns Pending leaves its clone there, a send takes it out and wakes it, and a recv future
// that is dropped (a select loser) does not take it back, so the next send still wakes that task.
struct Channel {
    explicit Channel(const ResourceSpec& s)
        : spec(&s), senders(HolderKind::Channel, "channel '" + s.name + "' send queue") {}
    const ResourceSpec* spec;
    std::deque<std::int64_t> values;
    std::deque<std::uint64_t> granted;  // parked senders woken with a reserved slot
    std::int64_t capacity() const { return spec->kind == ResourceKind::Oneshot ? 1 : spec->capacity; }
    int live_senders = 0;  // tasks alive whose body sends on this channel
    bool had_senders = false;
    bool closed = false;        // every sender task has finished: recv returns None once empty
    int live_receivers = 0;     // tasks alive whose body receives from this channel
    bool rx_closed = false;     // every receiving task has finished: send returns Err at once
    bool oneshot_sent = false;  // a oneshot's one send happened: its Sender is gone with it
    bool oneshot() const { return spec->kind == ResourceKind::Oneshot; }
    Waker rx_waker;
    WaitQueue senders;
};

// tokio::sync::Mutex: fair, FIFO; unlocking hands the lock straight to the first waiter.
struct AsyncMutex {
    explicit AsyncMutex(const ResourceSpec& s)
        : spec(&s), waiters(HolderKind::Mutex, "mutex '" + s.name + "' wait queue") {}
    const ResourceSpec* spec;
    std::uint32_t owner = kNone;   // task holding the guard
    std::uint64_t granted_to = 0;  // waiter handed the lock, not yet polled
    WaitQueue waiters;
};

// tokio::sync::Notify: notify_one stores a permit when nobody waits.
struct NotifyRes {
    explicit NotifyRes(const ResourceSpec& s)
        : spec(&s), waiters(HolderKind::Notify, "notify '" + s.name + "' waiters") {}
    const ResourceSpec* spec;
    bool permit = false;
    std::deque<std::uint64_t> notified;  // waiters picked by notify_one/notify_waiters, not yet polled
    WaitQueue waiters;
};

}  // namespace ps
