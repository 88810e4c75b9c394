#include "engine/model/scenario.hpp"

namespace ps {

const char* future_kind_name(FutureKind k) {
    switch (k) {
        case FutureKind::Block: return "async";
        case FutureKind::Repeat: return "repeat";
        case FutureKind::Join: return "join";
        case FutureKind::Select: return "select";
        case FutureKind::Timeout: return "timeout";
        case FutureKind::Ready: return "ready";
        case FutureKind::Sleep: return "sleep";
        case FutureKind::Read: return "read";
        case FutureKind::Write: return "write";
        case FutureKind::Accept: return "accept";
        case FutureKind::Send: return "send";
        case FutureKind::Recv: return "recv";
        case FutureKind::Lock: return "lock";
        case FutureKind::Unlock: return "unlock";
        case FutureKind::Notified: return "notified";
        case FutureKind::NotifyOne: return "notify_one";
        case FutureKind::NotifyWaiters: return "notify_waiters";
        case FutureKind::YieldNow: return "yield_now";
        case FutureKind::Compute: return "compute";
        case FutureKind::Spawn: return "spawn";
        case FutureKind::JoinHandle: return "join_handle";
        case FutureKind::Scripted: return "scripted";
    }
    return "ready";
}

const char* waker_action_name(WakerAction a) {
    switch (a) {
        case WakerAction::Store: return "store";
        case WakerAction::WakeByRef: return "wake_by_ref";
        case WakerAction::Wake: return "wake";
        case WakerAction::Forget: return "forget";
        case WakerAction::DropStored: return "drop_stored";
    }
    return "store";
}

const char* resource_kind_name(ResourceKind k) {
    switch (k) {
        case ResourceKind::Socket: return "socket";
        case ResourceKind::Listener: return "listener";
        case ResourceKind::Channel: return "channel";
        case ResourceKind::Oneshot: return "oneshot";
        case ResourceKind::Mutex: return "mutex";
        case ResourceKind::Notify: return "notify";
    }
    return "socket";
}

}  // namespace ps
