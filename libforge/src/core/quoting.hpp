// One double-quoting rule with C-style escapes, wherever the product writes a quoted string by
// hand: YAML double-quoted scalars (ReleasePointers, rendered release resources) and the Go-style
// quoting of values in CUE's error messages.
#pragma once

#include <string>
#include <string_view>

namespace forge::quoting {

// Appends s double-quoted: `"` and `\` escaped, \n \t \r by name, other control
// bytes as \xNN; everything else (UTF-8 included) as it is.
void append_double_quoted(std::string &out, std::string_view s);

}  // namespace forge::quoting
