// Standard packages not implemented yet: empty tables, so imports resolve and calls report
// "undefined" clearly.
#include "cue/builtin.hpp"

namespace forge::cue {

std::span<const builtin> pkg_crypto() {
    return {};
}
std::span<const builtin> pkg_uuid_like() {
    return {};
}

}  // namespace forge::cue
