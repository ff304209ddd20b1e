// The path rules shared by the deterministic tar writer and the untrusted tar reader.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::oci {

struct tar_path_rules {
    std::size_t max_bytes = 255;  // what ustar can hold (prefix 155 + '/' + name 100 - 1)
    std::size_t max_components = 16;
    bool portable_only = false;  // only [A-Za-z0-9._+@=,-] and '/' (what the writer emits)
};

// Checks an entry path and returns its normal form: "./" components and repeated or trailing '/'
// removed. Refuses (status::invalid, the message names the rule): empty paths, absolute paths,
// ".." components, control characters, backslashes, and paths over the bounds (status::limit).
result<std::string> normalize_tar_path(std::string_view raw, const tar_path_rules &rules);

// True for names ending in .yaml or .yml.
bool has_yaml_extension(std::string_view path);

}  // namespace forge::oci
