#include "engine/runtime/program/program_load.hpp"

#include <memory>

#include "engine/runtime/program/program_code.hpp"
#include "engine/rust/parser.hpp"

namespace ps {

ProgramLoad load_program_text(std::string_view text, const std::string& path) {
    ProgramLoad out;
    rust::ParseResult parsed = rust::parse_rust(text, path);
    if (!parsed.ok()) {
        const rust::ParseError& e = parsed.error();
        out.id = e.id;
        out.line = e.line;
        out.column = e.column;
        out.message = e.message;
        return out;
    }
    auto program = std::make_shared<const rust::Program>(std::move(parsed.program()));
    ProgramBuild built = build_program_scenario(std::move(program));
    if (built.error) {
        out.id = built.error->id;
        out.line = built.error->line;
        out.column = built.error->column;
        out.message = built.error->message;
        return out;
    }
    out.scenario = std::move(built.scenario);
    return out;
}

ProgramLoad attach_program(const Scenario& file, std::string& error_file) {
    const ProgramRef& ref = file.program_ref;
    error_file = ref.path.empty() ? file.path : ref.path;
    ProgramLoad p = load_program_text(ref.source, error_file);
    if (!p.scenario) {
        if (ref.path.empty()) p.message = "in the inline \"program\": " + p.message;
        return p;
    }
    Scenario& sc = *p.scenario;
    sc.path = file.path;
    if (!file.title.empty()) sc.title = file.title;
    if (!file.summary.empty()) sc.summary = file.summary;
    if (!file.lesson.empty()) sc.lesson = file.lesson;
    sc.notes = file.notes;
    for (const NoteSpec& n : sc.notes) {
        bool known = n.task.empty();
        for (const TaskSpec& t : sc.tasks) known = known || t.name == n.task;
        if (known) continue;
        std::string names;
        for (const TaskSpec& t : sc.tasks) names += (names.empty() ? "" : ", ") + t.name;
        error_file = file.path;
        ProgramLoad bad;
        bad.id = "scenario.semantic.403";
        bad.line = n.pos.line;
        bad.column = n.pos.column;
        bad.message = "unknown task \"" + n.task + "\" in a note (the program's tasks: " + names + ")";
        return bad;
    }
    RuntimeSpec rt = file.runtime;
    if (!ref.policy_given) rt.policy = sc.runtime.policy;
    if (!ref.workers_given) rt.workers = sc.runtime.workers;
    sc.runtime = rt;
    sc.program_ref = ref;
    return p;
}

bool is_program_path(const std::string& path) {
    return path.size() > 3 && path.compare(path.size() - 3, 3, ".rs") == 0;
}

}  // namespace ps
