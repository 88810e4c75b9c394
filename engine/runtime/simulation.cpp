#include "engine/runtime/simulation.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/model/time.hpp"
#include "engine/runtime/intervention.hpp"
#include "engine/runtime/policy.hpp"
#include "engine/runtime/program/program_view.hpp"
#include "engine/runtime/runtime.hpp"
#include "engine/trace/code_view.hpp"

namespace ps {

namespace {

std::vector<std::string> describe_script(const ResourceSpec& r) {
    std::vector<std::string> out;
    for (const IoScriptEvent& e : r.script) {
        std::string at = "at " + format_duration(e.at) + ": ";
        if (!e.connect.empty()) out.push_back(at + "'" + e.connect + "' connects");
        if (e.readable > 0) out.push_back(at + std::to_string(e.readable) + " bytes arrive (readable)");
        if (e.writable > 0)
            out.push_back(at + std::to_string(e.writable) + " bytes of send buffer free (writable)");
        if (e.closed) out.push_back(at + "peer closes the connection");
    }
    if (r.kind == ResourceKind::Channel) out.push_back("bounded, capacity " + std::to_string(r.capacity));
    if (r.kind == ResourceKind::Socket)
        out.insert(out.begin(), "send buffer " + std::to_string(r.capacity) + " bytes");
    return out;
}

void resolve_notes(const Scenario& sc, Trace& trace) {
    for (const NoteSpec& n : sc.notes) {
        if (trace.empty()) break;
        if (n.step >= 0) {
            auto step = static_cast<std::uint32_t>(
                std::min<std::int64_t>(n.step, static_cast<std::int64_t>(trace.size()) - 1));
            trace.meta.notes.push_back({step, n.text});
            continue;
        }
        EventKind kind;
        if (!event_kind_from_name(n.event, kind)) continue;
        int seen = 0;
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const Event& e = trace[i];
            if (e.kind != kind) continue;
            if (!n.task.empty()) {
                if (e.task == kNone || e.task >= trace.tasks.size()) continue;
                const TaskInfo& ti = trace.tasks[e.task];
                const std::string& spec_name =
                    ti.spec < trace.meta.code.size() ? trace.meta.code[ti.spec].name : ti.name;
                if (ti.name != n.task && spec_name != n.task) continue;
            }
            if (kind == EventKind::PollBegin || kind == EventKind::PollEnd) {
                const NodeInfo* node = trace.node_info(e.node);
                if (node && node->depth != 0) continue;  // task-level polls only
            }
            if (kind == EventKind::PollEnd && !n.result.empty()) {
                bool ready = e.detail == static_cast<std::uint8_t>(PollResult::Ready);
                if ((n.result == "ready") != ready) continue;
            }
            if (++seen == n.nth) {
                trace.meta.notes.push_back({static_cast<std::uint32_t>(i), n.text});
                break;
            }
        }
    }
    std::stable_sort(trace.meta.notes.begin(), trace.meta.notes.end(),
                     [](const NoteInfo& a, const NoteInfo& b) { return a.step < b.step; });
}

}  // namespace

std::unique_ptr<Trace> simulate(const Scenario& original, const RunOptions& options) {
    Scenario adjusted;
    const Scenario* chosen = &original;
    if (options.poll_cost) {
        adjusted = original;
        adjusted.runtime.poll_cost = *options.poll_cost;
        chosen = &adjusted;
    }
    const Scenario& sc = *chosen;
    auto trace = std::make_unique<Trace>();
    TraceMeta& m = trace->meta;
    m.scenario_path = sc.path;
    m.title = sc.title;
    m.summary = sc.summary;
    m.lesson = sc.lesson;
    m.policy = options.policy.value_or(sc.runtime.policy);
    m.seed = options.seed.value_or(sc.runtime.seed);
    m.poll_cost = sc.runtime.poll_cost;
    m.max_events = options.max_events.value_or(sc.runtime.max_events);
    if (sc.program) {
        render_program_code(sc, m);
    } else {
        for (const TaskSpec& t : sc.tasks) {
            TaskCode code;
            render_task_code(t, code, m.nodes);
            m.code.push_back(std::move(code));
        }
    }
    trace->index_nodes();
    for (const ResourceSpec& r : sc.resources)
        m.resources.push_back({r.name, resource_kind_name(r.kind), describe_script(r)});

    const int workers = std::clamp(options.workers.value_or(sc.runtime.workers), 1, 64);
    auto policy = make_policy(m.policy, workers, m.seed);
    if (!policy) throw std::invalid_argument("unknown scheduling policy '" + m.policy + "'");
    m.workers = policy->workers();
    if (!sc.runtime.tokio_reactor && policy->has_tokio_reactor()) {
        // tokio's own schedulers always run tokio's reactor: "reactor": "none" is for the others.
        if (chosen != &adjusted) adjusted = original;
        adjusted.runtime.tokio_reactor = true;
        chosen = &adjusted;
    }
    {
        Runtime rt(*chosen, *trace, std::move(policy), m.seed, std::max<std::int64_t>(1, m.max_events));
        rt.start();
        if (options.injections.empty()) {
            while (rt.step()) {
            }
        } else {
            run_with_injections(rt, sc, options.injections, *trace);
            m.injections = options.injections;
        }
    }
    resolve_notes(sc, *trace);
    return trace;
}

}  // namespace ps
