#include "engine/trace/trace.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <new>

#include "engine/model/enum_names.hpp"

namespace ps {

const char* holder_kind_name(HolderKind k) {
    static constexpr const char* kNames[] = {"none",   "timer",       "socket",   "channel", "mutex",
                                             "notify", "join_handle", "scripted", "executor"};
    static_assert(std::size(kNames) == enum_count(HolderKind::Executor));
    return enum_name(k, kNames, "none");
}

const char* io_readiness_name(IoReadiness r) {
    static constexpr const char* kNames[] = {"readable", "writable", "closed", "connect"};
    static_assert(std::size(kNames) == enum_count(IoReadiness::Connect));
    return enum_name(r, kNames, "readable");
}

const char* diag_kind_name(DiagKind k) {
    static constexpr const char* kNames[] = {
        "lost_wakeup", "busy_loop", "blocking_compute", "wake_after_complete", "deadlock",
        "event_limit", "panic"};
    static_assert(std::size(kNames) == static_cast<std::size_t>(DiagKind::Count_));
    return enum_name(k, kNames, "unknown");
}

const char* end_reason_name(EndReason r) {
    static constexpr const char* kNames[] = {"all_complete", "deadlock", "event_limit", "idle", "panic"};
    static_assert(std::size(kNames) == enum_count(EndReason::Panic));
    return enum_name(r, kNames, "all_complete");
}

std::uint32_t StringTable::intern_new(std::string_view s) {
    if (2 * (strings_.size() + 1) > slots_.size()) grow();  // at most half full
    const std::size_t h = std::hash<std::string_view>{}(s);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    for (; slots_[i] != kNone; i = (i + 1) & mask) {
        std::uint32_t id = slots_[i];
        if (hashes_[id] == h && strings_[id] == s) return id;
    }
    auto id = static_cast<std::uint32_t>(strings_.size());
    strings_.emplace_back(s);
    hashes_.push_back(h);
    slots_[i] = id;
    return id;
}

void StringTable::grow() {
    slots_.assign(std::max<std::size_t>(64, slots_.size() * 2), kNone);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t id = 0; id < strings_.size(); ++id) {
        std::size_t i = hashes_[id] & mask;
        while (slots_[i] != kNone) i = (i + 1) & mask;
        slots_[i] = static_cast<std::uint32_t>(id);
    }
}

std::string_view StringTable::get(std::uint32_t id) const {
    if (id >= strings_.size()) return {};
    return strings_[id];
}

void EventStore::add_chunk() {
    chunks_.emplace_back(static_cast<Event*>(::operator new(sizeof(Event) * kChunkSize)));
}

void EventStore::clear() {
    chunks_.clear();
    size_ = 0;
}

const std::vector<std::uint32_t> Trace::empty_;

std::uint32_t Trace::append(const Event& e) {
    std::uint32_t step = events_.push(e);
    if (e.task != kNone) {
        if (e.task >= per_task_.size()) per_task_.resize(e.task + 1);
        per_task_[e.task].push_back(step);
    }
    return step;
}

const std::vector<std::uint32_t>& Trace::task_events(std::uint32_t t) const {
    return t < per_task_.size() ? per_task_[t] : empty_;
}

std::size_t Trace::event_bytes() const {
    std::size_t bytes = events_.capacity() * sizeof(Event) + per_task_.capacity() * sizeof(per_task_[0]);
    for (const auto& steps : per_task_) bytes += steps.capacity() * sizeof(std::uint32_t);
    return bytes;
}

std::size_t Trace::lower_bound_time(Nanos t) const {
    std::size_t lo = 0, hi = size();
    while (lo < hi) {
        std::size_t mid = lo + (hi - lo) / 2;
        if (events_[mid].time < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const NodeInfo* Trace::node_info(std::uint32_t path_id) const {
    if (path_id >= node_by_string_.size()) return nullptr;
    std::uint32_t i = node_by_string_[path_id];
    return i == kNone ? nullptr : &meta.nodes[i];
}

void Trace::index_nodes() {
    for (std::size_t i = 0; i < meta.nodes.size(); ++i) {
        std::uint32_t id = strings.intern(meta.nodes[i].path);
        if (id >= node_by_string_.size()) node_by_string_.resize(id + 1, kNone);
        node_by_string_[id] = static_cast<std::uint32_t>(i);
    }
}

std::string Trace::task_name(std::uint32_t t) const {
    return t < tasks.size() ? tasks[t].name : std::string("?");
}

}  // namespace ps
