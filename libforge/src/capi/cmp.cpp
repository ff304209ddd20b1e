// C API: the Config Management Plugin's render (forge/cmp.h).
#include "forge/cmp.h"

#include "capi/handles.hpp"
#include "capi/registry_access.hpp"
#include "capi/shim.hpp"
#include "cmp/render.hpp"
#include "gitops/names.hpp"

using forge::capi::guard;
using forge::capi::require;

namespace {

struct cmp_call {
    std::string registry;
    std::filesystem::path cache_dir;
    forge::gitops::registry_access access;
};

forge::result<cmp_call> read_options(forge_context *ctx, const forge_cmp_options *opts) {
    forge_cmp_options o = FORGE_CMP_OPTIONS_INIT;
    if (opts != nullptr) {
        if (opts->version < 1 || opts->version > FORGE_CMP_OPTIONS_VERSION)
            return forge::make_error(forge::status::invalid,
                                     "unsupported forge_cmp_options version " + std::to_string(opts->version));
        o = *opts;
    }
    cmp_call c;
    c.registry = o.registry != nullptr ? std::string(o.registry) : ctx->impl.config().get_or("registry", "");
    if (o.cache_dir != nullptr) c.cache_dir = o.cache_dir;
    FORGE_TRY_ASSIGN(c.access, forge::capi::registry_access_of(ctx));
    return c;
}

}  // namespace

extern "C" {

FORGE_API int forge_cmp_generate(char **out_yaml, forge_context *ctx, const char *app_dir, const char *const *env,
                                 size_t env_count, const forge_cmp_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_yaml, "out_yaml"));
        *out_yaml = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(app_dir, "app_dir"));
        if (env_count > 0) FORGE_TRY(require(env, "env"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        forge::cmp::generate_request rq;
        rq.app_dir = app_dir;
        for (size_t i = 0; i < env_count; ++i) {
            FORGE_TRY(require(env[i], "env[i]"));
            std::string kv(env[i]);
            auto eq = kv.find('=');
            if (eq == std::string::npos)
                return forge::make_error(forge::status::invalid, "env entry \"" + kv + "\" is not KEY=VALUE");
            rq.env[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
        rq.registry = c.registry;
        rq.cache_dir = c.cache_dir;
        rq.access = c.access;
        FORGE_TRY_ASSIGN(auto yaml, forge::cmp::generate(rq));
        return forge::capi::give_string(out_yaml, yaml);
    });
}

FORGE_API int forge_cmp_render(char **out_yaml, forge_context *ctx, const char *project_ref, const char *sha,
                               const char *env_yaml, const forge_cmp_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_yaml, "out_yaml"));
        *out_yaml = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(project_ref, "project_ref"));
        FORGE_TRY(require(sha, "sha"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        FORGE_TRY_ASSIGN(auto p, forge::gitops::parse_project_ref(project_ref));
        std::optional<std::string> env;
        if (env_yaml != nullptr) env = std::string(env_yaml);
        FORGE_TRY_ASSIGN(auto yaml, forge::cmp::render_release(c.registry, c.cache_dir, p.repo, p.project, sha, env,
                                                               p.str() + " " + sha, {}, c.access));
        return forge::capi::give_string(out_yaml, yaml);
    });
}

}  // extern "C"
