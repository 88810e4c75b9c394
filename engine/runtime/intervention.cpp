#include "engine/runtime/intervention.hpp"

#include <algorithm>
#include <charconv>

#include "engine/runtime/runtime.hpp"

namespace ps {

const char* const kInjectForms =
    "  fire-timer:TASK        the first pending timer of TASK fires now (a sleep is then Ready)\n"
    "  readable:SOCKET:BYTES  BYTES arrive on SOCKET now\n"
    "  writable:SOCKET:BYTES  BYTES of SOCKET's send buffer are freed now\n"
    "  close:SOCKET           the peer closes SOCKET now\n"
    "  send:CHANNEL:VALUE     another thread sends VALUE on CHANNEL now\n"
    "  wake:WAKER_ID          another thread wakes waker #WAKER_ID by reference now\n"
    "  drop-waker:WAKER_ID    waker #WAKER_ID is dropped where it is held (a lost wakeup)\n";

namespace {

// [SECTION] The forms

struct Form {
    const char* word;
    InjectKind kind;
    const char* args;  // "" when the action takes one name only
    const char* example;
};

constexpr Form kForms[] = {
    {"fire-timer", InjectKind::FireTimer, "TASK", "fire-timer:main"},
    {"readable", InjectKind::Readable, "SOCKET:BYTES", "readable:conn:64"},
    {"writable", InjectKind::Writable, "SOCKET:BYTES", "writable:conn:64"},
    {"close", InjectKind::Close, "SOCKET", "close:conn"},
    {"send", InjectKind::Send, "CHANNEL:VALUE", "send:jobs:7"},
    {"wake", InjectKind::Wake, "WAKER_ID", "wake:3"},
    {"drop-waker", InjectKind::DropWaker, "WAKER_ID", "drop-waker:3"},
};

constexpr std::int64_t kMaxBytes = 1'000'000'000;

template <typename Int>
bool whole(std::string_view s, Int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string_view> split(std::string_view s) {
    std::vector<std::string_view> parts;
    for (std::size_t at = 0;;) {
        std::size_t colon = s.find(':', at);
        parts.push_back(s.substr(at, colon == std::string_view::npos ? colon : colon - at));
        if (colon == std::string_view::npos) return parts;
        at = colon + 1;
    }
}

bool read_number(const Form& f, std::string_view text, std::int64_t& out, std::string& error) {
    switch (f.kind) {
        case InjectKind::Readable:
        case InjectKind::Writable:
            if (whole(text, out) && out >= 1 && out <= kMaxBytes) return true;
            error = "BYTES must be a whole number from 1 to " + std::to_string(kMaxBytes) + ", got '" +
                    std::string(text) + "'";
            return false;
        case InjectKind::Send:
            if (whole(text, out)) return true;
            error = "VALUE must be a whole number, got '" + std::string(text) + "'";
            return false;
        default: {
            std::string_view id = !text.empty() && text[0] == '#' ? text.substr(1) : text;
            std::uint32_t n = 0;
            if (whole(id, n) && n != kNone) {
                out = n;
                return true;
            }
            error = "WAKER_ID must be a waker number like 3 (or #3), got '" + std::string(text) + "'";
            return false;
        }
    }
}

// "a, b" or "" for the names of the resources of `kinds` (or of the tasks, when `kinds` is empty).
std::string names_of(const Scenario& sc, std::initializer_list<ResourceKind> kinds) {
    std::string out;
    auto add = [&](const std::string& n) { out += (out.empty() ? "" : ", ") + n; };
    if (kinds.size() == 0)
        for (const TaskSpec& t : sc.tasks) add(t.name);
    for (const ResourceSpec& r : sc.resources)
        if (std::find(kinds.begin(), kinds.end(), r.kind) != kinds.end()) add(r.name);
    return out;
}

std::string missing(const char* noun, const std::string& name, const std::string& known) {
    return std::string("no ") + noun + " named '" + name + "' in this scenario (" +
           (known.empty() ? std::string("it has no ") + noun + "s"
                          : std::string("its ") + noun + "s: " + known) +
           ")";
}

}  // namespace

// [SECTION] Parsing and checking

InjectionError::InjectionError(const Injection& in, const std::string& reason)
    : std::runtime_error("--inject " + std::to_string(in.step) + ":" + in.action + ": " + reason) {}

bool parse_inject_action(std::string_view text, InjectAction& out, std::string& error) {
    const std::vector<std::string_view> parts = split(text);
    const Form* form = nullptr;
    for (const Form& f : kForms)
        if (parts[0] == f.word) form = &f;
    if (!form) {
        error = "unknown action '" + std::string(parts[0]) +
                "' (expected fire-timer, readable, writable, close, send, wake or drop-waker)";
        return false;
    }
    const bool two = std::string_view(form->args).find(':') != std::string_view::npos;
    const bool numeric = form->kind == InjectKind::Wake || form->kind == InjectKind::DropWaker;
    if (parts.size() != (two ? 3u : 2u) || parts[1].empty()) {
        error = "'" + std::string(form->word) + "' takes " + form->args + ", e.g. " + form->example;
        return false;
    }
    out = InjectAction{form->kind, numeric ? std::string() : std::string(parts[1]), 0};
    if (numeric) return read_number(*form, parts[1], out.number, error);
    return !two || read_number(*form, parts[2], out.number, error);
}

bool parse_injection(std::string_view text, Injection& out, std::string& error) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        error = "expected STEP:ACTION, e.g. 12:fire-timer:main";
        return false;
    }
    std::uint32_t step = 0;
    if (!whole(text.substr(0, colon), step) || step == kNone) {
        error = "'" + std::string(text.substr(0, colon)) +
                "' is not a step number (expected STEP:ACTION, e.g. 12:fire-timer:main)";
        return false;
    }
    InjectAction action;
    if (!parse_inject_action(text.substr(colon + 1), action, error)) return false;
    out = Injection{step, std::string(text.substr(colon + 1))};
    return true;
}

