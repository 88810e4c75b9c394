// STUB
#include "narrate.hpp"
namespace ps {
std::string task_label(const Trace& t, std::uint32_t task) { return t.task_name(task); }
std::string narrate(const Trace& t, std::uint32_t step) { return event_kind_name(t[step].kind); }
std::string narrate_line(const Trace& t, std::uint32_t step) { return narrate(t, step); }
}
