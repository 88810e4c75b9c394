// The semantic pass: do the names in a scenario fit together? Works on the definitions and
// uses the schema walk recorded (json_scenario_walk.hpp), so every error keeps the position
// and JSON pointer of the name that is wrong.
//
//   - task names and resource names are each unique;
//   - every used name exists (with "did you mean" for typos) and the resource has the kind
//     the op needs ("read" needs a socket, "send" a channel or a oneshot, ...);
//   - whole-scenario rules (run only when `whole` is true, i.e. the schema walk found no
//     errors, since a dropped op could otherwise make a task look unspawned):
//     some task starts; every "start": false task is spawned by a task that runs;
//     every join_handle awaits a task that runs.
#pragma once
#include "engine/load/json_scenario_walk.hpp"

namespace ps::json {

void check_names(const ScenarioRefs& refs, bool whole, const LineIndex& lines, Diagnostics& diag);

}  // namespace ps::json
