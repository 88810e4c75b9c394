// The schema walk: reads a parsed, position-tagged document into a ps::Scenario, reporting
// every shape problem it meets (wrong types, unknown keys, bad durations, ranges, limits)
// and carrying on where it can, so one run shows many independent errors.
//
// Names are not resolved here: the walk records every definition and every use of a task or
// resource name (ScenarioRefs), and json_scenario_refs checks them afterwards.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/load/json_doc.hpp"
#include "engine/load/scenario_load.hpp"
#include "engine/model/scenario.hpp"

namespace ps::json {

struct NameDef {
    std::string name;
    std::string pointer;  // of the name (of the object when the name is missing)
    std::size_t offset = 0;
    std::optional<ResourceKind> kind;  // resources: unset when "kind" was invalid
    bool start = true;                 // tasks
};

struct NameUse {
    std::string name;
    std::string op;       // the key that names it: "read", "spawn", "connect", "task", ...
    std::string pointer;  // of the name value
    std::size_t offset = 0;
    std::string in_task;  // the task whose body holds the op ("" outside task bodies)
};

struct ScenarioRefs {
    std::vector<NameDef> tasks;
    std::vector<NameDef> resources;
    std::vector<NameUse> task_uses;        // spawn, join_handle, notes' "task"
    std::vector<NameUse> resource_uses;    // ops on resources, listener "connect"
    std::size_t tasks_offset = kNoOffset;  // the "tasks" array, for scenario-wide errors
    std::string tasks_pointer = "/tasks";
};

// Fills `out` and `refs`; problems go to doc.diag().
void walk_scenario(const Doc& doc, const LoadLimits& limits, Scenario& out, ScenarioRefs& refs);

}  // namespace ps::json
