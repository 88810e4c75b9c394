#include "engine/runtime/policy.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace ps {

// CoreGuard::block_on's loop: at its top the block_on future is polled if it was woken (T8),
// then up to event_interval tasks from the queues; then the driver turns and the loop restarts.
Decision TokioCurrentThreadPolicy::next(bool deferred) {
    if (at_top_) {
        at_top_ = false;
        polls_since_driver_ = 0;
        if (block_on_woken_) {  // T8
            block_on_woken_ = false;
            return {Turn::Poll, block_on_};
        }
    }
    if (polls_since_driver_ >= kEventInterval) {  // T3
        at_top_ = true;
        return {Turn::DriverYield, kNone};
    }
    std::uint32_t tick = tick_++;
    std::deque<std::uint32_t>* first = &local_;
    std::deque<std::uint32_t>* second = &inject_;
    if (tick % kGlobalQueueInterval == 0) std::swap(first, second);  // T2
    std::deque<std::uint32_t>* from = !first->empty() ? first : !second->empty() ? second : nullptr;
    if (!from) {  // T4
        at_top_ = true;
        // T8: waking the block_on future unparks the driver, so the clock does not move.
        return {deferred || block_on_woken_ ? Turn::DriverYield : Turn::Park, kNone};
    }
    std::uint32_t t = from->front();
    from->pop_front();
    ++polls_since_driver_;
    return {Turn::Poll, t};
}

// ---- tokio-multi-thread ------------------------------------------------------------------

namespace {
std::uint64_t splitmix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
}  // namespace

std::uint64_t MultiWorkerPolicy::random() {
    return splitmix(rng_);
}

std::vector<PolicyEvent> MultiWorkerPolicy::drain_events() {
    return std::exchange(events_, {});
}

TokioMultiThreadPolicy::TokioMultiThreadPolicy(int workers, std::uint64_t seed)
    : MultiWorkerPolicy(seed ^ 0x5bd1e995ULL),
      workers_(static_cast<std::size_t>(workers < 1 ? 1 : workers)) {}

void TokioMultiThreadPolicy::push_local(Worker& w, std::uint32_t task) {
    if (w.local.size() >= kLocalCapacity) {
        // Overflow: half of the local queue moves to the injection queue.
        for (std::size_t i = 0; i < kLocalCapacity / 2; ++i) {
            inject_.push_back(w.local.front());
            w.local.pop_front();
        }
    }
    w.local.push_back(task);
}

void TokioMultiThreadPolicy::notify_parked() {
    if (sleepers_.empty()) return;
    int w = sleepers_.back();
    sleepers_.pop_back();
    workers_[static_cast<std::size_t>(w)].parked = false;
    if (driver_ == w) driver_ = -1;
    record(EventKind::WorkerUnpark, w);
}

void TokioMultiThreadPolicy::push(std::uint32_t task, ScheduleReason why) {
    if (task == block_on_) {  // M9: unparks the block_on thread, no worker
        block_on_woken_ = true;
        return;
    }
    if (outside_ || current_ < 0) {  // M1
        inject_.push_back(task);
        notify_parked();
        return;
    }
    Worker& w = workers_[static_cast<std::size_t>(current_)];
    if (why == ScheduleReason::Requeued) {  // M3
        push_local(w, task);
        if (!w.parked) notify_parked();
        return;
    }
    bool had = w.lifo != kNone;  // M2
    if (had) push_local(w, w.lifo);
    w.lifo = task;
    if (had && !w.parked) notify_parked();
}

bool TokioMultiThreadPolicy::try_steal(int thief, std::uint32_t& task) {
    const auto n = static_cast<int>(workers_.size());
    int searching = 1;  // the thief; the others are either running or parked in this simulation
    if (2 * searching > n) return false;  // M5: at most half the workers search
    int start = static_cast<int>(random() % static_cast<std::uint64_t>(n));
    for (int i = 0; i < n; ++i) {
        int victim = (start + i) % n;
        if (victim == thief) continue;
        auto& from = workers_[static_cast<std::size_t>(victim)].local;
        if (from.empty()) continue;
        std::size_t take = from.size() - from.size() / 2;
        auto& to = workers_[static_cast<std::size_t>(thief)].local;
        task = from.front();
        from.pop_front();
        for (std::size_t k = 1; k < take; ++k) {
            to.push_back(from.front());
            from.pop_front();
        }
        record(EventKind::Steal, thief, task, static_cast<std::uint8_t>(std::min<std::size_t>(take, 255)),
               victim);
        return true;
    }
    return false;
}

