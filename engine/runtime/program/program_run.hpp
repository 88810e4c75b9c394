// ProgramRun: the state a run's interpreted tasks share (one per run, made by the Runtime on
// first use).
//
// Rules (ownership where it changes scheduling, as in Rust):
//   P1. a channel, mutex or notify is created when the program calls mpsc::channel(n),
//       oneshot::channel(), Mutex::new(v) or Notify::new(); its name is "mpsc#1", "oneshot#2",
//       "mutex#1", "notify#1" (numbered per kind, in creation order);
//   P2. a channel counts its Sender values: a clone adds one, a drop removes one; when the last
//       is dropped the channel closes (R2: the receiver is woken, recv gives None once empty);
//       when its Receiver is dropped, parked senders are woken and send gives Err (R3);
//   P3. dropping a MutexGuard unlocks the mutex (R4 hands it to the first waiter);
//   P4. dropping a JoinHandle detaches the task (nothing else happens);
//   P5. values travel through channels as one int64 on the wire: a non-negative integer as
//       itself, anything else as a ticket (>= 2^62) for the value kept here until received;
//   P6. a task's output (or its panic) is kept here for its JoinHandle: Ok(output), or
//       Err(JoinError::Panic) / Err(JoinError::Cancelled).
//   P7. a ScriptedSocket/ScriptedListener value names an IO source made when its builder
//       chain ends; moving or dropping it changes nothing (its script runs regardless).
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/value.hpp"
#include "engine/runtime/program/program_code.hpp"

namespace ps {

class PollEnv;

// A local variable of an interpreted frame.
struct Local {
    std::string name;
    Value value;
    bool borrowed = false;  // bound from `&x` (or a borrowed element): never dropped here
};

// The locals of one async body (and of a sync fn called from it). A non-move async block
// (a join! branch) sees its parent's locals through `outer`.
struct Frame {
    std::deque<Local> locals;
    Frame* outer = nullptr;
};

// What a task's root body starts with: its body and its frame (arguments, captures).
struct StartFrame {
    std::size_t body = 0;
    std::unique_ptr<Frame> frame;
};

class ProgramRun {
public:
    ProgramRun(PollEnv& env, const ProgramCode* code) : env_(env), code_(code) {}
    const ProgramCode& code() const { return *code_; }

    // P1
    Value new_channel(std::int64_t capacity);  // (Sender, Receiver)
    Value new_oneshot();                       // (oneshot::Sender, oneshot::Receiver)
    Value new_mutex(Value initial);
    Value new_notify();
    // P7: a ScriptedSocket or ScriptedListener (pollscope's prelude) becomes an IO source of the
    // reactor when its builder chain is done: "socket#1", "listener#1"; script times are
    // relative to now (its creation). Accept gives the socket value of a reactor source.
    Value new_io(ResourceSpec spec);
    Value socket_of_source(int source) const;
    // The resource a handle value stands for ("mpsc#1"), and a mutex's value.
    const std::string& resource_name(const Value& handle) const;
    Value& mutex_value(const Value& mutex_or_guard) {
        return mutex_values_[static_cast<std::size_t>(mutex_or_guard.n)];
    }

    // P2-P4: a copy of `v` that Rust's clone() makes (a Sender clone counts), and dropping.
    Value clone_value(const Value& v);
    void drop_value(Value& v);
    // A oneshot send (not a future): Ok(()) or Err(value) when the receiver is gone.
    Value oneshot_send(const Value& sender, Value v);

    // P5
    std::int64_t to_wire(Value v);
    Value from_wire(std::int64_t wire);

    // P6
    struct TaskEnd {
        bool panicked = false;
        Value output;
    };
    void task_ended(std::uint32_t task, TaskEnd end) { ends_[task] = std::move(end); }
    Value join_result(std::uint32_t task, bool cancelled);
    void spawned(std::uint32_t task) { spawned_.push_back(task); }
    const std::vector<std::uint32_t>& spawned_tasks() const { return spawned_; }

    // Handed from tokio::spawn to the new task's root future (made inside Runtime::spawn).
    std::unique_ptr<StartFrame> pending_start;

private:
    enum Family { kMpsc, kOneshot, kMutex, kNotify, kSocket, kListener, kFamilies };
    static Family family_of(ValueKind k);
    std::int64_t add_resource(Family f, std::int64_t capacity);

    PollEnv& env_;
    const ProgramCode* code_;
    std::vector<std::string> names_[kFamilies];  // handle index -> resource name, per family
    std::deque<Value> mutex_values_;
    std::deque<ResourceSpec>
        io_specs_;  // P7: the reactor keeps pointers to them             // by mutex handle index
    std::map<std::int64_t, Value> wire_;
    std::int64_t next_ticket_ = 0;
    std::map<std::uint32_t, TaskEnd> ends_;
    std::vector<std::uint32_t> spawned_;
};

}  // namespace ps
