// Value: what a variable of an interpreted Rust program holds (engine/runtime/program/).
//
// Plain data: copying a Value copies the data, never a resource. What a handle stands for (a
// channel end, a mutex guard, a task) lives in the run; a Value names it by index. Ownership
// (moves, clones and drops of handles) is the interpreter's business: `is_copy` says which
// values Rust copies rather than moves.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ps {

enum class ValueKind : std::uint8_t {
    Moved,            // the slot's value was moved out (shown as "moved")
    Unit,             // ()
    Bool,             // n = 0 or 1
    Int,              // n
    Str,              // &'static str: text
    Char,             // n = the scalar value
    Option,           // n = 0 None, 1 Some(items[0])
    Result,           // n = 1 Ok(items[0]), 0 Err(items[0])
    Tuple,            // items
    Vec,              // items (also arrays)
    Range,            // items[0]..items[1] (n = 1 when inclusive)
    Duration,         // n nanoseconds
    Instant,          // n = virtual time in nanoseconds
    Error,            // text: "JoinError::Panic", "Elapsed", "RecvError", ... (the payload of an Err)
    JoinHandle,       // n = task id
    Sender,           // n = channel index (mpsc)
    Receiver,         // n = channel index (mpsc)
    OneshotSender,    // n = channel index
    OneshotReceiver,  // n = channel index
    Mutex,            // Arc<Mutex<int>>: n = mutex index
    Guard,            // MutexGuard: n = mutex index
    Notify,           // Arc<Notify>: n = notify index
    Interval,         // n = next tick time, items[0] = period (Duration)
    Socket,           // pollscope::net::ScriptedSocket: n = socket index (the program's)
    Listener,         // pollscope::net::ScriptedListener: n = listener index
};

struct Value {
    ValueKind kind = ValueKind::Unit;
    std::int64_t n = 0;
    std::string text;
    std::vector<Value> items;

    static Value unit() { return {}; }
    static Value moved() { return Value{ValueKind::Moved, 0, {}, {}}; }
    static Value boolean(bool b) { return Value{ValueKind::Bool, b ? 1 : 0, {}, {}}; }
    static Value integer(std::int64_t v) { return Value{ValueKind::Int, v, {}, {}}; }
    static Value str(std::string s) { return Value{ValueKind::Str, 0, std::move(s), {}}; }
    static Value duration(std::int64_t ns) { return Value{ValueKind::Duration, ns, {}, {}}; }
    static Value instant(std::int64_t ns) { return Value{ValueKind::Instant, ns, {}, {}}; }
    static Value none() { return Value{ValueKind::Option, 0, {}, {}}; }
    static Value some(Value v) { return Value{ValueKind::Option, 1, {}, {std::move(v)}}; }
    static Value ok(Value v) { return Value{ValueKind::Result, 1, {}, {std::move(v)}}; }
    static Value err(Value v) { return Value{ValueKind::Result, 0, {}, {std::move(v)}}; }
    static Value error(std::string what) { return Value{ValueKind::Error, 0, std::move(what), {}}; }
    static Value tuple(std::vector<Value> items) { return Value{ValueKind::Tuple, 0, {}, std::move(items)}; }
    static Value vec(std::vector<Value> items) { return Value{ValueKind::Vec, 0, {}, std::move(items)}; }
    static Value handle(ValueKind k, std::int64_t index) { return Value{k, index, {}, {}}; }

    bool truthy() const { return kind == ValueKind::Bool && n != 0; }
    // Rust copies these on use instead of moving them (integers, bool, (), &str, Duration,
    // Instant, and Option/Result/tuples of those).
    bool is_copy() const;
    // Display (`{}`) and Debug (`{:?}`) text, as Rust prints them; handles print as
    // "Sender #1", "JoinHandle(task 3)".
    std::string display() const;
    std::string debug() const;
    // The type's name as a frame shows it ("Sender", "i64", "Option").
    const char* type_name() const;
    bool operator==(const Value& o) const;
    bool operator!=(const Value& o) const { return !(*this == o); }
};

// Compares two values of the same kind (ints, durations, instants, strings, bools, chars,
// tuples lexicographically); -1, 0 or 1.
int compare_values(const Value& a, const Value& b);

}  // namespace ps
