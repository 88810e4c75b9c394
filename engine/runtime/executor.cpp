#include "engine/runtime/executor.hpp"

#include "engine/runtime/waker_table.hpp"

namespace ps {

Task& Executor::add_task(const TaskSpec& spec, WakerTable& wakers) {
    auto id = static_cast<std::uint32_t>(tasks_.size());
    auto t = std::make_unique<Task>();
    t->id = id;
    t->spec = &spec;
    int same = instances_of_[&spec]++;
    t->name = same == 0 ? spec.name : spec.name + "#" + std::to_string(same + 1);
    t->poll_waker = wakers.poll_record(id);
    tasks_.push_back(std::move(t));
    return *tasks_.back();
}

WaitQueue& Task::join_waiters() {
    if (!joiners)
        joiners = std::make_unique<WaitQueue>(HolderKind::JoinHandle,
                                              "join handle of " + Executor::label_of(id, name));
    return *joiners;
}

std::uint32_t Executor::latest_instance(const std::string& spec_name) const {
    for (std::size_t i = tasks_.size(); i-- > 0;)
        if (tasks_[i]->spec->name == spec_name) return static_cast<std::uint32_t>(i);
    return kNone;
}

std::size_t Executor::unfinished() const {
    std::size_t n = 0;
    for (const auto& t : tasks_)
        if (!t->finished()) ++n;
    return n;
}

std::string Executor::label_of(std::uint32_t id, const std::string& name) {
    return "task " + std::to_string(id) + " '" + name + "'";
}

std::string Executor::label(std::uint32_t id) const {
    return label_of(id, tasks_[id]->name);
}

void Executor::clear_silently() {
    for (auto& t : tasks_) {
        t->future.reset();
        if (t->joiners) t->joiners->clear_silently();
    }
    deferred_.clear();
}

}  // namespace ps
