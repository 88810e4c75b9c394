// The one loader the commands and the window call: a scenario file (JSON) or a Rust program
// (`.rs`, engine/runtime/program/program_load.hpp), with errors in the scenario loader's form.
#pragma once
#include <string>

#include "engine/load/scenario_load.hpp"
#include "engine/model/read_file.hpp"
#include "engine/runtime/program/program_load.hpp"

namespace ps {

inline LoadResult load_input_file(const std::string& path) {
    if (!is_program_path(path)) {
        LoadResult r = load_scenario_file(path);
        if (!r.scenario || !r.scenario->program_ref.present) return r;
        std::string file;  // a scenario that carries its program: the program makes the tasks
        ProgramLoad p = attach_program(*r.scenario, file);
        if (p.scenario) {
            r.scenario = std::move(p.scenario);
            return r;
        }
        r.scenario.reset();
        r.errors.push_back({p.id, file, p.line, p.column, "", p.message});
        return r;
    }
    FileRead file = read_regular_file(path, 4u << 20);
    if (!file.ok()) return load_scenario_file(path);  // the same wording for an unreadable file
    ProgramLoad p = load_program_text(file.text, path);
    LoadResult r;
    if (p.scenario) {
        r.scenario = std::move(p.scenario);
        return r;
    }
    r.errors.push_back({p.id, path, p.line, p.column, "", p.message});
    return r;
}

}  // namespace ps
