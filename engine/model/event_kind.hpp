// The kinds of event a run records, and their names in trace files and scenario notes
// ("poll_end"). A lesson's notes refer to events by these names, so the vocabulary is model
// data; what each kind's fields mean is engine/trace/event_schema.hpp's table.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ps {

enum class EventKind : std::uint8_t {
    Spawn,
    Schedule,
    PollBegin,
    PollEnd,
    WakerClone,
    WakerWake,
    WakerWakeByRef,
    WakerDrop,
    Register,
    Deregister,
    TimerFire,
    IoReady,
    TimeAdvance,
    TaskComplete,
    FutureDrop,
    Diagnostic,
    RunEnd,
    Steal,
    WorkerPark,
    WorkerUnpark,  // multi-worker policies only
    Inject,        // the teacher's hand: an intervention (run --inject, the GUI's Inject menu)
    Count_
};
constexpr int kEventKindCount = static_cast<int>(EventKind::Count_);

// In enum order.
inline constexpr const char* kEventKindNames[kEventKindCount] = {
    "spawn",      "schedule",          "poll_begin",   "poll_end",      "waker_clone",
    "waker_wake", "waker_wake_by_ref", "waker_drop",   "register",      "deregister",
    "timer_fire", "io_ready",          "time_advance", "task_complete", "future_drop",
    "diagnostic", "run_end",           "steal",        "worker_park",   "worker_unpark",
    "inject",
};

// The exact name used in trace files; "unknown" past the last kind.
constexpr const char* event_kind_name(EventKind k) {
    const auto i = static_cast<std::size_t>(k);
    return i < static_cast<std::size_t>(kEventKindCount) ? kEventKindNames[i] : "unknown";
}

constexpr bool event_kind_from_name(std::string_view name, EventKind& out) {
    for (int i = 0; i < kEventKindCount; ++i) {
        if (name == kEventKindNames[i]) {
            out = static_cast<EventKind>(i);
            return true;
        }
    }
    return false;
}

}  // namespace ps
