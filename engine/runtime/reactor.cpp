#include "engine/runtime/reactor.hpp"

#include <algorithm>

#include "engine/model/time.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {
const char* interest_name(Interest i) {
    return i == Interest::Readable ? "readable" : "writable";
}
}  // namespace

void Reactor::add_source(const ResourceSpec& spec) {
    int index = static_cast<int>(sources_.size());
    IoSource src;
    src.spec = &spec;
    src.write_space = spec.kind == ResourceKind::Socket ? spec.capacity : 0;
    sources_.push_back(std::move(src));
    for (std::size_t i = 0; i < spec.script.size(); ++i) script_.push_back({spec.script[i].at, index, i});
    std::stable_sort(script_.begin(), script_.end(), [](const ScriptItem& a, const ScriptItem& b) {
        return a.at != b.at ? a.at < b.at : a.source != b.source ? a.source < b.source : a.index < b.index;
    });
}

// ---- timers -------------------------------------------------------------------------------

std::string Reactor::timer_label(std::uint32_t id, Nanos deadline) const {
    return "timer #" + std::to_string(id) + " (fires at " + format_time(deadline) + ")";
}

std::uint32_t Reactor::add_timer(Nanos deadline, Waker waker, HolderKind kind, std::string label) {
    auto id = static_cast<std::uint32_t>(timers_.size());
    TimerEntry& t = timers_.emplace_back();
    t.id = id;
    t.deadline = env_.round_deadline(deadline);
    deadline = t.deadline;
    t.kind = kind;
    t.label = std::move(label);
    t.active = true;
    std::uint32_t task = waker.task();
    t.task = task;
    std::uint32_t wid = waker.id();
    t.waker = std::move(waker);
    env_.emit(EventKind::Register, task, env_.current_node(), wid, static_cast<std::uint8_t>(kind),
              env_.intern(t.label));
    if (env_.timers_fire_through_driver() && deadline <= elapsed_) {
        // tokio's wheel refuses a deadline it has already passed and fires the entry at once,
        // waking its waker right there (inside the poll that registered it).
        fire(t);
        return id;
    }
    heap_.push({deadline, id});
    return id;
}

void Reactor::fire(TimerEntry& t) {
    t.active = false;
    t.fired = true;
    // A waker the teacher dropped (W7) wakes nobody: the event names no waker.
    const std::uint32_t waker = WakerTable::inert(t.waker) ? kNone : t.waker.id();
    env_.emit(EventKind::TimerFire, t.task, kNone, waker, static_cast<std::uint8_t>(t.kind), t.id);
    env_.wakers().wake_with(t.waker, t.kind,
                            t.kind == HolderKind::Scripted ? "another thread wakes it" : t.label + " fired");
}

std::uint32_t Reactor::pending_timer_of(std::uint32_t task) const {
    for (const TimerEntry& t : timers_)
        if (t.active && t.task == task) return t.id;
    return kNone;
}

void Reactor::update_timer_waker(std::uint32_t id, const Waker& cx_waker) {
    TimerEntry& t = timers_[id];
    if (!t.active || t.waker.will_wake(cx_waker)) return;
    env_.wakers().drop_with(t.waker, t.kind, "replaced in " + t.label);
    t.waker = env_.wakers().clone_for(cx_waker, t.kind, t.label);
}

void Reactor::cancel_timer(std::uint32_t id) {
    TimerEntry& t = timers_[id];
    if (!t.active) return;
    t.active = false;
    env_.emit(EventKind::Deregister, t.task, env_.current_node(), t.waker.id(),
              static_cast<std::uint8_t>(t.kind), env_.intern(t.label));
    env_.wakers().drop_with(t.waker, t.kind, t.label + " cancelled");
}

std::size_t Reactor::active_timers() const {
    return static_cast<std::size_t>(
        std::count_if(timers_.begin(), timers_.end(), [](const TimerEntry& t) { return t.active; }));
}

// ---- IO -----------------------------------------------------------------------------------

int Reactor::source_index(const std::string& name) const {
    for (std::size_t i = 0; i < sources_.size(); ++i)
        if (sources_[i].spec->name == name) return static_cast<int>(i);
    return -1;
}

std::uint32_t Reactor::add_registration(int source, Interest interest, const Waker& cx_waker) {
    auto id = static_cast<std::uint32_t>(regs_.size());
    Registration& r = regs_.emplace_back();
    r.id = id;
    r.source = static_cast<std::uint32_t>(source);
    r.interest = interest;
    r.active = true;
    const ResourceSpec& spec = *sources_[static_cast<std::size_t>(source)].spec;
    r.label =
        resource_kind_name(spec.kind) + std::string(" '") + spec.name + "' (" + interest_name(interest) + ")";
    r.task = cx_waker.task();
    r.waker = env_.wakers().clone_for(cx_waker, HolderKind::Socket, r.label);
    env_.emit(EventKind::Register, r.waker.task(), env_.current_node(), r.waker.id(),
              static_cast<std::uint8_t>(HolderKind::Socket), env_.intern(r.label));
    sources_[static_cast<std::size_t>(source)].regs.push_back(id);
    return id;
}

