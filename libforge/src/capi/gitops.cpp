// C API: GitOps deployment (forge/gitops.h).
#include "forge/gitops.h"

#include <boost/json.hpp>

#include "capi/handles.hpp"
#include "capi/registry_access.hpp"
#include "capi/shim.hpp"
#include "cmp/render.hpp"
#include "git/init_bare.hpp"
#include "gitops/deployments.hpp"
#include "gitops/names.hpp"
#include "gitops/release_store.hpp"
#include "secrets/secret_ref.hpp"

using forge::capi::guard;
using forge::capi::require;

namespace {

std::string opt(const char *s) {
    return s != nullptr ? std::string(s) : std::string();
}
std::optional<std::string> maybe(const char *s) {
    return s != nullptr && *s != '\0' ? std::optional<std::string>(s) : std::nullopt;
}

struct gitops_call {
    forge::gitops::gitops_target target;
    forge::gitops::deploy_policy policy;
    std::string registry;
    forge::gitops::registry_access access;
};

forge::result<gitops_call> read_options(forge_context *ctx, const forge_gitops_options *opts) {
    if (opts == nullptr)
        return forge::make_error(forge::status::invalid, "opts must not be NULL (it names the GitOps repository)");
    if (opts->version < 1 || opts->version > FORGE_GITOPS_OPTIONS_VERSION)
        return forge::make_error(forge::status::invalid,
                                 "unsupported forge_gitops_options version " + std::to_string(opts->version));
    gitops_call c;
    c.target.url = opt(opts->url);
    if (opts->cache_dir != nullptr) {
        c.target.cache_dir = opts->cache_dir;
    } else if (auto state = ctx->impl.config().get("state_dir")) {
        c.target.cache_dir = std::filesystem::path(*state) / "gitops";
    } else {
        return forge::make_error(forge::status::invalid,
                                 "no cache directory for the GitOps clone: set cache_dir or state_dir");
    }
    if (opts->branch != nullptr) c.target.branch = opts->branch;
    if (opts->author_name != nullptr) c.target.author_name = opts->author_name;
    if (opts->author_email != nullptr) c.target.author_email = opts->author_email;
    if (opts->token_ref_json != nullptr) {
        FORGE_TRY_ASSIGN(auto ref, forge::secrets::parse_secret_ref(opts->token_ref_json));
        FORGE_TRY_ASSIGN(auto token, ctx->impl.resolve_secret(ref));
        forge::git::credentials creds;
        creds.token = std::move(token);
        c.target.credentials = std::move(creds);
    }
    if (opts->policy_json != nullptr) {
        FORGE_TRY_ASSIGN(c.policy, forge::gitops::deploy_policy::from_json(opts->policy_json));
    }
    c.registry = opts->registry != nullptr ? std::string(opts->registry) : ctx->impl.config().get_or("registry", "");
    FORGE_TRY_ASSIGN(c.access, forge::capi::registry_access_of(ctx));
    return c;
}

// "<repo>/<project>/<ref>" → the project and the release (resolved through the registry unless a SHA).
struct resolved_ref {
    forge::gitops::project_ref project;
    forge::gitops::release_info info;
};

forge::result<resolved_ref> resolve_release_ref(const gitops_call &c, std::string_view text) {
    auto last = text.rfind('/');
    if (last == std::string_view::npos)
        return forge::make_error(forge::status::invalid,
                                 "release \"" + std::string(text) + "\" must be <repo>/<project>/<sha|number|alias>");
    FORGE_TRY_ASSIGN(auto project, forge::gitops::parse_project_ref(text.substr(0, last)));
    const std::string ref(text.substr(last + 1));
    resolved_ref r{project, {}};
    if (c.registry.empty()) {
        if (!forge::gitops::is_commit_sha(ref))
            return forge::make_error(
                forge::status::invalid,
                "release \"" + ref +
                    "\" is not a full commit SHA; resolving numbers and aliases needs a registry (--registry oci:DIR)");
        r.info.sha = ref;
        return r;
    }
    FORGE_TRY_ASSIGN(auto where, forge::gitops::parse_registry(c.registry));
    auto info = forge::gitops::resolve_release(where, project.repo, project.project, ref, c.access);
    if (!info) {
        // A SHA without its image in the store is still deployable: the plugin reports a missing image.
        if (forge::gitops::is_commit_sha(ref) && info.err().code == forge::status::not_found) {
            r.info.sha = ref;
            return r;
        }
        return std::move(info).err();
    }
    r.info = std::move(info).value();
    return r;
}

}  // namespace

extern "C" {

FORGE_API int forge_gitops_deploy(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                  const char *release_ref, const char *env, const char *deployed_by,
                                  const char *approved_by) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(release_ref, "release_ref"));
        FORGE_TRY(require(env, "env"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        FORGE_TRY_ASSIGN(auto r, resolve_release_ref(c, release_ref));
        forge::gitops::deploy_request rq;
        rq.env = env;
        rq.repo = r.project.repo;
        rq.project = r.project.project;
        rq.release = r.info.sha;
        rq.number = r.info.number;
        rq.aliases = r.info.aliases;
        rq.deployed_by = opt(deployed_by);
        rq.approved_by = maybe(approved_by);
        rq.policy = c.policy;
        FORGE_TRY_ASSIGN(auto out, forge::gitops::deploy(c.target, rq));
        return forge::capi::give_string(out_json, forge::gitops::outcome_json(out));
    });
}

