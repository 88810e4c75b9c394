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

// The latest virtual time a run reaches and a trace may hold: 2^62 ns, about 146 years. A run
// whose clock gets there is stopped (like the event limit); the trace loader refuses later
// times; so exporters can add gaps and durations to any time without overflow.
constexpr Nanos kMaxVirtualTime = Nanos{1} << 62;

// Parses "10ms", "250us", "2s", "1.5ms", "0ns". Returns nullopt when the text is
// not a non-negative number followed by one of ns, us, ms, s, or is above kMaxDuration.
std::optional<Nanos> parse_duration(std::string_view text);

// "10.000ms" style: milliseconds with three decimals (microsecond precision), seconds from 1s up.
std::string format_time(Nanos t);

// Compact form for durations in prose: "10ms", "250us", "1.5s".
std::string format_duration(Nanos d);

}  // namespace ps
