// Simulation: builds the executor, reactor and task futures from a Scenario and runs them.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/policies.hpp"  // the names simulate() accepts
#include "engine/model/scenario.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

struct RunOptions {
    std::optional<std::uint64_t> seed;       // overrides runtime.seed
    std::optional<std::int64_t> max_events;  // overrides runtime.max_events
    std::optional<std::string> policy;       // overrides runtime.policy
    std::optional<Nanos> poll_cost;          // overrides runtime.poll_cost
    std::optional<int> workers;              // overrides runtime.workers
    std::vector<Injection> injections;       // the teacher's hand (engine/runtime/intervention.hpp)
};

// Runs the scenario to its end (all tasks complete, deadlock, or the event limit) and returns
// the trace. Deterministic: same scenario + same options => identical trace.
// Throws std::invalid_argument for an unknown policy name, and InjectionError (intervention.hpp)
// for an injection that is malformed, names nothing in the scenario or does not apply.
std::unique_ptr<Trace> simulate(const Scenario& scenario, const RunOptions& options = {});

}  // namespace ps
