// Virtual time: integer nanoseconds, never the wall clock.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ps {

using Nanos = std::int64_t;

constexpr Nanos kMicro = 1'000;
constexpr Nanos kMilli = 1'000'000;
constexpr Nanos kSecond = 1'000'000'000;

// Largest duration a scenario may name (one virtual hour). Keeps every sum of
// durations far from overflow.
constexpr Nanos kMaxDuration = 3600 * kSecond;

// Parses "10ms", "250us", "2s", "1.5ms", "0ns". Returns nullopt when the text is
// not a non-negative number followed by one of ns, us, ms, s, or is above kMaxDuration.
std::optional<Nanos> parse_duration(std::string_view text);

// "10.000ms" style: milliseconds with three decimals (microsecond precision), seconds from 1s up.
std::string format_time(Nanos t);

// Compact form for durations in prose: "10ms", "250us", "1.5s".
std::string format_duration(Nanos d);

}  // namespace ps
