// YAML text for writers that emit YAML by hand (ReleasePointers, rendered release resources): one
// quoting rule, so that every file the product writes reads back to the same string.
#pragma once

#include <string>
#include <string_view>

namespace forge::yaml_text {

// Appends s as a YAML double-quoted scalar: `"` and `\` escaped, \n \t \r by name, other control
// bytes as \xNN; everything else (UTF-8 included) as it is.
void append_double_quoted(std::string &out, std::string_view s);

}  // namespace forge::yaml_text
