// A compact one-line rendering of the syntax tree, for tests and debugging:
//   `tx.send(i).await` -> (await (method send (path tx) (path i)))
#pragma once
#include <string>

#include "engine/rust/ast.hpp"

namespace ps::rust {

std::string dump(const Expr& e);
std::string dump(const Pattern& p);
std::string dump(const Type& t);
std::string dump(const Stmt& s);
std::string dump(const Block& b);
std::string dump(const Item& item);

}  // namespace ps::rust
