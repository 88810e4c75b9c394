// STUB
#include "simulation.hpp"
namespace ps {
std::unique_ptr<Trace> simulate(const Scenario&, const RunOptions&) { return std::make_unique<Trace>(); }
const char* const* policy_names() { static const char* n[] = {"fifo", nullptr}; return n; }
}
