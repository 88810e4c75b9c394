// ProgramCode: a parsed Rust program (engine/rust/ast.hpp) made ready to run, and the Scenario
// built from it.
//
// `build_program_scenario` walks the program once and lays out what the runtime and the views
// need before anything runs:
//   - one TaskSpec per task: `main` (the #[tokio::main] body, started), and one per
//     `tokio::spawn(..)` call site (started by that call; named by the `let` binding it is
//     assigned to, else the async fn it runs, else "task-N");
//   - each task body, async fn body awaited and async block awaited, joined or selected is a
//     FutureSpec of kind AsyncFn (`count` = index into `bodies`) whose children are its await
//     points in source order: the leaf or combinator each `.await`, `join!` and `select!` makes
//     (kind chosen by syntax: `.recv()` Recv, `sleep(..)` Sleep, `timeout(..)` Timeout, a call
//     of an async fn AsyncFn, `.read_bytes`/`.write_bytes`/`.accept` Read/Write/Accept, a
//     `Scripted::new()..` chain Scripted, any other value a JoinHandle or a oneshot receiver;
//     `compute(d)`/`std::thread::sleep(d)` calls are Compute await points without `.await`). Their labels
//     are the source text, their positions the source's. The interpreter copies a leaf when it
//     awaits it (with the duration, channel or value known then) and the copy keeps the
//     node's path (FutureSpec::origin);
//   - the runtime options from the attribute: flavor = "current_thread" picks the policy
//     tokio-current-thread, "multi_thread" (tokio's default) tokio-multi-thread with
//     worker_threads workers. Time is always paused in the simulator, so start_paused is
//     accepted with either value and changes nothing.
// What the simulator cannot run is refused with `not supported: ...` at its line and column.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/rust/ast.hpp"

namespace ps {

struct ProgramCode {
    // One async body: an async fn's body (params bound by the caller) or an async block.
    struct Body {
        const rust::Block* block = nullptr;
        const rust::FnItem* fn = nullptr;  // set for an async fn's body
        bool is_move = false;              // `async move { .. }`
        std::string name;                  // "worker", "async block"
        int awaits = 0;                    // await points directly in it
    };
    std::shared_ptr<const rust::Program> ast;
    std::vector<Body> bodies;
    // Await point (an AwaitExpr, JoinMacro or SelectMacro) -> index among its body's children.
    std::map<const rust::Expr*, std::size_t> await_index;
    // The body an async block or an async fn call (as an await operand or spawn argument) runs.
    std::map<const rust::Expr*, std::size_t> body_of;
    // tokio::spawn(..) call -> the task spec it starts.
    std::map<const rust::Expr*, std::string> spawn_task;
    std::map<std::string, const rust::FnItem*> fns;
    std::map<std::string, const rust::ConstItem*> consts;
    std::vector<std::string> source_lines;  // the program's text, one entry per line

    std::string text_of(const rust::Span& s) const;
};

struct ProgramError {
    std::string id;  // "rust.unsupported.301" (errors.hpp), "rust.run.501" (no #[tokio::main] fn main)
    int line = 0;
    int column = 0;
    std::string message;
};

struct ProgramBuild {
    std::optional<Scenario> scenario;
    std::optional<ProgramError> error;
};

// The Scenario that runs `program` (path: its file, for the title and messages).
ProgramBuild build_program_scenario(std::shared_ptr<const rust::Program> program);

}  // namespace ps
