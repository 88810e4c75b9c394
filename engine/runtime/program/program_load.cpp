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

bool is_program_path(const std::string& path) {
    return path.size() > 3 && path.compare(path.size() - 3, 3, ".rs") == 0;
}

}  // namespace ps
