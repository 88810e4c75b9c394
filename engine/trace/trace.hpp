// Trace: the append-only record of a run, and the contract between the engine,
// the views and the exporters.
//
// One `Event` is 32 bytes. Its step is its index: step N is the (N+1)th event.
// Strings (future paths, waker holders, messages) are interned and referred to by id.
// Events live in fixed-size chunks, so appending never moves earlier events and never
// copies the whole trace (a growing vector would, and its first-touch page faults dominate).
// A per-task index (4 bytes per event) lets the timeline walk one task's events.
//
// What `task`, `node`, `waker`, `detail` and `arg` hold for each kind, and how each is named in
// trace files: the table in event_schema.hpp (fields that do not apply stay kNone or 0).
// `task` is the task the event is about: for a wake, the task being woken.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/model/event_kind.hpp"
#include "engine/model/time.hpp"

namespace ps {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

enum class PollResult : std::uint8_t { Pending = 0, Ready = 1 };

enum class ScheduleReason : std::uint8_t {
    Spawned = 0,   // a new task enters the run queue
    Woken = 1,     // wake/wake_by_ref of an idle task
    Requeued = 2,  // woken while running: queued again once its poll returned Pending
};

// Who holds (or held) a waker clone; drives colours and wording.
enum class HolderKind : std::uint8_t {
    None = 0,
    Timer,
    Socket,
    Channel,
    Mutex,
    Notify,
    JoinHandle,
    Scripted,
    Executor,
};
const char* holder_kind_name(HolderKind k);

enum class IoReadiness : std::uint8_t { Readable = 0, Writable = 1, Closed = 2, Connect = 3 };
const char* io_readiness_name(IoReadiness r);

enum class DropReason : std::uint8_t { Completed = 0, Cancelled = 1 };

enum class DiagKind : std::uint8_t {
    LostWakeup = 0,         // Pending returned and no live waker clone of the task exists
    BusyLoop = 1,           // the task woke itself on every poll, many times in a row
    BlockingCompute = 2,    // one poll burned more virtual CPU than the threshold
    WakeAfterComplete = 3,  // a waker of a finished task was woken
    Deadlock = 4,           // at the end: tasks pending, nothing left that can wake them
    EventLimit = 5,         // the run hit max_events and was stopped
    Panic = 6,              // a future panicked (tokio's timers and sockets without tokio's reactor)
    Count_
};
const char* diag_kind_name(DiagKind k);  // "lost_wakeup", "busy_loop", ...

enum class EndReason : std::uint8_t { AllComplete = 0, Deadlock = 1, EventLimit = 2, Idle = 3, Panic = 4 };
const char* end_reason_name(EndReason r);

struct Event {
    Nanos time = 0;
    std::int64_t arg = 0;
    std::uint32_t task = kNone;
    std::uint32_t node = kNone;   // interned future path
    std::uint32_t waker = kNone;  // waker clone id
    EventKind kind = EventKind::Spawn;
    std::uint8_t detail = 0;
    std::uint8_t worker = 0;  // executor worker (0 for single-threaded policies)
    std::uint8_t pad = 0;
};
static_assert(sizeof(Event) == 32, "trace events are 32 bytes");

// Strings by id. Ids are dense and assigned in first-use order, so they are deterministic.
class StringTable {
public:
    std::uint32_t intern(std::string_view s) {
        // The same text is often interned many times in a row (a wake's cause in a loop).
        if (last_ < strings_.size() && strings_[last_] == s) return last_;
        return last_ = intern_new(s);
    }
    const std::string& at(std::uint32_t id) const { return strings_.at(id); }
    std::string_view get(std::uint32_t id) const;  // "" for kNone or out of range
    std::size_t size() const { return strings_.size(); }
    const std::vector<std::string>& all() const { return strings_; }

private:
    std::uint32_t intern_new(std::string_view s);
    void grow();

    std::uint32_t last_ = kNone;  // the id interned last

    std::vector<std::string> strings_;
    std::vector<std::size_t> hashes_;  // hash of each string, by id
    // Open addressing, linear probing: each slot holds an id or kNone. Lookups only: ids come
    // from first-use order, never from iterating the slots.
    std::vector<std::uint32_t> slots_;
};

// Append-only event storage in fixed chunks.
class EventStore {
public:
    static constexpr std::size_t kChunkBits = 14;  // 16384 events = 512 KiB
    static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;

