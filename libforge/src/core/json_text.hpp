// Minimal JSON text helpers for hot paths that should not pull in Boost.JSON (logging).
#pragma once

#include <string>
#include <string_view>

namespace forge::json_text {

// Appends s as a JSON string literal (with quotes), escaping as RFC 8259 requires.
void append_string(std::string &out, std::string_view s);

inline std::string quote(std::string_view s) {
    std::string out;
    append_string(out, s);
    return out;
}

}  // namespace forge::json_text
