// The position scanner: one iterative pass over JSON text that
//   - reports syntax errors with what was found and what was expected,
//   - refuses nesting deeper than a limit before anything recursive sees the text,
//   - refuses duplicate keys (nlohmann would silently keep the last one),
//   - refuses strings longer than a limit,
//   - records where every value (and every member's key) starts, so later errors can say
//     line:column even though nlohmann's DOM keeps no positions.
// When it reports no issue, the text is valid JSON that nlohmann accepts.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/load/json_text.hpp"

namespace ps::json {

constexpr std::uint32_t kNoNode = 0xFFFFFFFFu;

enum class Shape : std::uint8_t { Object, Array, String, Number, True, False, Null };

// One JSON value, in document (pre-)order. The first child of a container that has children
// is the next node; the others follow through `next`. Object children are the member values
// in the order they appear, which is the order of nlohmann::ordered_json.
struct ShapeNode {
    std::uint32_t begin = 0;       // offset of the value's first byte
    std::uint32_t end = 0;         // one past its last byte
    std::uint32_t key = kNoNode;   // object members: offset of the key's opening quote
    std::uint32_t next = kNoNode;  // next sibling
    std::uint32_t children = 0;    // number of direct children
    Shape kind = Shape::Null;
};

struct ScanIssue {
    std::string id;
    std::size_t offset = 0;
    std::string message;
};

struct ScanOptions {
    int max_depth = 64;
    std::size_t max_string = 4096;  // bytes between the quotes, as written
    std::size_t max_issues = 20;
};

struct ScanResult {
    std::vector<ShapeNode> nodes;   // nodes[0] is the top-level value
    std::vector<ScanIssue> issues;  // empty: valid JSON within the limits
};

// `text` must already have passed check_text() (valid UTF-8, no NUL bytes).
ScanResult scan_json(std::string_view text, const LineIndex& lines, const ScanOptions& options);

}  // namespace ps::json
