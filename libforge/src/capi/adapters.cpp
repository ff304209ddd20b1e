// C API: registering caller-provided adapters (forge/adapters.h).
#include <boost/json.hpp>

#include "adapters/capi/c_adapters.hpp"
#include "adapters/capi/exec_io.hpp"
#include "capi/handles.hpp"
#include "capi/shim.hpp"
#include "forge/adapters.h"

using forge::capi::guard;
using forge::capi::require;

namespace {

// The checks every adapter struct passes before it is copied into a registry.
forge::status_result check_header(unsigned int version, unsigned int current, const char *name,
                                  const char *what) {
    if (version < 1 || version > current)
        return forge::make_error(forge::status::invalid, std::string("unsupported ") + what + " version " +
                                                             std::to_string(version));
    if (name == nullptr || *name == '\0')
        return forge::make_error(forge::status::invalid, std::string(what) + " needs a name");
    return {};
}

forge::status_result require_fn(const void *fn, const char *what, const char *field) {
    if (fn == nullptr)
        return forge::make_error(forge::status::invalid, std::string(what) + "." + field + " must not be NULL");
    return {};
}

}  // namespace

extern "C" {

FORGE_API int forge_secret_provider_register(forge_context *ctx, const forge_secret_provider *p) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(p, "provider"));
        FORGE_TRY(check_header(p->version, FORGE_SECRET_PROVIDER_VERSION, p->name, "forge_secret_provider"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(p->resolve), "forge_secret_provider", "resolve"));
        return ctx->impl.secret_providers().add_new(
            p->name, [&] { return forge::adapters::capi::make_secret_provider(*p); });
    });
}

FORGE_API int forge_executor_register(forge_context *ctx, const forge_executor *e) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(e, "executor"));
        FORGE_TRY(check_header(e->version, FORGE_EXECUTOR_VERSION, e->name, "forge_executor"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(e->execute), "forge_executor", "execute"));
        return ctx->impl.executors().add_new(e->name, [&] { return forge::adapters::capi::make_executor(*e); });
    });
}

FORGE_API int forge_object_store_register(forge_context *ctx, const forge_object_store *s) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(s, "store"));
        FORGE_TRY(check_header(s->version, FORGE_OBJECT_STORE_VERSION, s->name, "forge_object_store"));
        const char *what = "forge_object_store";
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(s->put), what, "put"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(s->get), what, "get"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(s->list), what, "list"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(s->remove), what, "remove"));
        return ctx->impl.object_stores().add_new(s->name,
                                                 [&] { return forge::adapters::capi::make_object_store(*s); });
    });
}

FORGE_API int forge_message_queue_register(forge_context *ctx, const forge_message_queue *q) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(q, "queue"));
        FORGE_TRY(check_header(q->version, FORGE_MESSAGE_QUEUE_VERSION, q->name, "forge_message_queue"));
        const char *what = "forge_message_queue";
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(q->publish), what, "publish"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(q->request), what, "request"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(q->fetch), what, "fetch"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(q->ack), what, "ack"));
        FORGE_TRY(require_fn(reinterpret_cast<const void *>(q->nak), what, "nak"));
        return ctx->impl.message_queues().add_new(q->name,
                                                  [&] { return forge::adapters::capi::make_message_queue(*q); });
    });
}

FORGE_API int forge_adapters_list(char **out_json, forge_context *ctx) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        auto names = [](const std::vector<std::string> &v) {
            boost::json::array a;
            for (const auto &n : v) a.emplace_back(n);
            return a;
        };
        auto &c = ctx->impl;
        boost::json::object obj{{"secret_provider", names(c.secret_providers().names())},
                                {"executor", names(c.executors().names())},
                                {"object_store", names(c.object_stores().names())},
                                {"message_queue", names(c.message_queues().names())}};
        return forge::capi::give_string(out_json, boost::json::serialize(obj));
    });
}

FORGE_API int forge_exec_io_write_line(forge_exec_io *io, forge_stream stream, const char *line) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(io, "io"));
        FORGE_TRY(require(line, "line"));
        if (stream != FORGE_STREAM_STDOUT && stream != FORGE_STREAM_STDERR)
            return forge::make_error(forge::status::invalid, "stream must be FORGE_STREAM_STDOUT or FORGE_STREAM_STDERR");
        io->sink->line(static_cast<forge::ports::output_stream>(stream), line);
        return {};
    });
}

FORGE_API int forge_exec_io_cancelled(const forge_exec_io *io) {
    if (io == nullptr) return 1;
    return io->sink->cancelled() ? 1 : 0;
}

}  // extern "C"
