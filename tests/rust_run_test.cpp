// Rust programs run by the interpreter (engine/runtime/program/): each construct of the
// subset and each ownership rule, observed through what the program prints and the trace.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/load/scenario_load.hpp"
#include "engine/runtime/program/program_load.hpp"
#include "engine/runtime/simulation.hpp"
#include "engine/trace/frames.hpp"
#include "engine/trace/narrate.hpp"

using namespace ps;

namespace {

const char* kMain = "#[tokio::main(flavor = \"current_thread\", start_paused = true)]\n";

RunOptions options_with_policy(const std::string& policy) {
    RunOptions o;
    o.policy = policy;
    return o;
}

RunOptions options_with_poll_cost(Nanos cost) {
    RunOptions o;
    o.poll_cost = cost;
    return o;
}

std::unique_ptr<Trace> run(const std::string& body, const std::string& items = "", RunOptions opt = {}) {
    std::string src =
        "use std::sync::Arc;\nuse std::time::Duration;\nuse tokio::sync::{mpsc, oneshot, Mutex, Notify};\n"
        "use tokio::time::{sleep, timeout, Instant};\n" +
        items + "\n" + kMain + "async fn main() {\n" + body + "\n}\n";
    ProgramLoad p = load_program_text(src, "test.rs");
    INFO(src);
    INFO(p.id << " " << p.line << ":" << p.column << " " << p.message);
    REQUIRE(p.scenario);
    return simulate(*p.scenario, opt);
}

std::vector<std::string> printed(const Trace& t) {
    std::vector<std::string> out;
    for (const ConsoleLine& l : t.console)
        if (!l.to_stderr) out.push_back(l.text);
    return out;
}

using Lines = std::vector<std::string>;

// (time, task, Pending/Ready) of every task-level poll of the named tasks.
std::vector<std::string> task_polls(const Trace& t, const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t[i];
        if (e.kind != EventKind::PollEnd || e.task >= t.tasks.size()) continue;
        const std::string& name = t.tasks[e.task].name;
        if (t.strings.get(e.node) != name) continue;  // task level only
        if (std::find(names.begin(), names.end(), name) == names.end()) continue;
        out.push_back(format_time(e.time) + " " + name +
                      (e.detail == static_cast<std::uint8_t>(PollResult::Ready) ? " ready" : " pending"));
    }
    return out;
}

}  // namespace

