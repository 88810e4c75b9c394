#include "engine/model/scenario.hpp"

#include <iterator>

#include "engine/model/enum_names.hpp"

namespace ps {

const char* waker_action_name(WakerAction a) {
    static constexpr const char* kNames[] = {"store", "wake_by_ref", "wake", "forget", "drop_stored"};
    static_assert(std::size(kNames) == enum_count(WakerAction::DropStored));
    return enum_name(a, kNames, "store");
}

const char* resource_kind_name(ResourceKind k) {
    static constexpr const char* kNames[] = {"socket", "listener", "channel", "oneshot", "mutex", "notify"};
    static_assert(std::size(kNames) == enum_count(ResourceKind::Notify));
    return enum_name(k, kNames, "socket");
}

}  // namespace ps
