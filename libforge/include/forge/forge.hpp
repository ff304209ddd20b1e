// Catalyst Forge: an optional header-only C++ wrapper over the C API (RAII and exceptions).
// It uses nothing but the public C API, so it works against any libforge.so of the same ABI major.
#ifndef FORGE_FORGE_HPP
#define FORGE_FORGE_HPP

#include <stdexcept>
#include <string>
#include <utility>

#include "forge/forge.h"

namespace forge::api {

// A failed C API call: its status and the thread's last-error message at the time.
class error : public std::runtime_error {
  public:
    error(int status, const std::string &message) : std::runtime_error(message), status_(status) {}
    int status() const noexcept { return status_; }
    const char *status_name() const noexcept { return forge_status_name(status_); }

  private:
    int status_;
};

inline int check(int rc) {
    if (rc < 0) throw error(rc, forge_last_error());
    return rc;
}

// Takes ownership of a string the library returned and copies it out.
inline std::string take_string(char *p) {
    std::string s = p != nullptr ? std::string(p) : std::string();
    forge_free(p);
    return s;
}

class context {
  public:
    explicit context(forge_log_level level = FORGE_LOG_INFO) {
        forge_context_options opts = FORGE_CONTEXT_OPTIONS_INIT;
        opts.log_level = level;
        check(forge_context_new(&ctx_, &opts));
    }
    explicit context(const forge_context_options &opts) { check(forge_context_new(&ctx_, &opts)); }
    ~context() { forge_context_free(ctx_); }
    context(const context &) = delete;
    context &operator=(const context &) = delete;
    context(context &&o) noexcept : ctx_(std::exchange(o.ctx_, nullptr)) {}
    context &operator=(context &&o) noexcept {
        if (this != &o) {
            forge_context_free(ctx_);
            ctx_ = std::exchange(o.ctx_, nullptr);
        }
        return *this;
    }

    forge_context *get() const noexcept { return ctx_; }
    operator forge_context *() const noexcept { return ctx_; }

    void set(const std::string &key, const std::string &value) {
        check(forge_context_set(ctx_, key.c_str(), value.c_str()));
    }

  private:
    forge_context *ctx_ = nullptr;
};

}  // namespace forge::api

#endif
