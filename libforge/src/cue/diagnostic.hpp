// Errors about CUE text or values, in the shape CUE prints them:
//   "phases.build.group: conflicting values 2 and \"x\" (repo.cue:12:10)"   (with a value path)
//   "repo.cue:3:7: expected '}', found 'EOF'"                              (syntax, no path)
#pragma once

#include <string>
#include <vector>

#include "cue/source.hpp"

namespace forge::cue {

struct diagnostic {
    std::string path;     // CUE value path ("a.b[0]"); empty for syntax errors
    std::string message;  // without position
    position pos;         // may be invalid (line 0) when unknown
    std::string file;     // name of the file `pos` refers to
};

// `path: message (file:line:col)` when a path is set, else `file:line:col: message`.
std::string format_diagnostic(const diagnostic &d);

// One diagnostic per line, in order.
std::string format_diagnostics(const std::vector<diagnostic> &ds);

}  // namespace forge::cue
