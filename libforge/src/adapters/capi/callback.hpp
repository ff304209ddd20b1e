// Calling into a caller-provided C adapter: the callback may fail with a negative status and
// explain itself through forge_error_set(); that becomes a forge::error here.
#pragma once

#include <string>

#include "capi/buf.hpp"
#include "core/error.hpp"
#include "core/thread_error.hpp"

namespace forge::adapters::capi {

// Clears the thread's last error so that a message set by the callback can be told apart.
inline void before_callback() noexcept { thread_error::clear(); }

inline status_result after_callback(int rc, const std::string &what) {
    if (rc >= 0) return {};
    const error &e = thread_error::get();
    status code = (rc >= static_cast<int>(status::integrity)) ? static_cast<status>(rc) : status::internal;
    std::string why = e.message.empty() ? std::string("returned ") + status_name(code) : e.message;
    thread_error::clear();
    return make_error(code, what + ": " + why);
}

template <class F>
status_result invoke(const std::string &what, F &&call) {
    before_callback();
    int rc = call();
    return after_callback(rc, what);
}

}  // namespace forge::adapters::capi
