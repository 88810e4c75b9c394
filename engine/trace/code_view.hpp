// Renders task bodies as async Rust, one line per await point, each line tagged with the
// future node it stands for, so the views can highlight where a task is parked.
#pragma once
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

// Short text for one node: "sleep(10ms)", "rx.recv() on 'jobs'", "join! of 2 branches".
std::string describe_future(const FutureSpec& spec);

// Appends the task's code and one NodeInfo per node (paths "task/2/0", root = task name).
void render_task_code(const TaskSpec& task, TaskCode& code, std::vector<NodeInfo>& nodes);

}  // namespace ps
