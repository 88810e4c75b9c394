// A synthetic but well-formed trace of any length, for exporter tests and benchmarks.
//
// It follows the engine's contract (trace.hpp) without running the engine: N tasks loop over
// `sleep`, each poll nests three futures deep, timers fire through the reactor, wakes are
// followed by schedules and polls, some wakes are coalesced or come after completion, and a
// diagnostic shows up now and then. Deterministic for a given options value.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "engine/trace/trace.hpp"

namespace ps {

struct SyntheticOptions {
    std::size_t events = 10'000;  // stops at the first loop boundary at or past this count
    std::uint32_t tasks = 8;
    std::uint32_t iterations = 0;  // loop iterations per task before it completes; 0 = never
    std::uint64_t seed = 1;
    std::uint8_t workers = 1;  // > 1 spreads polls over workers (Event::worker)
};

std::unique_ptr<Trace> make_synthetic_trace(const SyntheticOptions& options);

// Appends hand-written events to a trace, for tests: every call returns the new step.
// Interned texts and paths are handled for you; `at()` sets the virtual time of what follows.
class TraceBuilder {
public:
    explicit TraceBuilder(Trace& trace) : trace_(trace) {}

    TraceBuilder& at(Nanos t) {
        now_ = t;
        return *this;
    }
    TraceBuilder& on_worker(std::uint8_t w) {
        worker_ = w;
        return *this;
    }
    Nanos now() const { return now_; }

    // A task (its root node is its name, depth 0) and extra nodes for nested futures.
    std::uint32_t task(const std::string& name, std::uint32_t parent = kNone);
    std::uint32_t node(const std::string& path, const std::string& kind, const std::string& text, int depth);

    std::uint32_t spawn(std::uint32_t t);
    std::uint32_t schedule(std::uint32_t t, ScheduleReason why, std::int64_t queue_len = 1);
    std::uint32_t poll_begin(std::uint32_t t, std::string_view path, std::int64_t poll_number = 0);
    std::uint32_t poll_end(std::uint32_t t, std::string_view path, PollResult r, std::int64_t value = 0);
    std::uint32_t clone(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                        std::string_view holder);
    std::uint32_t wake(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                       std::string_view cause);
    std::uint32_t wake_by_ref(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                              std::string_view cause);
    std::uint32_t drop(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                       std::string_view reason);
    std::uint32_t register_source(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                                  std::string_view source);
    std::uint32_t deregister_source(std::uint32_t t, std::string_view path, std::uint32_t waker, HolderKind h,
                                    std::string_view source);
    std::uint32_t timer_fire(std::uint32_t t, std::uint32_t waker, std::int64_t timer);
    std::uint32_t io_ready(std::uint32_t t, std::uint32_t waker, IoReadiness r, std::string_view source);
    std::uint32_t advance_to(Nanos t);  // time_advance: from now() to t
    std::uint32_t complete(std::uint32_t t, std::int64_t value = 0, bool cancelled = false);
    std::uint32_t future_drop(std::uint32_t t, std::string_view path, DropReason r);
    std::uint32_t diagnostic(std::uint32_t t, DiagKind k, std::string_view message,
                             std::string_view path = {},
                             std::uint32_t waker = kNone);         // also adds the DiagnosticInfo
    std::uint32_t run_end(EndReason r, std::string_view message);  // also sets meta.end

    // A whole task-level poll: the root, then the nested paths in order, all ending with
    // `result`; time moves by `cost` before the root's poll_end. Returns the root poll_begin step.
    std::uint32_t poll(std::uint32_t t, std::int64_t poll_number, PollResult result,
                       std::initializer_list<std::string_view> nested = {}, Nanos cost = 0);

    std::uint32_t emit(EventKind k, std::uint32_t task, std::string_view path, std::uint32_t waker,
                       std::uint8_t detail, std::int64_t arg);

private:
    std::uint32_t text_arg(std::string_view s);
    Trace& trace_;
    Nanos now_ = 0;
    std::uint8_t worker_ = 0;
};

}  // namespace ps
