#include "app/summary.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/model/time.hpp"
#include "engine/trace/narrate.hpp"
#include "engine/trace/snapshot.hpp"

namespace ps {

std::string task_summary(const Trace& trace) {
    // One pass, no checkpoints: the table needs only the final state.
    const Snapshot s = snapshot_at(trace, static_cast<std::int64_t>(trace.size()) - 1);
    std::size_t name_w = 4;
    for (const auto& t : trace.tasks) name_w = std::max(name_w, t.name.size());
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "  %-3s %-*s %-10s %6s %6s %7s %6s %10s %12s %12s %12s\n", "id",
                  static_cast<int>(name_w), "name", "state", "polls", "wakes", "clones", "drops",
                  "self-wakes", "busy", "idle", "scheduled");
    out += line;
    for (std::size_t i = 0; i < s.tasks.size() && i < trace.tasks.size(); ++i) {
        TaskSnapshot t = s.tasks[i];
        // Charge the time spent in the final state up to the end of the run.
        Nanos open = s.time - t.state_since;
        if (t.state == TaskState::Idle) t.stats.idle += open;
        if (t.state == TaskState::Scheduled) t.stats.scheduled += open;
        std::snprintf(line, sizeof line, "  %-3zu %-*s %-10s %6u %6u %7u %6u %10u %12s %12s %12s\n", i,
                      static_cast<int>(name_w), trace.tasks[i].name.c_str(), task_state_name(t.state),
                      t.stats.polls, t.stats.wakes, t.stats.waker_clones, t.stats.waker_drops,
                      t.stats.self_wakes, format_time(t.stats.busy).c_str(),
                      format_time(t.stats.idle).c_str(), format_time(t.stats.scheduled).c_str());
        out += line;
    }
    return out;
}

std::string diagnostics_summary(const Trace& trace) {
    if (trace.diagnostics.empty()) return "  none\n";
    std::string out;
    for (const DiagnosticInfo& d : trace.diagnostics) {
        out += "  step " + std::to_string(d.step) + " [" + diag_kind_name(d.kind) + "] " + d.message + "\n";
    }
    return out;
}

}  // namespace ps
