// Scheduling policies: who is polled next, and when the reactor turns.
//
// The executor asks the policy at every tick. A policy only orders tasks; the task state
// rules (task.hpp) decide whether a task is queued at all, so a task is in at most one queue
// at a time.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trace.hpp"

namespace ps {

class SchedulePolicy {
public:
    virtual ~SchedulePolicy() = default;
    virtual const char* name() const = 0;
    // A task became runnable (spawned, woken, or re-queued after a wake while running).
    virtual void push(std::uint32_t task, ScheduleReason why) = 0;
    // Next task to poll, or nullopt to turn the reactor now.
    virtual std::optional<std::uint32_t> pop() = 0;
    virtual std::size_t len() const = 0;
    // Queued tasks in the order they will run (for the views).
    virtual std::vector<std::uint32_t> queued() const = 0;
};

// The simple executor of the async book: one FIFO queue; a wake pushes to the back; the
// reactor turns only when the queue is empty.
class FifoPolicy final : public SchedulePolicy {
public:
    const char* name() const override { return "fifo"; }
    void push(std::uint32_t task, ScheduleReason) override { queue_.push_back(task); }
    std::optional<std::uint32_t> pop() override {
        if (queue_.empty()) return std::nullopt;
        std::uint32_t t = queue_.front();
        queue_.pop_front();
        return t;
    }
    std::size_t len() const override { return queue_.size(); }
    std::vector<std::uint32_t> queued() const override { return {queue_.begin(), queue_.end()}; }

private:
    std::deque<std::uint32_t> queue_;
};

// nullptr for an unknown name.
std::unique_ptr<SchedulePolicy> make_policy(const std::string& name);

}  // namespace ps
