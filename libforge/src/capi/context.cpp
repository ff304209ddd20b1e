// C API: forge_context (forge/context.h).
#include "capi/handles.hpp"
#include "capi/shim.hpp"
#include "forge/context.h"

using forge::capi::guard;
using forge::capi::require;

namespace {

forge::status_result check_level(forge_log_level level) {
    if (level < FORGE_LOG_TRACE || level > FORGE_LOG_OFF)
        return forge::make_error(forge::status::invalid, "log level out of range");
    return {};
}

// Routes log records to the caller's callback; the callback must not see exceptions.
void install_log_callback(forge::context &ctx, forge_log_cb cb, void *payload) {
    ctx.logger().set_sink([cb, payload](forge::log::level l, std::string_view line) {
        std::string text(line);
        cb(static_cast<forge_log_level>(l), text.c_str(), payload);
    });
}

}  // namespace

extern "C" {

FORGE_API int forge_context_new(forge_context **out, const forge_context_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out, "out"));
        *out = nullptr;
        forge_context_options o = FORGE_CONTEXT_OPTIONS_INIT;
        if (opts != nullptr) {
            if (opts->version < 1 || opts->version > FORGE_CONTEXT_OPTIONS_VERSION)
                return forge::make_error(forge::status::invalid, "unsupported forge_context_options version " +
                                                                     std::to_string(opts->version));
            o = *opts;  // version 1 is the whole struct
        }
        FORGE_TRY(check_level(o.log_level));
        auto ctx = std::make_unique<forge_context>();
        ctx->impl.logger().set_level(static_cast<forge::log::level>(o.log_level));
        if (o.log_cb != nullptr) install_log_callback(ctx->impl, o.log_cb, o.log_payload);
        FORGE_TRY(forge::register_builtin_adapters(ctx->impl));
        *out = ctx.release();
        return {};
    });
}

FORGE_API void forge_context_free(forge_context *ctx) {
    forge::capi::clear_error();
    delete ctx;
}

FORGE_API int forge_context_set_log_level(forge_context *ctx, forge_log_level level) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(check_level(level));
        ctx->impl.logger().set_level(static_cast<forge::log::level>(level));
        return {};
    });
}

FORGE_API int forge_log_level_parse(forge_log_level *out, const char *name) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out, "out"));
        FORGE_TRY(require(name, "name"));
        forge::log::level l;
        if (!forge::log::parse_level(name, l))
            return forge::make_error(forge::status::invalid,
                                     std::string("unknown log level \"") + name +
                                         "\" (expected trace, debug, info, warn, error or off)");
        *out = static_cast<forge_log_level>(l);
        return {};
    });
}

FORGE_API int forge_context_set(forge_context *ctx, const char *key, const char *value) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(key, "key"));
        FORGE_TRY(require(value, "value"));
        return ctx->impl.config().set(key, value);
    });
}

FORGE_API int forge_context_get(char **out, forge_context *ctx, const char *key) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out, "out"));
        *out = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(key, "key"));
        auto v = ctx->impl.config().get(key);
        if (!v) return forge::make_error(forge::status::not_found, std::string("configuration key \"") + key + "\" is not set");
        return forge::capi::give_string(out, *v);
    });
}

FORGE_API int forge_log(forge_context *ctx, forge_log_level level, const char *message) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(message, "message"));
        FORGE_TRY(check_level(level));
        if (level == FORGE_LOG_OFF) return {};
        ctx->impl.logger().write(static_cast<forge::log::level>(level), message);
        return {};
    });
}

}  // extern "C"
