// A compact, deterministic S-expression rendering of an AST, for tests and debugging.
//   a: *1 | int   =>   (field a (| (* 1) int))
#pragma once

#include <string>

#include "cue/ast.hpp"

namespace forge::cue::ast {

std::string dump(const node *n);

}  // namespace forge::cue::ast
