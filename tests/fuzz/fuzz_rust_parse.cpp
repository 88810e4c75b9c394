// libFuzzer target for the Rust front end (engine/rust): any bytes in, never a crash, a hang,
// a stack overflow or a throw, and these invariants (a broken one aborts, so libFuzzer saves
// the input):
//   - an error has a `rust.` id that is not `rust.internal.*`, a message, and a position
//     inside the text (except the file-size limit, which has none);
//   - a parsed program keeps the text, every item's span lies inside it, and the tree renders
//     (ast_dump walks every node);
//   - parsing is deterministic: a second parse gives the same rendering or the same error.
// Each input is parsed with the default limits and with tiny ones. Run it with
// tests/fuzz/run.sh 60 rust.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/rust/ast_dump.hpp"
#include "engine/rust/parser.hpp"

namespace {

void require(bool ok, const char* what, const std::string& detail) {
    if (ok) return;
    std::fprintf(stderr, "invariant broken: %s\n  %s\n", what, detail.c_str());
    std::abort();
}

std::string render(const ps::rust::ParseResult& r) {
    if (!r.ok()) return r.error().text();
    std::string s;
    for (const ps::rust::Item& item : r.program().items) s += ps::rust::dump(item) + "\n";
    return s;
}

void check(std::string_view text, const ps::rust::ParseLimits& limits) {
    ps::rust::ParseResult r = ps::rust::parse_rust(text, "fuzz.rs", limits);
    std::string first = render(r);
    if (!r.ok()) {
        const ps::rust::ParseError& e = r.error();
        require(e.id.rfind("rust.", 0) == 0, "error ids start with rust.", first);
        require(e.id.rfind("rust.internal", 0) != 0, "no internal errors", first);
        require(!e.message.empty(), "every error has a message", first);
        require(e.line > 0 || e.id == "rust.limit.401", "every error but the file size has a position",
                first);
    } else {
        const ps::rust::Program& p = r.program();
        require(p.source == text, "the program keeps its text", first);
        for (const ps::rust::Item& item : p.items)
            require(item.span.begin <= item.span.end && item.span.end <= text.size() && item.span.line > 0,
                    "item spans lie inside the text", first);
    }
    require(render(ps::rust::parse_rust(text, "fuzz.rs", limits)) == first, "parsing is deterministic",
            first);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    check(text, ps::rust::ParseLimits{});
    ps::rust::ParseLimits tiny;
    tiny.max_file_bytes = 4096;
    tiny.max_tokens = 64;
    tiny.max_depth = 8;
    check(text, tiny);
    return 0;
}