std::string check_inject_names(const Scenario& sc, const InjectAction& a) {
    switch (a.kind) {
        case InjectKind::FireTimer: {
            // An instance of a spawned spec is "name#2".
            const std::string spec = a.name.substr(0, a.name.find('#'));
            for (const TaskSpec& t : sc.tasks)
                if (t.name == spec) return {};
            return missing("task", a.name, names_of(sc, {}));
        }
        case InjectKind::Readable:
        case InjectKind::Writable:
        case InjectKind::Close:
            for (const ResourceSpec& r : sc.resources)
                if (r.kind == ResourceKind::Socket && r.name == a.name) return {};
            return missing("socket", a.name, names_of(sc, {ResourceKind::Socket}));
        case InjectKind::Send:
            for (const ResourceSpec& r : sc.resources)
                if ((r.kind == ResourceKind::Channel || r.kind == ResourceKind::Oneshot) && r.name == a.name)
                    return {};
            return missing("channel", a.name, names_of(sc, {ResourceKind::Channel, ResourceKind::Oneshot}));
        case InjectKind::Wake:
        case InjectKind::DropWaker: return {};  // waker ids exist only in the run
    }
    return {};
}

// [SECTION] The run

void run_with_injections(Runtime& rt, const Scenario& sc, const std::vector<Injection>& injections,
                         const Trace& trace) {
    struct Planned {
        Injection in;
        InjectAction action;
    };
    std::vector<Planned> plan;
    for (const Injection& in : injections) {
        Planned p{in, {}};
        std::string error;
        if (!parse_inject_action(in.action, p.action, error)) throw InjectionError(in, error);
        if (std::string why = check_inject_names(sc, p.action); !why.empty()) throw InjectionError(in, why);
        plan.push_back(std::move(p));
    }
    std::stable_sort(plan.begin(), plan.end(),
                     [](const Planned& a, const Planned& b) { return a.in.step < b.in.step; });  // I2
    std::size_t next = 0;
    std::size_t boundary = 0;  // the last step at which an action could apply
    do {
        boundary = trace.size();
        for (; next < plan.size() && plan[next].in.step <= trace.size(); ++next) {
            try {
                Intervention::apply(rt, plan[next].action, plan[next].in.step);
            } catch (const std::runtime_error& e) {
                throw InjectionError(plan[next].in, e.what());  // I3
            }
        }
    } while (rt.step());
    if (next < plan.size())
        throw InjectionError(plan[next].in, "step " + std::to_string(plan[next].in.step) +
                                                " is past the end of the run (the last step an action can "
                                                "apply at is " +
                                                std::to_string(boundary) + ")");
}

// [SECTION] The actions, inside the Runtime

std::uint32_t Intervention::record(Runtime& rt, std::uint32_t task, std::uint32_t waker,
                                   const std::string& text) {
    return rt.emit(EventKind::Inject, task, kNone, waker, 0, rt.intern(text));
}

