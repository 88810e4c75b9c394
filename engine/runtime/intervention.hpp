// The teacher's hand on the reactor: interventions applied between two executor ticks.
//
// An intervention is STEP:ACTION (a trace's `Injection`). The run is simulated from the start;
// when it has recorded STEP events, the action is applied at the next tick boundary (a poll's
// events are never split), recorded first as an `inject` event, then as the ordinary events
// it causes (timer_fire, io_ready, waker_wake_by_ref, waker_drop, schedule, ...).
//
// The ACTION forms (kInjectForms says the same for `run --help`):
//   fire-timer:TASK          the first pending timer of TASK fires now (a sleep is then Ready,
//                            a helper thread's wake comes now)
//   readable:SOCKET:BYTES    BYTES arrive on SOCKET now
//   writable:SOCKET:BYTES    BYTES of SOCKET's send buffer are freed now
//   close:SOCKET             the peer closes SOCKET now
//   send:CHANNEL:VALUE       another thread sends VALUE on CHANNEL now (waking its receiver)
//   wake:WAKER_ID            another thread wakes waker #WAKER_ID by reference now (the holder
//                            keeps its clone)
//   drop-waker:WAKER_ID      waker #WAKER_ID is dropped where it is held: its holder can no
//                            longer wake the task (a lost wakeup on purpose)
//
// Rules:
//   I1. same scenario + same options + same injections => identical trace; no injections =>
//       exactly the trace of a plain run;
//   I2. injections apply in step order (the order given among equal steps);
//   I3. an action that does not apply when its step is reached stops the run with an
//       InjectionError naming it ("no pending timer of task 'a' at step 12"); so does a step
//       the run never reaches.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

class Runtime;

enum class InjectKind : std::uint8_t { FireTimer, Readable, Writable, Close, Send, Wake, DropWaker };

struct InjectAction {
    InjectKind kind = InjectKind::FireTimer;
    std::string name;         // task, socket or channel
    std::int64_t number = 0;  // bytes, value or waker id
};

// The ACTION forms, one per line, for help texts.
extern const char* const kInjectForms;

// The message of every failed injection: "--inject 12:fire-timer:a: <reason>".
class InjectionError : public std::runtime_error {
public:
    InjectionError(const Injection& in, const std::string& reason);
};

// "STEP:ACTION" into `out`; false with `error` set (the reason only) when the form is wrong.
bool parse_injection(std::string_view text, Injection& out, std::string& error);
// ACTION alone; false with `error` set.
bool parse_inject_action(std::string_view text, InjectAction& out, std::string& error);
// "" when every name the action uses is in the scenario, else why not.
std::string check_inject_names(const Scenario& scenario, const InjectAction& action);

// Steps `rt` (started) to its end, applying `injections` (I1-I3). Throws InjectionError.
void run_with_injections(Runtime& rt, const Scenario& scenario, const std::vector<Injection>& injections,
                         const Trace& trace);

// The Runtime's side: applies one action now (friend of Runtime).
class Intervention {
public:
    // Throws std::runtime_error with the reason when the action does not apply now.
    static void apply(Runtime& rt, const InjectAction& action, std::uint32_t step);

private:
    static void fire_timer(Runtime& rt, const InjectAction& a, std::uint32_t step);
    static void io(Runtime& rt, const InjectAction& a, std::uint32_t step);
    static void send(Runtime& rt, const InjectAction& a, std::uint32_t step);
    static void wake_or_drop(Runtime& rt, const InjectAction& a, std::uint32_t step);
    static std::uint32_t record(Runtime& rt, std::uint32_t task, std::uint32_t waker,
                                const std::string& text);
};

}  // namespace ps
