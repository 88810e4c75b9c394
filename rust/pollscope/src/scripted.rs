//! A hand-written future whose polls follow a script.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

/// What one poll of a [`Scripted`] future does.
enum Step<T> {
    /// `self.waker = Some(cx.waker().clone()); Poll::Pending`; with a delay, "another thread"
    /// wakes that stored clone after it.
    Store(Option<Duration>),
    /// `cx.waker().wake_by_ref(); Poll::Pending`
    WakeByRef,
    /// `cx.waker().clone().wake(); Poll::Pending`
    Wake,
    /// `Poll::Pending` without touching the waker: the lost wakeup.
    Forget,
    /// `self.waker = None; Poll::Pending`: drops a stored clone, also a lost wakeup.
    DropStored,
    /// `Poll::Ready(value)`
    Ready(T),
}

/// A future written by hand, `impl Future for Scripted`, whose polls are spelled out: step 0 is
/// what the first poll does, step 1 the second, and so on. Build it with the step methods, in
/// order, and await it:
///
/// ```no_run
/// # async fn f() {
/// use pollscope::Scripted;
/// use std::time::Duration;
/// // Stores its waker and has another thread wake it 3 ms later, then is Ready with 1.
/// let v = Scripted::new().pending_store_wake_after(Duration::from_millis(3)).ready(1).await;
/// // The lost wakeup: Pending without keeping the waker; nobody will ever poll it again.
/// let w = Scripted::new().pending_forget().ready(1).await;
/// # }
/// ```
///
/// Once Ready, the future must not be polled again (it panics, as many futures do). A script
/// that ends in a Pending step and [`repeat_last`](Scripted::repeat_last) repeats that step
/// forever (`Scripted::<u32>::new().pending_wake_by_ref().repeat_last()` is a busy loop).
pub struct Scripted<T> {
    steps: VecDeque<Step<T>>,
    repeat_last: bool,
    /// The waker clone kept by `pending_store`.
    stored: Option<Waker>,
    /// "Another thread" for `pending_store_wake_after`: a timer that wakes the stored clone.
    helper: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<T> Scripted<T> {
    /// An empty script; add the steps with the methods below.
    pub fn new() -> Scripted<T> {
        Scripted { steps: VecDeque::new(), repeat_last: false, stored: None, helper: None }
    }

    fn step(mut self, step: Step<T>) -> Scripted<T> {
        self.steps.push_back(step);
        self
    }

    /// Next poll: keep a clone of the waker (replacing an earlier one) and return Pending. The
    /// right way to wait, if something later wakes that clone.
    pub fn pending_store(self) -> Scripted<T> {
        self.step(Step::Store(None))
    }

    /// Next poll: keep a clone of the waker and hand it to "another thread" that wakes it
    /// `delay` later (virtual time); return Pending.
    pub fn pending_store_wake_after(self, delay: Duration) -> Scripted<T> {
        self.step(Step::Store(Some(delay)))
    }

    /// Next poll: wake the task by reference and return Pending (asks to be polled again).
    pub fn pending_wake_by_ref(self) -> Scripted<T> {
        self.step(Step::WakeByRef)
    }

    /// Next poll: wake a fresh clone of the waker and return Pending.
    pub fn pending_wake(self) -> Scripted<T> {
        self.step(Step::Wake)
    }

    /// Next poll: return Pending without keeping the waker. Nothing can wake the task: the
    /// classic lost wakeup.
    pub fn pending_forget(self) -> Scripted<T> {
        self.step(Step::Forget)
    }

    /// Next poll: drop the clone kept by an earlier `pending_store` and return Pending; also a
    /// lost wakeup.
    pub fn pending_drop_stored(self) -> Scripted<T> {
        self.step(Step::DropStored)
    }

    /// Next poll: return `Ready(value)`. The script ends here.
    pub fn ready(self, value: T) -> Scripted<T> {
        self.step(Step::Ready(value))
    }

    /// The last step (a Pending one) repeats for every later poll.
    pub fn repeat_last(mut self) -> Scripted<T> {
        self.repeat_last = true;
        self
    }

    fn next_step(&mut self) -> Step<T> {
        let step = self.steps.pop_front().expect("Scripted: polled after its script ended");
        if self.repeat_last && self.steps.is_empty() {
            if let Some(again) = step.repeatable() {
                self.steps.push_back(again);
            }
        }
        step
    }

    fn store(&mut self, cx: &mut Context<'_>, delay: Option<Duration>) {
        let waker = cx.waker().clone();
        if let Some(delay) = delay {
            let mut timer = Box::pin(tokio::time::sleep(delay));
            let other = Waker::from(Arc::new(OtherThread { stored: waker.clone() }));
            if timer.as_mut().poll(&mut Context::from_waker(&other)).is_ready() {
                waker.wake_by_ref();
            }
            self.helper = Some(timer);
        }
        self.stored = Some(waker);
    }
}

impl<T> Step<T> {
    /// A copy of a Pending step, for `repeat_last` (a Ready step is never repeated).
    fn repeatable(&self) -> Option<Step<T>> {
        match self {
            Step::Store(delay) => Some(Step::Store(*delay)),
            Step::WakeByRef => Some(Step::WakeByRef),
            Step::Wake => Some(Step::Wake),
            Step::Forget => Some(Step::Forget),
            Step::DropStored => Some(Step::DropStored),
            Step::Ready(_) => None,
        }
    }
}

impl<T> Default for Scripted<T> {
    fn default() -> Self {
        Scripted::new()
    }
}

impl<T: Unpin> Future for Scripted<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        match this.next_step() {
            Step::Store(delay) => this.store(cx, delay),
            Step::WakeByRef => cx.waker().wake_by_ref(),
            Step::Wake => cx.waker().clone().wake(),
            Step::Forget => {}
            Step::DropStored => this.stored = None,
            Step::Ready(value) => {
                this.stored = None;
                return Poll::Ready(value);
            }
        }
        Poll::Pending
    }
}

/// The waker the helper timer of `pending_store_wake_after` is polled with: when the timer
/// fires it wakes the clone the future stored.
struct OtherThread {
    stored: Waker,
}

impl Wake for OtherThread {
    fn wake(self: Arc<Self>) {
        self.stored.wake_by_ref();
    }
}