FORGE_API int forge_gitops_promote(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                   const char *project_ref, const char *from_env, const char *to_env,
                                   const char *deployed_by, const char *approved_by) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(project_ref, "project_ref"));
        FORGE_TRY(require(from_env, "from_env"));
        FORGE_TRY(require(to_env, "to_env"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        FORGE_TRY_ASSIGN(auto p, forge::gitops::parse_project_ref(project_ref));
        forge::gitops::promote_request rq{p.repo,           p.project,          from_env, to_env,
                                          opt(deployed_by), maybe(approved_by), c.policy};
        FORGE_TRY_ASSIGN(auto out, forge::gitops::promote(c.target, rq));
        return forge::capi::give_string(out_json, forge::gitops::outcome_json(out));
    });
}

FORGE_API int forge_gitops_rollback(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                    const char *project_ref, const char *env, const char *to, const char *deployed_by,
                                    const char *approved_by) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(project_ref, "project_ref"));
        FORGE_TRY(require(env, "env"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        FORGE_TRY_ASSIGN(auto p, forge::gitops::parse_project_ref(project_ref));
        forge::gitops::rollback_request rq{env,     p.repo, p.project, maybe(to), opt(deployed_by), maybe(approved_by),
                                           c.policy};
        FORGE_TRY_ASSIGN(auto out, forge::gitops::rollback(c.target, rq));
        return forge::capi::give_string(out_json, forge::gitops::outcome_json(out));
    });
}

FORGE_API int forge_gitops_history(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                   const char *project_ref, const char *env) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(project_ref, "project_ref"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        FORGE_TRY_ASSIGN(auto p, forge::gitops::parse_project_ref(project_ref));
        FORGE_TRY_ASSIGN(auto records, forge::gitops::history(c.target, p.repo, p.project, opt(env)));
        return forge::capi::give_string(out_json, forge::gitops::history_json(records));
    });
}

FORGE_API int forge_gitops_write_pointer(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                         const char *env, const char *project_ref, const char *pointer_yaml,
                                         const char *message) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(env, "env"));
        FORGE_TRY(require(project_ref, "project_ref"));
        FORGE_TRY(require(pointer_yaml, "pointer_yaml"));
        FORGE_TRY(require(message, "message"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        FORGE_TRY_ASSIGN(auto p, forge::gitops::parse_project_ref(project_ref));
        FORGE_TRY_ASSIGN(auto pointer, forge::gitops::parse_pointer(pointer_yaml, "pointer_yaml"));
        FORGE_TRY_ASSIGN(auto out, forge::gitops::write_pointer(c.target, env, p.repo, p.project, pointer, message));
        return forge::capi::give_string(out_json, forge::gitops::outcome_json(out));
    });
}

FORGE_API int forge_gitops_env_init(char **out_json, forge_context *ctx, const forge_gitops_options *opts,
                                    const char *env, const char *argocd_repo_url) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(env, "env"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        forge::gitops::env_init_request rq;
        rq.env = env;
        rq.repo_url = argocd_repo_url != nullptr ? std::string(argocd_repo_url) : c.target.url;
        rq.revision = c.target.branch;
        FORGE_TRY_ASSIGN(auto out, forge::gitops::env_init(c.target, rq));
        boost::json::object o{{"commit", out.commit}, {"unchanged", out.unchanged}};
        return forge::capi::give_string(out_json, boost::json::serialize(o));
    });
}

FORGE_API int forge_gitops_preview(char **out_yaml, forge_context *ctx, const forge_gitops_options *opts,
                                   const char *project_ref, const char *env, const char *release_ref,
                                   const char *cache_dir) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_yaml, "out_yaml"));
        *out_yaml = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(project_ref, "project_ref"));
        FORGE_TRY(require(env, "env"));
        FORGE_TRY_ASSIGN(auto c, read_options(ctx, opts));
        FORGE_TRY_ASSIGN(auto p, forge::gitops::parse_project_ref(project_ref));
        FORGE_TRY_ASSIGN(auto current, forge::gitops::read_deployment(c.target, env, p.repo, p.project));
        std::string sha;
        if (release_ref != nullptr) {
            FORGE_TRY_ASSIGN(auto r, resolve_release_ref(c, p.str() + "/" + release_ref));
            sha = r.info.sha;
        } else if (current.pointer) {
            sha = current.pointer->release;
        } else {
            return forge::make_error(forge::status::not_found, p.str() + " is not deployed in " + std::string(env));
        }
        std::filesystem::path cache;
        if (cache_dir != nullptr)
            cache = cache_dir;
        else if (auto state = ctx->impl.config().get("state_dir"))
            cache = std::filesystem::path(*state) / "cmp-cache";
        FORGE_TRY_ASSIGN(auto yaml,
                         forge::cmp::render_release(c.registry, cache, p.repo, p.project, sha, current.env_yaml,
                                                    forge::gitops::pointer_path(env, p.repo, p.project), {}, c.access));
        return forge::capi::give_string(out_yaml, yaml);
    });
}

FORGE_API int forge_gitops_init_repository(int *out_created, forge_context *ctx, const char *path, const char *branch) {
    return guard([&]() -> forge::status_result {
        if (out_created != nullptr) *out_created = 0;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(path, "path"));
        const std::string b = branch != nullptr ? std::string(branch) : std::string("main");
        if (b.empty() || b.front() == '-' || b.find("..") != std::string::npos ||
            b.find_first_of(" \t\n~^:?*[\\") != std::string::npos)
            return forge::make_error(forge::status::invalid, "branch \"" + b + "\" is not a valid branch name");
        FORGE_TRY_ASSIGN(bool created, forge::git::init_bare_repository(path, b));
        if (out_created != nullptr) *out_created = created ? 1 : 0;
        return {};
    });
}

}  // extern "C"
