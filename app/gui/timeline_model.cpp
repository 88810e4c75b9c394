#include "timeline_model.hpp"

#include <algorithm>

namespace ps::gui {

namespace {

void finish_row(SliceRow& row) {
    // Nested polls of one task never overlap at the same depth, and task-level polls of
    // one worker never overlap, so sorting by begin also sorts by end.
    std::sort(row.slices.begin(), row.slices.end(),
              [](const PollSlice& a, const PollSlice& b) { return a.begin < b.begin; });
    row.ready_prefix.assign(row.slices.size() + 1, 0);
    for (std::size_t i = 0; i < row.slices.size(); ++i)
        row.ready_prefix[i + 1] = row.ready_prefix[i] +
                                  (row.slices[i].result == static_cast<std::uint8_t>(PollResult::Ready));
}

}  // namespace

std::size_t first_after(const std::vector<std::uint32_t>& steps, std::int64_t step) {
    if (step < 0) return 0;
    return static_cast<std::size_t>(
        std::upper_bound(steps.begin(), steps.end(), static_cast<std::uint64_t>(step),
                         [](std::uint64_t v, std::uint32_t s) { return v < s; }) - steps.begin());
}

TimelineModel::TimelineModel(const Trace& trace) {
    events = trace.size();
    tasks.resize(trace.tasks.size());
    for (auto& lane : tasks) lane.nested.resize(TaskLane::kMaxDepthRows);

    // Open polls per task (a stack: nested sub-future polls sit on top of the task-level poll).
    std::vector<std::vector<PollSlice>> open(trace.tasks.size());
    std::vector<std::uint32_t> running(1, kNone);   // task polled now, per worker
    std::vector<std::vector<std::uint32_t>> pending_wakes(trace.tasks.size());
    std::vector<std::vector<std::uint32_t>> pending_from(trace.tasks.size());  // running task per wake

    auto lane_for = [&](std::uint32_t task) -> TaskLane* {
        if (task == kNone) return nullptr;
        if (task >= tasks.size()) {
            tasks.resize(task + 1);
            for (auto& l : tasks)
                if (l.nested.empty()) l.nested.resize(TaskLane::kMaxDepthRows);
            open.resize(task + 1);
            pending_wakes.resize(task + 1);
            pending_from.resize(task + 1);
        }
        return &tasks[task];
    };

    const std::size_t n = trace.size();
    for (std::size_t i = 0; i < n; ++i) {
        const Event& e = trace[i];
        auto step = static_cast<std::uint32_t>(i);
        if (e.worker >= running.size()) running.resize(e.worker + 1u, kNone);
        TaskLane* lane = lane_for(e.task);
        switch (e.kind) {
            case EventKind::PollBegin: {
                if (!lane) break;
                PollSlice s;
                s.begin = s.end = step;
                s.t0 = s.t1 = e.time;
                s.task = e.task;
                s.node = e.node;
                s.result = kOpenPoll;
                s.worker = e.worker;
                s.depth = static_cast<std::uint8_t>(std::min<std::size_t>(open[e.task].size(), 255));
                open[e.task].push_back(s);
                if (s.depth == 0) {
                    running[e.worker] = e.task;
                    task_polls.push_back(step);
                    auto& pw = pending_wakes[e.task];
                    auto& pf = pending_from[e.task];
                    for (std::size_t k = 0; k < pw.size(); ++k)
                        arrows.push_back({pw[k], step, pf[k], e.task});
                    pw.clear();
                    pf.clear();
                }
                break;
            }
            case EventKind::PollEnd: {
                if (!lane) break;
                auto& stack = open[e.task];
                // Pop to the matching node (tolerates a malformed trace).
                while (!stack.empty()) {
                    PollSlice s = stack.back();
                    stack.pop_back();
                    bool match = s.node == e.node || stack.empty();
                    s.end = step;
                    s.t1 = e.time;
                    s.result = match ? e.detail : kOpenPoll;
                    max_depth = std::max<std::uint32_t>(max_depth, s.depth);
                    if (s.depth == 0) {
                        if (s.worker >= executor.size()) executor.resize(s.worker + 1u);
                        executor[s.worker].slices.push_back(s);
                        lane->polls.slices.push_back(s);
                        if (s.worker < running.size()) running[s.worker] = kNone;
                    } else {
                        int row = std::min<int>(s.depth, TaskLane::kMaxDepthRows) - 1;
                        lane->nested[static_cast<std::size_t>(row)].slices.push_back(s);
                    }
                    if (match) break;
                }
                break;
            }
            case EventKind::WakerWake:
            case EventKind::WakerWakeByRef:
                wakes.push_back(step);
                if (lane) {
                    pending_wakes[e.task].push_back(step);
                    pending_from[e.task].push_back(running[e.worker]);
                    lane->wakers.push_back({step, e.time, e.kind, e.detail});
                }
                break;
            case EventKind::WakerClone:
            case EventKind::WakerDrop:
            case EventKind::Spawn:
            case EventKind::TaskComplete:
                if (lane) lane->wakers.push_back({step, e.time, e.kind, e.detail});
                break;
            case EventKind::TimerFire:
            case EventKind::IoReady:
            case EventKind::TimeAdvance:
                reactor.push_back({step, e.time, e.kind, e.detail});
                break;
            default:
                break;
        }
    }
    // Polls still open when the trace ended.
    const std::uint32_t last = n ? static_cast<std::uint32_t>(n - 1) : 0;
    const Nanos last_time = n ? trace[n - 1].time : 0;
    for (std::size_t t = 0; t < open.size(); ++t) {
        for (auto& s : open[t]) {
            s.end = last;
            s.t1 = last_time;
            if (s.depth == 0) {
                if (s.worker >= executor.size()) executor.resize(s.worker + 1u);
                executor[s.worker].slices.push_back(s);
                tasks[t].polls.slices.push_back(s);
            } else {
                int row = std::min<int>(s.depth, TaskLane::kMaxDepthRows) - 1;
                tasks[t].nested[static_cast<std::size_t>(row)].slices.push_back(s);
            }
        }
    }
    if (executor.empty()) executor.resize(1);
    for (auto& row : executor) finish_row(row);
    for (auto& lane : tasks) {
        finish_row(lane.polls);
        for (auto& row : lane.nested) finish_row(row);
    }
    std::sort(arrows.begin(), arrows.end(),
              [](const WakeArrow& a, const WakeArrow& b) { return a.wake < b.wake; });
}

const PollSlice* TimelineModel::executor_slice_at(std::uint32_t step) const {
    for (const auto& row : executor) {
        auto it = std::upper_bound(row.slices.begin(), row.slices.end(), step,
                                   [](std::uint32_t s, const PollSlice& p) { return s < p.begin; });
        if (it == row.slices.begin()) continue;
        --it;
        if (it->begin <= step && step <= it->end) return &*it;
    }
    return nullptr;
}

}  // namespace ps::gui
