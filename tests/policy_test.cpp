// Scheduling policies: each rule of the registry (engine/model/policies.cpp), tested, and the
// registry and the runtime's constructors (engine/runtime/policy.hpp) checked to agree.
#include "engine/runtime/policy.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <map>
#include <set>

#include "engine/export/trace_json.hpp"
#include "engine/model/policies.hpp"
#include "support/build.hpp"

using namespace pst;

namespace {

// Task names in the order of their task-level polls.
std::vector<std::string> poll_order(const Trace& t) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        const NodeInfo* n = t.node_info(e.node);
        if (e.kind == EventKind::PollBegin && n && n->depth == 0) out.push_back(t.tasks[e.task].name);
    }
    return out;
}

std::unique_ptr<Trace> run(Scenario sc, std::string_view policy) {
    RunOptions o;
    o.policy = std::string(policy);
    return simulate(sc, o);
}

// The start tasks, pushed as block_on does: from outside any worker.
void spawn_outside(SchedulePolicy& p, std::initializer_list<std::uint32_t> tasks) {
    p.set_outside(true);
    for (std::uint32_t t : tasks) p.push(t, ScheduleReason::Spawned);
    p.set_outside(false);
}

// Per task, the futures that completed, in order, with their values: the work a run did.
std::map<std::string, std::vector<std::pair<std::uint32_t, std::int64_t>>> work_done(const Trace& t) {
    std::map<std::string, std::vector<std::pair<std::uint32_t, std::int64_t>>> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        if (e.kind == EventKind::PollEnd && e.detail == static_cast<std::uint8_t>(PollResult::Ready))
            out[t.tasks[e.task].name].emplace_back(e.node, e.arg);
    }
    return out;
}

}  // namespace

TEST_CASE("fifo: the front task runs and the reactor turns only when the queue is empty") {
    FifoPolicy p;
    CHECK(p.next(false).turn == Turn::Park);
    p.push(3, ScheduleReason::Spawned);
    p.push(1, ScheduleReason::Woken);
    Decision d = p.next(false);
    CHECK(d.turn == Turn::Poll);
    CHECK(d.task == 3);
    CHECK(p.next(true).task == 1);
    CHECK(p.next(true).turn == Turn::Park);
}

TEST_CASE("tokio-current-thread: the driver is polled after 61 polls in a row") {
    TokioCurrentThreadPolicy p;
    for (std::uint32_t i = 0; i < 100; ++i) p.push(i, ScheduleReason::Spawned);
    for (int i = 0; i < 61; ++i) REQUIRE(p.next(false).turn == Turn::Poll);
    CHECK(p.next(false).turn == Turn::DriverYield);
    CHECK(p.next(false).turn == Turn::Poll);
}

TEST_CASE(
    "tokio-current-thread: an empty queue parks, or only yields to the driver when wakes are deferred") {
    TokioCurrentThreadPolicy p;
    CHECK(p.next(false).turn == Turn::Park);
    CHECK(p.next(true).turn == Turn::DriverYield);
    // parking restarts the count of rule T3
    for (std::uint32_t i = 0; i < 70; ++i) p.push(i, ScheduleReason::Woken);
    for (int i = 0; i < 61; ++i) REQUIRE(p.next(false).turn == Turn::Poll);
    CHECK(p.next(false).turn == Turn::DriverYield);
}

