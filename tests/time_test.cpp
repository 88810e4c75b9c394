#include "engine/model/time.hpp"

#include <catch2/catch.hpp>

using namespace ps;

TEST_CASE("durations parse with every unit") {
    CHECK(parse_duration("10ms") == 10 * kMilli);
    CHECK(parse_duration("250us") == 250 * kMicro);
    CHECK(parse_duration("2s") == 2 * kSecond);
    CHECK(parse_duration("7ns") == 7);
    CHECK(parse_duration("1.5ms") == 1'500'000);
    CHECK(parse_duration("0ns") == 0);
}

TEST_CASE("durations without a unit or with junk are refused") {
    CHECK_FALSE(parse_duration("10"));
    CHECK_FALSE(parse_duration("ms"));
    CHECK_FALSE(parse_duration("-1ms"));
    CHECK_FALSE(parse_duration("1.ms"));
    CHECK_FALSE(parse_duration("10 ms"));
    CHECK_FALSE(parse_duration("10m"));
    CHECK_FALSE(parse_duration(""));
}

TEST_CASE("durations above one virtual hour are refused") {
    CHECK(parse_duration("3600s") == 3600 * kSecond);
    CHECK_FALSE(parse_duration("3601s"));
    CHECK_FALSE(parse_duration("99999999999999999999s"));
}

TEST_CASE("times format with three decimals in a readable unit") {
    CHECK(format_time(0) == "0.000ms");
    CHECK(format_time(10 * kMilli) == "10.000ms");
    CHECK(format_time(250 * kMicro) == "0.250ms");
    CHECK(format_time(12 * kMicro) == "0.012ms");
    CHECK(format_time(2 * kSecond + 5 * kMilli) == "2.005s");
}

TEST_CASE("durations format compactly") {
    CHECK(format_duration(10 * kMilli) == "10ms");
    CHECK(format_duration(1'500'000) == "1.5ms");
    CHECK(format_duration(250 * kMicro) == "250us");
    CHECK(format_duration(0) == "0ns");
}
