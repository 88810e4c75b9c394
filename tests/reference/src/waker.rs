//! The counting waker wrapped around each task's real tokio waker.
//!
//! One `WakerInner` per task, created at the task's first poll around a clone of tokio's waker
//! (tokio's poll waker is a pointer to the task header: the same at every poll). The poll
//! waker handed to the task's future and every clone of it point at that same `WakerInner`
//! with the same vtable, so `Waker::will_wake` is true between them, exactly as between real
//! tokio wakers of one task: where tokio checks `will_wake` (Notify and semaphore waiters, the
//! JoinHandle slot) it keeps its stored clone, as it would with its own wakers. The counts are
//! therefore the counts real tokio code makes on its wakers.

use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::task::{RawWaker, RawWakerVTable, Waker};

#[derive(Default)]
pub struct Counts {
    pub clone: AtomicU64,
    pub wake: AtomicU64,
    pub wake_by_ref: AtomicU64,
    pub drop: AtomicU64,
    /// Every wake in order: 'w' for wake (the clone consumed), 'r' for wake_by_ref.
    pub kinds: Mutex<String>,
}

impl Counts {
    fn kind(&self, c: char) {
        self.kinds.lock().unwrap_or_else(|e| e.into_inner()).push(c);
    }
    pub fn kinds(&self) -> String {
        self.kinds.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
    pub fn line(&self) -> String {
        format!(
            "clone={} wake={} wake_by_ref={} drop={}",
            self.clone.load(Relaxed),
            self.wake.load(Relaxed),
            self.wake_by_ref.load(Relaxed),
            self.drop.load(Relaxed)
        )
    }
}

pub struct WakerInner {
    real: Waker,
    counts: Arc<Counts>,
}

impl WakerInner {
    pub fn new(real: Waker, counts: Arc<Counts>) -> Arc<WakerInner> {
        Arc::new(WakerInner { real, counts })
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(vt_clone, vt_wake, vt_wake_by_ref, vt_drop);

unsafe fn vt_clone(p: *const ()) -> RawWaker {
    Arc::increment_strong_count(p as *const WakerInner);
    (*(p as *const WakerInner)).counts.clone.fetch_add(1, Relaxed);
    RawWaker::new(p, &VTABLE)
}

unsafe fn vt_wake(p: *const ()) {
    let inner = Arc::from_raw(p as *const WakerInner);
    inner.counts.wake.fetch_add(1, Relaxed);
    inner.counts.kind('w');
    inner.real.wake_by_ref();
    drop(inner);
}

unsafe fn vt_wake_by_ref(p: *const ()) {
    let inner = &*(p as *const WakerInner);
    inner.counts.wake_by_ref.fetch_add(1, Relaxed);
    inner.counts.kind('r');
    inner.real.wake_by_ref();
}

unsafe fn vt_drop(p: *const ()) {
    let inner = Arc::from_raw(p as *const WakerInner);
    inner.counts.drop.fetch_add(1, Relaxed);
    drop(inner);
}

/// The waker lent to the task's future for one poll (like tokio's `WakerRef`): it owns no
/// reference count, so it must not be dropped through the vtable.
pub fn borrowed(inner: &Arc<WakerInner>) -> ManuallyDrop<Waker> {
    let raw = RawWaker::new(Arc::as_ptr(inner) as *const (), &VTABLE);
    ManuallyDrop::new(unsafe { Waker::from_raw(raw) })
}
