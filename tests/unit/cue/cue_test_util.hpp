// Helpers shared by the CUE front-end tests.
#pragma once

#include <string>

#include "cue/ast_dump.hpp"
#include "cue/parser.hpp"

namespace forge::cue::testing {

// The dump of a file's declarations (without the "(file" wrapper) or "ERR: <diagnostics>".
inline std::string parse_dump(const std::string &src) {
    auto r = parse_file("t.cue", src);
    if (!r.ok()) return "ERR: " + format_diagnostics(r.errors);
    std::string d = ast::dump(r.file->root());
    // strip "(file" and ")" to keep expectations short
    return d.size() > 6 ? d.substr(6, d.size() - 7) : std::string();
}

inline std::string expr_dump(const std::string &src) {
    auto r = parse_expr("e.cue", src);
    if (!r.ok()) return "ERR: " + format_diagnostics(r.errors);
    return ast::dump(ast::as<ast::embed_decl>(r.file->root()->decls[0])->x);
}

// First error formatted as CUE prints it, or "" when the file parses.
inline std::string first_error(const std::string &src) {
    auto r = parse_file("t.cue", src);
    return r.errors.empty() ? std::string() : format_diagnostic(r.errors.front());
}

}  // namespace forge::cue::testing
