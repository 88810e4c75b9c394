#include "engine/trace/event_schema.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "engine/export/synthetic_trace.hpp"
#include "engine/export/trace_json.hpp"
#include "tests/export_cases.hpp"

using namespace ps;

namespace {

// A trace with one event (at least) of every kind, built by hand.
std::unique_ptr<Trace> every_kind_trace() {
    auto trace = std::make_unique<Trace>();
    TraceBuilder b(*trace);
    const std::uint32_t parent = b.task("parent");
    const std::uint32_t child = b.task("child", parent);
    b.node("parent/0", "sleep", "sleep(1ms)", 1);
    b.spawn(parent);
    b.schedule(parent, ScheduleReason::Spawned);
    b.poll_begin(parent, "parent", 1);
    b.spawn(child);
    b.clone(parent, "parent/0", 0, HolderKind::Timer, "timer #0");
    b.register_source(parent, "parent/0", 0, HolderKind::Socket, "socket 'conn' readable");
    b.deregister_source(parent, "parent/0", 0, HolderKind::Socket, "socket 'conn' readable");
    b.wake_by_ref(parent, "parent/0", kNone, HolderKind::None, "yield");
    b.poll_end(parent, "parent", PollResult::Pending);
    b.advance_to(kMilli);
    b.timer_fire(parent, 0, 0);
    b.wake(parent, "parent/0", 0, HolderKind::Timer, "timer #0 fired");
    b.io_ready(child, kNone, IoReadiness::Closed, "conn");
    b.drop(child, "child", 1, HolderKind::Channel, "the channel closed");
    b.future_drop(child, "child", DropReason::Cancelled);
    b.complete(child, 0, true);
    b.complete(parent, 42);
    b.diagnostic(parent, DiagKind::BusyLoop, "it woke itself", "parent", 0);
    b.on_worker(1).emit(EventKind::Steal, parent, {}, kNone, 2, 0);
    b.on_worker(1).emit(EventKind::WorkerPark, kNone, {}, kNone, 0, 0);
    b.on_worker(1).emit(EventKind::WorkerUnpark, kNone, {}, kNone, 0, 0);
    b.on_worker(0).emit(EventKind::Inject, parent, {}, 0, 0,
                        trace->strings.intern("fired timer #0 of task 0 'parent' now"));
    b.on_worker(0).run_end(EndReason::AllComplete, "all 2 tasks completed");
    trace->index_nodes();
    return trace;
}

}  // namespace

TEST_CASE("every event kind's name reads back as the same kind") {
    for (int i = 0; i < kEventKindCount; ++i) {
        const auto kind = static_cast<EventKind>(i);
        EventKind back = EventKind::Count_;
        INFO(event_kind_name(kind));
        REQUIRE(event_kind_from_name(event_kind_name(kind), back));
        CHECK(back == kind);
        CHECK(event_schema(kind).kind == kind);
    }
    EventKind out = EventKind::Spawn;
    CHECK_FALSE(event_kind_from_name("poll_start", out));
}

TEST_CASE("event kind names are unique and every kind has a description") {
    std::set<std::string> names;
    for (const EventSchema& s : kEventSchemas) {
        CHECK(names.insert(event_kind_name(s.kind)).second);
        CHECK(std::string(s.about).size() > 10);
    }
    CHECK(names.size() == static_cast<std::size_t>(kEventKindCount));
}

TEST_CASE("a kind's named detail and keyed arg use different JSON keys, and raw fields use detail and arg") {
    for (const EventSchema& s : kEventSchemas) {
        INFO(event_kind_name(s.kind));
        CHECK(std::string(s.detail_key) != s.arg_key);
        CHECK((detail_is_named(s.detail) ? std::string(s.detail_key) != "detail"
                                         : std::string(s.detail_key) == "detail"));
        CHECK((arg_is_raw(s.arg) ? std::string(s.arg_key) == "arg" : std::string(s.arg_key) != "arg"));
    }
}

TEST_CASE("every value of a named detail reads back from its name") {
    const DetailMeaning named[] = {DetailMeaning::ScheduleReason, DetailMeaning::PollResult,
                                   DetailMeaning::HolderKind,     DetailMeaning::IoReadiness,
                                   DetailMeaning::DropReason,     DetailMeaning::TaskOutcome,
                                   DetailMeaning::DiagKind,       DetailMeaning::EndReason};
    for (DetailMeaning m : named) {
        const int count = detail_name_count(m);
        REQUIRE(count > 1);
        for (int v = 0; v < count; ++v) {
            std::uint8_t back = 255;
            const char* name = detail_value_name(m, static_cast<std::uint8_t>(v));
            INFO(name);
            REQUIRE(detail_value_from_name(m, name, back));
            CHECK(back == v);
        }
        CHECK(std::string(detail_value_name(m, static_cast<std::uint8_t>(count))) == "unknown");
    }
    CHECK(detail_name_count(DetailMeaning::Count) == 0);
}

TEST_CASE("only kinds whose arg is text carry an interned text id") {
    Event e;
    e.arg = 3;
    e.kind = EventKind::WakerWake;
    CHECK(event_text_id(e) == 3);
    e.kind = EventKind::Schedule;
    CHECK(event_text_id(e) == kNone);
    e.kind = EventKind::RunEnd;
    e.arg = -1;
    CHECK(event_text_id(e) == kNone);
}

TEST_CASE("a trace with every event kind saves, loads back and saves to the same bytes") {
    auto trace = every_kind_trace();
    std::set<EventKind> kinds;
    for (std::size_t i = 0; i < trace->size(); ++i) kinds.insert((*trace)[i].kind);
    REQUIRE(kinds.size() == static_cast<std::size_t>(kEventKindCount));

    const std::string text = trace_json_string(*trace);
    TraceLoadResult loaded = load_trace_text(text, "every-kind.json");
    INFO((loaded.errors.empty() ? std::string() : loaded.errors[0].text()));
    REQUIRE(loaded.ok());
    REQUIRE(loaded.trace->size() == trace->size());
    for (std::size_t i = 0; i < trace->size(); ++i) {
        const Event& a = (*trace)[i];
        const Event& b = (*loaded.trace)[i];
        INFO("step " << i << " " << event_kind_name(a.kind));
        CHECK(a.kind == b.kind);
        CHECK(a.detail == b.detail);
        CHECK(a.worker == b.worker);
        CHECK(a.task == b.task);
        CHECK(a.waker == b.waker);
    }
    CHECK(trace_json_string(*loaded.trace) == text);
}

TEST_CASE("engine runs set only the task, node and waker their kind's row says it uses") {
    for (const auto& c : export_cases::engine_cases()) {
        const Trace& t = *c.trace;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const Event& e = t[i];
            const EventSchema& s = event_schema(e.kind);
            INFO(c.name << " step " << i << " " << event_kind_name(s.kind));
            if (e.task != kNone) CHECK((s.ids & kUsesTask) != 0);
            if (e.node != kNone) CHECK((s.ids & kUsesNode) != 0);
            if (e.waker != kNone) CHECK((s.ids & kUsesWaker) != 0);
        }
    }
}
