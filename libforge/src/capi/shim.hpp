// Helpers for the extern "C" shims in src/capi/: every exported function runs its body through
// forge::capi::guard, which clears the thread-local last error, catches every exception, and turns
// a forge::error into a negative status plus a last-error message.
#pragma once

#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "forge/common.h"

namespace forge::capi {

// Thread-local last error (see forge_last_error).
void clear_error() noexcept;
int set_error(const forge::error &e) noexcept;
int set_error(forge::status code, std::string_view message) noexcept;
const forge::error &last_error() noexcept;

// Copies a string into memory the caller releases with forge_free.
char *dup_string(std::string_view s) noexcept;

template <class F>
int guard(F &&body) noexcept {
    clear_error();
    try {
        forge::status_result r = body();
        if (!r.ok()) return set_error(r.err());
        return FORGE_OK;
    } catch (const std::bad_alloc &) {
        return set_error(forge::status::no_memory, "out of memory");
    } catch (const std::exception &e) {
        return set_error(forge::status::internal, std::string("internal error: ") + e.what());
    } catch (...) {
        return set_error(forge::status::internal, "internal error: unknown exception");
    }
}

// Argument checks that shims use before touching anything.
inline forge::status_result require(const void *p, const char *name) {
    if (p == nullptr) return forge::make_error(forge::status::invalid, std::string(name) + " must not be NULL");
    return {};
}

// Stores a result string into a caller's out-parameter.
inline forge::status_result give_string(char **out, std::string_view s) {
    *out = dup_string(s);
    if (*out == nullptr) return forge::make_error(forge::status::no_memory, "out of memory");
    return {};
}

}  // namespace forge::capi