    std::uint32_t push(const Event& e) {
        if ((size_ & (kChunkSize - 1)) == 0 && (size_ >> kChunkBits) == chunks_.size()) add_chunk();
        new (&chunks_.back()[size_ & (kChunkSize - 1)]) Event(e);
        return static_cast<std::uint32_t>(size_++);
    }
    const Event& operator[](std::size_t i) const { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::size_t capacity() const { return chunks_.size() * kChunkSize; }
    void clear();

private:
    // Chunks are raw storage: events are written once, at push, so the pages are touched once
    // (no zeroing pass first).
    void add_chunk();
    struct FreeChunk {
        void operator()(Event* p) const noexcept { ::operator delete(p); }
    };
    std::vector<std::unique_ptr<Event[], FreeChunk>> chunks_;
    std::size_t size_ = 0;
};

// What the views need to know about a task without the scenario.
struct TaskInfo {
    std::string name;  // unique in the trace ("handler", "handler#2")
    std::uint32_t parent = kNone;
    std::uint32_t spec = kNone;  // index into TraceMeta::code (which body it runs)
};

// A future node of some task body, for the code view and the tooltips.
struct NodeInfo {
    std::string path;  // "worker/2/0"
    std::string kind;  // future_kind_name
    std::string text;  // "sleep(10ms)"
    int depth = 0;     // 0 = task root
};

// One rendered line of a task body as async Rust.
struct CodeLine {
    std::string text;  // "    sleep(Duration::from_millis(10)).await;"
    std::string path;  // node this line stands for ("" for braces and decorations)
};

struct TaskCode {
    std::string name;  // task spec name
    std::vector<CodeLine> lines;
};

struct ResourceInfo {
    std::string name;
    std::string kind;                 // resource_kind_name
    std::vector<std::string> script;  // "at 5ms: 100 bytes readable"
};

struct NoteInfo {
    std::uint32_t step = 0;
    std::string text;
};

struct DiagnosticInfo {
    std::uint32_t step = 0;
    DiagKind kind = DiagKind::LostWakeup;
    std::uint32_t task = kNone;
    std::string message;
};

// The teacher's hand: an intervention applied when the run reaches `step` (run --inject
// STEP:ACTION; engine/runtime/intervention.hpp has the ACTION forms). Saved with the trace so
// that a demonstration replays exactly.
struct Injection {
    std::uint32_t step = 0;
    std::string action;  // "fire-timer:main"
    bool operator==(const Injection& o) const { return step == o.step && action == o.action; }
};

struct TraceMeta {
    std::string scenario_path;
    std::string title;
    std::string summary;
    std::vector<std::string> lesson;
    std::string policy = "fifo";
    std::uint64_t seed = 1;
    Nanos poll_cost = 0;
    std::int64_t max_events = 0;
    int workers = 1;
    std::vector<TaskCode> code;   // per task spec
    std::vector<NodeInfo> nodes;  // every node of every task spec
    std::vector<ResourceInfo> resources;
    std::vector<NoteInfo> notes;  // resolved to steps, sorted by step
    EndReason end = EndReason::AllComplete;
    std::string end_message;            // "all 3 tasks completed at t=20.000ms"
    std::vector<Injection> injections;  // in the order given; empty for a plain run
};

// A line a program printed (println!/eprintln!, and a panic's message), at the step during
// which it was printed (the last event recorded before it).
struct ConsoleLine {
    std::uint32_t step = 0;
    std::uint32_t task = kNone;
    bool to_stderr = false;
    std::string text;
};

// The frame of an interpreted async body at a suspension: the await point it is parked at and
// its live locals, as rustc's state machine holds them. Recorded each time the body returns
// Pending; the frame of a task at step S is its last record with step <= S.
struct FrameRecord {
    std::uint32_t step = 0;  // the step of the Pending poll_end of the awaited future
                             // (frames of one poll: innermost body first)
    std::uint32_t task = kNone;
    std::uint32_t poll = 0;            // the task's poll (1-based) that returned Pending
    std::uint32_t node = kNone;        // interned path of the async body (its AsyncFn node)
    std::uint32_t await_node = kNone;  // interned path of the await point it is suspended at
    int await_index = 0;               // 1-based: "await 2 of 4"
    int await_count = 0;
    int line = 0;  // source position of the await point
    int column = 0;
    std::vector<std::string> locals;  // "i = 3", "tx: Sender #1" (declaration order)
};

class Trace {
public:
    TraceMeta meta;
    StringTable strings;
    std::vector<TaskInfo> tasks;              // task id = index
    std::vector<DiagnosticInfo> diagnostics;  // in step order
    std::vector<ConsoleLine> console;         // programs only, in step order
    std::vector<FrameRecord> frames;          // programs only, in step order

    std::uint32_t append(const Event& e);  // returns the step
    const Event& operator[](std::size_t step) const { return events_[step]; }
    std::size_t size() const { return events_.size(); }
    bool empty() const { return events_.empty(); }

    // Steps of the events whose `task` is t, ascending.
    const std::vector<std::uint32_t>& task_events(std::uint32_t t) const;

    // First step whose time is >= t (size() if none). Times never decrease along the trace.
    std::size_t lower_bound_time(Nanos t) const;

    Nanos end_time() const { return empty() ? 0 : events_[size() - 1].time; }

    // Memory held for the events: their chunks and the per-task index (its capacity), in bytes.
    std::size_t event_bytes() const;

    // NodeInfo for an interned path id, or nullptr.
    const NodeInfo* node_info(std::uint32_t path_id) const;
    void index_nodes();  // rebuild the path-id -> NodeInfo lookup after meta.nodes changes

    std::string task_name(std::uint32_t t) const;  // "task 2 'worker'" style handled by narrate

private:
    EventStore events_;
    std::vector<std::vector<std::uint32_t>> per_task_;
    std::vector<std::uint32_t> node_by_string_;  // string id -> index into meta.nodes (kNone)
    static const std::vector<std::uint32_t> empty_;
};

}  // namespace ps
