#include "engine/trace/event_schema.hpp"

namespace ps {

namespace {

constexpr const char* kScheduleReasons[] = {"spawned", "woken", "requeued"};
constexpr const char* kPollResults[] = {"pending", "ready"};
constexpr const char* kDropReasons[] = {"completed", "cancelled"};
constexpr const char* kTaskOutcomes[] = {"done", "cancelled"};

template <std::size_t N>
const char* pick(const char* const (&names)[N], std::uint8_t v) {
    return v < N ? names[v] : "unknown";
}

}  // namespace

int detail_name_count(DetailMeaning m) {
    switch (m) {
        case DetailMeaning::ScheduleReason: return static_cast<int>(std::size(kScheduleReasons));
        case DetailMeaning::PollResult: return static_cast<int>(std::size(kPollResults));
        case DetailMeaning::HolderKind: return static_cast<int>(HolderKind::Executor) + 1;
        case DetailMeaning::IoReadiness: return static_cast<int>(IoReadiness::Connect) + 1;
        case DetailMeaning::DropReason: return static_cast<int>(std::size(kDropReasons));
        case DetailMeaning::TaskOutcome: return static_cast<int>(std::size(kTaskOutcomes));
        case DetailMeaning::DiagKind: return static_cast<int>(DiagKind::Count_);
        case DetailMeaning::EndReason: return static_cast<int>(EndReason::Idle) + 1;
        case DetailMeaning::None:
        case DetailMeaning::Count: break;
    }
    return 0;
}

const char* detail_value_name(DetailMeaning m, std::uint8_t v) {
    if (v >= detail_name_count(m)) return "unknown";
    switch (m) {
        case DetailMeaning::ScheduleReason: return pick(kScheduleReasons, v);
        case DetailMeaning::PollResult: return pick(kPollResults, v);
        case DetailMeaning::HolderKind: return holder_kind_name(static_cast<HolderKind>(v));
        case DetailMeaning::IoReadiness: return io_readiness_name(static_cast<IoReadiness>(v));
        case DetailMeaning::DropReason: return pick(kDropReasons, v);
        case DetailMeaning::TaskOutcome: return pick(kTaskOutcomes, v);
        case DetailMeaning::DiagKind: return diag_kind_name(static_cast<DiagKind>(v));
        case DetailMeaning::EndReason: return end_reason_name(static_cast<EndReason>(v));
        case DetailMeaning::None:
        case DetailMeaning::Count: break;
    }
    return "unknown";
}

bool detail_value_from_name(DetailMeaning m, std::string_view name, std::uint8_t& out) {
    const int count = detail_name_count(m);
    for (int i = 0; i < count; ++i) {
        if (name == detail_value_name(m, static_cast<std::uint8_t>(i))) {
            out = static_cast<std::uint8_t>(i);
            return true;
        }
    }
    return false;
}

const char* detail_noun(DetailMeaning m) {
    switch (m) {
        case DetailMeaning::ScheduleReason: return "schedule reason";
        case DetailMeaning::PollResult: return "poll result";
        case DetailMeaning::HolderKind: return "holder kind";
        case DetailMeaning::IoReadiness: return "readiness";
        case DetailMeaning::DropReason: return "drop reason";
        case DetailMeaning::TaskOutcome: return "outcome";
        case DetailMeaning::DiagKind: return "diagnostic kind";
        case DetailMeaning::EndReason: return "end reason";
        case DetailMeaning::None:
        case DetailMeaning::Count: break;
    }
    return "detail";
}

const char* arg_noun(ArgMeaning m) {
    switch (m) {
        case ArgMeaning::QueueLength: return "a queue length";
        case ArgMeaning::PollNumber: return "a poll number";
        case ArgMeaning::TimerId: return "a timer id";
        default: return nullptr;
    }
}

std::uint32_t event_text_id(const Event& e) {
    if (event_schema(e.kind).arg != ArgMeaning::Text) return kNone;
    return e.arg >= 0 && e.arg < static_cast<std::int64_t>(kNone) ? static_cast<std::uint32_t>(e.arg) : kNone;
}

const char* event_kind_name(EventKind k) { return event_schema(k).name; }

bool event_kind_from_name(std::string_view name, EventKind& out) {
    for (const EventSchema& s : kEventSchemas) {
        if (name == s.name) {
            out = s.kind;
            return true;
        }
    }
    return false;
}

}  // namespace ps
