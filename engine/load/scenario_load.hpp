// Loading and validating scenario files. Never throws: every problem becomes a LoadError.
//
// The pipeline (one file per step):
//   json_text     encoding checks (empty, NUL bytes, UTF-8) and offset -> line:column
//   json_scan     one iterative pass: syntax errors, nesting depth, duplicate keys, string
//                 lengths, and the position of every value
//   nlohmann      builds the DOM (ordered_json, so members keep document order)
//   json_scenario_walk  DOM + positions -> Scenario, with schema errors
//   json_scenario_refs  names: unknown, duplicate, wrong resource kind, tasks that never run
// The error ids are listed in json_errors.hpp and, with examples, in scenarios/README.md.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/scenario.hpp"

namespace ps {

// Limits that keep a hostile file from exhausting memory or time.
struct LoadLimits {
    std::size_t max_file_bytes = 1 << 20;  // 1 MiB
    int max_depth = 64;                    // JSON nesting
    std::size_t max_tasks = 256;
    std::size_t max_ops = 10'000;  // future nodes over all tasks
    std::size_t max_resources = 256;
    std::size_t max_script_events = 10'000;
    std::size_t max_notes = 1'000;
    std::size_t max_string = 4'096;  // bytes per string
    std::int64_t max_repeat = 1'000'000;
    std::int64_t max_events = 10'000'000;  // runtime.max_events ceiling
};

// At most this many errors are reported per file (in document order), then one
// "stopped after 20 errors" entry [scenario.limit.511].
constexpr std::size_t kMaxReportedErrors = 20;

struct LoadError {
    std::string id;       // stable id from the table in scenarios/README.md: "scenario.schema.306"
    std::string file;     // as given by the caller
    int line = 0;         // 1-based, 0 = unknown
    int column = 0;       // 1-based, in bytes
    std::string pointer;  // JSON pointer ("/tasks/3/body/2/sleep"), "" when not applicable
    std::string message;  // "expected a duration like \"10ms\", got 12.5"

    // file:line:col (pointer): message [id]  -- the one format shown everywhere
    std::string text() const;
};

struct LoadResult {
    std::optional<Scenario> scenario;
    std::vector<LoadError> errors;  // empty iff scenario is set
    bool ok() const { return scenario.has_value(); }
};

LoadResult load_scenario_file(const std::string& path, const LoadLimits& limits = {});
LoadResult load_scenario_text(std::string_view text, const std::string& display_name,
                              const LoadLimits& limits = {});

}  // namespace ps