TEST_CASE("let, assignment and arithmetic give the values the program prints") {
    auto t =
        run("let mut x = 2; x += 3; let y = x * 4 - 1; let z = (y % 7, y / 2);\n"
            "println!(\"{} {} {:?} {}\", x, y, z, x == 5 && y > 18);");
    CHECK(printed(*t) == Lines{"5 19 (5, 9) true"});
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("if, while, loop with a break value, for over ranges and arrays, and match steer the code") {
    auto t =
        run("let mut n = 0; while n < 3 { n += 1; }\n"
            "let v = loop { n += 10; if n > 30 { break n; } };\n"
            "let mut s = 0; for i in 1..=4 { if i == 2 { continue; } s += i; }\n"
            "for w in [7, 8] { s += w; }\n"
            "let o: Option<i32> = if s > 10 { Some(s) } else { None };\n"
            "match o { Some(x) if x > 100 => println!(\"big {x}\"), Some(x) => println!(\"{n} {v} {x}\"), "
            "None => println!(\"none\") }");
    CHECK(printed(*t) == Lines{"33 33 23"});
}

TEST_CASE("tasks spawned in a loop each get their own parameter and their own name") {
    auto t =
        run("let mut handles = Vec::new();\n"
            "for i in 0..3 { handles.push(tokio::spawn(worker(i))); }\n"
            "for h in handles { h.await.unwrap(); }",
            "async fn worker(id: u64) { sleep(Duration::from_millis(3 - id)).await; println!(\"worker "
            "{id}\"); }");
    CHECK(printed(*t) == Lines{"worker 2", "worker 1", "worker 0"});
    REQUIRE(t->tasks.size() == 4);
    CHECK(t->tasks[1].name == "worker");
    CHECK(t->tasks[2].name == "worker#2");
    CHECK(t->tasks[3].name == "worker#3");
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("a let binding names the task it spawns, and handle.await gives the task's output") {
    auto t =
        run("let producer = tokio::spawn(async move { sleep(Duration::from_millis(5)).await; 41 + 1 });\n"
            "let v = producer.await.unwrap();\nprintln!(\"{v}\");");
    CHECK(printed(*t) == Lines{"42"});
    REQUIRE(t->tasks.size() == 2);
    CHECK(t->tasks[1].name == "producer");
}

TEST_CASE("sleep advances virtual time and Instant measures it") {
    auto t =
        run("let start = Instant::now(); sleep(Duration::from_millis(10)).await;\n"
            "println!(\"{}\", start.elapsed().as_millis());");
    CHECK(printed(*t) == Lines{"10"});
    CHECK(t->end_time() >= 10 * kMilli);
}

TEST_CASE("yield_now lets the other task run between each step") {
    auto t =
        run("let a = tokio::spawn(async { for i in 0..2 { println!(\"a{i}\"); "
            "tokio::task::yield_now().await; } });\n"
            "let b = tokio::spawn(async { for i in 0..2 { println!(\"b{i}\"); "
            "tokio::task::yield_now().await; } });\n"
            "a.await.unwrap(); b.await.unwrap();",
            "", options_with_policy("fifo"));
    CHECK(printed(*t) == Lines{"a0", "b0", "a1", "b1"});
}

TEST_CASE("timeout gives Err when the deadline passes first and Ok otherwise") {
    auto t =
        run("let slow = timeout(Duration::from_millis(5), sleep(Duration::from_millis(10))).await;\n"
            "let fast = timeout(Duration::from_millis(10), sleep(Duration::from_millis(5))).await;\n"
            "println!(\"{} {}\", slow.is_err(), fast.is_ok());");
    CHECK(printed(*t) == Lines{"true true"});
}

TEST_CASE("a while-let consumer ends when the last Sender is dropped") {
    auto t =
        run("let (tx, mut rx) = mpsc::channel::<u32>(2);\n"
            "let tx2 = tx.clone();\n"
            "let p1 = tokio::spawn(async move { for i in 0..2 { tx.send(i).await.unwrap(); } });\n"
            "let p2 = tokio::spawn(async move { sleep(Duration::from_millis(5)).await; "
            "tx2.send(9).await.unwrap(); });\n"
            "let mut got = Vec::new();\n"
            "while let Some(v) = rx.recv().await { got.push(v); }\n"
            "println!(\"{:?}\", got); p1.await.unwrap(); p2.await.unwrap();");
    CHECK(printed(*t) == Lines{"[0, 1, 9]"});
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("drop(tx) closes a channel at once: recv gives None") {
    auto t =
        run("let (tx, mut rx) = mpsc::channel::<u32>(1);\ndrop(tx);\nprintln!(\"{:?}\", rx.recv().await);");
    CHECK(printed(*t) == Lines{"None"});
}

TEST_CASE("a send fails once the receiver is dropped") {
    auto t = run(
        "let (tx, rx) = mpsc::channel::<u32>(1);\ndrop(rx);\nprintln!(\"{}\", tx.send(1).await.is_err());");
    CHECK(printed(*t) == Lines{"true"});
}

TEST_CASE("a oneshot gives the value sent, or Err when its sender is dropped unused") {
    auto t =
        run("let (tx, rx) = oneshot::channel::<u32>();\n"
            "tokio::spawn(async move { sleep(Duration::from_millis(2)).await; let _ = tx.send(5); });\n"
            "println!(\"{:?}\", rx.await);\n"
            "let (tx2, rx2) = oneshot::channel::<u32>();\ndrop(tx2);\nprintln!(\"{}\", rx2.await.is_err());");
    CHECK(printed(*t) == Lines{"Ok(5)", "true"});
}

TEST_CASE("a mutex guard held across an await makes the others wait, and unlocks at scope end") {
    auto t =
        run("let m = Arc::new(Mutex::new(0));\nlet mut hs = Vec::new();\n"
            "for _ in 0..3 { let m = m.clone(); hs.push(tokio::spawn(async move {\n"
            "  let mut g = m.lock().await; *g += 1; sleep(Duration::from_millis(1)).await; })); }\n"
            "for h in hs { h.await.unwrap(); }\n"
            "println!(\"{} at {}ms\", *m.lock().await, 0);");
    CHECK(printed(*t) == Lines{"3 at 0ms"});
    // The second and third tasks parked on lock() while the first slept with the guard.
    int pending_locks = 0;
    for (std::size_t i = 0; i < t->size(); ++i) {
        const Event& e = (*t)[i];
        const NodeInfo* n = t->node_info(e.node);
        if (e.kind == EventKind::PollEnd && n && n->kind == "lock" && e.detail == 0) ++pending_locks;
    }
    CHECK(pending_locks == 2);
    CHECK(t->end_time() >= 3 * kMilli);
}

TEST_CASE("notify_one wakes the task waiting in notified()") {
    auto t =
        run("let n = Arc::new(Notify::new());\nlet n2 = n.clone();\n"
            "let waiter = tokio::spawn(async move { n2.notified().await; println!(\"notified\"); });\n"
            "sleep(Duration::from_millis(3)).await;\nprintln!(\"notify\");\nn.notify_one();\nwaiter.await."
            "unwrap();");
    CHECK(printed(*t) == Lines{"notify", "notified"});
}

TEST_CASE("join! runs its branches together and gives the tuple of their values") {
    auto t =
        run("let start = Instant::now();\n"
            "let (a, b) = tokio::join!(async { sleep(Duration::from_millis(2)).await; 1 },\n"
            "                          async { sleep(Duration::from_millis(2)).await; 2 });\n"
            "println!(\"{a} {b} {}\", start.elapsed().as_millis());",
            "", options_with_poll_cost(0));
    CHECK(printed(*t) == Lines{"1 2 2"});  // (with a poll cost, the second sleep starts later)
}

TEST_CASE("the winning select! branch steers the next iteration of the loop") {
    auto t =
        run("let (tx, mut rx) = mpsc::channel::<u32>(4);\n"
            "tokio::spawn(async move { for i in 0..3 { sleep(Duration::from_millis(1)).await; "
            "tx.send(i).await.unwrap(); }\n"
            "  sleep(Duration::from_millis(50)).await; drop(tx); });\n"
            "let mut seen = 0;\n"
            "loop { tokio::select! { biased;\n"
            "  Some(v) = rx.recv() => { seen += 1; println!(\"value {v}\"); }\n"
            "  _ = sleep(Duration::from_millis(10)) => { println!(\"idle after {seen}\"); break; } } }");
    CHECK(printed(*t) == Lines{"value 0", "value 1", "value 2", "idle after 3"});
}

TEST_CASE("println output is recorded with the step and the task that printed it") {
    auto t = run("sleep(Duration::from_millis(1)).await;\nprintln!(\"{:>4}|{:<3}|{:03}\", 7, \"ab\", 5);");
    REQUIRE(t->console.size() == 1);
    CHECK(t->console[0].text == "   7|ab |005");
    CHECK(t->console[0].task == 0);
    CHECK((*t)[t->console[0].step].time >= kMilli);
}

TEST_CASE("a panic ends its task and its JoinHandle gives Err(JoinError)") {
    auto t =
        run("let h = tokio::spawn(async { let v: Option<u32> = None; v.unwrap() });\n"
            "let r = h.await;\nprintln!(\"{}\", r.is_err());");
    CHECK(printed(*t) == Lines{"true"});
    bool reported = false;
    for (const ConsoleLine& l : t->console)
        reported |=
            l.to_stderr && l.text.find("called `Option::unwrap()` on a `None` value") != std::string::npos;
    CHECK(reported);
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("a panic in main ends the run with its message") {
    auto t =
        run("sleep(Duration::from_millis(1)).await;\nassert_eq!(1 + 1, 3, "
            "\"math\");\nprintln!(\"unreachable\");");
    CHECK(printed(*t).empty());
    CHECK(t->meta.end == EndReason::Panic);
    CHECK(t->meta.end_message.find("assertion `left == right` failed: math") != std::string::npos);
}

TEST_CASE("a loop that never awaits is stopped by the step budget with a diagnostic") {
    auto t = run("let mut i: u64 = 0;\nloop { i += 1; }");
    CHECK(t->meta.end == EndReason::EventLimit);
    REQUIRE(!t->diagnostics.empty());
    CHECK(t->diagnostics.back().message.find("steps in one poll") != std::string::npos);
}

TEST_CASE("a suspended body records its await point and its live locals") {
    auto t =
        run("let (tx, mut rx) = mpsc::channel::<u32>(1);\nlet i = 3;\n"
            "sleep(Duration::from_millis(1)).await;\ndrop(tx);\nrx.recv().await;");
    REQUIRE(!t->frames.empty());
    const FrameRecord& f = t->frames.front();
    CHECK(f.await_index == 1);
    CHECK(f.await_count == 2);
    CHECK(f.line == 10);  // the sleep's line in the generated source
    CHECK(f.locals == Lines{"tx: Sender #1", "rx: Receiver #1", "i = 3"});
}

TEST_CASE("a program runs the same twice: identical traces") {
    auto body =
        "let (tx, mut rx) = mpsc::channel::<u32>(1);\n"
        "for k in 0..3 { let tx = tx.clone(); tokio::spawn(async move { tx.send(k).await.unwrap(); }); }\n"
        "drop(tx);\nwhile let Some(v) = rx.recv().await { println!(\"{v}\"); }";
    RunOptions opt;
    opt.policy = "tokio-multi-thread";
    auto a = run(body, "", opt);
    auto b = run(body, "", opt);
    REQUIRE(a->size() == b->size());
    for (std::uint32_t i = 0; i < a->size(); ++i) CHECK(narrate_line(*a, i) == narrate_line(*b, i));
    CHECK(printed(*a) == printed(*b));
}

TEST_CASE("a Rust program and lesson 03 give the same (time, task, Pending/Ready) sequence") {
    LoadResult lesson = load_scenario_file("scenarios/03-two-tasks.json");
    REQUIRE(lesson.ok());
    RunOptions opt;
    opt.poll_cost = 0;
    opt.policy = "fifo";
    auto ops = simulate(*lesson.scenario, opt);
    auto rs =
        run("let fast = tokio::spawn(fast());\nlet slow = tokio::spawn(slow());\n"
            "fast.await.unwrap();\nslow.await.unwrap();",
            "async fn fast() { for _ in 0..3 { sleep(Duration::from_millis(2)).await; } }\n"
            "async fn slow() { for _ in 0..2 { sleep(Duration::from_millis(3)).await; } }",
            opt);
    auto expected = task_polls(*ops, {"fast", "slow"});
    CHECK(expected.size() == 7);
    CHECK(task_polls(*rs, {"fast", "slow"}) == expected);
}

TEST_CASE("a program without #[tokio::main] or with a stored future is refused with its position") {
    ProgramLoad none = load_program_text("fn main() {}\n", "x.rs");
    CHECK(none.id == "rust.run.501");
    ProgramLoad stored = load_program_text(
        "async fn w() {}\n#[tokio::main]\nasync fn main() {\n    let f = w();\n    f.await;\n}\n", "x.rs");
    CHECK(stored.id == "rust.unsupported.301");
    CHECK(stored.line == 4);
    CHECK(stored.column == 13);
    CHECK(stored.message.rfind("not supported: ", 0) == 0);
}

TEST_CASE("interval ticks at once, then every period; a late tick fires at once (burst)") {
    auto t =
        run("let start = Instant::now();\nlet mut iv = tokio::time::interval(Duration::from_millis(10));\n"
            "for i in 0..4 { iv.tick().await; println!(\"{}\", start.elapsed().as_millis());\n"
            "  if i == 1 { sleep(Duration::from_millis(25)).await; } }",
            "", options_with_poll_cost(0));
    CHECK(printed(*t) == Lines{"0", "10", "35", "35"});
}

TEST_CASE("try_send reports a full channel and try_recv an empty or disconnected one") {
    auto t =
        run("let (tx, mut rx) = mpsc::channel::<u32>(1);\n"
            "println!(\"{:?} {:?}\", tx.try_send(1), tx.try_send(2));\n"
            "println!(\"{:?} {:?}\", rx.try_recv(), rx.try_recv());\ndrop(tx);\nprintln!(\"{:?}\", "
            "rx.try_recv());");
    CHECK(printed(*t) == Lines{"Ok(()) Err(TrySendError::Full(..))", "Ok(1) Err(TryRecvError::Empty)",
                               "Err(TryRecvError::Disconnected)"});
}

TEST_CASE("select! runs its else branch once every branch is disabled") {
    auto t =
        run("let (tx, mut rx) = mpsc::channel::<u32>(1);\ndrop(tx);\n"
            "let done = true;\n"
            "tokio::select! { Some(v) = rx.recv() => println!(\"{v}\"),\n"
            "  _ = sleep(Duration::from_millis(1)), if !done => println!(\"slept\"),\n"
            "  else => println!(\"else\") }");
    CHECK(printed(*t) == Lines{"else"});
}

TEST_CASE("notify_waiters wakes every waiting task, and an unbound spawn is named task-N") {
    auto t =
        run("let n = Arc::new(Notify::new());\n"
            "for i in 0..2 { let n = n.clone(); tokio::spawn(async move { n.notified().await; "
            "println!(\"w{i}\"); }); }\n"
            "sleep(Duration::from_millis(1)).await;\nn.notify_waiters();\nsleep(Duration::from_millis(1))."
            "await;");
    Lines out = printed(*t);
    std::sort(out.begin(), out.end());
    CHECK(out == Lines{"w0", "w1"});
    REQUIRE(t->tasks.size() == 3);
    CHECK(t->tasks[1].name == "task-1");
    CHECK(t->tasks[2].name == "task-1#2");
}

TEST_CASE("main returning ends the run even when spawned tasks still wait") {
    auto t =
        run("tokio::spawn(async { sleep(Duration::from_secs(100)).await; println!(\"late\"); });\n"
            "sleep(Duration::from_millis(1)).await;");
    CHECK(printed(*t).empty());
    CHECK(t->meta.end == EndReason::AllComplete);
    CHECK(t->meta.end_message.find("main returned") != std::string::npos);
    CHECK(t->end_time() < kMilli * 10);
}

TEST_CASE("frames_at gives a task's frames at a step, innermost body first") {
    auto t =
        run("let mut k = 1;\nhelper(k).await;\nk += "
            "1;\nsleep(Duration::from_millis(1)).await;\nprintln!(\"{k}\");",
            "async fn helper(n: u32) { let m = n * 2; sleep(Duration::from_millis(1)).await; }");
    // Once the first poll has returned Pending: helper's frame (inside it), then main's (at the call).
    REQUIRE(t->frames.size() >= 2);
    std::uint32_t first = t->frames[1].step;
    auto fs = frames_at(*t, 0, first);
    REQUIRE(fs.size() == 2);
    CHECK(frame_text(*fs[0]) == "await 1 of 1: n = 1, m = 2");
    CHECK(frame_text(*fs[1]) == "await 1 of 2: k = 1");
    CHECK(fs[0]->line == 5);
    CHECK(fs[1]->line == 9);
    CHECK(frames_at(*t, 0, 0).empty());
    auto later = frames_at(*t, 0, static_cast<std::int64_t>(t->size()) - 1);
    REQUIRE(later.size() == 1);
    CHECK(frame_text(*later[0]) == "await 2 of 2: k = 2");
}

TEST_CASE("a ReceiverStream's next() gives Some until the senders are gone, then Ready(None)") {
    auto t =
        run("let (tx, rx) = mpsc::channel::<u32>(1);\n"
            "tokio::spawn(async move { for i in 0..2 { tx.send(i).await.unwrap(); } });\n"
            "let mut s = tokio_stream::wrappers::ReceiverStream::new(rx);\n"
            "while let Some(v) = s.next().await { println!(\"{v}\"); }\nprintln!(\"end\");");
    CHECK(printed(*t) == Lines{"0", "1", "end"});
    CHECK(t->meta.end == EndReason::AllComplete);
}

TEST_CASE("a program's doc comment gives the title, then the summary, then the lesson") {
    const std::string src =
        std::string("//! 99 · A title\n//!\n//! First paragraph,\n//! one sentence.\n//!\n") +
        "//! Second paragraph.\n" + kMain + "async fn main() {}\n";
    ProgramLoad p = load_program_text(src, "doc.rs");
    REQUIRE(p.scenario);
    CHECK(p.scenario->title == "99 · A title");
    CHECK(p.scenario->summary == "First paragraph, one sentence.");
    CHECK(p.scenario->lesson == std::vector<std::string>{"Second paragraph."});
}
