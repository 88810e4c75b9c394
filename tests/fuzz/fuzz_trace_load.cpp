// libFuzzer target for the trace loader (ps::load_trace_text): any bytes in, never a crash, a
// hang, a leak or undefined behaviour. Every trace that loads then goes through everything that
// `view` and the exporters do with it, with these invariants (a broken one aborts, so libFuzzer
// saves the input):
//   - ok() holds exactly when there are no errors, and a refusal names exactly one problem;
//   - a loaded trace saves (trace_json_string) to text that loads again, and saving that gives
//     the same bytes (the loader and the writer agree on the format);
//   - seeking the snapshot cursor to a step gives the same state whether it is reached going
//     forward or coming back (checkpoints and the plain fold agree);
//   - the causality analysis has one cause per slice and one flow per wake event;
//   - every event narrates to a non-empty sentence;
//   - every exporter (Chrome JSON, SVG, Markdown) writes a non-empty string.
// Exporters see at most kMaxExportSteps events (a step range), so one input stays cheap.
// Run it with tests/fuzz/run.sh.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/export/chrome_json.hpp"
#include "engine/export/markdown.hpp"
#include "engine/export/svg_timeline.hpp"
#include "engine/export/trace_json.hpp"
#include "engine/trace/causality.hpp"
#include "engine/trace/narrate.hpp"
#include "engine/trace/snapshot.hpp"

namespace {

constexpr std::size_t kMaxExportSteps = 2000;

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

// Small limits so one input can never ask for much memory or time; a lesson's trace fits.
ps::TraceLoadLimits fuzz_limits() {
    ps::TraceLoadLimits limits;
    limits.max_file_bytes = 1 << 20;
    limits.max_events = 20'000;
    limits.max_string = 4096;
    limits.max_items = 4096;
    return limits;
}

// What a snapshot says, flattened, so two ways of reaching one step can be compared.
std::vector<std::int64_t> fingerprint(const ps::Snapshot& s) {
    std::vector<std::int64_t> f = {s.step,
                                   s.time,
                                   s.running,
                                   static_cast<std::int64_t>(s.run_queue.size()),
                                   static_cast<std::int64_t>(s.wakers.size()),
                                   static_cast<std::int64_t>(s.registrations.size()),
                                   static_cast<std::int64_t>(s.poll_stack.size()),
                                   s.diagnostics,
                                   s.rule_breaks};
    for (std::uint32_t t : s.run_queue) f.push_back(t);
    for (const ps::TaskSnapshot& t : s.tasks) {
        f.push_back(static_cast<std::int64_t>(t.state));
        f.push_back(t.stats.polls);
        f.push_back(t.stats.wakes);
        f.push_back(t.live_wakers);
        f.push_back(t.stats.busy);
    }
    return f;
}

void check_round_trip(const ps::Trace& trace) {
    const std::string saved = ps::trace_json_string(trace);
    ps::TraceLoadResult again = ps::load_trace_text(saved, "saved.json", fuzz_limits());
    if (!again.ok()) {
        std::fprintf(stderr, "reload refused: %s\n", again.errors.front().text().c_str());
        require(false, "a saved trace loads again");
    }
    require(again.first_step == 0, "a saved trace starts at step 0");
    require(again.trace->size() == trace.size(), "a reloaded trace has the same events");
    require(ps::trace_json_string(*again.trace) == saved, "saving a reloaded trace gives the same bytes");
}

void check_snapshots(const ps::Trace& trace) {
    const auto last = static_cast<std::int64_t>(trace.size()) - 1;
    const std::int64_t middle = last / 2;
    ps::SnapshotCursor cursor(trace);
    const std::vector<std::int64_t> at_middle = fingerprint(cursor.seek(middle));
    for (std::int64_t step : {std::int64_t{-1}, std::int64_t{0}, middle, last, last + 5, std::int64_t{0}}) {
        const ps::Snapshot& s = cursor.seek(step);
        require(s.step == std::clamp<std::int64_t>(step, -1, last), "seek lands on the step asked for");
    }
    require(fingerprint(cursor.seek(middle)) == at_middle, "a step reads the same forward and back");
    ps::SnapshotCursor fresh(trace);
    require(fingerprint(fresh.seek(middle)) == at_middle, "a fresh cursor agrees");
}

void check_causality(const ps::Trace& trace) {
    const ps::Causality c = ps::analyze_causality(trace);
    require(c.cause_of_slice.size() == c.slices.size(), "one cause per slice");
    std::size_t wakes = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const ps::EventKind k = trace[i].kind;
        if (k == ps::EventKind::WakerWake || k == ps::EventKind::WakerWakeByRef) ++wakes;
    }
    require(c.wakes.size() == wakes, "one flow per wake event");
    for (std::uint32_t cause : c.cause_of_slice)
        require(cause == ps::kNone || cause < c.wakes.size(), "causes index wakes");
}

void check_narration(const ps::Trace& trace) {
    const std::size_t n = std::min(trace.size(), kMaxExportSteps);
    for (std::size_t i = 0; i < n; ++i) {
        const auto step = static_cast<std::uint32_t>(i);
        require(!ps::narrate(trace, step).empty(), "every event narrates");
        require(!ps::narrate_line(trace, step).empty(), "every event has a line");
    }
    if (!trace.empty()) {
        (void)ps::explain_step(trace, 0);
        (void)ps::explain_step(trace, static_cast<std::uint32_t>(trace.size() - 1));
    }
}

void check_exports(const ps::Trace& trace) {
    ps::StepRange range;
    if (trace.size() > kMaxExportSteps) range.to = static_cast<std::int64_t>(kMaxExportSteps) - 1;
    require(!ps::chrome_json_string(trace, range).empty(), "Chrome JSON is written");
    require(!ps::svg_timeline_string(trace, range).empty(), "SVG is written");
    require(!ps::markdown_string(trace, range).empty(), "Markdown is written");
    // A range in the middle, the way `--from/--to` cuts it.
    if (trace.size() > 2) {
        ps::StepRange inner{
            static_cast<std::int64_t>(trace.size() / 3),
            static_cast<std::int64_t>(std::min(trace.size() - 1, trace.size() / 3 + kMaxExportSteps))};
        (void)ps::trace_json_string(trace, inner);
        (void)ps::chrome_json_string(trace, inner);
        (void)ps::svg_timeline_string(trace, inner);
        (void)ps::markdown_string(trace, inner);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    ps::TraceLoadResult r = ps::load_trace_text(text, "fuzz.json", fuzz_limits());
    require(r.ok() == r.errors.empty(), "ok() iff no errors");
    if (!r.ok()) {
        require(r.errors.size() == 1, "a refusal names one problem");
        require(!r.errors.front().text().empty(), "every error has a text");
        return 0;
    }
    const ps::Trace& trace = *r.trace;
    check_round_trip(trace);
    check_snapshots(trace);
    check_causality(trace);
    check_narration(trace);
    check_exports(trace);
    return 0;
}
