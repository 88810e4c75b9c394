// Waker, RawWaker and RawWakerVTable: the same shape as Rust's std::task.
//
// A `Waker` is a {data, vtable} pair. Copying it calls vtable->clone, destroying it calls
// vtable->drop, `wake()` consumes it through vtable->wake and `wake_by_ref()` leaves it alive.
// Rust uses a vtable rather than a trait object so that a Waker has a fixed size, can be stored
// anywhere (timers, sockets, channels) without generics, and each executor can decide what
// "data" means: tokio's data is a pointer to the task header, and a clone only bumps the task's
// reference count.
//
// pollscope differs in one deliberate way: each clone gets its own record (its `id`), so a
// student can follow "waker #7 of task 3, held by timer #2". In real Rust every clone of a task's
// waker is just another pointer to the same task; `will_wake` therefore compares the task the
// two wakers wake, which is what comparing data pointers does in Rust.
//
// Every vtable call is a trace event (waker_clone, waker_wake, waker_wake_by_ref, waker_drop).
// Rust's clone and wake take no arguments; pollscope lets the caller say who will hold the
// clone or why it wakes (`WakerTable::annotate`) only so that the trace can say it in words.
// The records and the vtable itself are in waker_table.hpp.
#pragma once
#include <cstdint>
#include <utility>

#include "engine/trace/trace.hpp"

namespace ps {

class WakerTable;

struct RawWaker;

struct RawWakerVTable {
    RawWaker (*clone)(const void* data);
    void (*wake)(const void* data);         // consumes the waker
    void (*wake_by_ref)(const void* data);  // does not
    void (*drop)(const void* data);
};

struct RawWaker {
    const void* data = nullptr;
    const RawWakerVTable* vtable = nullptr;
};

// What `data` points at in pollscope's wakers.
struct WakerRecord {
    WakerTable* table = nullptr;
    std::uint32_t id = kNone;  // kNone for the borrowed poll waker
    std::uint32_t task = kNone;
    std::uint32_t holder = kNone;  // interned text naming who keeps this clone
    bool live = false;
    bool taken = false;  // dropped by the teacher's hand (drop-waker): its holder's handle is inert (W7)
};

class Waker {
public:
    Waker() = default;  // empty: holds nothing (like Option<Waker>::None)
    explicit Waker(RawWaker raw) : raw_(raw) {}
    Waker(const Waker& other)
        : raw_(other.raw_.vtable ? other.raw_.vtable->clone(other.raw_.data) : RawWaker{}) {}
    Waker(Waker&& other) noexcept : raw_(std::exchange(other.raw_, RawWaker{})) {}
    Waker& operator=(const Waker& other) {
        if (this != &other) {
            Waker tmp(other);
            swap(tmp);
        }
        return *this;
    }
    Waker& operator=(Waker&& other) noexcept {
        if (this != &other) {
            reset();
            raw_ = std::exchange(other.raw_, RawWaker{});
        }
        return *this;
    }
    ~Waker() { reset(); }

    Waker clone() const { return Waker(*this); }
    // Consumes the waker: afterwards this handle is empty.
    void wake() {
        RawWaker raw = std::exchange(raw_, RawWaker{});
        if (raw.vtable) raw.vtable->wake(raw.data);
    }
    void wake_by_ref() const {
        if (raw_.vtable) raw_.vtable->wake_by_ref(raw_.data);
    }
    // True when both wake the same task (see the file comment).
    bool will_wake(const Waker& other) const;
    // Drops the clone now (vtable->drop).
    void reset() {
        RawWaker raw = std::exchange(raw_, RawWaker{});
        if (raw.vtable) raw.vtable->drop(raw.data);
    }
    // Gives up the handle without calling drop (Rust's mem::forget / ManuallyDrop).
    RawWaker into_raw() { return std::exchange(raw_, RawWaker{}); }
    explicit operator bool() const { return raw_.vtable != nullptr; }
    const RawWaker& raw() const { return raw_; }
    std::uint32_t id() const;    // trace id of this clone (kNone if empty or borrowed)
    std::uint32_t task() const;  // task it wakes (kNone if empty)
    void swap(Waker& o) noexcept { std::swap(raw_, o.raw_); }

private:
    RawWaker raw_;
};

// The poll waker is borrowed (like tokio's WakerRef): polling does not clone it, and its
// `drop` is never called.
class WakerRef {
public:
    explicit WakerRef(RawWaker raw) : waker_(raw) {}
    WakerRef(const WakerRef&) = delete;
    WakerRef& operator=(const WakerRef&) = delete;
    ~WakerRef() { (void)waker_.into_raw(); }
    const Waker& get() const { return waker_; }

private:
    Waker waker_;
};

// What a poll is given, as in Rust: the (borrowed) waker of the task being polled.
class Context {
public:
    Context(const Waker& waker, std::uint32_t task) : waker_(waker), task_(task) {}
    const Waker& waker() const { return waker_; }
    std::uint32_t task() const { return task_; }

private:
    const Waker& waker_;
    std::uint32_t task_;
};

}  // namespace ps
