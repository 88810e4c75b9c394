#include "engine/load/json_scenario_refs.hpp"

#include <map>
#include <set>

#include "engine/load/json_errors.hpp"
#include "engine/load/suggest.hpp"

namespace ps::json {

namespace {

// Which resource kinds an op (or a listener's "connect") accepts, and how to say so.
struct Need {
    std::vector<ResourceKind> kinds;
    const char* noun;
};

Need need_of(std::string_view op) {
    if (op == "read" || op == "write" || op == "connect") return {{ResourceKind::Socket}, "a socket"};
    if (op == "accept") return {{ResourceKind::Listener}, "a listener"};
    if (op == "send" || op == "recv")
        return {{ResourceKind::Channel, ResourceKind::Oneshot}, "a channel or a oneshot"};
    if (op == "lock" || op == "unlock") return {{ResourceKind::Mutex}, "a mutex"};
    return {{ResourceKind::Notify}, "a notify"};
}

using Defs = std::map<std::string, const NameDef*, std::less<>>;

// First definition of each name; later ones are duplicates.
Defs index_names(const std::vector<NameDef>& defs, const char* id, const char* what, const LineIndex& lines,
                 Diagnostics& diag) {
    Defs out;
    for (const NameDef& d : defs) {
        if (d.name.empty()) continue;  // missing or not a string: already reported
        auto [it, fresh] = out.emplace(d.name, &d);
        if (!fresh)
            diag.add(id, d.offset, d.pointer,
                     std::string("duplicate ") + what + " name " + in_quotes(d.name) + " (the first is at " +
                         lines.describe(it->second->offset) + ")");
    }
    return out;
}

std::string unknown(const char* what, const std::string& name, const Defs& defs) {
    std::vector<std::string_view> names;
    for (const auto& [n, d] : defs) names.push_back(n);
    std::string m = std::string("unknown ") + what + " " + in_quotes(name);
    if (defs.empty()) return m + " (the scenario declares no " + what + "s)";
    return m + did_you_mean(name, names);
}

}  // namespace

void check_names(const ScenarioRefs& refs, bool whole, const LineIndex& lines, Diagnostics& diag) {
    Defs tasks = index_names(refs.tasks, errid::kDuplicateTask, "task", lines, diag);
    Defs resources = index_names(refs.resources, errid::kDuplicateResource, "resource", lines, diag);

    for (const NameUse& u : refs.resource_uses) {
        auto it = resources.find(u.name);
        if (it == resources.end()) {
            diag.add(errid::kUnknownResource, u.offset, u.pointer, unknown("resource", u.name, resources));
            continue;
        }
        const NameDef& def = *it->second;
        if (!def.kind) continue;  // its kind is already an error
        Need need = need_of(u.op);
        bool fits = false;
        for (ResourceKind k : need.kinds) fits = fits || k == *def.kind;
        if (!fits)
            diag.add(errid::kWrongResource, u.offset, u.pointer,
                     in_quotes(u.op) + " needs " + need.noun + ", but " + in_quotes(u.name) + " is " +
                         with_article(resource_kind_name(*def.kind)));
    }
    for (const NameUse& u : refs.task_uses)
        if (!tasks.count(u.name))
            diag.add(errid::kUnknownTask, u.offset, u.pointer, unknown("task", u.name, tasks));

    if (!whole || refs.tasks.empty()) return;

    // Which tasks ever run: those that start, then whatever a running task spawns.
    std::set<std::string, std::less<>> runs;
    for (const auto& [name, def] : tasks)
        if (def->start) runs.insert(name);
    if (runs.empty()) {
        diag.add(errid::kNothingStarts, refs.tasks_offset, refs.tasks_pointer,
                 "no task has \"start\": true, so nothing would run");
        return;
    }
    for (bool grew = true; grew;) {
        grew = false;
        for (const NameUse& u : refs.task_uses)
            if (u.op == "spawn" && runs.count(u.in_task) && tasks.count(u.name) && runs.insert(u.name).second)
                grew = true;
    }
    for (const auto& [name, def] : tasks) {
        (void)name;
        if (runs.count(def->name)) continue;
        bool spawned_somewhere = false;
        for (const NameUse& u : refs.task_uses)
            spawned_somewhere = spawned_somewhere || (u.op == "spawn" && u.name == def->name);
        diag.add(errid::kTaskNeverRuns, def->offset, def->pointer,
                 "task " + in_quotes(def->name) + " never runs: it has \"start\": false and " +
                     (spawned_somewhere ? "is spawned only by tasks that never run"
                                        : "no \"spawn\" op spawns it"));
    }
    for (const NameUse& u : refs.task_uses)
        if (u.op == "join_handle" && tasks.count(u.name) && !runs.count(u.name))
            diag.add(errid::kHandleNeverRuns, u.offset, u.pointer,
                     "\"join_handle\" waits for task " + in_quotes(u.name) +
                         ", which never runs (it has \"start\": false and nothing that runs spawns it)");
}

}  // namespace ps::json
