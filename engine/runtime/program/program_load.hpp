// A `.rs` file in, a Scenario that runs it out (or the first error): the parser
// (engine/rust/parser.hpp), then build_program_scenario (program_code.hpp).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "engine/model/scenario.hpp"

namespace ps {

struct ProgramLoad {
    std::optional<Scenario> scenario;
    // The error when there is no scenario, as the scenario loader words them.
    std::string id;  // "rust.parse.201", "rust.unsupported.301", ...
    int line = 0;
    int column = 0;
    std::string message;
};

ProgramLoad load_program_text(std::string_view text, const std::string& path);

// A scenario file's "program" (Scenario::program_ref, set by the scenario loader) made into
// the scenario that runs it: the program's tasks, with the file's title, summary, lesson, notes
// and runtime options (the program's flavor picks the policy and workers unless "runtime" names
// them). On an error, `id`/`line`/`column`/`message` as load_program_text gives them, and `file`
// names the program file (the scenario file for inline source).
ProgramLoad attach_program(const Scenario& file, std::string& error_file);

// True for a path that names a Rust program ("demo.rs").
bool is_program_path(const std::string& path);

}  // namespace ps
