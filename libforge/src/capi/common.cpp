// The C API's shared calls: status names, last error, memory, versions, buffers.
#include <cstdlib>

#include "capi/buf.hpp"
#include "capi/shim.hpp"
#include "core/thread_error.hpp"
#include "forge/common.h"

namespace forge::capi {

void clear_error() noexcept { forge::thread_error::clear(); }

int set_error(const forge::error &e) noexcept { return set_error(e.code, e.message); }

int set_error(forge::status code, std::string_view message) noexcept {
    if (code == forge::status::ok) code = forge::status::internal;
    forge::thread_error::set(code, message);
    return static_cast<int>(code);
}

const forge::error &last_error() noexcept { return forge::thread_error::get(); }

char *dup_string(std::string_view s) noexcept {
    auto *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p == nullptr) return nullptr;
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

}  // namespace forge::capi

extern "C" {

FORGE_API const char *forge_status_name(int status) {
    return forge::status_name(static_cast<forge::status>(status));
}

FORGE_API const char *forge_last_error(void) { return forge::capi::last_error().message.c_str(); }

FORGE_API int forge_last_error_code(void) { return static_cast<int>(forge::capi::last_error().code); }

FORGE_API void forge_error_set(int status, const char *message) {
    forge::capi::set_error(static_cast<forge::status>(status), message ? message : "");
}

FORGE_API void forge_free(void *ptr) { std::free(ptr); }

FORGE_API const char *forge_version(void) { return FORGE_VERSION_STRING; }

FORGE_API int forge_version_numbers(int *major, int *minor, int *patch) {
    if (major) *major = FORGE_VERSION_MAJOR;
    if (minor) *minor = FORGE_VERSION_MINOR;
    if (patch) *patch = FORGE_VERSION_PATCH;
    return FORGE_OK;
}

FORGE_API int forge_buf_set(forge_buf *buf, const void *data, size_t len) {
    return forge::capi::guard([&]() -> forge::status_result {
        FORGE_TRY(forge::capi::require(buf, "buf"));
        if (len > 0) FORGE_TRY(forge::capi::require(data, "data"));
        buf->bytes.assign(static_cast<const char *>(data), len);
        return {};
    });
}

FORGE_API int forge_buf_append(forge_buf *buf, const void *data, size_t len) {
    return forge::capi::guard([&]() -> forge::status_result {
        FORGE_TRY(forge::capi::require(buf, "buf"));
        if (len > 0) FORGE_TRY(forge::capi::require(data, "data"));
        buf->bytes.append(static_cast<const char *>(data), len);
        return {};
    });
}

}  // extern "C"
