#include "policy.hpp"

namespace ps {

std::unique_ptr<SchedulePolicy> make_policy(const std::string& name) {
    if (name == "fifo") return std::make_unique<FifoPolicy>();
    return nullptr;
}

}  // namespace ps
