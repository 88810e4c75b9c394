// libFuzzer target for the scenario loader: any bytes in, never a crash, a hang or a throw,
// and these invariants (a broken one aborts, so libFuzzer saves the input):
//   - ok() holds exactly when there are no errors; at most 20 errors plus the "stopped" one;
//   - the loader's own scanner and nlohmann agree on what is JSON: the scanner never lets
//     through text that nlohmann refuses (that would be a scenario.syntax.299), and never
//     reports a syntax error for text nlohmann accepts, except a duplicate key (and except
//     text with a NUL byte, which nlohmann reads as the end of the input);
//   - no internal error (scenario.io.199).
// Each input is loaded twice: with the default limits, and with tiny ones to reach every
// limit check. Run it with tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "engine/load/scenario_load.hpp"

namespace {

void require(bool ok, const char* what, const ps::LoadResult& r) {
    if (ok) return;
    std::fprintf(stderr, "invariant broken: %s\n", what);
    for (const ps::LoadError& e : r.errors) std::fprintf(stderr, "  %s\n", e.text().c_str());
    std::abort();
}

void check(std::string_view text, const ps::LoadLimits& limits, bool default_limits) {
    ps::LoadResult r = ps::load_scenario_text(text, "fuzz.json", limits);
    require(r.ok() == r.errors.empty(), "ok() iff no errors", r);
    require(r.errors.size() <= ps::kMaxReportedErrors + 1, "at most 20 errors and a note", r);
    bool syntax_error = false;
    for (const ps::LoadError& e : r.errors) {
        require(e.id != "scenario.syntax.299", "scanner accepted what nlohmann refuses", r);
        require(e.id != "scenario.io.199", "no internal errors", r);
        require(!e.text().empty(), "every error has a text", r);
        if (e.id.rfind("scenario.syntax.", 0) == 0 && e.id != "scenario.syntax.209") syntax_error = true;
    }
    // nlohmann stops at a NUL byte as if the text ended there; pollscope refuses NUL bytes.
    if (default_limits && syntax_error && text.find('\0') == std::string_view::npos)
        require(!nlohmann::json::accept(text.begin(), text.end()), "scanner refused what nlohmann accepts",
                r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    check(text, ps::LoadLimits{}, true);

    ps::LoadLimits tiny;
    tiny.max_file_bytes = 4096;
    tiny.max_depth = 6;
    tiny.max_tasks = 2;
    tiny.max_ops = 8;
    tiny.max_resources = 2;
    tiny.max_script_events = 2;
    tiny.max_notes = 2;
    tiny.max_string = 24;
    tiny.max_repeat = 3;
    tiny.max_events = 10;
    check(text, tiny, false);
    return 0;
}
