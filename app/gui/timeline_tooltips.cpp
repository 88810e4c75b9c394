// Timeline tooltips: what the hovered slice, fold, marker or dense band means.
#include <string>

#include "engine/model/time.hpp"
#include "engine/trace/narrate.hpp"
#include "timeline_context.hpp"
#include "views.hpp"

namespace ps::gui {

namespace {

const char* result_words(std::uint8_t r) {
    if (r == static_cast<std::uint8_t>(PollResult::Ready)) return "Ready";
    if (r == static_cast<std::uint8_t>(PollResult::Pending)) return "Pending";
    return "(still running when the trace ends)";
}

void slice_tooltip(const TimelineContext& f, const PollSlice& s, bool executor) {
    const Trace& t = *f.trace;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    const Event& b = t[s.begin];
    if (s.depth == 0) {
        ImGui::Text("%s, poll #%lld", task_label(t, s.task).c_str(), static_cast<long long>(b.arg));
        if (executor) ImGui::TextUnformatted("The executor was running this task: one poll() of its future.");
    } else {
        const NodeInfo* ni = t.node_info(s.node);
        ImGui::Text("Sub-future %s", ni ? ni->text.c_str() : std::string(t.strings.get(s.node)).c_str());
        ImGui::TextDisabled("path %s, inside %s", std::string(t.strings.get(s.node)).c_str(),
                            task_label(t, s.task).c_str());
        ImGui::TextUnformatted("A parent future polled this one as part of the task's poll.");
    }
    ImGui::TextDisabled("step %u: %s", s.begin, narrate(t, s.begin).c_str());
    if (s.result != kOpenPoll) ImGui::TextDisabled("step %u: %s", s.end, narrate(t, s.end).c_str());
    ImGui::Separator();
    ImU32 col = result_colour(*f.pal, s.result);
    colour_chip(col);
    ImGui::Text("returned %s", result_words(s.result));
    if (s.result == static_cast<std::uint8_t>(PollResult::Pending))
        ImGui::TextUnformatted(s.depth == 0 ? "Pending: the task cannot go on yet. It sleeps until someone "
                                              "calls wake() on one of its wakers."
                                            : "Pending: not ready yet. It must have stored a clone of the "
                                              "waker, or nobody will wake the task.");
    else if (s.result == static_cast<std::uint8_t>(PollResult::Ready))
        ImGui::TextUnformatted(s.depth == 0 ? "Ready: the task's future is finished; the task completes."
                                            : "Ready: this future is done and the parent moves on.");
    ImGui::TextDisabled("t=%s .. %s (%s), steps %u..%u", format_time(s.t0).c_str(), format_time(s.t1).c_str(),
                        duration_text(s.t1 - s.t0).c_str(), s.begin, s.end);
    ImGui::TextDisabled("Click to move the cursor to the start of this poll.");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void marker_tooltip(const TimelineContext& f, const Marker& m) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(narrate(*f.trace, m.step).c_str());
    ImGui::Separator();
    const char* why = "";
    switch (m.kind) {
        case EventKind::WakerClone:
            why = "A clone of the task's waker was made. Whoever holds it can wake the task later.";
            break;
        case EventKind::WakerDrop: why = "A waker clone was dropped: it can no longer wake the task."; break;
        case EventKind::WakerWake:
            why = "wake(): the clone is used up and the task is put back in the run queue.";
            break;
        case EventKind::WakerWakeByRef:
            why = "wake_by_ref(): the task is put back in the run queue; the clone stays alive.";
            break;
        case EventKind::Spawn: why = "The task was spawned: its future exists but nothing ran yet."; break;
        case EventKind::TaskComplete:
            why = "The task is finished: its future returned Ready (or it was cancelled).";
            break;
        case EventKind::TimerFire:
            why = "A timer in the reactor reached its deadline and woke the waker stored with it.";
            break;
        case EventKind::IoReady:
            why = "The reactor saw an IO source become ready and woke the waker registered for it.";
            break;
        case EventKind::TimeAdvance:
            why =
                "The run queue was empty, so the reactor jumped virtual time to the next timer or IO event.";
            break;
        case EventKind::Diagnostic:
            why = "A problem pollscope detected at this step (see the Diagnostics panel).";
            break;
        case EventKind::Steal:
            why = "This worker's own queue was empty, so it took tasks from another worker's queue.";
            break;
        case EventKind::WorkerPark:
            why = "This worker found no task anywhere and went to sleep (parked).";
            break;
        case EventKind::WorkerUnpark:
            why = "Work arrived, so this sleeping worker was woken (unparked).";
            break;
        default: break;
    }
    ImGui::TextUnformatted(why);
    ImGui::TextDisabled("t=%s, step %u. Click to move the cursor here.", format_time(m.time).c_str(), m.step);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void fold_tooltip(const TimelineHover& h) {
    ImGui::BeginTooltip();
    ImGui::Text("%u polls folded together", h.fold_count);
    if (!h.executor) ImGui::TextDisabled("%u Ready, %u Pending", h.fold_ready, h.fold_count - h.fold_ready);
    ImGui::TextUnformatted("Too narrow to draw one by one at this zoom: scroll the wheel to zoom in.");
    ImGui::TextDisabled("Click to move the cursor to the first of them (step %u).", h.fold_first);
    ImGui::EndTooltip();
}

}  // namespace

void show_tooltip(const TimelineContext& c, bool dragging) {
    if (dragging && ImGui::GetIO().MouseDragMaxDistanceSqr[0] >= 16.0f) return;
    const TimelineHover& h = c.hover;
    switch (h.kind) {
        case TimelineHover::Kind::Slice: slice_tooltip(c, *h.slice, h.executor); break;
        case TimelineHover::Kind::Fold: fold_tooltip(h); break;
        case TimelineHover::Kind::Marker: marker_tooltip(c, h.marker); break;
        case TimelineHover::Kind::Dense:
            ImGui::SetTooltip(
                "%u %s events here, too close together to draw one by one.\n"
                "Scroll the wheel to zoom in.",
                h.fold_count, h.marker_task == kNone ? "reactor" : "waker");
            break;
        default: break;
    }
}

}  // namespace ps::gui
