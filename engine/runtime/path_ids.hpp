// PathIds: the interned path of every future node of the scenario, by the address of its spec.
//
// Built once per run; looked up each time a future is created, so it is a flat open-addressing
// table (no allocation per node, one probe or two per lookup) rather than a node-based map.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/trace/trace.hpp"

namespace ps {

class PathIds {
public:
    void reserve(std::size_t n) {
        std::size_t size = 64;
        while (size < 2 * n) size *= 2;  // at most half full
        slots_.assign(size, Slot{});
    }
    // `spec` must not be there yet, and reserve() must have room for it.
    void add(const FutureSpec* spec, std::uint32_t id) { slots_[find(spec)] = Slot{spec, id}; }
    std::uint32_t get(const FutureSpec* spec) const {
        if (slots_.empty()) return kNone;
        const Slot& s = slots_[find(spec)];
        return s.spec ? s.id : kNone;
    }

private:
    struct Slot {
        const FutureSpec* spec = nullptr;
        std::uint32_t id = kNone;
    };
    std::size_t find(const FutureSpec* spec) const {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = std::hash<const FutureSpec*>{}(spec)*0x9e3779b97f4a7c15ULL >> 20 & mask;
        while (slots_[i].spec && slots_[i].spec != spec) i = (i + 1) & mask;
        return i;
    }
    std::vector<Slot> slots_;
};

}  // namespace ps