void Reactor::arm(std::uint32_t reg, const Waker& cx_waker) {
    Registration& r = regs_[reg];
    if (!r.active) return;
    if (r.waker) {
        if (r.waker.will_wake(cx_waker)) return;
        env_.wakers().drop_with(r.waker, HolderKind::Socket, "replaced in registration of " + r.label);
    }
    r.waker = env_.wakers().clone_for(cx_waker, HolderKind::Socket, r.label);
}

void Reactor::deregister(std::uint32_t reg) {
    Registration& r = regs_[reg];
    if (!r.active) return;
    r.active = false;
    env_.emit(EventKind::Deregister, r.task, env_.current_node(), r.waker.id(),
              static_cast<std::uint8_t>(HolderKind::Socket), env_.intern(r.label));
    env_.wakers().drop_with(r.waker, HolderKind::Socket, "registration of " + r.label + " removed");
    auto& list = sources_[r.source].regs;
    list.erase(std::remove(list.begin(), list.end(), reg), list.end());
}

// ---- turning ------------------------------------------------------------------------------

Nanos Reactor::next_due() const {
    Nanos best = -1;
    // Skip cancelled timers lazily (they stay in the heap until they reach the top).
    auto& heap = const_cast<std::priority_queue<HeapItem, std::vector<HeapItem>, std::greater<>>&>(heap_);
    while (!heap.empty() && !timers_[heap.top().id].active) heap.pop();
    if (!heap.empty()) best = heap.top().deadline;
    if (next_script_ < script_.size()) {
        Nanos at = script_[next_script_].at;
        if (best < 0 || at < best) best = at;
    }
    return best;
}

void Reactor::fire_due() {
    Nanos now = env_.now();
    elapsed_ = env_.round_down(now);
    // IO first, then timers, like tokio's driver (the IO driver is turned before the timers
    // are processed).
    while (next_script_ < script_.size() && script_[next_script_].at <= now) {
        const ScriptItem item = script_[next_script_++];
        const ResourceSpec& spec = *sources_[static_cast<std::size_t>(item.source)].spec;
        apply_io(spec, item.source, spec.script[item.index]);
    }
    while (!heap_.empty() && heap_.top().deadline <= now) {
        HeapItem top = heap_.top();
        heap_.pop();
        TimerEntry& t = timers_[top.id];
        if (!t.active) continue;
        fire(t);
    }
}

void Reactor::apply_io(const ResourceSpec& spec, int source, const IoScriptEvent& ev) {
    IoSource& s = sources_[static_cast<std::size_t>(source)];
    if (!ev.connect.empty()) {
        s.backlog.push_back(ev.connect);
        wake_regs(source, Interest::Readable, IoReadiness::Connect);
    }
    if (ev.readable > 0) {
        s.readable += ev.readable;
        wake_regs(source, Interest::Readable, IoReadiness::Readable);
    }
    if (ev.writable > 0) {
        s.write_space += ev.writable;
        wake_regs(source, Interest::Writable, IoReadiness::Writable);
    }
    if (ev.closed) {
        s.closed = true;
        wake_regs(source, Interest::Readable, IoReadiness::Closed, /*both=*/true);
    }
    (void)spec;
}

void Reactor::wake_regs(int source, Interest interest, IoReadiness why, bool both) {
    IoSource& s = sources_[static_cast<std::size_t>(source)];
    std::uint32_t name = env_.intern(s.spec->name);
    bool any = false;
    std::vector<std::uint32_t> regs = s.regs;  // waking may not change the list, but be safe
    for (std::uint32_t id : regs) {
        Registration& r = regs_[id];
        if (!r.active || (!both && r.interest != interest) || !r.waker || WakerTable::inert(r.waker))
            continue;
        any = true;
        env_.emit(EventKind::IoReady, r.waker.task(), kNone, r.waker.id(), static_cast<std::uint8_t>(why),
                  name);
        env_.wakers().wake_with(r.waker, HolderKind::Socket,
                                std::string(resource_kind_name(s.spec->kind)) + " '" + s.spec->name + "' " +
                                    io_readiness_name(why));
    }
    if (!any) env_.emit(EventKind::IoReady, kNone, kNone, kNone, static_cast<std::uint8_t>(why), name);
}

void Reactor::disarm(std::uint32_t reg, const char* why) {
    Registration& r = regs_[reg];
    if (r.waker)
        env_.wakers().drop_with(r.waker, HolderKind::Socket,
                                std::string(why) + " (registration of " + r.label + ")");
}

void Reactor::clear_silently() {
    for (auto& t : timers_) t.waker = Waker();
    for (auto& r : regs_) r.waker = Waker();
}

}  // namespace ps