TEST_CASE(
    "tokio-current-thread: timers round up to whole milliseconds and fire together in registration order") {
    auto sc =
        scenario({task("late", {sleep_for(1'700 * kMicro)}), task("early", {sleep_for(1'200 * kMicro)})});
    auto t = run(sc, "tokio-current-thread");
    INFO(dump(*t));
    CHECK(poll_order(*t) == std::vector<std::string>{"late", "early", "late", "early"});
    CHECK(t->end_time() == 2 * kMilli);
    auto f = run(sc, "fifo");
    CHECK(poll_order(*f) == std::vector<std::string>{"late", "early", "early", "late"});
    CHECK(f->end_time() == 1'700 * kMicro);
}

TEST_CASE("tokio-current-thread: yield_now's wake waits for the driver, behind tasks woken meanwhile") {
    auto sc = scenario({task("C", {on(FutureKind::Recv, "ch")}), task("A", {yield_now()}),
                        task("B", {on(FutureKind::Send, "ch", 1)})},
                       {resource("ch", ResourceKind::Channel, 1)});
    auto tokio = run(sc, "tokio-current-thread");
    INFO(dump(*tokio));
    CHECK(poll_order(*tokio) == std::vector<std::string>{"C", "A", "B", "C", "A"});
    // the deferred wake is a clone that the driver's turn consumes
    CHECK(count(*tokio, EventKind::WakerWakeByRef) == 0);
    auto fifo = run(sc, "fifo");
    CHECK(poll_order(*fifo) == std::vector<std::string>{"C", "A", "B", "A", "C"});
}

TEST_CASE("tokio-current-thread: the coop budget makes a task yield after 128 ready operations") {
    auto sc = scenario({task("producer", {repeat(200, {on(FutureKind::Send, "ch", 1)})}),
                        task("consumer", {repeat(200, {on(FutureKind::Recv, "ch")})})},
                       {resource("ch", ResourceKind::Channel, 500)});
    sc.runtime.main_block_on = false;  // both spawned: both go through the run queue
    auto t = run(sc, "tokio-current-thread");
    // producer: 128 sends, budget gone, re-queued; consumer: 128 recvs, re-queued; then the rest.
    CHECK(poll_order(*t) == std::vector<std::string>{"producer", "consumer", "producer", "consumer"});
    CHECK(count(*t, EventKind::WakerWakeByRef) == 2);
    auto f = run(sc, "fifo");
    CHECK(poll_order(*f) == std::vector<std::string>{"producer", "consumer"});
}

TEST_CASE("a woken sender keeps the slot handed to it: no barging") {
    // 'late' arrives after the slot was handed to 'first' and must wait its turn.
    auto sc = scenario(
        {task("first", {on(FutureKind::Send, "ch", 1), on(FutureKind::Send, "ch", 2)}),
         task("drain", {sleep_for(kMilli), on(FutureKind::Recv, "ch"), on(FutureKind::Send, "ch", 9)}),
         task("last", {sleep_for(2 * kMilli), on(FutureKind::Recv, "ch"), on(FutureKind::Recv, "ch")})},
        {resource("ch", ResourceKind::Channel, 1)});
    auto t = run(sc, "fifo");
    INFO(dump(*t));
    // 'drain' receives 1, which hands the freed slot to the parked 'first' (value 2); drain's own
    // send of 9 must then park behind it even though 'first' has not been polled yet.
    std::vector<std::int64_t> received;
    for (std::size_t i = 0; i < t->size(); ++i) {
        const Event& e = (*t)[i];
        if (e.kind == EventKind::PollEnd && e.detail == 1 && t->node_info(e.node) &&
            t->node_info(e.node)->kind == "recv")
            received.push_back(e.arg);
    }
    CHECK(received == std::vector<std::int64_t>{1, 2, 9});
}

TEST_CASE("IO scripted at time zero is there before the first poll") {
    auto conn = resource("conn", ResourceKind::Socket, 64);
    IoScriptEvent e;
    e.at = 0;
    e.readable = 10;
    conn.script = {e};
    auto t = simulate(scenario({task("r", {on(FutureKind::Read, "conn")})}, {conn}));
    INFO(dump(*t));
    CHECK(count(*t, EventKind::WakerClone) == 0);
    CHECK(poll_order(*t).size() == 1);
}

// ---- multi-worker policies -----------------------------------------------------------------

TEST_CASE("tokio-multi-thread: start tasks go to the injection queue, wakes on a worker to its LIFO slot") {
    TokioMultiThreadPolicy p(2, 1);
    spawn_outside(p, {0, 1});
    CHECK(p.inject() == std::deque<std::uint32_t>{0, 1});
    Decision d = p.next(false);
    REQUIRE(d.turn == Turn::Poll);
    const int w = p.current_worker();
    // While that worker runs its task, two wakes: the first goes to the LIFO slot, the second
    // takes the slot and pushes the first to the back of the local queue.
    p.push(7, ScheduleReason::Woken);
    CHECK(p.worker_state()[static_cast<std::size_t>(w)].lifo == 7);
    p.push(8, ScheduleReason::Woken);
    CHECK(p.worker_state()[static_cast<std::size_t>(w)].lifo == 8);
    CHECK(p.worker_state()[static_cast<std::size_t>(w)].local == std::deque<std::uint32_t>{7});
}

TEST_CASE("tokio-multi-thread: a task woken while it ran goes to the back of the local queue, not the slot") {
    TokioMultiThreadPolicy p(1, 1);
    p.set_outside(true);
    p.push(0, ScheduleReason::Spawned);
    p.set_outside(false);
    REQUIRE(p.next(false).task == 0);
    p.push(5, ScheduleReason::Woken);
    p.push(0, ScheduleReason::Requeued);
    CHECK(p.worker_state()[0].lifo == 5);
    CHECK(p.worker_state()[0].local == std::deque<std::uint32_t>{0});
    // the LIFO slot is taken first
    CHECK(p.next(false).task == 5);
    CHECK(p.next(false).task == 0);
}

TEST_CASE("tokio-multi-thread: an idle worker steals half of another worker's local queue") {
    // Find a seed where worker 1 acts on an empty queue while worker 0 holds 6 queued tasks.
    TokioMultiThreadPolicy p(2, 3);
    p.set_outside(true);
    p.push(100, ScheduleReason::Spawned);
    p.set_outside(false);
    Decision first = p.next(false);
    REQUIRE(first.turn == Turn::Poll);
    const int busy = p.current_worker();
    for (std::uint32_t t = 1; t <= 7; ++t) p.push(t, ScheduleReason::Woken);  // slot: 7, local: 1..6
    REQUIRE(p.worker_state()[static_cast<std::size_t>(busy)].local.size() == 6);
    (void)p.drain_events();
    // Step until the other worker acts.
    for (int i = 0; i < 50 && p.current_worker() == busy; ++i) {
        Decision d = p.next(false);
        if (p.current_worker() != busy) {
            REQUIRE(d.turn == Turn::Poll);
            break;
        }
    }
    REQUIRE(p.current_worker() != busy);
    auto events = p.drain_events();
    bool stole = false;
    std::size_t victim_had = 0;
    for (const PolicyEvent& e : events) {
        if (e.kind != EventKind::Steal) continue;
        stole = true;
        CHECK(e.arg == busy);
        CHECK(e.task >= 1);
        CHECK(e.task <= 6);  // from the local queue: the LIFO slot (task 7) is never stolen
        victim_had = p.worker_state()[static_cast<std::size_t>(busy)].local.size() + e.detail;
        // half of the victim's queue, rounded up
        CHECK(e.detail == victim_had - victim_had / 2);
    }
    CHECK(stole);
}

TEST_CASE("tokio-multi-thread: events carry the worker that acted, and runs are deterministic per seed") {
    std::vector<TaskSpec> tasks;
    for (int i = 0; i < 6; ++i)
        tasks.push_back(task("t" + std::to_string(i), {repeat(3, {yield_now(), sleep_for(kMilli)})}));
    auto sc = scenario(tasks);
    RunOptions o;
    o.policy = "tokio-multi-thread";
    o.workers = 3;
    auto a = simulate(sc, o);
    auto b = simulate(sc, o);
    REQUIRE(a->size() == b->size());
    std::set<int> workers;
    for (std::size_t i = 0; i < a->size(); ++i) {
        REQUIRE(std::memcmp(&(*a)[i], &(*b)[i], sizeof(Event)) == 0);
        if ((*a)[i].kind == EventKind::PollBegin) workers.insert((*a)[i].worker);
    }
    CHECK(workers.size() > 1);
    CHECK(a->meta.workers == 3);
    CHECK(a->meta.end == EndReason::AllComplete);
}

TEST_CASE("smol: every wake goes to the global queue and a runner takes half of it into its local queue") {
    SmolPolicy p(2, 1);
    for (std::uint32_t t = 0; t < 6; ++t) p.push(t, ScheduleReason::Spawned);
    Decision d = p.next(false);
    REQUIRE(d.turn == Turn::Poll);
    CHECK(d.task == 0);
    const auto& r = p.runner_state()[p.current_worker()];
    // popped 0, then moved half of the remaining 5 (rounded up) into the local queue
    CHECK(r.local == std::deque<std::uint32_t>{1, 2, 3});
    CHECK(p.len() == 5);
}

TEST_CASE("every policy completes the same work") {
    auto sc = scenario(
        {task("a", {sleep_for(2 * kMilli), on(FutureKind::Send, "ch", 7)}),
         task("b", {on(FutureKind::Recv, "ch"), yield_now()}), task("c", {repeat(5, {yield_now()})})},
        {resource("ch", ResourceKind::Channel, 1)});
    const auto reference = work_done(*run(sc, policies().front().name));
    REQUIRE(reference.size() == 3);
    CHECK(reference.at("b").front().second == 7);  // the value sent is the value received
    for (const PolicyInfo& policy : policies()) {
        INFO(policy.name);
        auto t = run(sc, policy.name);
        CHECK(t->meta.end == EndReason::AllComplete);
        CHECK(t->diagnostics.empty());
        CHECK(t->meta.policy == policy.name);
        CHECK(work_done(*t) == reference);
    }
}

TEST_CASE("the policy registry and the runtime's constructors name the same policies, in order") {
    const auto names = policies();
    const auto makers = policy_constructors();
    REQUIRE(names.size() == makers.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        INFO(names[i].name);
        CHECK(makers[i].name == names[i].name);
        auto p = make_policy(names[i].name, 2, 1);
        REQUIRE(p);
        CHECK(std::string_view(p->name()) == names[i].name);
        CHECK_FALSE(names[i].rules.empty());
        CHECK(find_policy(names[i].name) == &names[i]);
    }
    CHECK(make_policy("lifo") == nullptr);
    CHECK(find_policy("lifo") == nullptr);
}

TEST_CASE("the default scenario policy is the registry's first") {
    CHECK(RuntimeSpec{}.policy == policies().front().name);
}

// ---- channels and notify, as tokio has them --------------------------------------------------

TEST_CASE("a dropped recv leaves its waker in the channel, and the next send wakes that task") {
    auto sc =
        scenario({task("client", {group(FutureKind::Select, {on(FutureKind::Recv, "ch"), sleep_for(kMilli)}),
                                  sleep_for(5 * kMilli)}),
                  task("server", {sleep_for(2 * kMilli), on(FutureKind::Send, "ch", 1)})},
                 {resource("ch", ResourceKind::Channel, 1)});
    sc.tasks[0].body.children[0].biased = true;
    auto t = simulate(sc);
    INFO(dump(*t));
    // client is sleeping its 5ms when the server sends at 2ms: a spurious wake of client.
    std::size_t wakes_of_client_at_2ms = 0;
    for (std::size_t i = 0; i < t->size(); ++i) {
        const Event& e = (*t)[i];
        if (e.kind == EventKind::WakerWake && e.task == 0 && e.time >= 2 * kMilli && e.time < 3 * kMilli &&
            e.detail == static_cast<std::uint8_t>(HolderKind::Channel))
            ++wakes_of_client_at_2ms;
    }
    CHECK(wakes_of_client_at_2ms == 1);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("a send after every receiver finished fails at once and wakes no one") {
    // rx's select gives up on the recv at once (biased, ready first) and rx ends, dropping its Receiver.
    auto sc = scenario({task("rx", {group(FutureKind::Select, {ready(), on(FutureKind::Recv, "ch")})}),
                        task("tx", {sleep_for(kMilli), on(FutureKind::Send, "ch", 4)})},
                       {resource("ch", ResourceKind::Channel, 1)});
    sc.tasks[0].body.children[0].biased = true;
    auto t = simulate(sc);
    INFO(dump(*t));
    std::size_t last = 0;
    for (std::size_t i = 0; i < t->size(); ++i)
        if ((*t)[i].kind == EventKind::TaskComplete) last = i;
    CHECK((*t)[last].task == 1);
    CHECK((*t)[last].arg == -1);
}

TEST_CASE("notify_waiters wakes the newest waiter first, like tokio") {
    auto sc = scenario(
        {task("first", {on(FutureKind::Notified, "n")}), task("second", {on(FutureKind::Notified, "n")}),
         task("third", {on(FutureKind::Notified, "n")}),
         task("bell", {sleep_for(kMilli), on(FutureKind::NotifyWaiters, "n")})},
        {resource("n", ResourceKind::Notify)});
    auto t = simulate(sc);
    std::vector<std::uint32_t> order;
    for (std::size_t i = 0; i < t->size(); ++i)
        if ((*t)[i].kind == EventKind::WakerWake &&
            (*t)[i].detail == static_cast<std::uint8_t>(HolderKind::Notify))
            order.push_back((*t)[i].task);
    CHECK(order == std::vector<std::uint32_t>{2, 1, 0});
}

TEST_CASE("multi-worker traces, with steals, parks and unparks, round-trip through the trace file") {
    std::vector<TaskSpec> tasks;
    for (int i = 0; i < 5; ++i)
        tasks.push_back(task("t" + std::to_string(i), {compute(kMilli), sleep_for(kMilli), yield_now()}));
    int multi_worker = 0;
    for (const PolicyInfo& policy : policies()) {
        if (make_policy(policy.name, 2, 1)->workers() < 2) continue;  // the multi-worker policies
        ++multi_worker;
        INFO(policy.name);
        auto t = run(scenario(tasks), policy.name);
        CHECK(count(*t, EventKind::WorkerPark) > 0);
        std::string once = trace_json_string(*t);
        TraceLoadResult back = load_trace_text(once, "t.json");
        REQUIRE(back.ok());
        CHECK(trace_json_string(*back.trace) == once);
    }
    CHECK(multi_worker > 0);
}

TEST_CASE("tokio-multi-thread: every 31st tick the injection queue is looked at before the LIFO slot") {
    TokioMultiThreadPolicy p(1, 1);
    spawn_outside(p, {1000, 1001});
    CHECK(p.next(false).task == 1000);  // tick 0: injection queue first
    std::uint32_t next_task = 1;
    for (int tick = 1; tick < 31; ++tick) {
        p.push(next_task, ScheduleReason::Woken);  // always something in the LIFO slot
        Decision d = p.next(false);
        REQUIRE(d.turn == Turn::Poll);
        CHECK(d.task == next_task);  // ticks 1..30: the slot wins
        ++next_task;
    }
    p.push(next_task, ScheduleReason::Woken);
    CHECK(p.next(false).task == 1001);  // tick 31: the injection queue wins
    CHECK(p.next(false).task == next_task);
}

// ---- block_on, join! and wake kinds (tokio 1.24: T8, T9, M9) -------------------------------

namespace {

// Per task, the kind of every wake of its wakers in order: 'w' wake, 'r' wake_by_ref.
std::map<std::string, std::string> wake_kinds(const Trace& t) {
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        if (e.kind == EventKind::WakerWake) out[t.tasks[e.task].name] += 'w';
        if (e.kind == EventKind::WakerWakeByRef) out[t.tasks[e.task].name] += 'r';
    }
    return out;
}

// The paths of the futures a task polls directly under `parent_path`, in the order polled.
std::vector<std::string> child_polls(const Trace& t, const std::string& parent_path) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        const NodeInfo* n = t.node_info(e.node);
        if (e.kind == EventKind::PollBegin && n && n->path.rfind(parent_path + "/", 0) == 0 &&
            n->path.find('/', parent_path.size() + 1) == std::string::npos)
            out.push_back(n->path);
    }
    return out;
}

}  // namespace

