#include "cue/source.hpp"

namespace forge::cue {

std::string format_position(std::string_view file_name, const position &pos) {
    std::string out(file_name.empty() ? std::string_view("-") : file_name);
    if (pos.valid()) {
        out += ':';
        out += std::to_string(pos.line);
        out += ':';
        out += std::to_string(pos.column);
    }
    return out;
}

}  // namespace forge::cue
