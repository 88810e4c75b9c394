// Future kinds: every kind of future a scenario can await, with its name and whether it is a
// leaf, in one table that the loader, the runtime and the trace readers share.
//
// A leaf polls nothing below it: it is where a task waits (the snapshot's `parked_at`) and
// where a poll's virtual CPU cost is charged. The others (async blocks, loops, join, select,
// timeout) only poll their children. Names mirror the async Rust the kinds stand for, and are
// the node kinds written in the trace.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ps {

enum class FutureKind : std::uint8_t {
    Block,          // async { a.await; b.await; ... }  (children = the await points, in order)
    Repeat,         // for _ in 0..n { body }  or loop { body }  (children = body)
    Join,           // join!(a, b, ...)
    Select,         // select! { a => .., b => .. }  (losers dropped)
    Timeout,        // timeout(d, child)
    Ready,          // std::future::ready(v)
    Sleep,          // tokio::time::sleep(d)
    Read,           // socket.readable() + read
    Write,          // socket.writable() + write
    Accept,         // listener.accept()
    Send,           // tx.send(v)  (mpsc bounded or oneshot)
    Recv,           // rx.recv()
    Lock,           // mutex.lock()  (guard held until Unlock or the end of the task)
    Unlock,         // drop(guard)  (not an await point; completes at once)
    Notified,       // notify.notified()
    NotifyOne,      // notify.notify_one()  (completes at once)
    NotifyWaiters,  // notify.notify_waiters()  (completes at once)
    YieldNow,       // tokio::task::yield_now()
    Compute,        // a blocking loop that burns CPU: std::thread::sleep inside async
    Spawn,          // tokio::spawn(task)  (completes at once, yields a JoinHandle)
    JoinHandle,     // handle.await
    Scripted,       // a hand-written `impl Future` whose polls are spelled out
    AsyncFn,        // interpreted async Rust: an `async fn` body or async block of a program
                    // (children = its await points, in source order; count = its code's index)
};

struct FutureKindInfo {
    FutureKind kind;
    const char* name;
    bool is_leaf;
};

// One row per kind, in the enum's order.
inline constexpr FutureKindInfo kFutureKinds[] = {
    {FutureKind::Block, "async", false},
    {FutureKind::Repeat, "repeat", false},
    {FutureKind::Join, "join", false},
    {FutureKind::Select, "select", false},
    {FutureKind::Timeout, "timeout", false},
    {FutureKind::Ready, "ready", true},
    {FutureKind::Sleep, "sleep", true},
    {FutureKind::Read, "read", true},
    {FutureKind::Write, "write", true},
    {FutureKind::Accept, "accept", true},
    {FutureKind::Send, "send", true},
    {FutureKind::Recv, "recv", true},
    {FutureKind::Lock, "lock", true},
    {FutureKind::Unlock, "unlock", true},
    {FutureKind::Notified, "notified", true},
    {FutureKind::NotifyOne, "notify_one", true},
    {FutureKind::NotifyWaiters, "notify_waiters", true},
    {FutureKind::YieldNow, "yield_now", true},
    {FutureKind::Compute, "compute", true},
    {FutureKind::Spawn, "spawn", true},
    {FutureKind::JoinHandle, "join_handle", true},
    {FutureKind::Scripted, "scripted", true},
    {FutureKind::AsyncFn, "async_fn", false},
};

inline constexpr std::size_t kFutureKindCount = sizeof(kFutureKinds) / sizeof(kFutureKinds[0]);

static_assert(
    [] {
        for (std::size_t i = 0; i < kFutureKindCount; ++i)
            if (static_cast<std::size_t>(kFutureKinds[i].kind) != i) return false;
        return kFutureKindCount == static_cast<std::size_t>(FutureKind::AsyncFn) + 1;
    }(),
    "kFutureKinds has one row per FutureKind, in the enum's order");

// The row of a kind (an out-of-range value reads as Ready).
constexpr const FutureKindInfo& future_kind_info(FutureKind k) {
    auto i = static_cast<std::size_t>(k);
    return kFutureKinds[i < kFutureKindCount ? i : static_cast<std::size_t>(FutureKind::Ready)];
}

constexpr const char* future_kind_name(FutureKind k) {
    return future_kind_info(k).name;
}

// The row whose name is `name`, or nullptr (a trace written by hand may use other names).
constexpr const FutureKindInfo* find_future_kind(std::string_view name) {
    for (const FutureKindInfo& row : kFutureKinds)
        if (name == row.name) return &row;
    return nullptr;
}

}  // namespace ps
