// Co<T>: the coroutine type the interpreter is written in (C++20 coroutines).
//
// An interpreted async body must stop at an `.await` whose future is Pending and go on from
// there at the next poll, with every enclosing expression, statement and loop where it was:
// rustc builds a state machine for that. The interpreter gets the same from C++: each eval
// function is a coroutine, a parent awaits its children (through co_run's trampoline, so deep
// nesting and long loops cost no stack), and the leaf await (interpreter.cpp) suspends the whole chain back
// to AsyncFnFuture::poll_impl. Lazy: a Co starts when it is awaited or resumed. An exception (a panic of the
// program) travels up the chain to whoever awaits it.
#pragma once
#if __has_include(<coroutine>)
#include <coroutine>
#else  // the web build: emscripten 3.1.6's libc++ has them under std::experimental only
#include <experimental/coroutine>
#endif
#include <exception>
#include <optional>
#include <utility>

namespace ps {

#if __has_include(<coroutine>)
namespace coro = std;
#else
namespace coro = std::experimental;
#endif

// The trampoline. A parent awaiting a child, and a child handing its result back, do not resume
// one another directly (symmetric transfer is a tail call only when the compiler optimises it,
// and never under AddressSanitizer): each names the coroutine to run next here and suspends,
// and co_run resumes it from its own frame. However many statements complete without
// suspending, the stack stays flat.
inline coro::coroutine_handle<>& co_next() noexcept {
    static thread_local coro::coroutine_handle<> next;
    return next;
}

// Runs `h`, then every coroutine the chain hands on to, until one suspends at a leaf (which
// names nothing to run next) or the chain's root completes.
inline void co_run(coro::coroutine_handle<> h) {
    while (h) {
        co_next() = {};
        h.resume();
        h = std::exchange(co_next(), {});
    }
}

template <class T>
class [[nodiscard]] Co {
public:
    struct promise_type {
        std::optional<T> value;
        std::exception_ptr error;
        coro::coroutine_handle<> continuation;

        Co get_return_object() { return Co(coro::coroutine_handle<promise_type>::from_promise(*this)); }
        coro::suspend_always initial_suspend() noexcept { return {}; }
        struct Final {
            bool await_ready() noexcept { return false; }
            void await_suspend(coro::coroutine_handle<promise_type> h) noexcept {
                co_next() = h.promise().continuation;  // co_run resumes the awaiting parent
            }
            void await_resume() noexcept {}
        };
        Final final_suspend() noexcept { return {}; }
        template <class U>
        void return_value(U&& v) {
            value.emplace(std::forward<U>(v));
        }
        void unhandled_exception() { error = std::current_exception(); }
    };

    Co() = default;
    explicit Co(coro::coroutine_handle<promise_type> h) : h_(h) {}
    Co(Co&& o) noexcept : h_(std::exchange(o.h_, {})) {}
    Co& operator=(Co&& o) noexcept {
        if (this != &o) {
            if (h_) h_.destroy();
            h_ = std::exchange(o.h_, {});
        }
        return *this;
    }
    Co(const Co&) = delete;
    Co& operator=(const Co&) = delete;
    ~Co() {
        if (h_) h_.destroy();
    }

    bool await_ready() const noexcept { return false; }
    void await_suspend(coro::coroutine_handle<> awaiting) noexcept {
        h_.promise().continuation = awaiting;
        co_next() = h_;  // co_run starts the child
    }
    T await_resume() {
        if (h_.promise().error) std::rethrow_exception(h_.promise().error);
        return std::move(*h_.promise().value);
    }

    // For the driver at the top of the chain.
    coro::coroutine_handle<promise_type> handle() const { return h_; }
    bool done() const { return h_ && h_.done(); }

private:
    coro::coroutine_handle<promise_type> h_;
};

}  // namespace ps