TEST_CASE("tokio-current-thread: the block_on future is polled at the top of the loop, never queued") {
    TokioCurrentThreadPolicy p;
    p.set_block_on(0);
    for (std::uint32_t t : {0U, 1U, 2U}) p.push(t, ScheduleReason::Spawned);
    CHECK(p.len() == 3);             // two queued, and the woken block_on future
    CHECK(p.next(false).task == 0);  // block_on marks itself woken: it goes first
    CHECK(p.next(false).task == 1);
    p.push(0, ScheduleReason::Woken);  // woken meanwhile: it waits for the top of the loop
    CHECK(p.next(false).task == 2);
    // The queue is empty but the block_on future was woken: the driver turns without moving
    // the clock, and the loop starts again with it.
    CHECK(p.next(false).turn == Turn::DriverYield);
    CHECK(p.next(false).task == 0);
    CHECK(p.next(false).turn == Turn::Park);
}

TEST_CASE("tokio-current-thread: the block_on future runs before tasks woken at the same driver turn") {
    auto sc = scenario({task("main", {sleep_for(2 * kMilli)}), task("other", {sleep_for(2 * kMilli)})});
    // Both timers fire at 2 ms; main's was registered first, but either way block_on polls main
    // first, and main is polled only twice (tokio has no extra poll of main).
    auto t = run(sc, "tokio-current-thread");
    INFO(dump(*t));
    CHECK(poll_order(*t) == std::vector<std::string>{"main", "other", "main", "other"});
    auto sc2 = scenario({task("other", {sleep_for(2 * kMilli)}), task("main", {sleep_for(2 * kMilli)})});
    sc2.tasks[0].name = "first";
    sc2.tasks[1].name = "second";
    auto t2 = run(sc2, "tokio-current-thread");
    CHECK(poll_order(*t2) == std::vector<std::string>{"first", "second", "first", "second"});
    // "main": "spawned": the first task is queued like the others, in wake order
    auto sc3 = scenario({task("main", {sleep_for(2 * kMilli)}), task("other", {sleep_for(1'500 * kMicro)})});
    auto blocked = run(sc3, "tokio-current-thread");
    CHECK(poll_order(*blocked) == std::vector<std::string>{"main", "other", "main", "other"});
    sc3.runtime.main_block_on = false;
    auto spawned = run(sc3, "tokio-current-thread");
    CHECK(poll_order(*spawned) == std::vector<std::string>{"main", "other", "main", "other"});
}

TEST_CASE("tokio-current-thread: a block_on future woken by a task waits until the queue is done") {
    // main sends twice on a channel of capacity 1; the consumer's recv frees the slot and wakes
    // main, but main is not queued behind the consumer: the consumer runs on until it parks.
    auto sc = scenario({task("main", {on(FutureKind::Send, "ch", 1), on(FutureKind::Send, "ch", 2),
                                      on(FutureKind::Send, "ch", 3)}),
                        task("consumer", {repeat(3, {on(FutureKind::Recv, "ch")})})},
                       {resource("ch", ResourceKind::Channel, 1)});
    auto t = run(sc, "tokio-current-thread");
    INFO(dump(*t));
    CHECK(poll_order(*t) ==
          std::vector<std::string>{"main", "consumer", "main", "consumer", "main", "consumer"});
    sc.runtime.main_block_on = false;
    auto f = run(sc, "tokio-current-thread");
    CHECK(poll_order(*f) == poll_order(*t));
    // fifo has no block_on: main is a queued task, so the order is the same here too
    CHECK(poll_order(*run(sc, "fifo")) == poll_order(*t));
}

TEST_CASE("tokio-multi-thread: the block_on future runs outside the workers; what it spawns is injected") {
    TokioMultiThreadPolicy p(2, 1);
    p.set_block_on(0);
    spawn_outside(p, {0, 1});
    CHECK(p.inject() == std::deque<std::uint32_t>{1});
    Decision d = p.next(false);
    CHECK(d.task == 0);
    p.push(5, ScheduleReason::Spawned);  // spawned by main: no worker's LIFO slot
    CHECK(p.inject() == std::deque<std::uint32_t>{1, 5});
    for (const auto& w : p.worker_state()) CHECK(w.lifo == kNone);
    std::set<std::uint32_t> polled;
    for (int i = 0; i < 2; ++i) polled.insert(p.next(false).task);
    CHECK(polled == std::set<std::uint32_t>{1, 5});
    p.push(0, ScheduleReason::Woken);
    CHECK(p.next(false).task == 0);  // polled as soon as it is woken
}

TEST_CASE("tokio's join! starts each poll one branch further on; futures::join! (fifo) does not") {
    auto sc = scenario({task("main", {group(FutureKind::Join, {sleep_for(1 * kMilli), sleep_for(2 * kMilli),
                                                               sleep_for(3 * kMilli)})})});
    auto t = run(sc, "tokio-current-thread");
    INFO(dump(*t));
    // poll 1 starts at branch 0, poll 2 (1 ms) at branch 1, poll 3 (2 ms) at branch 2, poll 4 at
    // branch 0 again; finished branches are skipped
    CHECK(child_polls(*t, "main/0") == std::vector<std::string>{"main/0/0", "main/0/1", "main/0/2",  //
                                                                "main/0/1", "main/0/2", "main/0/0",  //
                                                                "main/0/2", "main/0/1", "main/0/2"});
    auto f = run(sc, "fifo");
    CHECK(child_polls(*f, "main/0") == std::vector<std::string>{"main/0/0", "main/0/1", "main/0/2",  //
                                                                "main/0/0", "main/0/1", "main/0/2",  //
                                                                "main/0/1", "main/0/2", "main/0/2"});
}

TEST_CASE("a task's completion wakes its JoinHandle by reference under tokio, and consumes it under smol") {
    auto sc = scenario({task("parent", {spawn("child"), join_handle("child")}),
                        task("child", {sleep_for(1 * kMilli)}, false)});
    for (const char* policy : {"tokio-current-thread", "tokio-multi-thread"}) {
        auto t = run(sc, policy);
        INFO(policy << "\n" << dump(*t));
        CHECK(wake_kinds(*t)["parent"] == "r");
        // the clone left in the handle is dropped with the handle, after its last poll
        CHECK(count(*t, EventKind::WakerDrop) == 1);
    }
    for (const char* policy : {"fifo", "smol"}) {
        auto t = run(sc, policy);
        INFO(policy);
        CHECK(wake_kinds(*t)["parent"] == "w");
    }
}

TEST_CASE("a oneshot send wakes the receiver by reference; mpsc, timers and mutexes consume the waker") {
    auto sc = scenario(
        {task("rx", {on(FutureKind::Recv, "once"), on(FutureKind::Recv, "ch"), on(FutureKind::Lock, "m"),
                     sleep_for(1 * kMilli)}),
         task("tx", {on(FutureKind::Lock, "m"), sleep_for(1 * kMilli), on(FutureKind::Send, "once", 1),
                     sleep_for(1 * kMilli), on(FutureKind::Send, "ch", 2), sleep_for(1 * kMilli),
                     on(FutureKind::Unlock, "m")})},
        {resource("once", ResourceKind::Oneshot), resource("ch", ResourceKind::Channel, 1),
         resource("m", ResourceKind::Mutex)});
    for (const char* policy : {"fifo", "tokio-current-thread", "smol"}) {
        auto t = run(sc, policy);
        INFO(policy << "\n" << dump(*t));
        // oneshot (by reference), channel, mutex hand-off, timer
        CHECK(wake_kinds(*t)["rx"] == "rwww");
    }
}

TEST_CASE("tokio-multi-thread: the block_on future's yield_now is woken before its thread parks") {
    auto sc = scenario({task("main", {yield_now(), sleep_for(1 * kMilli)}), task("other", {yield_now()})});
    auto t = run(sc, "tokio-multi-thread");
    INFO(dump(*t));
    // main's deferred wake does not wait for a driver turn: main is polled again at once
    std::vector<std::string> order = poll_order(*t);
    REQUIRE(order.size() >= 2);
    CHECK(order[0] == "main");
    CHECK(order[1] == "main");
    CHECK(wake_kinds(*t)["main"] == "ww");
    // on tokio-current-thread, block_on's future shares the scheduler's deferred list
    CHECK(poll_order(*run(sc, "tokio-current-thread")) ==
          std::vector<std::string>{"main", "other", "main", "other", "main"});
}
