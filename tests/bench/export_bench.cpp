// Exporter throughput on a synthetic 1,000,000-event trace, in MB/s of output (bytes_per_second,
// per CPU second: the machine is shared, so wall-clock figures swing with the neighbours).
//
// Each exporter streams into a Writer over an open /dev/null descriptor, so the figure is the
// formatting cost, not the disk; "to_file" runs the whole atomic path (temp file, fsync,
// rename) once for comparison. Run: build/bench/export_bench --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true and read the medians.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "engine/export/chrome_json.hpp"
#include "engine/export/markdown.hpp"
#include "engine/export/svg_timeline.hpp"
#include "engine/export/synthetic_trace.hpp"
#include "engine/export/trace_json.hpp"
#include "engine/trace/causality.hpp"

using namespace ps;

namespace {

const Trace& big_trace() {
    static const std::unique_ptr<Trace> trace = [] {
        SyntheticOptions o;
        o.events = 1'000'000;
        o.tasks = 16;
        o.iterations = 0;
        return make_synthetic_trace(o);
    }();
    return *trace;
}

// Streams one export to /dev/null and reports its size.
template <typename Fn>
void run_export(benchmark::State& state, Fn fn) {
    const Trace& trace = big_trace();
    int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        state.SkipWithError("cannot open /dev/null");
        return;
    }
    std::uint64_t bytes = 0;
    for (auto _ : state) {
        Writer w(fd);
        fn(trace, w);
        w.flush();
        bytes = w.bytes();
        benchmark::DoNotOptimize(bytes);
    }
    ::close(fd);
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
    state.counters["events"] = static_cast<double>(trace.size());
    state.counters["output_MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_ChromeJson(benchmark::State& state) {
    run_export(state, [](const Trace& t, Writer& w) { write_chrome_json(t, w); });
}
void BM_TraceJson(benchmark::State& state) {
    run_export(state, [](const Trace& t, Writer& w) { write_trace_json(t, w); });
}
void BM_SvgTimeline(benchmark::State& state) {
    run_export(state, [](const Trace& t, Writer& w) { write_svg_timeline(t, w); });
}
void BM_Markdown(benchmark::State& state) {
    run_export(state, [](const Trace& t, Writer& w) { write_markdown(t, w); });
}

void BM_Causality(benchmark::State& state) {
    const Trace& trace = big_trace();
    for (auto _ : state) {
        Causality c = analyze_causality(trace);
        benchmark::DoNotOptimize(c.slices.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(trace.size()) * state.iterations());
}

void BM_TraceJsonLoad(benchmark::State& state) {
    static const std::string text = trace_json_string(big_trace());
    for (auto _ : state) {
        TraceLoadResult r = load_trace_text(text, "bench.json");
        if (!r.ok()) state.SkipWithError(r.errors[0].text().c_str());
        benchmark::DoNotOptimize(r.trace.get());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(text.size()) * state.iterations());
}

void BM_ChromeJsonToFile(benchmark::State& state) {
    std::string path = "/tmp/pollscope-export-bench-" + std::to_string(::getpid()) + ".json";
    std::uint64_t bytes = 0;
    for (auto _ : state) {
        ExportResult r = write_chrome_json(big_trace(), path);
        if (!r.ok) state.SkipWithError(r.error.c_str());
        bytes = r.bytes;
    }
    std::remove(path.c_str());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}

}  // namespace

BENCHMARK(BM_ChromeJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TraceJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SvgTimeline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Markdown)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Causality)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TraceJsonLoad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ChromeJsonToFile)->Unit(benchmark::kMillisecond)->Iterations(2);

BENCHMARK_MAIN();
