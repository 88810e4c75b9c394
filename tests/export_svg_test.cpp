#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/export/svg_timeline.hpp"
#include "engine/export/synthetic_trace.hpp"
#include "engine/trace/causality.hpp"
#include "tests/export_cases.hpp"

using namespace ps;
using export_cases::polls_in;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size())) ++n;
    return n;
}

std::size_t arrows_in(const Trace& trace, StepRange range = {}) {
    StepSpan span = resolve_range(range, trace.size());
    std::size_t n = 0;
    for (const WakeFlow& w : wake_flows(trace))
        n += w.outcome == WakeOutcome::Polled && span.contains(w.wake_step) && span.contains(w.poll_step);
    return n;
}

// Tags open and close in order (a cheap well-formedness check; xmllint does the full one in
// tests/cli/export_svg_xmllint.sh).
bool balanced(const std::string& svg) {
    std::vector<std::string> stack;
    for (std::size_t p = svg.find('<'); p != std::string::npos; p = svg.find('<', p + 1)) {
        if (svg.compare(p, 2, "<?") == 0) continue;
        std::size_t end = svg.find('>', p);
        if (end == std::string::npos) return false;
        bool closing = svg[p + 1] == '/';
        bool self = svg[end - 1] == '/';
        std::size_t name_start = p + (closing ? 2 : 1);
        std::size_t name_end = svg.find_first_of(" />", name_start);
        std::string name = svg.substr(name_start, name_end - name_start);
        if (closing) {
            if (stack.empty() || stack.back() != name) return false;
            stack.pop_back();
        } else if (!self) {
            stack.push_back(name);
        }
    }
    return stack.empty();
}

}  // namespace

TEST_CASE("the SVG timeline has one poll element per poll and one arrow per wake that led to a poll") {
    for (const auto& c : export_cases::all_cases()) {
        INFO(c.name);
        std::string svg = svg_timeline_string(*c.trace);
        CHECK(
            svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"",
                      0) == 0);
        CHECK(svg.find("viewBox=\"0 0 ") != std::string::npos);
        CHECK(svg.find("font-family=\"Inter, 'DejaVu Sans'") != std::string::npos);
        CHECK(svg.size() > 100);
        CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
        CHECK(balanced(svg));
        CHECK(count(svg, "<rect class=\"poll ") == polls_in(*c.trace));
        CHECK(count(svg, "<path class=\"wake-arrow\"") == arrows_in(*c.trace));
        for (const TaskInfo& t : c.trace->tasks)
            CHECK(svg.find(">" + t.name + "</text>") != std::string::npos);
        CHECK(svg.find(">executor</text>") != std::string::npos);
        CHECK(svg.find(">reactor</text>") != std::string::npos);
        CHECK(svg.find(">virtual time</text>") != std::string::npos);
    }
}

TEST_CASE("the SVG timeline of a step range draws only the polls in that range") {
    for (const auto& c : export_cases::engine_cases()) {
        INFO(c.name);
        std::int64_t n = static_cast<std::int64_t>(c.trace->size());
        for (StepRange r :
             {StepRange{n / 4, n / 2}, StepRange{3, 3}, StepRange{n - 3, -1}, StepRange{n + 1, -1}}) {
            INFO("range " << r.from << ".." << r.to);
            std::string svg = svg_timeline_string(*c.trace, r);
            CHECK(balanced(svg));
            CHECK(count(svg, "<rect class=\"poll ") == polls_in(*c.trace, r));
            CHECK(count(svg, "<path class=\"wake-arrow\"") == arrows_in(*c.trace, r));
        }
    }
}

TEST_CASE("the SVG time axis has round ticks with units") {
    Trace trace;
    trace.meta.title = "ticks";
    TraceBuilder b(trace);
    auto t = b.task("sleeper");
    b.spawn(t);
    b.poll(t, 1, PollResult::Pending);
    b.advance_to(10 * kMilli);
    b.poll(t, 2, PollResult::Ready);
    std::string svg = svg_timeline_string(trace);
    CHECK(svg.find(">0ms</text>") != std::string::npos);
    CHECK(svg.find(">10ms</text>") != std::string::npos);
    CHECK(count(svg, "ms</text>") >= 3);
    CHECK(svg.find(">+10ms</text>") != std::string::npos);  // the time jump, in the reactor lane
}

TEST_CASE("the SVG escapes text from the scenario") {
    Trace trace;
    trace.meta.title = "a <b> & \"c\"";
    trace.meta.summary = "bell \x07 and caf\xC3\xA9";
    TraceBuilder b(trace);
    auto t = b.task("x<y");
    b.spawn(t);
    b.poll(t, 1, PollResult::Ready);
    std::string svg = svg_timeline_string(trace);
    CHECK(svg.find("a &lt;b&gt; &amp; &quot;c&quot;") != std::string::npos);
    CHECK(svg.find("x&lt;y") != std::string::npos);
    CHECK(svg.find('\x07') == std::string::npos);
    CHECK(svg.find("caf\xC3\xA9") != std::string::npos);
    CHECK(balanced(svg));
}

TEST_CASE("the SVG of an empty trace is still a picture") {
    Trace trace;
    std::string svg = svg_timeline_string(trace);
    CHECK(balanced(svg));
    CHECK(count(svg, "<rect class=\"poll ") == 0);
    CHECK(svg.find(">pollscope timeline</text>") != std::string::npos);
}

TEST_CASE("the SVG of a large synthetic trace keeps every poll") {
    SyntheticOptions o;
    o.events = 30'000;
    o.tasks = 12;
    o.iterations = 100;
    auto trace = make_synthetic_trace(o);
    std::string svg = svg_timeline_string(*trace);
    CHECK(balanced(svg));
    CHECK(count(svg, "<rect class=\"poll ") == polls_in(*trace));
}

// Not run by default: writes the SVG of every case into $POLLSCOPE_SVG_OUT for
// tests/cli/export_svg_xmllint.sh (until `pollscope run --svg` exists).
TEST_CASE("write the SVG of every case for the xmllint check", "[.svg-files]") {
    const char* dir = std::getenv("POLLSCOPE_SVG_OUT");
    if (!dir) {
        WARN("set POLLSCOPE_SVG_OUT to a directory to write the SVG files");
        return;
    }
    int k = 0;
    for (const auto& c : export_cases::all_cases()) {
        std::string path = std::string(dir) + "/case-" + std::to_string(k++) + ".svg";
        auto r = write_svg_timeline(*c.trace, path);
        REQUIRE(r.ok);
        std::int64_t n = static_cast<std::int64_t>(c.trace->size());
        r = write_svg_timeline(*c.trace, std::string(dir) + "/case-" + std::to_string(k++) + "-range.svg",
                               {n / 3, 2 * n / 3});
        REQUIRE(r.ok);
    }
}
