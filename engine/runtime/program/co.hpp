// Co<T>: the coroutine type the interpreter is written in (C++20 coroutines).
//
// An interpreted async body must stop at an `.await` whose future is Pending and go on from
// there at the next poll, with every enclosing expression, statement and loop where it was:
// rustc builds a state machine for that. The interpreter gets the same from C++: each eval
// function is a coroutine, a parent awaits its children (symmetric transfer, so deep nesting
// costs no stack), and the leaf await (interpreter.cpp) suspends the whole chain back to
// AsyncFnFuture::poll_impl. Lazy: a Co starts when it is awaited or resumed. An exception (a
// panic of the program) travels up the chain to whoever awaits it.
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
            coro::coroutine_handle<> await_suspend(coro::coroutine_handle<promise_type> h) noexcept {
                coro::coroutine_handle<> next = h.promise().continuation;
                return next ? next : coro::noop_coroutine();
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
    coro::coroutine_handle<> await_suspend(coro::coroutine_handle<> awaiting) noexcept {
        h_.promise().continuation = awaiting;
        return h_;
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
