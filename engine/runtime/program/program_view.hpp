// What the views show of a program: each task's code as the program's own source lines, each
// line tagged with the path of the await point written on it, and one NodeInfo per node.
#pragma once
#include "engine/model/scenario.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

// Fills meta.code and meta.nodes for a scenario that carries a program (Scenario::program).
void render_program_code(const Scenario& sc, TraceMeta& meta);

}  // namespace ps
