#include "engine/load/json_doc.hpp"

#include <algorithm>
#include <limits>

#include "engine/load/json_errors.hpp"
#include "engine/load/suggest.hpp"

namespace ps::json {

// ---- Diagnostics ------------------------------------------------------------------------

void Diagnostics::add(const char* id, std::size_t offset, std::string pointer, std::string message) {
    LoadError e;
    e.id = id;
    e.file = file_;
    if (offset != kNoOffset && lines_) {
        SourcePos p = lines_->at(offset);
        e.line = p.line;
        e.column = p.column;
    }
    e.pointer = std::move(pointer);
    e.message = std::move(message);
    entries_.push_back({offset, std::move(e)});
}

bool Diagnostics::has(std::string_view id_prefix) const {
    return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) {
        return std::string_view(e.error.id).substr(0, id_prefix.size()) == id_prefix;
    });
}

std::vector<LoadError> Diagnostics::finish(std::size_t max) {
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.offset < b.offset; });
    std::vector<LoadError> out;
    for (std::size_t i = 0; i < entries_.size() && i < max; ++i) out.push_back(std::move(entries_[i].error));
    if (entries_.size() > max) {
        LoadError e;
        e.id = errid::kTooManyErrors;
        e.file = file_;
        e.message = "stopped after " + std::to_string(max) + " errors (" +
                    std::to_string(entries_.size() - max) + " more not shown)";
        out.push_back(std::move(e));
    }
    entries_.clear();
    return out;
}

// ---- Navigation ---------------------------------------------------------------------------

std::vector<Member> Doc::members(const Value& object) const {
    std::vector<Member> out;
    if (!object->is_object()) return out;
    std::uint32_t child = shape_.nodes[object.node].children ? object.node + 1 : kNoNode;
    for (auto it = object->begin(); it != object->end() && child != kNoNode; ++it) {
        const ShapeNode& n = shape_.nodes[child];
        Member m;
        m.key = it.key();
        m.key_offset = n.key;
        m.value = Value{&it.value(), child, object.pointer + "/" + pointer_token(it.key())};
        out.push_back(std::move(m));
        child = n.next;
    }
    return out;
}

std::vector<Value> Doc::items(const Value& array) const {
    std::vector<Value> out;
    if (!array->is_array()) return out;
    std::uint32_t child = shape_.nodes[array.node].children ? array.node + 1 : kNoNode;
    std::size_t index = 0;
    for (auto it = array->begin(); it != array->end() && child != kNoNode; ++it, ++index) {
        out.push_back(Value{&*it, child, array.pointer + "/" + std::to_string(index)});
        child = shape_.nodes[child].next;
    }
    return out;
}

std::string Doc::got(const Value& v) const {
    switch (v->type()) {
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        case Json::value_t::string: return in_quotes(v->get_ref<const std::string&>());
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return v->get<bool>() ? "true" : "false";
        default: {
            const ShapeNode& n = shape_.nodes[v.node];
            return excerpt(text_, n.begin, n.end);
        }
    }
}

void Doc::error(const char* id, const Value& at, std::string message) const {
    diag_.add(id, offset(at), at.pointer, std::move(message));
}

void Doc::error_at_key(const char* id, const Member& m, std::string message) const {
    diag_.add(id, m.key_offset, m.value.pointer, std::move(message));
}

// ---- Typed reads --------------------------------------------------------------------------

bool Doc::expect_object(const Value& v, const char* what) const {
    if (v->is_object()) return true;
    error(errid::kWrongType, v, std::string("expected ") + what + ", got " + got(v));
    return false;
}

bool Doc::expect_array(const Value& v, const char* what) const {
    if (v->is_array()) return true;
    error(errid::kWrongType, v, std::string("expected ") + what + ", got " + got(v));
    return false;
}

std::optional<std::string> Doc::string(const Value& v, const char* what) const {
    if (v->is_string()) return v->get<std::string>();
    error(errid::kWrongType, v, std::string("expected ") + what + ", got " + got(v));
    return std::nullopt;
}

std::optional<bool> Doc::boolean(const Value& v) const {
    if (v->is_boolean()) return v->get<bool>();
    error(errid::kWrongType, v, "expected true or false, got " + got(v));
    return std::nullopt;
}

