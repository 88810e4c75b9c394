// TimelineModel: everything the timeline draws, prepared once per trace (GUI-free).
//
// The timeline must cost the same per frame for a thousand events and for a million, so
// every lane keeps its items sorted along both axes (step and virtual time) and the view
// finds the visible range by binary search, then walks it at most a few items per pixel
// (see timeline.cpp: narrow runs fold into one "N polls" box, like Tracy's zone folding).
//
// Lanes:
//   - executor lane per worker: the task-level polls of every task, coloured by task;
//   - reactor lane: timer fires, IO readiness, time jumps;
//   - one lane per task: its task-level polls (depth 0) and, under them, thinner bars for
//     the nested sub-future polls (depth 1..kMaxDepthRows), plus waker markers;
//   - wake arrows: each wake to the task-level poll it caused.
// Polls and wake -> poll pairs come from engine/trace/causality.hpp (analyze_causality), so the
// GUI's arrows tell the same story as the Chrome flows, the SVG and the Markdown export.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/trace/trace.hpp"

namespace ps::gui {

// One poll: poll_begin .. matching poll_end (same task, same node).
struct PollSlice {
    std::uint32_t begin = 0;  // step of poll_begin
    std::uint32_t end = 0;    // step of poll_end (last step if the trace ends inside)
    Nanos t0 = 0;             // time of poll_begin
    Nanos t1 = 0;             // time of poll_end
    std::uint32_t task = kNone;
    std::uint32_t node = kNone;  // interned path polled
    std::uint8_t result = 0;     // PollResult; kOpen when the trace ended inside the poll
    std::uint8_t depth = 0;
    std::uint8_t worker = 0;
};
constexpr std::uint8_t kOpenPoll = 2;

// A point event drawn as a marker.
struct Marker {
    std::uint32_t step = 0;
    Nanos time = 0;
    EventKind kind = EventKind::Spawn;
    std::uint8_t detail = 0;
};

// A wake and the task-level poll it caused.
struct WakeArrow {
    std::uint32_t wake = 0;           // step of waker_wake / waker_wake_by_ref
    std::uint32_t poll = 0;           // step of the poll_begin it led to
    std::uint32_t from_task = kNone;  // task running when the wake happened (kNone: the reactor)
    std::uint32_t to_task = kNone;
    bool coalesced = false;  // the task was already queued or woken: `poll` served an earlier wake
};

// A run of consecutive polls folded into one box: slices[first .. first+count).
struct FoldBox {
    double b = 0, e = 0;  // extent along the axis (ns or steps)
    std::uint32_t first = 0;
    std::uint32_t count = 0;
};

// One level of detail: every run of polls that are narrower than `threshold` and closer than
// `threshold` to each other is one box (Tracy's zone folding, precomputed). A poll wider than
// the threshold stays on its own. Coarser levels have larger thresholds and fewer boxes.
struct FoldLevel {
    double threshold = 0;
    std::vector<FoldBox> boxes;
};

// Axis index for per-axis data: 0 = virtual time (ns), 1 = steps (one per event).
constexpr int kAxisTime = 0, kAxisSteps = 1;

// Items in one row, sorted by begin (and, as they never overlap, by end too).
struct SliceRow {
    std::vector<PollSlice> slices;
    std::vector<std::uint32_t> ready_prefix;  // ready_prefix[i] = Ready results among slices[0..i)
    std::vector<FoldLevel> lod[2];            // per axis, finest first; level "0" is `slices` itself
    std::uint32_t ready_between(std::size_t i, std::size_t j) const {
        return ready_prefix.empty() ? 0 : ready_prefix[j] - ready_prefix[i];
    }
    // The coarsest level whose threshold is at most `units` (nullptr: draw the slices).
    const FoldLevel* level_for(int axis, double units) const;
};

// Builds ready_prefix and the levels of detail of a row whose slices are sorted (an empty row
// allocates nothing).
void finish_row(SliceRow& row);

// A lane costs a fixed ~150 bytes plus its items: nested rows exist only as deep as the task's
// own polls go, so a trace with many small tasks stays proportional to its events.
struct TaskLane {
    static constexpr int kMaxDepthRows = 3;  // nested rows shown under the task-level row
    SliceRow polls;                          // depth 0
    std::vector<SliceRow> nested;            // depth 1..(deepest of this task, at most kMaxDepthRows)
    // Row `r` of the nested polls (depth r + 1); an empty row where the task has none.
    const SliceRow& nested_row(std::size_t r) const;
    std::vector<Marker>
        wakers;  // waker_clone, waker_wake(_by_ref), waker_drop, spawn, task_complete, diagnostic
};

class TimelineModel {
public:
    explicit TimelineModel(const Trace& trace);

    std::vector<TaskLane> tasks;                    // by task id
    std::vector<SliceRow> executor;                 // by worker
    std::vector<std::vector<Marker>> worker_marks;  // by worker: steal, worker_park, worker_unpark
    struct ParkSpan {
        std::uint32_t begin = 0, end = 0;  // steps of worker_park and of the matching worker_unpark
        Nanos t0 = 0, t1 = 0;
    };
    std::vector<std::vector<ParkSpan>> parked;  // by worker: times the worker slept
    std::vector<Marker> reactor;                // timer_fire, io_ready, time_advance
    std::vector<WakeArrow> arrows;              // by wake step
    std::vector<std::uint32_t> wakes;           // steps of every waker_wake/_by_ref (for "next wake")
    std::vector<std::uint32_t> task_polls;      // steps of every task-level poll_begin (for "next poll")
    std::uint32_t max_depth = 0;                // deepest nested poll seen
    std::size_t events = 0;

    // The step of the task-level poll running at `step` on some worker, or nullptr.
    const PollSlice* executor_slice_at(std::uint32_t step) const;
};

// Index of the first element of a sorted step list that is > step (or size()).
std::size_t first_after(const std::vector<std::uint32_t>& steps, std::int64_t step);

}  // namespace ps::gui
