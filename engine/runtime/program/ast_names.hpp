// The names an async block uses: what `async move` captures from the frame around it.
#pragma once
#include <set>
#include <string>

#include "engine/rust/ast.hpp"

namespace ps {

// Adds every single-segment path (`tx`, `i`) that appears in `block`, nested blocks included.
void names_used(const rust::Block& block, std::set<std::string>& out);

}  // namespace ps
