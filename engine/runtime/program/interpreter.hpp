// AsyncFnFuture: an async body of a Rust program run as a state machine (FutureKind::AsyncFn).
//
// The body is interpreted from its syntax tree by C++ coroutines (co.hpp): every enclosing
// expression, statement and loop keeps its place across a suspension. Its frame holds the
// locals (Frame, program_run.hpp). Polling it resumes the code where it stopped; the code runs
// until an await point, where it builds the future awaited (a leaf of engine/runtime/futures,
// from a run-time copy of the await point's node, or a nested body, join!, select! or timeout)
// and polls it. Pending: the body returns Pending with everything kept, and records its frame
// (await point and live locals) in the trace. Ready: the value flows into the code, which goes
// on within the same poll, as rustc's state machine does.
//
// Limits: each poll may run at most kStepBudget evaluation steps (a loop with no await that
// is Pending would otherwise never give the executor back); past it the run ends with a
// diagnostic. Loops also stop when the run's event limit is reached (PollEnv::over_limit).
#pragma once
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/value.hpp"
#include "engine/runtime/future.hpp"
#include "engine/runtime/program/co.hpp"
#include "engine/runtime/program/program_run.hpp"

namespace ps {

// A future being awaited, and how its Ready value reads as a Value.
struct Operand {
    std::unique_ptr<FutureSpec> spec;  // the run-time copy of a leaf's node (leaves only)
    FuturePtr future;
    std::function<Value(std::int64_t)> decode;
};

// A panic of the program (panic!, a failed assert, unwrap on None/Err): ends the task.
struct RustPanic {
    std::string message;
    rust::Span at;
};

// What ends the run: a construct refused at run time, or the step budget.
struct ProgramFault {
    std::string message;
};

class AsyncFnFuture final : public Future {
public:
    static constexpr std::int64_t kStepBudget = 1'000'000;

    AsyncFnFuture(PollEnv& env, const FutureSpec& spec, std::uint32_t task, std::unique_ptr<Frame> frame,
                  Frame* outer);
    ~AsyncFnFuture() override;
    // Its value once Ready; rethrows the panic (or fault) that ended it, into the awaiting code.
    Value take_result();

protected:
    Poll poll_impl(Context& cx) override;

private:
    enum class Flow : std::uint8_t { None, Break, Continue, Return };
    struct LeafAwait;
    struct Pause;

    // ---- driver (interpreter.cpp)
    Co<Value> run();
    bool resume_code();
    Poll finish();
    void record_frame();
    void end_task(bool panicked, const std::string& message);
    void count_step(const rust::Span& at);
    Co<Value> pause_if_over_limit();
    std::string task_label() const;

    // ---- statements, control flow, places, patterns (interp_stmt.cpp)
    Co<Value> eval(const rust::Expr& e);
    Co<Value> eval_more(const rust::Expr& e);
    Co<Value> eval_block(const rust::Block& b);
    Co<Value> eval_if(const rust::Expr& e);
    Co<Value> eval_while(const rust::Expr& e);
    Co<Value> eval_loop(const rust::Expr& e);
    Co<Value> eval_for(const rust::Expr& e);
    Co<Value> eval_match(const rust::Expr& e);
    Co<Value> eval_path(const rust::Expr& e);
    Co<bool> exec_stmt(const rust::Stmt& s);
    Co<bool> exec_stmt_inner(const rust::Stmt& s);
    void drop_temporaries(std::size_t mark);
    bool loop_body_done(const std::string& label);
    Co<Value> eval_borrow(const rust::Expr& e);
    Co<Value> scrutinee(const rust::Expr& e, bool& from_place);
    Co<Value*> place(const rust::Expr& e);
    Value* lookup(const std::string& name);
    void push_local(std::string name, Value v, bool borrowed);
    bool matches(const rust::Pattern& p, const Value& v);
    void bind(const rust::Pattern& p, Value v, bool borrowed);
    void drop_scope(std::size_t mark);
    void drop_all_locals();

    // ---- operators and formatting (interp_ops.cpp)
    Co<Value> eval_unary(const rust::Expr& e);
    Co<Value> eval_binary(const rust::Expr& e);
    Co<Value> eval_assign(const rust::Expr& e);
    Value arith(rust::BinaryOp op, const Value& a, const Value& b, const rust::Span& at);
    Co<std::string> format(const rust::FormatMacro& m);
    Co<Value> eval_format_macro(const rust::Expr& e);
    Co<Value> eval_assert(const rust::Expr& e);

    // ---- calls and methods (interp_calls.cpp)
    Co<Value> eval_call(const rust::Expr& e);
    Co<Value> eval_method(const rust::Expr& e);
    Co<std::vector<Value>> eval_args(const std::vector<rust::ExprPtr>& args);
    Co<Value> call_sync_fn(const rust::FnItem& fn, std::vector<Value> args);
    Value builtin_call(const std::string& path, std::vector<Value>& args, const rust::Span& at);
    Co<Value> spawn(const rust::Expr& call);
    Co<std::unique_ptr<Frame>> frame_for(const rust::Expr& future_expr, std::size_t body);
    Value handle_method(Value& self, const std::string& name, std::vector<Value>& args, const rust::Span& at);
    Value value_method(Value& self, const std::string& name, std::vector<Value>& args, const rust::Span& at);

    // ---- await points (interp_await.cpp)
    Co<Value> eval_await(const rust::Expr& e);
    Co<Value> eval_join(const rust::Expr& e);
    Co<Value> eval_select(const rust::Expr& e);
    Co<Operand> make_operand(const rust::Expr& e, const FutureSpec& node);
    Co<Operand> leaf_operand(const rust::Expr& e, const FutureSpec& node);
    Operand leaf(const FutureSpec& node, FutureKind kind, std::function<void(FutureSpec&)> fill,
                 std::function<Value(std::int64_t)> decode);
    Co<Value> await_operand(Operand op, std::size_t site);
    const FutureSpec& await_node(const rust::Expr& e);

    // ---- pollscope's prelude (interp_prelude.cpp)
    Co<Value> eval_compute(const rust::Expr& e);
    Co<Operand> scripted_operand(const rust::Expr& e, const FutureSpec& node);
    Co<Value> eval_io_builder(const rust::Expr& e, bool socket);
    Operand io_operand(Value& self, const std::string& name, std::vector<Value>& args, const FutureSpec& node,
                       const rust::Span& at);

    [[noreturn]] void panic(const rust::Span& at, const std::string& message);
    [[noreturn]] void unsupported(const rust::Span& at, const std::string& what);

    ProgramRun& program_;
    const ProgramCode& code_;
    const ProgramCode::Body& body_;
    std::unique_ptr<Frame> own_frame_;
    Frame* frame_;
    bool root_;
    Co<Value> co_;
    coro::coroutine_handle<> resume_at_;
    Operand awaiting_;
    std::size_t site_ = 0;
    Value arrived_;
    std::exception_ptr arrival_error_;  // a panic of an awaited body, rethrown at its await
    std::exception_ptr failure_;        // what ended this body, for whoever awaits it
    bool paused_ = false;
    bool ended_ = false;
    Value result_;
    std::deque<Value> temporaries_;  // dropped at the end of the statement that made them
    Flow flow_ = Flow::None;
    std::string flow_label_;
    Value flow_value_;
    std::int64_t steps_ = 0;
};

// The family for make_future: a task's root body (its frame from ProgramRun::pending_start).
FuturePtr make_async_fn(PollEnv& env, const FutureSpec& spec, std::uint32_t task);

}  // namespace ps
