// C API: discovery, the DAG and validation (forge/discovery.h).
#include <boost/json.hpp>

#include "capi/handles.hpp"
#include "capi/shim.hpp"
#include "discovery/output.hpp"
#include "discovery/run_discovery.hpp"
#include "forge/discovery.h"

using forge::capi::give_string;
using forge::capi::guard;
using forge::capi::require;

namespace {

std::string text_or_empty(const char *s) { return s ? std::string(s) : std::string(); }

forge::result<forge::discovery::discovery_request> request_from(forge_context *ctx, const forge_discover_options *o) {
    using forge::make_error;
    using forge::status;
    if (o->version < 1 || o->version > FORGE_DISCOVER_OPTIONS_VERSION)
        return make_error(status::invalid, "unsupported forge_discover_options version " + std::to_string(o->version));
    if (o->repository == nullptr || *o->repository == '\0')
        return make_error(status::invalid, "opts->repository must name a path or a URL");
    forge::discovery::discovery_request req;
    req.source.repository = o->repository;
    req.source.revision = text_or_empty(o->revision);
    req.source.work_tree = o->local != 0;
    req.run.branch = text_or_empty(o->branch);
    req.run.tag = text_or_empty(o->tag);
    if (o->event != nullptr) {
        auto ev = forge::discovery::parse_event(o->event);
        if (!ev)
            return make_error(status::invalid, std::string("opts->event: unknown event \"") + o->event +
                                                   "\" (push, pull_request or manual)");
        req.run.event = *ev;
    }
    if (o->cache_dir != nullptr && *o->cache_dir != '\0') {
        req.cache_dir = o->cache_dir;
    } else if (auto state = ctx->impl.config().get("state_dir"); state && !state->empty()) {
        req.cache_dir = std::filesystem::path(*state) / "discovery-cache";
    }
    if (!req.cache_dir.empty()) req.cache = &ctx->discovery.for_dir(forge::discovery::evaluation_cache_dir(req.cache_dir));
    return req;
}

// Discovery that fails on invalid configuration, with every problem in the message.
forge::result<forge::discovery::discovery_result> discover_valid(forge_context *ctx, const forge_discover_options *opts) {
    FORGE_TRY_ASSIGN(auto req, request_from(ctx, opts));
    FORGE_TRY_ASSIGN(auto res, forge::discovery::discover_repository(req));
    std::string n = std::to_string(res.stats.projects), cached = std::to_string(res.stats.cached);
    ctx->impl.logger().debug("discovery finished", {{"repository", res.repository}, {"projects", n}, {"cached", cached}});
    if (!res.problems.empty()) {
        std::string msg = std::to_string(res.problems.size()) + " configuration problem" +
                          (res.problems.size() == 1 ? "" : "s") + " in " + res.repository_url + ":\n" +
                          forge::discovery::format_problems(res.problems);
        msg.pop_back();  // the last newline
        return forge::make_error(forge::status::invalid, std::move(msg));
    }
    return res;
}

}  // namespace

extern "C" {

FORGE_API int forge_discover(char **out_json, forge_context *ctx, const forge_discover_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(opts, "opts"));
        FORGE_TRY_ASSIGN(auto res, discover_valid(ctx, opts));
        FORGE_TRY_ASSIGN(auto text, forge::discovery::output_text(res));
        return give_string(out_json, text);
    });
}

FORGE_API int forge_dag_render(char **out, forge_context *ctx, const forge_discover_options *opts, const char *format) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out, "out"));
        *out = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(opts, "opts"));
        std::string fmt = format ? format : "text";
        if (fmt != "text" && fmt != "dot" && fmt != "json")
            return forge::make_error(forge::status::invalid, "format: unknown \"" + fmt + "\" (text, dot or json)");
        FORGE_TRY_ASSIGN(auto res, discover_valid(ctx, opts));
        if (fmt == "text") return give_string(out, forge::discovery::render_text(res));
        if (fmt == "dot") return give_string(out, forge::discovery::render_dot(res));
        return give_string(out, boost::json::serialize(forge::pipeline::to_json(res.dag)));
    });
}

FORGE_API int forge_validate(char **errors_json, forge_context *ctx, const char *path) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(errors_json, "errors_json"));
        *errors_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(path, "path"));
        forge::discovery::discovery_request req;
        req.source.repository = path;
        req.source.work_tree = true;
        FORGE_TRY_ASSIGN(auto res, forge::discovery::discover_repository(req));
        return give_string(errors_json, boost::json::serialize(forge::discovery::to_json(res.problems)));
    });
}

}  // extern "C"
