#include "engine/model/value.hpp"

#include <algorithm>

#include "engine/model/utf8.hpp"

namespace ps {

namespace {

// Rust's Debug for Duration: the largest unit that fits, with the fraction trimmed
// ("10ms", "1.5s", "250µs", "7ns").
std::string duration_text(std::int64_t ns) {
    struct Unit {
        std::int64_t size;
        const char* name;
    };
    static constexpr Unit kUnits[] = {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "µs"}, {1, "ns"}};
    std::string sign = ns < 0 ? "-" : "";
    std::uint64_t v = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    for (const Unit& u : kUnits) {
        auto size = static_cast<std::uint64_t>(u.size);
        if (v < size && size != 1) continue;
        std::string out = sign + std::to_string(v / size);
        std::uint64_t frac = v % size;
        if (frac != 0) {
            std::string digits = std::to_string(size + frac).substr(1);  // zero-padded
            while (!digits.empty() && digits.back() == '0') digits.pop_back();
            out += "." + digits;
        }
        return out + u.name;
    }
    return "0ns";
}

std::string join_items(const std::vector<Value>& items, bool debug) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += debug ? items[i].debug() : items[i].display();
    }
    return out;
}

std::string char_text(std::int64_t c) {
    std::string out;
    append_utf8(out, static_cast<std::uint32_t>(c));
    return out;
}

}  // namespace

bool Value::is_copy() const {
    switch (kind) {
        case ValueKind::Unit:
        case ValueKind::Bool:
        case ValueKind::Int:
        case ValueKind::Str:
        case ValueKind::Char:
        case ValueKind::Duration:
        case ValueKind::Instant:
        case ValueKind::Moved:
        case ValueKind::Range:
        case ValueKind::Error: return true;
        case ValueKind::Option:
        case ValueKind::Result:
        case ValueKind::Tuple:
            return std::all_of(items.begin(), items.end(), [](const Value& v) { return v.is_copy(); });
        default: return false;
    }
}

std::string Value::display() const {
    switch (kind) {
        case ValueKind::Str: return text;
        case ValueKind::Char: return char_text(n);
        case ValueKind::Error: return text;
        default: return debug();
    }
}

std::string Value::debug() const {
    switch (kind) {
        case ValueKind::Moved: return "moved";
        case ValueKind::Unit: return "()";
        case ValueKind::Bool: return n ? "true" : "false";
        case ValueKind::Int: return std::to_string(n);
        case ValueKind::Str: return "\"" + text + "\"";
        case ValueKind::Char: return "'" + char_text(n) + "'";
        case ValueKind::Option: return n ? "Some(" + items[0].debug() + ")" : "None";
        case ValueKind::Result: return (n ? "Ok(" : "Err(") + items[0].debug() + ")";
        case ValueKind::Tuple: return "(" + join_items(items, true) + (items.size() == 1 ? ",)" : ")");
        case ValueKind::Vec: return "[" + join_items(items, true) + "]";
        case ValueKind::Range: return items[0].debug() + (n ? "..=" : "..") + items[1].debug();
        case ValueKind::Duration: return duration_text(n);
        case ValueKind::Instant: return "Instant(" + duration_text(n) + ")";
        case ValueKind::Error: return text;
        case ValueKind::JoinHandle: return "JoinHandle(task " + std::to_string(n) + ")";
        case ValueKind::Interval: return "Interval(" + items[0].debug() + ")";
        default: return std::string(type_name()) + " #" + std::to_string(n + 1);
    }
}

const char* Value::type_name() const {
    static constexpr const char* kNames[] = {"moved",
                                             "()",
                                             "bool",
                                             "i64",
                                             "&str",
                                             "char",
                                             "Option",
                                             "Result",
                                             "tuple",
                                             "Vec",
                                             "Range",
                                             "Duration",
                                             "Instant",
                                             "Error",
                                             "JoinHandle",
                                             "Sender",
                                             "Receiver",
                                             "oneshot::Sender",
                                             "oneshot::Receiver",
                                             "Arc<Mutex>",
                                             "MutexGuard",
                                             "Arc<Notify>",
                                             "Interval",
                                             "ScriptedSocket",
                                             "ScriptedListener"};
    auto i = static_cast<std::size_t>(kind);
    return i < std::size(kNames) ? kNames[i] : "?";
}

bool Value::operator==(const Value& o) const {
    return kind == o.kind && n == o.n && text == o.text && items == o.items;
}

int compare_values(const Value& a, const Value& b) {
    if (a.kind == ValueKind::Str && b.kind == ValueKind::Str) return a.text < b.text ? -1 : a.text > b.text;
    if (a.kind == ValueKind::Tuple || a.kind == ValueKind::Vec) {
        for (std::size_t i = 0; i < a.items.size() && i < b.items.size(); ++i)
            if (int c = compare_values(a.items[i], b.items[i])) return c;
        return a.items.size() < b.items.size() ? -1 : a.items.size() > b.items.size();
    }
    if (a.kind == ValueKind::Option || a.kind == ValueKind::Result) {
        if (a.n != b.n) return a.n < b.n ? -1 : 1;
        return a.items.empty() ? 0 : compare_values(a.items[0], b.items[0]);
    }
    return a.n < b.n ? -1 : a.n > b.n;
}

}  // namespace ps
