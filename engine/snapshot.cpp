// STUB
#include "snapshot.hpp"
namespace ps {
const char* task_state_name(TaskState) { return "?"; }
void Snapshot::apply(const Trace&, std::uint32_t) {}
SnapshotCursor::SnapshotCursor(const Trace& t) : trace_(t) {}
const Snapshot& SnapshotCursor::seek(std::int64_t) { return current_; }
}
