// Interned strings escaped once per export instead of once per event (internal to exporters).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/export/atomic_file.hpp"
#include "engine/trace/trace.hpp"

namespace ps::detail {

enum class Escape { Json, Xml };

class EscapedStrings {
public:
    EscapedStrings(const StringTable& table, Escape how)
        : table_(table), how_(how), start_(table.size(), kUnset), length_(table.size(), 0) {}

    // The escaped form of string `id` ("" for kNone or out of range); JSON forms include quotes.
    std::string_view get(std::uint32_t id) {
        if (id >= start_.size()) return how_ == Escape::Json ? std::string_view("\"\"") : std::string_view();
        if (start_[id] == kUnset) {
            std::size_t before = pool_.size();
            {
                Writer w(pool_);
                if (how_ == Escape::Json)
                    w.json_string(table_.at(id));
                else
                    w.xml_text(table_.at(id));
            }
            start_[id] = before;
            length_[id] = static_cast<std::uint32_t>(pool_.size() - before);
        }
        return std::string_view(pool_).substr(start_[id], length_[id]);
    }

private:
    static constexpr std::size_t kUnset = ~std::size_t{0};
    const StringTable& table_;
    Escape how_;
    std::string pool_;
    std::vector<std::size_t> start_;
    std::vector<std::uint32_t> length_;
};

}  // namespace ps::detail