Decision TokioMultiThreadPolicy::next(bool deferred) {
    if (block_on_woken_) {  // M9: the block_on thread runs as soon as it is unparked
        block_on_woken_ = false;
        current_ = -1;  // outside any worker: what it spawns or wakes goes to the injection queue
        return {Turn::Poll, block_on_};
    }
    const auto n = workers_.size();
    for (std::size_t attempt = 0; attempt < 2 * n + 1; ++attempt) {
        const std::vector<int>& awake = this->awake(n, [&](std::size_t i) { return workers_[i].parked; });
        if (awake.empty()) {
            // M6: everyone sleeps; the worker parked on the driver handles timers and IO.
            current_ = driver_ >= 0 ? driver_ : sleepers_.empty() ? 0 : sleepers_.front();
            Worker& d = workers_[static_cast<std::size_t>(current_)];
            d.parked = false;
            sleepers_.erase(std::remove(sleepers_.begin(), sleepers_.end(), current_), sleepers_.end());
            driver_ = -1;
            record(EventKind::WorkerUnpark, current_);
            return {deferred ? Turn::DriverYield : Turn::Park, kNone};
        }
        current_ = awake[static_cast<std::size_t>(random() % awake.size())];
        Worker& w = workers_[static_cast<std::size_t>(current_)];
        std::uint32_t tick = w.tick++;
        if (++w.since_maintenance > TokioCurrentThreadPolicy::kEventInterval) {  // M7
            w.since_maintenance = 0;
            return {Turn::DriverYield, kNone};
        }
        std::uint32_t task = kNone;
        auto take_local = [&] {
            if (w.lifo != kNone) return std::exchange(w.lifo, kNone);
            if (!w.local.empty()) {
                std::uint32_t t = w.local.front();
                w.local.pop_front();
                return t;
            }
            return kNone;
        };
        auto take_inject = [&] {
            if (inject_.empty()) return kNone;
            std::uint32_t t = inject_.front();
            inject_.pop_front();
            return t;
        };
        if (tick % TokioCurrentThreadPolicy::kGlobalQueueInterval == 0) {  // M4
            task = take_inject();
            if (task == kNone) task = take_local();
        } else {
            task = take_local();
            if (task == kNone) task = take_inject();
        }
        if (task != kNone) return {Turn::Poll, task};
        if (try_steal(current_, task)) return {Turn::Poll, task};  // M5
        if (deferred) return {Turn::DriverYield, kNone};
        w.parked = true;  // M6
        sleepers_.push_back(current_);
        if (driver_ < 0) driver_ = current_;
        record(EventKind::WorkerPark, current_);
    }
    return {deferred ? Turn::DriverYield : Turn::Park, kNone};
}

std::size_t TokioMultiThreadPolicy::len() const {
    std::size_t n = inject_.size() + (block_on_woken_ ? 1 : 0);  // the woken block_on future too (M9)
    for (const Worker& w : workers_) n += w.local.size() + (w.lifo != kNone);
    return n;
}

// ---- smol ---------------------------------------------------------------------------------

SmolPolicy::SmolPolicy(int runners, std::uint64_t seed)
    : MultiWorkerPolicy(seed ^ 0x2545f491ULL),
      runners_(static_cast<std::size_t>(runners < 1 ? 1 : runners)) {}

void SmolPolicy::steal_half(std::deque<std::uint32_t>& from, std::deque<std::uint32_t>& to) {
    std::size_t count = (from.size() + 1) / 2;
    count = std::min(count, kLocalCapacity - std::min(kLocalCapacity, to.size()));
    for (std::size_t i = 0; i < count; ++i) {
        to.push_back(from.front());
        from.pop_front();
    }
}

