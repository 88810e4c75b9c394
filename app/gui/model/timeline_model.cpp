#include "app/gui/model/timeline_model.hpp"

#include <algorithm>
#include <cmath>

#include "engine/trace/causality.hpp"

namespace ps::gui {

namespace {

double begin_on(const PollSlice& s, int axis) {
    return axis == kAxisTime ? static_cast<double>(s.t0) : static_cast<double>(s.begin);
}
double end_on(const PollSlice& s, int axis) {
    return axis == kAxisTime ? static_cast<double>(s.t1) : static_cast<double>(s.end) + 1.0;
}

// A box may join a fold if it already is one, or if it is a single poll narrower than t.
bool foldable(const FoldBox& b, double t) {
    return b.count > 1 || b.e - b.b < t;
}

// The threshold above which the two neighbours a, b would fold together.
double fold_threshold(const FoldBox& a, const FoldBox& b) {
    double need = std::max(0.0, b.b - a.e);
    if (a.count == 1) need = std::max(need, a.e - a.b);
    if (b.count == 1) need = std::max(need, b.e - b.b);
    return need;
}

// Levels of detail along one axis. Each level is computed from the previous one with a
// doubled threshold (skipping thresholds at which nothing would fold), and only kept when it
// has at most half the boxes of the last kept level: the kept levels together hold fewer
// boxes than the row has polls, and drawing any level costs at most twice the ideal one.
void build_lod(SliceRow& row, int axis) {
    auto& levels = row.lod[axis];
    levels.clear();
    const auto& v = row.slices;
    if (v.size() < 64) return;  // small rows are drawn directly
    std::vector<FoldBox> cur(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        cur[i] = {begin_on(v[i], axis), end_on(v[i], axis), static_cast<std::uint32_t>(i), 1};
    std::size_t kept = cur.size();
    double t = 1.0;
    std::vector<FoldBox> next;
    while (cur.size() > 1) {
        next.clear();
        next.push_back(cur[0]);
        double blocking = 1e300;  // smallest threshold that would fold one more pair
        for (std::size_t i = 1; i < cur.size(); ++i) {
            FoldBox& last = next.back();
            const FoldBox& b = cur[i];
            if (foldable(last, t) && foldable(b, t) && b.b - last.e < t) {
                last.e = std::max(last.e, b.e);
                last.count += b.count;
            } else {
                blocking = std::min(blocking, fold_threshold(last, b));
                next.push_back(b);
            }
        }
        if (next.size() < cur.size()) {
            cur.swap(next);
            if (cur.size() * 2 <= kept) {
                levels.push_back({t, cur});
                kept = cur.size();
            }
        }
        if (blocking >= 1e300) break;
        double want = std::max(t * 2, blocking);
        t = std::exp2(std::floor(std::log2(want)) + 1);  // a power of two strictly above `want`
    }
}

}  // namespace

void finish_row(SliceRow& row) {
    // Nested polls of one task never overlap at the same depth, and task-level polls of
    // one worker never overlap, so sorting by begin also sorts by end.
    std::sort(row.slices.begin(), row.slices.end(),
              [](const PollSlice& a, const PollSlice& b) { return a.begin < b.begin; });
    if (row.slices.empty()) {
        row.ready_prefix.clear();
        row.ready_prefix.shrink_to_fit();
        return;
    }
    row.slices.shrink_to_fit();
    row.ready_prefix.assign(row.slices.size() + 1, 0);
    for (std::size_t i = 0; i < row.slices.size(); ++i)
        row.ready_prefix[i + 1] =
            row.ready_prefix[i] + (row.slices[i].result == static_cast<std::uint8_t>(PollResult::Ready));
    build_lod(row, kAxisTime);
    build_lod(row, kAxisSteps);
}

const SliceRow& TaskLane::nested_row(std::size_t r) const {
    static const SliceRow kEmpty;
    return r < nested.size() ? nested[r] : kEmpty;
}

const FoldLevel* SliceRow::level_for(int axis, double units) const {
    const FoldLevel* best = nullptr;
    for (const auto& l : lod[axis]) {
        if (l.threshold > units) break;
        best = &l;
    }
    return best;
}

std::size_t first_after(const std::vector<std::uint32_t>& steps, std::int64_t step) {
    if (step < 0) return 0;
    return static_cast<std::size_t>(std::upper_bound(steps.begin(), steps.end(),
                                                     static_cast<std::uint64_t>(step),
                                                     [](std::uint64_t v, std::uint32_t s) { return v < s; }) -
                                    steps.begin());
}

TimelineModel::TimelineModel(const Trace& trace) {
    events = trace.size();
    tasks.resize(trace.tasks.size());
    auto lane_for = [&](std::uint32_t task) -> TaskLane* {
        if (task == kNone) return nullptr;
        if (task >= tasks.size()) tasks.resize(task + 1);
        return &tasks[task];
    };

    // Polls and wake -> poll pairs: shared with the exporters.
    const Causality c = analyze_causality(trace);
    const std::uint32_t last = trace.empty() ? 0 : static_cast<std::uint32_t>(trace.size() - 1);
    for (const auto& cs : c.slices) {
        TaskLane* lane = lane_for(cs.task);
        if (!lane) continue;
        PollSlice s;
        s.begin = cs.begin_step;
        s.end = cs.open() ? last : cs.end_step;
        s.t0 = cs.begin_time;
        s.t1 = cs.end_time;
        s.task = cs.task;
        s.node = cs.path;
        s.result = cs.open() ? kOpenPoll : static_cast<std::uint8_t>(cs.result);
        s.depth = static_cast<std::uint8_t>(std::min<std::uint32_t>(cs.depth, 255));
        s.worker = cs.worker;
        max_depth = std::max(max_depth, cs.depth);
        if (cs.depth == 0) {
            if (s.worker >= executor.size()) executor.resize(s.worker + 1u);
            executor[s.worker].slices.push_back(s);
            lane->polls.slices.push_back(s);
            task_polls.push_back(s.begin);
        } else if (cs.depth <= static_cast<std::uint32_t>(TaskLane::kMaxDepthRows)) {
            // Deeper polls are not drawn: a row must never hold overlapping polls.
            if (lane->nested.size() < cs.depth) lane->nested.resize(cs.depth);
            lane->nested[cs.depth - 1].slices.push_back(s);
        }
    }
    for (const auto& w : c.wakes) {
        wakes.push_back(w.wake_step);
        if (w.outcome == WakeOutcome::Polled && w.poll_step != kNone)
            arrows.push_back({w.wake_step, w.poll_step, w.from_task, w.task, false});
        else if (w.outcome == WakeOutcome::Coalesced && w.absorbed_by != kNone)
            arrows.push_back({w.wake_step, w.absorbed_by, w.from_task, w.task, true});
    }

    // Point events for the markers.
    const std::size_t n = trace.size();
    for (std::size_t i = 0; i < n; ++i) {
        const Event& e = trace[i];
        auto step = static_cast<std::uint32_t>(i);
        switch (e.kind) {
            case EventKind::WakerWake:
            case EventKind::WakerWakeByRef:
            case EventKind::WakerClone:
            case EventKind::WakerDrop:
            case EventKind::Spawn:
            case EventKind::TaskComplete:
                if (TaskLane* lane = lane_for(e.task))
                    lane->wakers.push_back({step, e.time, e.kind, e.detail});
                break;
            case EventKind::Steal:
            case EventKind::WorkerPark:
            case EventKind::WorkerUnpark: {
                if (e.worker >= worker_marks.size()) {
                    worker_marks.resize(e.worker + 1u);
                    parked.resize(e.worker + 1u);
                }
                worker_marks[e.worker].push_back({step, e.time, e.kind, e.detail});
                auto& spans = parked[e.worker];
                if (e.kind == EventKind::WorkerPark)
                    spans.push_back({step, step, e.time, e.time});
                else if (e.kind == EventKind::WorkerUnpark && !spans.empty() &&
                         spans.back().end == spans.back().begin) {
                    spans.back().end = step;
                    spans.back().t1 = e.time;
                }
                break;
            }
            case EventKind::Inject:  // the teacher's hand: on the task's lane, else the reactor's
            case EventKind::Diagnostic:
                if (TaskLane* lane = lane_for(e.task))
                    lane->wakers.push_back({step, e.time, e.kind, e.detail});
                else
                    reactor.push_back({step, e.time, e.kind, e.detail});
                break;
            case EventKind::TimerFire:
            case EventKind::IoReady:
            case EventKind::TimeAdvance: reactor.push_back({step, e.time, e.kind, e.detail}); break;
            default: break;
        }
    }
    if (executor.empty()) executor.resize(1);
    if (worker_marks.size() < executor.size()) {
        worker_marks.resize(executor.size());
        parked.resize(executor.size());
    }
    if (executor.size() < worker_marks.size()) executor.resize(worker_marks.size());
    // A park never unparked lasts to the end of the trace.
    for (auto& spans : parked)
        for (auto& sp : spans)
            if (sp.end == sp.begin && n > 0) {
                sp.end = static_cast<std::uint32_t>(n - 1);
                sp.t1 = trace[n - 1].time;
            }
    for (auto& row : executor) finish_row(row);
    for (auto& lane : tasks) {
        finish_row(lane.polls);
        for (auto& row : lane.nested) finish_row(row);
        lane.wakers.shrink_to_fit();
    }
    std::sort(task_polls.begin(), task_polls.end());
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
