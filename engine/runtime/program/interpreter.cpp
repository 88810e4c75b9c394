// The driver of an interpreted async body: polling resumes the code, Pending keeps the frame.
#include "engine/runtime/program/interpreter.hpp"

#include "engine/model/time.hpp"
#include "engine/runtime/executor.hpp"
#include "engine/runtime/poll_env.hpp"
#include "engine/runtime/waker_table.hpp"

namespace ps {

// The await at a leaf: the whole chain of coroutines stops here; poll_impl polls `awaiting_`
// and resumes the code with its value.
struct AsyncFnFuture::LeafAwait {
    AsyncFnFuture* self;
    bool await_ready() const noexcept { return false; }
    void await_suspend(coro::coroutine_handle<> h) noexcept { self->resume_at_ = h; }
    Value await_resume() {
        if (self->arrival_error_) std::rethrow_exception(std::exchange(self->arrival_error_, nullptr));
        return std::move(self->arrived_);
    }
};

// Gives the executor back (Pending) without a leaf: the run's event limit was reached.
struct AsyncFnFuture::Pause {
    AsyncFnFuture* self;
    bool await_ready() const noexcept { return false; }
    void await_suspend(coro::coroutine_handle<> h) noexcept {
        self->resume_at_ = h;
        self->paused_ = true;
    }
    void await_resume() const noexcept {}
};

AsyncFnFuture::AsyncFnFuture(PollEnv& env, const FutureSpec& spec, std::uint32_t task,
                             std::unique_ptr<Frame> frame, Frame* outer)
    : Future(env, spec, task),
      program_(env.program_run()),
      code_(program_.code()),
      body_(code_.bodies.at(static_cast<std::size_t>(spec.count))),
      own_frame_(frame ? std::move(frame) : std::make_unique<Frame>()),
      frame_(own_frame_.get()),
      root_(&spec == &env.task(task).spec->body) {
    frame_->outer = outer;
}

AsyncFnFuture::~AsyncFnFuture() {
    if (ended_) return;
    // Dropped before it completed (a select! loser, a timeout, the run's end): the future it
    // awaits goes first, then its locals, in reverse order (their drops may close channels).
    drop_future(env_, awaiting_.future);
    if (!env_.wakers().tearing_down()) drop_all_locals();
}

Poll AsyncFnFuture::poll_impl(Context& cx) {
    steps_ = 0;
    paused_ = false;
    if (ended_) return Poll::ready_with();
    if (!co_.handle()) {
        co_ = run();
        resume_at_ = co_.handle();
    }
    for (;;) {
        if (awaiting_.future) {
            Poll p = awaiting_.future->poll(cx);
            if (!p.ready) {
                record_frame();
                return Poll::pending();
            }
            try {
                arrived_ = awaiting_.decode(p.value);
            } catch (...) {
                arrival_error_ = std::current_exception();
            }
            drop_future(env_, awaiting_.future);
            awaiting_ = {};
        }
        if (!resume_code()) return finish();
        if (paused_) return Poll::pending();
    }
}

Co<Value> AsyncFnFuture::await_operand(Operand op, std::size_t site) {
    site_ = site;
    awaiting_ = std::move(op);
    co_return co_await LeafAwait{this};
}

Co<Value> AsyncFnFuture::run() {
    Value v = co_await eval_block(*body_.block);
    if (flow_ == Flow::Return) {
        flow_ = Flow::None;
        v = std::move(flow_value_);
    }
    drop_all_locals();  // the parameters and captures go when the body returns
    co_return v;
}

bool AsyncFnFuture::resume_code() {
    co_run(resume_at_);
    return !co_.done();
}

Poll AsyncFnFuture::finish() {
    ended_ = true;
    auto& promise = co_.handle().promise();
    if (!promise.error) {
        result_ = std::move(*promise.value);
        if (root_) end_task(false, {});
        return Poll::ready_with(result_.kind == ValueKind::Int ? result_.n : 0);
    }
    drop_all_locals();  // unwinding drops the frame
    failure_ = promise.error;
    try {
        std::rethrow_exception(promise.error);
    } catch (const RustPanic& p) {
        if (root_) {
            env_.print(task_, true,
                       "thread '" + env_.task(task_).name + "' panicked at " + code_.ast->path + ":" +
                           std::to_string(p.at.line) + ":" + std::to_string(p.at.column) + ":\n" + p.message);
            end_task(true, p.message);
        }
    } catch (const ProgramFault& f) {
        env_.request_end(EndReason::EventLimit, f.message);
        if (root_) program_.task_ended(task_, {true, Value::unit()});
    } catch (const std::exception& e) {  // a bug of the interpreter: the run ends, nothing crashes
        env_.request_end(EndReason::EventLimit,
                         std::string("internal error in the interpreter: ") + e.what());
        if (root_) program_.task_ended(task_, {true, Value::unit()});
    }
    return Poll::ready_with();
}

Value AsyncFnFuture::take_result() {
    if (failure_) std::rethrow_exception(failure_);
    return std::move(result_);
}

void AsyncFnFuture::end_task(bool panicked, const std::string& message) {
    program_.task_ended(task_, {panicked, panicked ? Value::unit() : result_});
    if (env_.task(task_).spec->name != "main") return;
    if (panicked) {
        env_.request_end(EndReason::Panic, "main panicked: " + message);
        return;
    }
    std::size_t running = 0;
    for (std::uint32_t t : program_.spawned_tasks())
        if (!env_.task(t).finished()) ++running;
    if (running > 0)
        env_.request_end(EndReason::AllComplete,
                         "main returned at t=" + format_time(env_.now()) + ": the runtime shut down with " +
                             std::to_string(running) + " spawned task" + (running == 1 ? "" : "s") +
                             " still running (dropped unfinished)");
}

void AsyncFnFuture::record_frame() {
    FrameRecord f;
    f.task = task_;
    f.poll = env_.task(task_).polls;
    f.node = path_;
    f.await_node = awaiting_.future ? awaiting_.future->path() : kNone;
    f.await_index = static_cast<int>(site_) + 1;
    f.await_count = body_.awaits;
    if (site_ < spec_.children.size()) {
        f.line = spec_.children[site_].pos.line;
        f.column = spec_.children[site_].pos.column;
    }
    for (const Local& l : frame_->locals) {
        const Value& v = l.value;
        bool handle = v.kind == ValueKind::Moved || v.kind >= ValueKind::JoinHandle;
        f.locals.push_back(l.name + (handle ? ": " : " = ") + v.debug());
    }
    env_.record_frame(std::move(f));
}

void AsyncFnFuture::count_step(const rust::Span& at) {
    if (++steps_ <= kStepBudget) return;
    throw ProgramFault{task_label() + " ran " + std::to_string(kStepBudget) +
                       " steps in one poll without reaching an .await that was Pending (at " +
                       std::to_string(at.line) + ":" + std::to_string(at.column) +
                       "): a loop that never awaits keeps the executor to itself; the run was stopped"};
}

Co<Value> AsyncFnFuture::pause_if_over_limit() {
    if (env_.over_limit()) co_await Pause{this};
    co_return Value::unit();
}

std::string AsyncFnFuture::task_label() const {
    return "task '" + env_.task(task_).name + "'";
}

void AsyncFnFuture::panic(const rust::Span& at, const std::string& message) {
    throw RustPanic{message, at};
}

void AsyncFnFuture::unsupported(const rust::Span& at, const std::string& what) {
    throw ProgramFault{code_.ast->path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                       ": not supported: " + what};
}

FuturePtr make_async_fn(PollEnv& env, const FutureSpec& spec, std::uint32_t task) {
    if (spec.kind != FutureKind::AsyncFn) return nullptr;
    std::unique_ptr<StartFrame> start = std::move(env.program_run().pending_start);
    return std::make_unique<AsyncFnFuture>(env, spec, task, start ? std::move(start->frame) : nullptr,
                                           nullptr);
}

}  // namespace ps
