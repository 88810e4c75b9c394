// Reading a parsed document with positions: nlohmann's DOM (ordered, so members keep their
// document order) zipped with the scanner's shape nodes, plus typed reads that turn every
// mismatch into a LoadError at the offending value with its JSON pointer.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/load/json_scan.hpp"
#include "engine/load/scenario_load.hpp"

namespace ps::json {

using Json = nlohmann::ordered_json;

constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

// Collects errors; each remembers the byte offset it points at, for sorting into document order.
class Diagnostics {
public:
    Diagnostics(std::string file, const LineIndex* lines) : file_(std::move(file)), lines_(lines) {}

    void add(const char* id, std::size_t offset, std::string pointer, std::string message);
    bool has(std::string_view id_prefix) const;  // any error whose id starts with this
    std::size_t count() const { return entries_.size(); }

    // Sorted by position (errors without one last), cut to `max` plus a closing
    // "stopped after N errors" entry when there were more.
    std::vector<LoadError> finish(std::size_t max);

private:
    struct Entry {
        std::size_t offset;
        LoadError error;
    };
    std::string file_;
    const LineIndex* lines_;
    std::vector<Entry> entries_;
};

// A value of the document: where it is in the DOM, in the text, and its JSON pointer.
struct Value {
    const Json* json = nullptr;
    std::uint32_t node = 0;
    std::string pointer;

    const Json& operator*() const { return *json; }
    const Json* operator->() const { return json; }
};

struct Member {
    std::string key;
    std::size_t key_offset = 0;
    Value value;
};

enum class IntRead { Ok, NotInteger, Below, Above };

class Doc {
public:
    Doc(const Json& root, const ScanResult& shape, std::string_view text, const LineIndex& lines,
        Diagnostics& diag)
        : root_(root), shape_(shape), text_(text), lines_(lines), diag_(diag) {}

    Value root() const { return Value{&root_, 0, ""}; }
    Diagnostics& diag() const { return diag_; }

    std::vector<Member> members(const Value& object) const;
    std::vector<Value> items(const Value& array) const;
    std::size_t offset(const Value& v) const { return shape_.nodes[v.node].begin; }
    SourcePos pos(const Value& v) const { return lines_.at(offset(v)); }

    // How a value reads in "got ...": 12.5, "10 ms", an array, an object, true, null.
    std::string got(const Value& v) const;

    void error(const char* id, const Value& at, std::string message) const;
    void error_at_key(const char* id, const Member& m, std::string message) const;

    // Typed reads: report a schema error and return nullopt when the value does not fit.
    // `what` names the expected value ("a task name", "an array of ops").
    bool expect_object(const Value& v, const char* what) const;
    bool expect_array(const Value& v, const char* what) const;
    std::optional<std::string> string(const Value& v, const char* what = "a string") const;
    std::optional<bool> boolean(const Value& v) const;
    std::optional<Nanos> duration(const Value& v) const;
    std::optional<std::int64_t> integer(const Value& v, std::int64_t min, std::int64_t max) const;
    // A word from a fixed list (with "did you mean"): the index in `allowed`.
    std::optional<std::size_t> one_of(const Value& v, const std::vector<std::string_view>& allowed) const;
    // Reports no error.
    IntRead read_integer(const Value& v, std::int64_t min, std::int64_t max, std::int64_t& out) const;
    // "expected an integer from 1 to 1000000, got 0" (used by read_integer callers).
    std::string range_message(const Value& v, std::int64_t min, std::int64_t max) const;

    // Unknown key: "unknown key "slep" in an op; did you mean "sleep"?"
    void unknown_key(const Member& m, const char* where, const std::vector<std::string_view>& known) const;

private:
    const Json& root_;
    const ScanResult& shape_;
    std::string_view text_;
    const LineIndex& lines_;
    Diagnostics& diag_;
};

// [A-Za-z_][A-Za-z0-9_-]{0,63}
bool valid_name(std::string_view name);

// "a", "an" for the words used in messages.
std::string with_article(std::string_view word);

}  // namespace ps::json
