#include "engine/model/time.hpp"

#include <charconv>
#include <cstdio>

namespace ps {

std::optional<Nanos> parse_duration(std::string_view text) {
    std::size_t i = 0;
    std::int64_t whole = 0;
    std::int64_t frac = 0;
    std::int64_t frac_scale = 1;
    bool digits = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (whole > 1'000'000'000'000LL) return std::nullopt;
        whole = whole * 10 + (text[i] - '0');
        digits = true;
        ++i;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        bool frac_digits = false;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (frac_scale < 1'000'000'000) {
                frac = frac * 10 + (text[i] - '0');
                frac_scale *= 10;
            }
            frac_digits = true;
            ++i;
        }
        if (!frac_digits) return std::nullopt;
    }
    if (!digits) return std::nullopt;
    std::string_view unit = text.substr(i);
    Nanos scale = 0;
    if (unit == "ns")
        scale = 1;
    else if (unit == "us")
        scale = kMicro;
    else if (unit == "ms")
        scale = kMilli;
    else if (unit == "s")
        scale = kSecond;
    else
        return std::nullopt;
    if (whole > kMaxDuration / scale) return std::nullopt;
    Nanos value = whole * scale + (frac * scale) / frac_scale;
    if (value > kMaxDuration) return std::nullopt;
    return value;
}

std::string format_time(Nanos t) {
    char buf[64];
    Nanos a = t < 0 ? -t : t;
    const char* sign = t < 0 ? "-" : "";
    if (a >= kSecond)
        std::snprintf(buf, sizeof buf, "%s%lld.%03llds", sign, (long long)(a / kSecond),
                      (long long)((a % kSecond) / kMilli));
    else
        std::snprintf(buf, sizeof buf, "%s%lld.%03lldms", sign, (long long)(a / kMilli),
                      (long long)((a % kMilli) / kMicro));
    return buf;
}

std::string format_duration(Nanos d) {
    struct Unit {
        Nanos scale;
        const char* name;
    };
    static constexpr Unit units[] = {{kSecond, "s"}, {kMilli, "ms"}, {kMicro, "us"}, {1, "ns"}};
    for (const Unit& u : units) {
        if (d >= u.scale || u.scale == 1) {
            char buf[64];
            if (d % u.scale == 0) {
                std::snprintf(buf, sizeof buf, "%lld%s", (long long)(d / u.scale), u.name);
            } else {
                // up to three decimals, trailing zeros trimmed
                long long milli_units = (long long)((d % u.scale) * 1000 / u.scale);
                std::snprintf(buf, sizeof buf, "%lld.%03lld", (long long)(d / u.scale), milli_units);
                std::string s = buf;
                while (!s.empty() && s.back() == '0') s.pop_back();
                if (!s.empty() && s.back() == '.') s.pop_back();
                return s + u.name;
            }
            return buf;
        }
    }
    return "0ns";
}

}  // namespace ps
