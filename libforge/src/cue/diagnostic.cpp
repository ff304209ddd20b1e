#include "cue/diagnostic.hpp"

namespace forge::cue {

std::string format_diagnostic(const diagnostic &d) {
    bool located = d.pos.valid() || !d.file.empty();
    if (!d.path.empty()) {
        std::string out = d.path + ": " + d.message;
        if (located) out += " (" + format_position(d.file, d.pos) + ")";
        return out;
    }
    if (!located) return d.message;
    return format_position(d.file, d.pos) + ": " + d.message;
}

std::string format_diagnostics(const std::vector<diagnostic> &ds) {
    std::string out;
    for (const auto &d : ds) {
        out += format_diagnostic(d);
        out += '\n';
    }
    return out;
}

}  // namespace forge::cue
