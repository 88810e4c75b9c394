// Names of an enum's values as a table in declaration order, instead of a switch per enum.
// Each table sits next to a static_assert that it has one name per value, so adding a value
// without a name fails to compile, as a switch without a case would warn.
#pragma once
#include <cstddef>

namespace ps {

// The name of `value` in `names` (indexed by the enum's underlying value), or `fallback` past
// the end.
template <class E, std::size_t N>
constexpr const char* enum_name(E value, const char* const (&names)[N], const char* fallback) {
    const auto i = static_cast<std::size_t>(value);
    return i < N ? names[i] : fallback;
}

// The number of values of an enum whose values run 0, 1, ..., `last`.
template <class E>
constexpr std::size_t enum_count(E last) {
    return static_cast<std::size_t>(last) + 1;
}

}  // namespace ps
