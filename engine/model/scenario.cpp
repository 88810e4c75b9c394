#include "engine/model/scenario.hpp"

namespace ps {

const char* waker_action_name(WakerAction a) {
    switch (a) {
        case WakerAction::Store:
            return "store";
        case WakerAction::WakeByRef:
            return "wake_by_ref";
        case WakerAction::Wake:
            return "wake";
        case WakerAction::Forget:
            return "forget";
        case WakerAction::DropStored:
            return "drop_stored";
    }
    return "store";
}

const char* resource_kind_name(ResourceKind k) {
    switch (k) {
        case ResourceKind::Socket:
            return "socket";
        case ResourceKind::Listener:
            return "listener";
        case ResourceKind::Channel:
            return "channel";
        case ResourceKind::Oneshot:
            return "oneshot";
        case ResourceKind::Mutex:
            return "mutex";
        case ResourceKind::Notify:
            return "notify";
    }
    return "socket";
}

}  // namespace ps