void Intervention::apply(Runtime& rt, const InjectAction& a, std::uint32_t step) {
    switch (a.kind) {
        case InjectKind::FireTimer: fire_timer(rt, a, step); break;
        case InjectKind::Readable:
        case InjectKind::Writable:
        case InjectKind::Close: io(rt, a, step); break;
        case InjectKind::Send: send(rt, a, step); break;
        case InjectKind::Wake:
        case InjectKind::DropWaker: wake_or_drop(rt, a, step); break;
    }
}

void Intervention::fire_timer(Runtime& rt, const InjectAction& a, std::uint32_t step) {
    std::uint32_t timer = kNone, task = kNone;
    for (const auto& t : rt.executor_.tasks()) {
        if (t->name != a.name) continue;
        task = t->id;
        timer = rt.reactor_.pending_timer_of(t->id);
    }
    if (timer == kNone)
        throw std::runtime_error("no pending timer of task '" + a.name + "' at step " + std::to_string(step));
    const TimerEntry& t = rt.reactor_.timer(timer);
    record(rt, task, t.waker.id(), "fired " + t.label + " of " + rt.executor_.label(task) + " now");
    rt.reactor_.fire_now(timer);
}

void Intervention::io(Runtime& rt, const InjectAction& a, std::uint32_t step) {
    const int source = rt.reactor_.source_index(a.name);
    if (rt.reactor_.source(source).closed)
        throw std::runtime_error("socket '" + a.name + "' is already closed at step " + std::to_string(step));
    IoScriptEvent ev;
    ev.at = rt.now_;
    std::string what = "closed socket '" + a.name + "' from the peer's side now";
    if (a.kind == InjectKind::Readable) {
        ev.readable = a.number;
        what = "made socket '" + a.name + "' readable now: " + std::to_string(a.number) + " bytes arrive";
    } else if (a.kind == InjectKind::Writable) {
        ev.writable = a.number;
        what = "made socket '" + a.name + "' writable now: " + std::to_string(a.number) +
               " bytes of its send buffer are freed";
    } else {
        ev.closed = true;
    }
    record(rt, kNone, kNone, what);
    rt.reactor_.inject_io(source, ev);
}

void Intervention::send(Runtime& rt, const InjectAction& a, std::uint32_t step) {
    Channel& ch = *rt.resources_.channel(a.name);
    const std::string at = " at step " + std::to_string(step);
    if (ch.rx_closed)
        throw std::runtime_error("channel '" + a.name + "' has no receiver left" + at +
                                 ": nobody could take the value");
    if (static_cast<std::int64_t>(ch.values.size() + ch.granted.size()) >= ch.capacity())
        throw std::runtime_error("channel '" + a.name + "' is full" + at + " (capacity " +
                                 std::to_string(ch.capacity()) + ")");
    record(rt, ch.rx_waker.task(), ch.rx_waker.id(),
           "sent " + std::to_string(a.number) + " on channel '" + a.name + "' from another thread now");
    ch.values.push_back(a.number);
    rt.wakers_.wake_with(ch.rx_waker, HolderKind::Channel,
                         "a value was sent on channel '" + a.name + "' (by the teacher's hand)");
}

void Intervention::wake_or_drop(Runtime& rt, const InjectAction& a, std::uint32_t step) {
    const auto id = static_cast<std::uint32_t>(a.number);
    const WakerRecord* r = rt.wakers_.record(id);
    if (!r || !r->live)
        throw std::runtime_error("waker #" + std::to_string(id) + " is not alive at step " +
                                 std::to_string(step) +
                                 (r ? " (it was used up or dropped)" : " (no such waker was made yet)"));
    const std::string who = "waker #" + std::to_string(id) + " of " + rt.executor_.label(r->task);
    const std::string holder(rt.trace_.strings.get(r->holder));
    const std::uint32_t task = r->task;
    if (a.kind == InjectKind::Wake) {
        record(rt, task, id,
               "woke " + who + " from another thread now, by reference: " + holder + " keeps its clone");
        rt.wakers_.wake_by_id(id, "another thread (the teacher) wakes it; " + holder + " keeps it");
        return;
    }
    record(rt, task, id, "dropped " + who + ", held by " + holder + ": it can no longer wake the task");
    rt.wakers_.drop_by_id(id, "dropped by the teacher's hand; " + holder + " has lost it");
    const Task& t = rt.executor_.task(task);
    if (t.state == TaskRunState::Idle && t.live_wakers == 0)
        rt.diagnose(DiagKind::LostWakeup, task, t.parked_at,
                    rt.executor_.label(task) + " waits at " + rt.where(t.parked_at, "its future") +
                        " and its last waker was just dropped: nothing can wake it again (lost wakeup)");
}

}  // namespace ps