void SmolPolicy::push(std::uint32_t task, ScheduleReason) {
    global_.push_back(task);  // S1
    for (std::size_t i = 0; i < runners_.size(); ++i) {
        if (runners_[i].sleeping) {
            runners_[i].sleeping = false;
            record(EventKind::WorkerUnpark, static_cast<int>(i));
            break;
        }
    }
}

Decision SmolPolicy::next(bool) {
    const auto n = runners_.size();
    for (std::size_t attempt = 0; attempt < 2 * n + 1; ++attempt) {
        const std::vector<int>& awake = this->awake(n, [&](std::size_t i) { return runners_[i].sleeping; });
        if (awake.empty()) {
            current_ = 0;
            runners_[0].sleeping = false;
            record(EventKind::WorkerUnpark, 0);
            return {Turn::Park, kNone};
        }
        current_ = awake[static_cast<std::size_t>(random() % awake.size())];
        Runner& r = runners_[static_cast<std::size_t>(current_)];
        std::uint32_t task = kNone;
        if (!r.local.empty()) {  // S2
            task = r.local.front();
            r.local.pop_front();
        } else if (!global_.empty()) {
            task = global_.front();
            global_.pop_front();
            steal_half(global_, r.local);
        } else {  // S3
            std::size_t start = static_cast<std::size_t>(random() % n);
            for (std::size_t k = 0; k < n && task == kNone; ++k) {
                std::size_t victim = (start + k) % n;
                if (static_cast<int>(victim) == current_ || runners_[victim].local.empty()) continue;
                std::size_t before = r.local.size();
                steal_half(runners_[victim].local, r.local);
                std::size_t got = r.local.size() - before;
                task = r.local.front();
                r.local.pop_front();
                record(EventKind::Steal, current_, task,
                       static_cast<std::uint8_t>(std::min<std::size_t>(got, 255)),
                       static_cast<std::int64_t>(victim));
            }
        }
        if (task != kNone) {
            if (++r.ticks % 64 == 0) steal_half(global_, r.local);  // S4
            return {Turn::Poll, task};
        }
        r.sleeping = true;
        record(EventKind::WorkerPark, current_);
    }
    return {Turn::Park, kNone};
}

std::size_t SmolPolicy::len() const {
    std::size_t n = global_.size();
    for (const Runner& r : runners_) n += r.local.size();
    return n;
}

// ---- async-std ----------------------------------------------------------------------------

void AsyncStdPolicy::push(std::uint32_t task, ScheduleReason why) {
    if (task != kNone && task == block_on_) {  // A1: the wake unparks the block_on thread
        block_on_woken_ = true;
        return;
    }
    runners_.push(task, why);  // A2: the global queue
}

Decision AsyncStdPolicy::next(bool deferred) {
    on_block_on_ = block_on_woken_;
    if (block_on_woken_) {  // A1: polled as soon as it is woken
        block_on_woken_ = false;
        return {Turn::Poll, block_on_};
    }
    return runners_.next(deferred);  // A4
}

namespace {

template <typename P>
std::unique_ptr<SchedulePolicy> make_single(int, std::uint64_t) {
    return std::make_unique<P>();
}
template <typename P>
std::unique_ptr<SchedulePolicy> make_multi(int workers, std::uint64_t seed) {
    return std::make_unique<P>(workers, seed);
}

constexpr std::array<PolicyConstructor, 5> kConstructors{{
    {"fifo", make_single<FifoPolicy>},
    {"tokio-current-thread", make_single<TokioCurrentThreadPolicy>},
    {"tokio-multi-thread", make_multi<TokioMultiThreadPolicy>},
    {"smol", make_multi<SmolPolicy>},
    {"async-std", make_multi<AsyncStdPolicy>},
}};

}  // namespace

std::span<const PolicyConstructor> policy_constructors() {
    return kConstructors;
}

std::unique_ptr<SchedulePolicy> make_policy(std::string_view name, int workers, std::uint64_t seed) {
    for (const PolicyConstructor& c : kConstructors)
        if (c.name == name) return c.make(workers, seed);
    return nullptr;
}

}  // namespace ps
