// Event kinds described once: for each EventKind (names in engine/model/event_kind.hpp), which of
// task/node/waker it uses, what `detail` and `arg` hold and the JSON key each is written under.
//
// The trace JSON writer and loader, the Chrome writer and narration read the field layout from
// this table; adding an event kind is one row here plus the code that gives it meaning (its
// sentence, its Chrome slice, its effect on the snapshot).
#pragma once
#include <cstdint>
#include <string_view>

#include "engine/trace/trace.hpp"

namespace ps {

// What an event's `detail` byte holds.
enum class DetailMeaning : std::uint8_t {
    None,  // nothing (written raw, as "detail", only when not 0)
    ScheduleReason,
    PollResult,
    HolderKind,
    IoReadiness,
    DropReason,
    TaskOutcome,  // 0 done, 1 cancelled
    DiagKind,
    EndReason,
    Count,  // a count (tasks stolen); written raw, like None
};

// What an event's `arg` holds.
enum class ArgMeaning : std::uint8_t {
    None,         // nothing (written raw, as "arg", only when not 0)
    ParentTask,   // the spawning task, or -1 for a task the runtime starts with
    QueueLength,  // run-queue length after the push
    PollNumber,   // the task's poll number (1-based) at the root, else 0
    Value,        // a Ready value (0 when there is none)
    Text,         // an interned string id: holder, cause, reason, source or message
    TimerId,
    TimeBefore,  // the time before a jump (the event's time is after it)
    Worker,      // another worker (a steal's victim); written raw, like None
};

// Which of task / node / waker an event kind may set (the others stay kNone).
enum EventIds : std::uint8_t { kUsesTask = 1, kUsesNode = 2, kUsesWaker = 4 };

struct EventSchema {
    EventKind kind;
    std::uint8_t ids;  // EventIds
    DetailMeaning detail;
    const char* detail_key;  // JSON key of a named detail ("reason"); "detail" when raw
    ArgMeaning arg;
    const char* arg_key;  // JSON key of the arg ("queue_len"); "arg" when raw
    const char* about;    // one line: what the event records (and what its node is)
};

// A detail with names is written as its name ("woken"); the others are plain numbers.
constexpr bool detail_is_named(DetailMeaning m) {
    return m != DetailMeaning::None && m != DetailMeaning::Count;
}
// A raw arg has no key of its own: it is written as "arg", only when not 0.
constexpr bool arg_is_raw(ArgMeaning m) {
    return m == ArgMeaning::None || m == ArgMeaning::Worker;
}

namespace event_schema_rows {
using D = DetailMeaning;
using A = ArgMeaning;
using K = EventKind;
constexpr std::uint8_t T = kUsesTask, N = kUsesNode, W = kUsesWaker;

inline constexpr EventSchema kRows[] = {
    {K::Spawn, T | N, D::None, "detail", A::ParentTask, "parent", "a task is created; node = its root path"},
    {K::Schedule, T, D::ScheduleReason, "reason", A::QueueLength, "queue_len",
     "a task is pushed to the run queue"},
    {K::PollBegin, T | N, D::None, "detail", A::PollNumber, "poll",
     "a future is polled; node = the path polled"},
    {K::PollEnd, T | N, D::PollResult, "result", A::Value, "value", "a poll returns; node = the path polled"},
    {K::WakerClone, T | N | W, D::HolderKind, "holder_kind", A::Text, "holder",
     "a waker is cloned; node = the path that cloned, waker = the new id"},
    {K::WakerWake, T | N | W, D::HolderKind, "holder_kind", A::Text, "cause",
     "a waker is woken and consumed; waker = kNone for the borrowed waker"},
    {K::WakerWakeByRef, T | N | W, D::HolderKind, "holder_kind", A::Text, "cause",
     "a waker is woken by reference and kept"},
    {K::WakerDrop, T | N | W, D::HolderKind, "holder_kind", A::Text, "reason", "a waker clone is dropped"},
    {K::Register, T | N | W, D::HolderKind, "holder_kind", A::Text, "source",
     "a waker is handed to a source (reactor, scripted thread)"},
    {K::Deregister, T | N | W, D::HolderKind, "holder_kind", A::Text, "source",
     "a source lets go of its waker"},
    {K::TimerFire, T | W, D::None, "detail", A::TimerId, "timer",
     "a timer reaches its deadline and wakes its waker"},
    {K::IoReady, T | W, D::IoReadiness, "readiness", A::Text, "source",
     "a source becomes ready; waker = the waker it wakes, if any"},
    {K::TimeAdvance, 0, D::None, "detail", A::TimeBefore, "from",
     "nothing can run: virtual time jumps to the next timer or IO event"},
    {K::TaskComplete, T | N, D::TaskOutcome, "outcome", A::Value, "value",
     "a task finishes (done or cancelled); node = its root path"},
    {K::FutureDrop, T | N, D::DropReason, "reason", A::None, "arg",
     "a future's state machine is dropped; node = the path dropped"},
    {K::Diagnostic, T | N | W, D::DiagKind, "diag", A::Text, "message",
     "a diagnostic about a task (node and waker when it has them)"},
    {K::RunEnd, 0, D::EndReason, "end", A::Text, "message", "the run stops"},
    {K::Steal, T, D::Count, "detail", A::Worker, "arg",
     "the event's worker found no work and stole tasks from the victim; task = the one it runs"},
    {K::WorkerPark, 0, D::None, "detail", A::None, "arg", "the event's worker found no work and sleeps"},
    {K::WorkerUnpark, 0, D::None, "detail", A::None, "arg", "the event's worker is woken: work is waiting"},
    {K::Inject, T | W, D::None, "detail", A::Text, "what",
     "the teacher intervenes (run --inject); task and waker = the ones it concerns, if any"},
};

constexpr bool rows_in_enum_order() {
    if (std::size(kRows) != static_cast<std::size_t>(kEventKindCount)) return false;
    for (std::size_t i = 0; i < std::size(kRows); ++i)
        if (static_cast<std::size_t>(kRows[i].kind) != i) return false;
    return true;
}
static_assert(rows_in_enum_order(), "one schema row per EventKind, in enum order");

inline constexpr EventSchema kUnknown = {K::Count_, T | N | W,          D::None, "detail", A::None,
                                         "arg",     "not an event kind"};
}  // namespace event_schema_rows

// The row of every kind, in enum order.
inline constexpr const EventSchema (&kEventSchemas)[kEventKindCount] = event_schema_rows::kRows;

constexpr const EventSchema& event_schema(EventKind k) {
    const auto i = static_cast<std::size_t>(k);
    return i < std::size(kEventSchemas) ? kEventSchemas[i] : event_schema_rows::kUnknown;
}

// Names of a named detail's values ("spawned", "woken", ...). `detail_name_count` is 0 for
// unnamed details; `detail_value_name` gives "unknown" past the last value.
int detail_name_count(DetailMeaning m);
const char* detail_value_name(DetailMeaning m, std::uint8_t value);
bool detail_value_from_name(DetailMeaning m, std::string_view name, std::uint8_t& out);
// What a named detail is called in messages: "schedule reason", "holder kind", ...
const char* detail_noun(DetailMeaning m);

// What an arg that must not be negative is called in messages ("a queue length"); nullptr
// when any value (or none) is allowed.
const char* arg_noun(ArgMeaning m);

// The interned string id an event's arg carries, or kNone (its kind has no text, or the id
// is out of range).
std::uint32_t event_text_id(const Event& e);

}  // namespace ps
