#include "synthetic_trace.hpp"

#include <string>
#include <vector>

namespace ps::gui {

namespace {

struct Builder {
    Trace& t;
    Nanos now = 0;

    std::uint32_t add(EventKind kind, std::uint32_t task, std::uint32_t node = kNone,
                      std::uint32_t waker = kNone, std::uint8_t detail = 0, std::int64_t arg = 0) {
        Event e;
        e.time = now;
        e.kind = kind;
        e.task = task;
        e.node = node;
        e.waker = waker;
        e.detail = detail;
        e.arg = arg;
        return t.append(e);
    }
};

}  // namespace

std::unique_ptr<Trace> build_synthetic_trace(std::size_t target_events, int tasks) {
    if (tasks < 1) tasks = 1;
    auto trace = std::make_unique<Trace>();
    Trace& t = *trace;
    t.meta.title = "Synthetic trace";
    t.meta.summary = "Tasks that sleep, then read a socket, in a loop (built in code).";
    t.meta.lesson = {"This trace was built by hand to exercise the views."};
    t.meta.poll_cost = 10 * kMicro;

    // One task spec shared by every task: loop { sleep(1ms).await; sock.read().await; yield_now().await; }
    TaskCode code;
    code.name = "worker";
    code.lines = {
        {"async fn worker(sock: &Socket) {", "worker"},
        {"    loop {", "worker/0"},
        {"        sleep(Duration::from_millis(1)).await;", "worker/0/0"},
        {"        sock.read(&mut buf).await;", "worker/0/1"},
        {"        tokio::task::yield_now().await;", "worker/0/2"},
        {"    }", ""},
        {"}", ""},
    };
    t.meta.code.push_back(code);
    t.meta.nodes = {
        {"worker", "block", "async block", 0},
        {"worker/0", "repeat", "loop", 1},
        {"worker/0/0", "sleep", "sleep(1ms)", 2},
        {"worker/0/1", "read", "sock.read()", 2},
        {"worker/0/2", "yield_now", "yield_now()", 2},
    };
    t.meta.resources.push_back({"sock", "socket", {"at 0.5ms: 64 bytes readable (repeating)"}});
    t.index_nodes();

    const std::uint32_t root = t.strings.intern("worker");
    const std::uint32_t loop = t.strings.intern("worker/0");
    const std::uint32_t sleep = t.strings.intern("worker/0/0");
    const std::uint32_t read = t.strings.intern("worker/0/1");
    const std::uint32_t yield = t.strings.intern("worker/0/2");
    (void)loop;

    Builder b{t};
    std::vector<std::uint32_t> polls(static_cast<std::size_t>(tasks), 0);
    std::vector<int> phase(static_cast<std::size_t>(tasks), 0);
    std::uint32_t next_waker = 0;
    std::uint32_t next_timer = 0;

    for (int i = 0; i < tasks; ++i) {
        auto id = static_cast<std::uint32_t>(i);
        t.tasks.push_back({"worker" + (i ? "#" + std::to_string(i + 1) : std::string()), kNone, 0});
        b.add(EventKind::Spawn, id, root, kNone, 0, -1);
        b.add(EventKind::Schedule, id, kNone, kNone, static_cast<std::uint8_t>(ScheduleReason::Spawned), i + 1);
    }

    // Round: every task is polled once; each poll parks on one of three leaves.
    std::int64_t round = 0;
    while (t.size() + 16 < target_events) {
        for (int i = 0; i < tasks && t.size() + 16 < target_events; ++i) {
            auto id = static_cast<std::uint32_t>(i);
            auto& p = phase[static_cast<std::size_t>(i)];
            std::uint32_t leaf = p == 0 ? sleep : p == 1 ? read : yield;
            b.add(EventKind::PollBegin, id, root, kNone, 0, ++polls[static_cast<std::size_t>(i)]);
            b.add(EventKind::PollBegin, id, leaf, kNone, 0, 0);
            b.now += t.meta.poll_cost;
            if (p == 2) {
                // yield_now: wake_by_ref our own waker, then Pending.
                auto w = next_waker++;
                b.add(EventKind::WakerClone, id, leaf, w, static_cast<std::uint8_t>(HolderKind::Executor),
                      t.strings.intern("yield_now"));
                b.add(EventKind::WakerWake, id, leaf, w, static_cast<std::uint8_t>(HolderKind::Executor),
                      t.strings.intern("yield_now asks to be polled again"));
                b.add(EventKind::PollEnd, id, leaf, kNone, static_cast<std::uint8_t>(PollResult::Pending));
                b.add(EventKind::PollEnd, id, root, kNone, static_cast<std::uint8_t>(PollResult::Pending));
                b.add(EventKind::Schedule, id, kNone, kNone, static_cast<std::uint8_t>(ScheduleReason::Requeued), 1);
            } else {
                auto w = next_waker++;
                auto kind = p == 0 ? HolderKind::Timer : HolderKind::Socket;
                std::string holder = p == 0 ? "timer #" + std::to_string(next_timer++) : "socket 'sock' readable";
                b.add(EventKind::WakerClone, id, leaf, w, static_cast<std::uint8_t>(kind), t.strings.intern(holder));
                b.add(EventKind::Register, id, leaf, w, static_cast<std::uint8_t>(kind), t.strings.intern(holder));
                b.add(EventKind::PollEnd, id, leaf, kNone, static_cast<std::uint8_t>(PollResult::Ready));
                b.add(EventKind::PollEnd, id, root, kNone, static_cast<std::uint8_t>(PollResult::Pending));
                // The reactor turns: time jumps, the timer fires / the socket becomes readable.
                Nanos before = b.now;
                b.now += p == 0 ? kMilli : 500 * kMicro;
                b.add(EventKind::TimeAdvance, kNone, kNone, kNone, 0, before);
                if (p == 0) b.add(EventKind::TimerFire, id, kNone, w, 0, round);
                else b.add(EventKind::IoReady, id, kNone, w, static_cast<std::uint8_t>(IoReadiness::Readable),
                           t.strings.intern("sock"));
                b.add(EventKind::WakerWake, id, leaf, w, static_cast<std::uint8_t>(kind), t.strings.intern(holder));
                b.add(EventKind::Schedule, id, kNone, kNone, static_cast<std::uint8_t>(ScheduleReason::Woken), 1);
            }
            p = (p + 1) % 3;
        }
        ++round;
    }
    // Finish every task.
    for (int i = 0; i < tasks; ++i) {
        auto id = static_cast<std::uint32_t>(i);
        b.add(EventKind::PollBegin, id, root, kNone, 0, ++polls[static_cast<std::size_t>(i)]);
        b.now += t.meta.poll_cost;
        b.add(EventKind::PollEnd, id, root, kNone, static_cast<std::uint8_t>(PollResult::Ready), 0);
        b.add(EventKind::TaskComplete, id, root, kNone, 0, 0);
    }
    b.add(EventKind::RunEnd, kNone, kNone, kNone, static_cast<std::uint8_t>(EndReason::AllComplete),
          t.strings.intern("all tasks completed"));
    t.meta.notes.push_back({0, "The first task is spawned."});
    t.meta.end_message = "all tasks completed";
    return trace;
}

}  // namespace ps::gui
