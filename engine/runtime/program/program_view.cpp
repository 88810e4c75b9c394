#include "engine/runtime/program/program_view.hpp"

#include <algorithm>
#include <map>

#include "engine/runtime/program/program_code.hpp"

namespace ps {

namespace {

// Adds the nodes of `spec`'s subtree; remembers, per source line, the first node on it.
void add_nodes(const FutureSpec& spec, const std::string& path, int depth, std::vector<NodeInfo>& nodes,
               std::map<int, std::string>& by_line) {
    nodes.push_back({path, future_kind_name(spec.kind), spec.label, depth});
    if (depth > 0 && spec.pos.line > 0) by_line.emplace(spec.pos.line, path);
    for (std::size_t i = 0; i < spec.children.size(); ++i)
        add_nodes(spec.children[i], path + "/" + std::to_string(i), depth + 1, nodes, by_line);
}

}  // namespace

void render_program_code(const Scenario& sc, TraceMeta& meta) {
    const ProgramCode& code = *sc.program;
    for (const TaskSpec& t : sc.tasks) {
        TaskCode tc;
        tc.name = t.name;
        std::map<int, std::string> by_line;
        const std::size_t root = meta.nodes.size();
        add_nodes(t.body, t.name, 0, meta.nodes, by_line);
        meta.nodes[root].text = "task '" + t.name + "'";
        const ProgramCode::Body& body = code.bodies.at(static_cast<std::size_t>(t.body.count));
        const int first = static_cast<int>(body.fn ? body.fn->name_span.line : body.block->span.line);
        int last = 1;  // the line of the body's closing brace
        const std::size_t end = std::min<std::size_t>(body.block->span.end, code.ast->source.size());
        for (std::size_t i = 0; i + 1 < end; ++i)
            if (code.ast->source[i] == '\n') ++last;
        for (int line = first; line <= last && line <= static_cast<int>(code.source_lines.size()); ++line) {
            auto it = by_line.find(line);
            std::string path = it != by_line.end() ? it->second : (line == first ? t.name : "");
            tc.lines.push_back({code.source_lines[static_cast<std::size_t>(line - 1)], path});
        }
        meta.code.push_back(std::move(tc));
    }
}

}  // namespace ps
