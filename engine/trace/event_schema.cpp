#include "engine/trace/event_schema.hpp"

namespace ps {

namespace {

constexpr const char* kScheduleReasons[] = {"spawned", "woken", "requeued"};
constexpr const char* kPollResults[] = {"pending", "ready"};
constexpr const char* kDropReasons[] = {"completed", "cancelled"};
constexpr const char* kTaskOutcomes[] = {"done", "cancelled"};

template <const auto& Names>
const char* from_list(std::uint8_t v) {
    return Names[v];
}
template <typename Enum, const char* (*Name)(Enum)>
const char* from_enum(std::uint8_t v) {
    return Name(static_cast<Enum>(v));
}

// Per DetailMeaning, in enum order: what it is called in messages, how many named values it
// has (0 = a plain number) and the name of value v < count.
struct DetailNames {
    const char* noun;
    int count;
    const char* (*name)(std::uint8_t);
};
constexpr DetailNames kDetailNames[] = {
    {"detail", 0, nullptr},
    {"schedule reason", static_cast<int>(std::size(kScheduleReasons)), from_list<kScheduleReasons>},
    {"poll result", static_cast<int>(std::size(kPollResults)), from_list<kPollResults>},
    {"holder kind", static_cast<int>(HolderKind::Executor) + 1, from_enum<HolderKind, holder_kind_name>},
    {"readiness", static_cast<int>(IoReadiness::Connect) + 1, from_enum<IoReadiness, io_readiness_name>},
    {"drop reason", static_cast<int>(std::size(kDropReasons)), from_list<kDropReasons>},
    {"outcome", static_cast<int>(std::size(kTaskOutcomes)), from_list<kTaskOutcomes>},
    {"diagnostic kind", static_cast<int>(DiagKind::Count_), from_enum<DiagKind, diag_kind_name>},
    {"end reason", static_cast<int>(EndReason::Panic) + 1, from_enum<EndReason, end_reason_name>},
    {"detail", 0, nullptr},
};
static_assert(std::size(kDetailNames) == static_cast<std::size_t>(DetailMeaning::Count) + 1,
              "one row per DetailMeaning");

const DetailNames& names_of(DetailMeaning m) {
    return kDetailNames[static_cast<std::size_t>(m)];
}

}  // namespace

int detail_name_count(DetailMeaning m) {
    return names_of(m).count;
}

const char* detail_value_name(DetailMeaning m, std::uint8_t v) {
    const DetailNames& n = names_of(m);
    return v < n.count ? n.name(v) : "unknown";
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
    return names_of(m).noun;
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

}  // namespace ps
