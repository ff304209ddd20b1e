// Compiling the AST of the files of one package into evaluator expressions (ir.hpp): scopes are
// resolved here, so every identifier becomes a reference that says how many environments to go up
// and which label to look up, an import, a builtin, or a compile error.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cue/ast.hpp"
#include "cue/evaluator.hpp"
#include "cue/ir.hpp"

namespace forge::cue {

// Finds (loading if needed) the package of an import path; null with *err set if it cannot.
using import_resolver = std::function<package *(std::string_view path, std::string *err)>;

// Compiles the files of one package. Every file's top-level fields are visible from every file.
// Returns one struct literal per file (to be added as conjuncts of the package root).
std::vector<const x_struct *> compile_package(evaluator &ev, const std::vector<const ast::file *> &files,
                                              const import_resolver &resolve_import);

// Compiles a standalone expression (for -e and injections) against the package's top-level scope:
// identifiers resolve to fields of `root_files`' package (up = 0 from the root environment).
const expr *compile_expression(evaluator &ev, const ast::node *x, const std::vector<const ast::file *> &root_files,
                               const import_resolver &resolve_import);

}  // namespace forge::cue
