#include "engine/trace/compare.hpp"

#include <algorithm>

#include "engine/model/time.hpp"
#include "engine/trace/narrate.hpp"

namespace ps {

std::vector<PollRecord> task_polls(const Trace& t) {
    std::vector<PollRecord> out;
    std::vector<std::int64_t> open(t.tasks.size(), -1);
    for (std::uint32_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        if ((e.kind != EventKind::PollBegin && e.kind != EventKind::PollEnd) || e.task >= t.tasks.size())
            continue;
        const NodeInfo* n = t.node_info(e.node);
        if (!n || n->depth != 0) continue;
        if (e.kind == EventKind::PollBegin) {
            open[e.task] = static_cast<std::int64_t>(out.size());
            out.push_back({i, i, e.time, t.tasks[e.task].name, false, e.worker});
        } else if (open[e.task] >= 0) {
            PollRecord& r = out[static_cast<std::size_t>(open[e.task])];
            r.end_step = i;
            r.ready = e.detail == static_cast<std::uint8_t>(PollResult::Ready);
            open[e.task] = -1;
        }
    }
    return out;
}

std::int64_t first_divergence(const std::vector<PollRecord>& a, const std::vector<PollRecord>& b) {
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i)
        if (a[i].task != b[i].task || a[i].ready != b[i].ready) return static_cast<std::int64_t>(i);
    return a.size() == b.size() ? -1 : static_cast<std::int64_t>(n);
}

namespace {

std::string label(const Trace& t) {
    return t.meta.policy + " (seed " + std::to_string(t.meta.seed) + ")";
}

std::string poll_line(const Trace& t, const PollRecord& r) {
    std::string workers = t.meta.workers > 1 ? " on worker " + std::to_string(r.worker) : "";
    return "t=" + format_time(r.time) + " step " + std::to_string(r.begin_step) + ": " + r.task + " polled" +
           workers + ", returned " + (r.ready ? "Ready" : "Pending");
}

}  // namespace

std::string compare_runs(const Trace& a, const Trace& b) {
    auto pa = task_polls(a), pb = task_polls(b);
    std::string out = "A: " + label(a) + ": " + std::to_string(pa.size()) + " task polls, " +
                      std::to_string(a.size()) + " events, ended at t=" + format_time(a.end_time()) + ": " +
                      a.meta.end_message + "\n";
    out += "B: " + label(b) + ": " + std::to_string(pb.size()) + " task polls, " + std::to_string(b.size()) +
           " events, ended at t=" + format_time(b.end_time()) + ": " + b.meta.end_message + "\n\n";
    std::int64_t d = first_divergence(pa, pb);
    if (d < 0) {
        out += "Same order: both runs poll the same tasks in the same order with the same results.\n";
        bool same_times = true;
        for (std::size_t i = 0; i < pa.size(); ++i) same_times &= pa[i].time == pb[i].time;
        out += same_times ? "The virtual times of the polls agree too.\n"
                          : "The virtual times of the polls differ (timer granularity or clock rules).\n";
        return out;
    }
    auto i = static_cast<std::size_t>(d);
    out += "The runs agree on the first " + std::to_string(i) + " task polls, then diverge at task poll #" +
           std::to_string(i + 1) + ":\n";
    std::size_t from = i >= 3 ? i - 3 : 0;
    for (std::size_t k = from; k < i; ++k)
        out += "  both: " + pa[k].task + (pa[k].ready ? " Ready" : " Pending") + "\n";
    out +=
        "  A:    " + (i < pa.size() ? poll_line(a, pa[i]) : std::string("(no more polls: the run ended)")) +
        "\n";
    out +=
        "  B:    " + (i < pb.size() ? poll_line(b, pb[i]) : std::string("(no more polls: the run ended)")) +
        "\n";
    // Why: the events between the last common poll and the divergent one, in each run.
    auto context = [&](const Trace& t, const std::vector<PollRecord>& p, const char* name) {
        std::string s;
        std::uint32_t lo = i > 0 ? p[i - 1].end_step + 1 : 0;
        std::uint32_t hi = i < p.size() ? p[i].begin_step : static_cast<std::uint32_t>(t.size());
        if (hi > lo + 8) lo = hi - 8;
        for (std::uint32_t k = lo; k < hi; ++k)
            s += std::string("    ") + name + " " + narrate_line(t, k) + "\n";
        return s;
    };
    out += "\nWhat led there in A:\n" + context(a, pa, "A") + "What led there in B:\n" + context(b, pb, "B");
    return out;
}

}  // namespace ps
