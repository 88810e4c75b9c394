// STUB: replaced by the scenario-loader work.
#include "scenario_load.hpp"
namespace ps {
std::string LoadError::text() const { return file + ": " + message; }
LoadResult load_scenario_file(const std::string& path, const LoadLimits&) { LoadResult r; r.errors.push_back({"stub", path, 0, 0, "", "not implemented"}); return r; }
LoadResult load_scenario_text(std::string_view, const std::string& name, const LoadLimits&) { LoadResult r; r.errors.push_back({"stub", name, 0, 0, "", "not implemented"}); return r; }
}
