// Small builders for scenarios in tests, so engine tests do not depend on the JSON loader.
#pragma once
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/narrate.hpp"

namespace pst {

using namespace ps;

inline FutureSpec op(FutureKind k) {
    FutureSpec f;
    f.kind = k;
    return f;
}
inline FutureSpec sleep_for(Nanos d) {
    auto f = op(FutureKind::Sleep);
    f.duration = d;
    return f;
}
inline FutureSpec compute(Nanos d) {
    auto f = op(FutureKind::Compute);
    f.duration = d;
    return f;
}
inline FutureSpec ready(std::int64_t v = 0) {
    auto f = op(FutureKind::Ready);
    f.amount = v;
    return f;
}
inline FutureSpec yield_now() {
    return op(FutureKind::YieldNow);
}
inline FutureSpec on(FutureKind k, std::string res, std::int64_t amount = 0) {
    auto f = op(k);
    f.resource = std::move(res);
    f.amount = amount;
    return f;
}
inline FutureSpec spawn(std::string task) {
    auto f = op(FutureKind::Spawn);
    f.task = std::move(task);
    return f;
}
inline FutureSpec join_handle(std::string task) {
    auto f = op(FutureKind::JoinHandle);
    f.task = std::move(task);
    return f;
}
inline FutureSpec group(FutureKind k, std::vector<FutureSpec> kids) {
    auto f = op(k);
    f.children = std::move(kids);
    return f;
}
inline FutureSpec repeat(std::int64_t n, std::vector<FutureSpec> body) {
    auto f = group(FutureKind::Repeat, std::move(body));
    f.count = n;
    return f;
}
inline FutureSpec timeout(Nanos d, FutureSpec inner) {
    auto f = group(FutureKind::Timeout, {std::move(inner)});
    f.duration = d;
    return f;
}
inline ScriptStep pending(WakerAction a, Nanos wake_after = -1) {
    ScriptStep s;
    s.action = a;
    s.wake_after = wake_after;
    return s;
}
inline ScriptStep ready_step(std::int64_t v = 0) {
    ScriptStep s;
    s.ready = true;
    s.value = v;
    return s;
}
inline FutureSpec scripted(std::vector<ScriptStep> steps, bool repeat_last = false) {
    auto f = op(FutureKind::Scripted);
    f.script = std::move(steps);
    f.repeat_last = repeat_last;
    return f;
}

inline TaskSpec task(std::string name, std::vector<FutureSpec> body, bool start = true) {
    TaskSpec t;
    t.name = std::move(name);
    t.start = start;
    t.body = group(FutureKind::Block, std::move(body));
    return t;
}

inline ResourceSpec resource(std::string name, ResourceKind kind, std::int64_t capacity = 1) {
    ResourceSpec r;
    r.name = std::move(name);
    r.kind = kind;
    r.capacity = capacity;
    return r;
}

inline Scenario scenario(std::vector<TaskSpec> tasks, std::vector<ResourceSpec> resources = {}) {
    Scenario s;
    s.title = "test";
    s.runtime.poll_cost = 0;
    s.tasks = std::move(tasks);
    s.resources = std::move(resources);
    return s;
}

// Every event as "kind task" lines, handy in failure messages.
inline std::string dump(const Trace& t) {
    std::string out;
    for (std::uint32_t i = 0; i < t.size(); ++i) out += narrate_line(t, i) + "\n";
    return out;
}

inline std::size_t count(const Trace& t, EventKind k) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < t.size(); ++i) n += t[i].kind == k;
    return n;
}

inline std::vector<std::string> kinds(const Trace& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) out.emplace_back(event_kind_name(t[i].kind));
    return out;
}

}  // namespace pst
