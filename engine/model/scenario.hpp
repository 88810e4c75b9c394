// Scenario: the plain data a scenario file describes, after loading and validation.
//
// Nothing here runs. `Simulation` (simulation.hpp) builds live futures from it.
// The JSON form is documented in scenarios/README.md; the loader is scenario_load.hpp.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/future_kinds.hpp"
#include "engine/model/time.hpp"

namespace ps {

// Where something came from in the scenario file (1-based; 0 = unknown).
struct SourcePos {
    int line = 0;
    int column = 0;
};

// What a hand-written future does with the waker when it returns Pending.
enum class WakerAction : std::uint8_t {
    Store,       // cx.waker().clone() kept in the future (woken later if wake_after is set)
    WakeByRef,   // cx.waker().wake_by_ref(): asks to be polled again at once
    Wake,        // cx.waker().clone().wake()
    Forget,      // does nothing with the waker: the classic lost wakeup
    DropStored,  // drops a previously stored clone, keeps nothing
};

const char* waker_action_name(WakerAction a);

struct ScriptStep {
    bool ready = false;  // Ready(value) instead of Pending
    WakerAction action = WakerAction::Store;
    Nanos wake_after = -1;   // Store only: another thread wakes the stored clone after this long
    std::int64_t value = 0;  // Ready value
    SourcePos pos;
};

struct FutureSpec {
    FutureKind kind = FutureKind::Ready;
    std::string label;                 // optional name shown in the UI ("fetch", "timeout branch")
    Nanos duration = 0;                // Sleep, Compute, Timeout
    std::string resource;              // socket, channel, mutex or notify name
    std::string task;                  // Spawn: task spawned; JoinHandle: task awaited
    std::int64_t amount = 0;           // Read/Write: bytes (0 = all available); Send: value; Ready: value;
                                       // JoinHandle: task id + 1 (0 = the task named `task`)
    std::int64_t count = 0;            // Repeat: iterations (-1 = forever)
    bool biased = false;               // Select: poll branches in order instead of a seeded start
    bool repeat_last = false;          // Scripted: after the script ends, repeat its last step forever
    std::vector<FutureSpec> children;  // Block, Repeat, Join, Select, Timeout(1)
    std::vector<ScriptStep> script;    // Scripted
    SourcePos pos;
    // A copy made while a program runs (its duration, channel or value known only then) points
    // at the node of the scenario it was made from: the copy takes that node's path.
    const FutureSpec* origin = nullptr;
};

enum class ResourceKind : std::uint8_t { Socket, Listener, Channel, Oneshot, Mutex, Notify };

const char* resource_kind_name(ResourceKind k);

// One scripted change of an IO source at a virtual time.
struct IoScriptEvent {
    Nanos at = 0;
    std::int64_t readable = 0;  // bytes that arrive (socket)
    std::int64_t writable = 0;  // bytes of send-buffer space freed (socket)
    bool closed = false;        // peer closed: reads return 0 (EOF)
    std::string connect;        // listener: name of the socket resource that connects
    SourcePos pos;
};

struct ResourceSpec {
    std::string name;
    ResourceKind kind = ResourceKind::Socket;
    std::int64_t capacity = 1;          // Channel: bound; Socket: initial send-buffer space
    std::vector<IoScriptEvent> script;  // Socket, Listener
    SourcePos pos;
};

struct TaskSpec {
    std::string name;
    bool start = true;  // spawned when the runtime starts (else by a Spawn op)
    FutureSpec body;    // always kind == Block
    SourcePos pos;
};

// A note the lesson shows at a step. Either a fixed step, or the nth event matching a filter
// (resolved against the trace after the run, so notes survive engine changes).
struct NoteSpec {
    std::string text;
    std::int64_t step = -1;  // >= 0: this event index
    std::string event;       // trace kind name, e.g. "poll_end"
    std::string task;        // task name filter ("" = any)
    std::string result;      // "pending"/"ready" filter for poll_end ("" = any)
    int nth = 1;             // 1-based occurrence of the match
    SourcePos pos;
};

// The highest runtime.max_live_tasks a scenario may set.
inline constexpr std::int64_t kMaxLiveTasksCeiling = 1'000'000;

struct RuntimeSpec {
    std::string policy = "fifo";
    std::uint64_t seed = 1;
    Nanos poll_cost = 10 * kMicro;          // virtual CPU time of each task poll
    std::int64_t max_events = 200'000;      // the run stops here with a message
    std::int64_t max_live_tasks = 100'000;  // more tasks alive at once stop the run with a message
    Nanos compute_threshold = 10 * kMilli;  // a poll longer than this blocks the executor (diagnostic)
    int busy_threshold = 20;                // consecutive self-woken polls that count as a busy loop
    int workers = 4;                        // worker threads of the multi-worker policies (1..64)
    // "main": "block_on" (true): under the tokio policies the first task, when it starts with the
    // runtime, is the block_on future (#[tokio::main]'s body); "spawned": every task is spawned.
    bool main_block_on = true;
    // "reactor": "tokio" (true) or "none": without tokio's reactor, tokio's timers and sockets
    // panic at their first poll, as they do on an executor that is not tokio's.
    bool tokio_reactor = true;
};

// A Rust program the runtime interprets (engine/runtime/program/): opaque here.
struct ProgramCode;

// A scenario file's "program": a Rust program (a sibling .rs file, or inline source) that
// the scenario's lesson, notes and runtime options apply to. Made into tasks after loading
// (engine/runtime/program/program_load.hpp: attach_program).
struct ProgramRef {
    bool present = false;
    std::string path;            // the .rs file as opened ("" for inline source)
    std::string source;          // its text
    SourcePos pos;               // of the "program" key in the scenario file
    bool policy_given = false;   // "runtime" names a policy: it overrides the program's flavor
    bool workers_given = false;  // likewise for worker_threads
};

struct Scenario {
    std::string path;  // file it was loaded from ("" if built in code)
    std::string title;
    std::string summary;
    std::vector<std::string> lesson;  // paragraphs
    RuntimeSpec runtime;
    std::vector<ResourceSpec> resources;
    std::vector<TaskSpec> tasks;
    std::vector<NoteSpec> notes;
    // Set when the scenario is a Rust program: its task bodies (kind AsyncFn) run this code.
    std::shared_ptr<const ProgramCode> program;
    ProgramRef program_ref;
};

}  // namespace ps
