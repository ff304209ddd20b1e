// Standard packages not implemented yet: empty tables, so imports resolve and calls report
// "undefined" clearly.
#include "cue/builtin.hpp"

namespace forge::cue {

std::span<const builtin> pkg_list() { return {}; }
std::span<const builtin> pkg_math() { return {}; }
std::span<const builtin> pkg_strconv() { return {}; }
std::span<const builtin> pkg_regexp() { return {}; }
std::span<const builtin> pkg_struct() { return {}; }
std::span<const builtin> pkg_json() { return {}; }
std::span<const builtin> pkg_yaml() { return {}; }
std::span<const builtin> pkg_base64() { return {}; }
std::span<const builtin> pkg_hex() { return {}; }
std::span<const builtin> pkg_path() { return {}; }
std::span<const builtin> pkg_time() { return {}; }
std::span<const builtin> pkg_crypto() { return {}; }
std::span<const builtin> pkg_uuid_like() { return {}; }
std::span<const builtin> pkg_strings() { return {}; }

}  // namespace forge::cue
