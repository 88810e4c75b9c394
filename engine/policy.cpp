#include "policy.hpp"

namespace ps {

Decision TokioCurrentThreadPolicy::next(bool deferred) {
    if (polls_since_driver_ >= kEventInterval) {   // T3
        polls_since_driver_ = 0;
        return {Turn::DriverYield, kNone};
    }
    std::uint32_t tick = tick_++;
    std::deque<std::uint32_t>* first = &local_;
    std::deque<std::uint32_t>* second = &inject_;
    if (tick % kGlobalQueueInterval == 0) std::swap(first, second);   // T2
    std::deque<std::uint32_t>* from = !first->empty() ? first : !second->empty() ? second : nullptr;
    if (!from) {   // T4
        polls_since_driver_ = 0;
        return {deferred ? Turn::DriverYield : Turn::Park, kNone};
    }
    std::uint32_t t = from->front();
    from->pop_front();
    ++polls_since_driver_;
    return {Turn::Poll, t};
}

std::vector<std::uint32_t> TokioCurrentThreadPolicy::queued() const {
    std::vector<std::uint32_t> out(local_.begin(), local_.end());
    out.insert(out.end(), inject_.begin(), inject_.end());
    return out;
}

std::unique_ptr<SchedulePolicy> make_policy(const std::string& name) {
    if (name == "fifo") return std::make_unique<FifoPolicy>();
    if (name == "tokio-current-thread") return std::make_unique<TokioCurrentThreadPolicy>();
    return nullptr;
}

}  // namespace ps
