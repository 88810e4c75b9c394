#include "engine/runtime/program/program_run.hpp"

#include "engine/runtime/executor.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/reactor.hpp"
#include "engine/runtime/resources.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {

constexpr std::int64_t kTicketBase = std::int64_t{1} << 62;

}  // namespace

ProgramRun::Family ProgramRun::family_of(ValueKind k) {
    switch (k) {
        case ValueKind::Sender:
        case ValueKind::Receiver: return kMpsc;
        case ValueKind::OneshotSender:
        case ValueKind::OneshotReceiver: return kOneshot;
        case ValueKind::Mutex:
        case ValueKind::Guard: return kMutex;
        case ValueKind::Socket: return kSocket;
        case ValueKind::Listener: return kListener;
        default: return kNotify;
    }
}

std::int64_t ProgramRun::add_resource(Family f, std::int64_t capacity) {
    static constexpr const char* kPrefix[] = {"mpsc#", "oneshot#", "mutex#", "notify#"};
    static constexpr ResourceKind kKinds[] = {ResourceKind::Channel, ResourceKind::Oneshot,
                                              ResourceKind::Mutex, ResourceKind::Notify};
    auto& names = names_[f];
    ResourceSpec spec;
    spec.name = kPrefix[f] + std::to_string(names.size() + 1);
    spec.kind = kKinds[f];
    spec.capacity = capacity;
    names.push_back(spec.name);
    env_.resources().add(std::move(spec));
    if (Channel* c = env_.resources().channel(names.back())) {  // one Sender, one Receiver (P2)
        c->live_senders = 1;
        c->had_senders = true;
        c->live_receivers = 1;
    }
    return static_cast<std::int64_t>(names.size() - 1);
}

Value ProgramRun::new_channel(std::int64_t capacity) {
    std::int64_t i = add_resource(kMpsc, capacity);
    return Value::tuple({Value::handle(ValueKind::Sender, i), Value::handle(ValueKind::Receiver, i)});
}

Value ProgramRun::new_oneshot() {
    std::int64_t i = add_resource(kOneshot, 1);
    return Value::tuple(
        {Value::handle(ValueKind::OneshotSender, i), Value::handle(ValueKind::OneshotReceiver, i)});
}

Value ProgramRun::new_mutex(Value initial) {
    std::int64_t i = add_resource(kMutex, 1);
    mutex_values_.push_back(std::move(initial));
    return Value::handle(ValueKind::Mutex, i);
}

Value ProgramRun::new_notify() {
    return Value::handle(ValueKind::Notify, add_resource(kNotify, 1));
}

Value ProgramRun::new_io(ResourceSpec spec) {
    const bool socket = spec.kind == ResourceKind::Socket;
    auto& names = names_[socket ? kSocket : kListener];
    spec.name = (socket ? "socket#" : "listener#") + std::to_string(names.size() + 1);
    for (IoScriptEvent& e : spec.script) e.at += env_.now();
    names.push_back(spec.name);
    io_specs_.push_back(std::move(spec));
    env_.reactor().add_source(io_specs_.back());
    return Value::handle(socket ? ValueKind::Socket : ValueKind::Listener,
                         static_cast<std::int64_t>(names.size() - 1));
}

Value ProgramRun::socket_of_source(int source) const {
    if (source < 0) return Value::unit();
    const std::string& name = env_.reactor().source(source).spec->name;
    const auto& names = names_[kSocket];
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return Value::handle(ValueKind::Socket, static_cast<std::int64_t>(i));
    return Value::unit();
}

const std::string& ProgramRun::resource_name(const Value& handle) const {
    static const std::string none;
    const auto& names = names_[family_of(handle.kind)];
    auto i = static_cast<std::size_t>(handle.n);
    return i < names.size() ? names[i] : none;
}

Value ProgramRun::clone_value(const Value& v) {
    if (v.kind == ValueKind::Sender) {
        if (Channel* c = env_.resources().channel(resource_name(v))) ++c->live_senders;
        return v;
    }
    Value out = v;
    if (v.kind == ValueKind::Vec || v.kind == ValueKind::Option || v.kind == ValueKind::Tuple ||
        v.kind == ValueKind::Result)
        for (std::size_t i = 0; i < v.items.size(); ++i) out.items[i] = clone_value(v.items[i]);
    return out;
}

void ProgramRun::drop_value(Value& v) {
    Resources& res = env_.resources();
    switch (v.kind) {
        case ValueKind::Sender:
        case ValueKind::OneshotSender: res.sender_dropped(resource_name(v), env_.wakers()); break;
        case ValueKind::Receiver:
        case ValueKind::OneshotReceiver: res.receiver_dropped(resource_name(v), env_.wakers()); break;
        case ValueKind::Guard: {
            const std::string& name = resource_name(v);
            AsyncMutex* m = res.mutex(name);
            if (!m || m->owner == kNone) break;
            const std::size_t index = res.mutex_index(name);
            auto& held = env_.task(m->owner).held_mutexes;
            for (auto it = held.begin(); it != held.end(); ++it)
                if (*it == index) {
                    held.erase(it);
                    break;
                }
            env_.release_mutex(index, m->owner);
            break;
        }
        default:
            for (auto it = v.items.rbegin(); it != v.items.rend(); ++it) drop_value(*it);
            break;
    }
    v = Value::moved();
}

Value ProgramRun::oneshot_send(const Value& sender, Value v) {
    Channel* c = env_.resources().channel(resource_name(sender));
    if (!c || c->rx_closed) return Value::err(std::move(v));
    c->values.push_back(to_wire(std::move(v)));
    env_.wakers().wake_with(c->rx_waker, HolderKind::Channel,
                            "a value was sent on channel '" + c->spec->name + "'");
    return Value::ok(Value::unit());
}

std::int64_t ProgramRun::to_wire(Value v) {
    if (v.kind == ValueKind::Int && v.n >= 0 && v.n < kTicketBase) return v.n;
    std::int64_t ticket = kTicketBase + next_ticket_++;
    wire_[ticket] = std::move(v);
    return ticket;
}

Value ProgramRun::from_wire(std::int64_t wire) {
    if (wire < kTicketBase) return Value::integer(wire);
    auto it = wire_.find(wire);
    if (it == wire_.end()) return Value::unit();
    Value v = std::move(it->second);
    wire_.erase(it);
    return v;
}

Value ProgramRun::join_result(std::uint32_t task, bool cancelled) {
    auto it = ends_.find(task);
    if (cancelled || it == ends_.end()) return Value::err(Value::error("JoinError::Cancelled"));
    if (it->second.panicked) return Value::err(Value::error("JoinError::Panic"));
    return Value::ok(std::move(it->second.output));
}

}  // namespace ps
