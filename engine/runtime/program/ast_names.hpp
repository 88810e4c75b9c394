// Names in a program's syntax: what `async move` captures from the frame around it, and the
// calls of pollscope's prelude (rust/pollscope) that the interpreter reads as engine futures.
#pragma once
#include <set>
#include <string>

#include "engine/rust/ast.hpp"

namespace ps {

// Adds every single-segment path (`tx`, `i`) that appears in `block`, nested blocks included.
void names_used(const rust::Block& block, std::set<std::string>& out);

// `pollscope::compute(d)`, `compute(d)` or `std::thread::sleep(d)`: blocking work in a poll.
bool is_compute_path(const rust::Path& p);
// The start of a builder chain `Type::new().a(..).b(..)` when `Type` is `type_name`
// (`Scripted`, `ScriptedSocket`, `ScriptedListener`), else null. The chain's method calls are
// `e` and its receivers.
const rust::CallExpr* prelude_chain_root(const rust::Expr& e, const char* type_name);

}  // namespace ps
