// Reactor: virtual clock, timer heap and IO sources with scripted readiness.
//
// Timers are a binary min-heap on (deadline, id); cancelled timers are skipped lazily when they
// reach the top. IO sources change only at the times their scripts name. Registrations are
// edge-triggered like mio under tokio: a registration lasts until its future is dropped or
// completes, but the waker in it is taken when readiness arrives, so a future that finds no data
// must store a waker again before returning Pending.
#pragma once
#include <cstdint>
#include <deque>
#include <queue>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/runtime/waker.hpp"

namespace ps {

class PollEnv;

enum class Interest : std::uint8_t { Readable = 0, Writable = 1 };

struct TimerEntry {
    std::uint32_t id = 0;
    std::uint32_t task = kNone;
    Nanos deadline = 0;
    Waker waker;
    HolderKind kind = HolderKind::Timer;
    std::string label;  // "timer #2 (fires at 10.000ms)"
    bool active = false;
    bool fired = false;
};

struct Registration {
    std::uint32_t id = 0;
    std::uint32_t source = 0;
    Interest interest = Interest::Readable;
    Waker waker;                 // empty between a wake and the next Pending poll
    std::string label;           // "socket 'conn' (readable)"
    std::uint32_t task = kNone;  // the task that owns the registration
    bool active = false;
};

struct IoSource {
    const ResourceSpec* spec = nullptr;
    std::int64_t readable = 0;     // bytes waiting to be read
    std::int64_t write_space = 0;  // bytes that can be written now
    bool closed = false;
    std::deque<std::string> backlog;  // listener: sockets waiting to be accepted
    std::vector<std::uint32_t> regs;  // registration ids, in registration order
};

class Reactor {
public:
    explicit Reactor(PollEnv& env) : env_(env) {}
    void add_source(const ResourceSpec& spec);

    // ---- timers
    std::uint32_t next_timer_id() const { return static_cast<std::uint32_t>(timers_.size()); }
    std::string timer_label(std::uint32_t id, Nanos deadline) const;
    std::uint32_t add_timer(Nanos deadline, Waker waker, HolderKind kind, std::string label);
    // Re-arms with the current poll's waker unless the stored one already wakes the same task.
    void update_timer_waker(std::uint32_t id, const Waker& cx_waker);
    bool timer_fired(std::uint32_t id) const { return timers_[id].fired; }
    // The time the driver last processed timers, in whole ticks (tokio's wheel `elapsed`).
    // A timer registered at or before it fires at once.
    Nanos elapsed() const { return elapsed_; }
    void cancel_timer(std::uint32_t id);
    std::size_t active_timers() const;
    // The teacher's hand (intervention.cpp): the first pending timer of `task` (kNone if none),
    // fired now; IO readiness applied now as if scripted.
    std::uint32_t pending_timer_of(std::uint32_t task) const;
    const TimerEntry& timer(std::uint32_t id) const { return timers_[id]; }
    void fire_now(std::uint32_t id) { fire(timers_[id]); }
    void inject_io(int source, const IoScriptEvent& ev) {
        apply_io(*sources_[static_cast<std::size_t>(source)].spec, source, ev);
    }

    // ---- IO
    int source_index(const std::string& name) const;  // -1 if none
    IoSource& source(int i) { return sources_[static_cast<std::size_t>(i)]; }
    std::uint32_t add_registration(int source, Interest interest, const Waker& cx_waker);
    void arm(std::uint32_t reg, const Waker& cx_waker);
    void deregister(std::uint32_t reg);
    // Drops the waker parked in a registration (its future was dropped) but keeps the registration.
    void disarm(std::uint32_t reg, const char* why);

    // ---- turning
    // Earliest time something is due (timer or IO script event), or -1 when nothing is left.
    Nanos next_due() const;
    // Fires every timer and IO event due at or before now, in (deadline, id) and script order.
    void fire_due();
    // True when some source or timer could still wake a task in the future.
    bool has_future_events() const { return next_due() >= 0; }

    void clear_silently();  // teardown only

private:
    void fire(TimerEntry& t);  // deactivates it and wakes its waker
    void apply_io(const ResourceSpec& spec, int source, const IoScriptEvent& ev);
    // Wakes the registrations with `interest` (or all of them when `both`), or records that
    // nobody was waiting.
    void wake_regs(int source, Interest interest, IoReadiness why, bool both = false);

    struct HeapItem {
        Nanos deadline;
        std::uint32_t id;
        bool operator>(const HeapItem& o) const {
            return deadline != o.deadline ? deadline > o.deadline : id > o.id;
        }
    };
    struct ScriptItem {
        Nanos at;
        int source;
        std::size_t index;
    };

    PollEnv& env_;
    std::deque<TimerEntry> timers_;  // by id; ids never reused
    std::priority_queue<HeapItem, std::vector<HeapItem>, std::greater<>> heap_;
    std::vector<IoSource> sources_;
    std::deque<Registration> regs_;   // by id
    std::vector<ScriptItem> script_;  // every IO script event, sorted by (at, source, index)
    std::size_t next_script_ = 0;
    Nanos elapsed_ = 0;
};

}  // namespace ps
