// Two runs of one scenario (two policies or two seeds) side by side: where do they diverge?
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/trace/trace.hpp"

namespace ps {

// One task-level poll: the unit two runs are compared by.
struct PollRecord {
    std::uint32_t begin_step = 0;
    std::uint32_t end_step = 0;
    Nanos time = 0;
    std::string task;
    bool ready = false;
    std::uint8_t worker = 0;
};

std::vector<PollRecord> task_polls(const Trace& trace);

// Index of the first poll that differs in task or result (or size of the shorter list when one
// is a prefix of the other; -1 when both are the same).
std::int64_t first_divergence(const std::vector<PollRecord>& a, const std::vector<PollRecord>& b);

// The report printed by `pollscope run --compare`.
std::string compare_runs(const Trace& a, const Trace& b);

}  // namespace ps