namespace {

// number, '.', digits, unit: the shape of a duration, whatever its size.
bool duration_shaped(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&] {
        std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > start;
    };
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    std::string_view unit = s.substr(i);
    return unit == "ns" || unit == "us" || unit == "ms" || unit == "s";
}

}  // namespace

std::optional<Nanos> Doc::duration(const Value& v) const {
    if (v->is_string()) {
        const std::string& s = v->get_ref<const std::string&>();
        if (auto d = parse_duration(s)) return d;
        if (duration_shaped(s)) {
            error(errid::kRange, v,
                  "duration " + in_quotes(s) + " is longer than the maximum of 3600s (one hour)");
            return std::nullopt;
        }
    }
    error(errid::kDuration, v, "expected a duration like \"10ms\", got " + got(v));
    return std::nullopt;
}

IntRead Doc::read_integer(const Value& v, std::int64_t min, std::int64_t max, std::int64_t& out) const {
    const Json& j = *v;
    if (j.is_number_unsigned()) {
        auto u = j.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(max)) return IntRead::Above;
        out = static_cast<std::int64_t>(u);
    } else if (j.is_number_integer()) {
        out = j.get<std::int64_t>();
        if (out > max) return IntRead::Above;
    } else if (j.is_number_float()) {
        // An integer literal too big for 64 bits arrives as a double; it is still an integer.
        const ShapeNode& n = shape_.nodes[v.node];
        std::string_view raw = text_.substr(n.begin, n.end - n.begin);
        if (raw.find_first_of(".eE") != std::string_view::npos) return IntRead::NotInteger;
        return raw[0] == '-' ? IntRead::Below : IntRead::Above;
    } else {
        return IntRead::NotInteger;
    }
    return out < min ? IntRead::Below : IntRead::Ok;
}

std::string Doc::range_message(const Value& v, std::int64_t min, std::int64_t max) const {
    if (min == std::numeric_limits<std::int64_t>::min() && max == std::numeric_limits<std::int64_t>::max())
        return "expected an integer that fits in 64 bits, got " + got(v);
    if (max == std::numeric_limits<std::int64_t>::max())
        return "expected an integer of at least " + std::to_string(min) + ", got " + got(v);
    return "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
           got(v);
}

std::optional<std::int64_t> Doc::integer(const Value& v, std::int64_t min, std::int64_t max) const {
    std::int64_t out = 0;
    switch (read_integer(v, min, max, out)) {
        case IntRead::Ok: return out;
        case IntRead::NotInteger: error(errid::kWrongType, v, "expected an integer, got " + got(v)); break;
        case IntRead::Below:
        case IntRead::Above: error(errid::kRange, v, range_message(v, min, max)); break;
    }
    return std::nullopt;
}

std::optional<std::size_t> Doc::one_of(const Value& v, const std::vector<std::string_view>& allowed) const {
    std::string list;
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        if (i) list += i + 1 == allowed.size() ? " or " : ", ";
        list += in_quotes(allowed[i]);
    }
    if (!v->is_string()) {
        error(errid::kWrongType, v, "expected " + list + ", got " + got(v));
        return std::nullopt;
    }
    const std::string& s = v->get_ref<const std::string&>();
    for (std::size_t i = 0; i < allowed.size(); ++i)
        if (s == allowed[i]) return i;
    error(errid::kNotOneOf, v, "expected " + list + ", got " + got(v) + did_you_mean(s, allowed));
    return std::nullopt;
}

void Doc::unknown_key(const Member& m, const char* where, const std::vector<std::string_view>& known) const {
    error_at_key(errid::kUnknownKey, m,
                 "unknown key " + in_quotes(m.key) + " " + where + did_you_mean(m.key, known));
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (!letter(name[0])) return false;
    for (char c : name)
        if (!letter(c) && !(c >= '0' && c <= '9') && c != '-') return false;
    return true;
}

std::string with_article(std::string_view word) {
    std::string_view w = word.substr(word.empty() || word[0] != '"' ? 0 : 1);
    bool vowel = !w.empty() && std::string_view("aeiou").find(w[0]) != std::string_view::npos &&
                 w.substr(0, 3) != "one";
    return std::string(vowel ? "an " : "a ") + std::string(word);
}

}  // namespace ps::json
