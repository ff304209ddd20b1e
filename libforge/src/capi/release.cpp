// C API: releases (forge/release.h).
#include "forge/release.h"

#include <boost/json.hpp>

#include "capi/handles.hpp"
#include "capi/shim.hpp"
#include "discovery/problem.hpp"
#include "discovery/run_discovery.hpp"
#include "gitops/names.hpp"
#include "release/image_store.hpp"
#include "release/release_projects.hpp"
#include "release/releases.hpp"

using forge::capi::give_string;
using forge::capi::guard;
using forge::capi::require;

namespace {

using forge::make_error;
using forge::status;

std::string text(const char *s) {
    return s != nullptr ? std::string(s) : std::string();
}

forge::status_result check_options(const forge_release_options *o) {
    if (o->version < 1 || o->version > FORGE_RELEASE_OPTIONS_VERSION)
        return make_error(status::invalid, "unsupported forge_release_options version " + std::to_string(o->version));
    if (o->repository == nullptr || *o->repository == '\0')
        return make_error(status::invalid, "opts->repository must name the repository's path");
    if (o->project == nullptr || *o->project == '\0')
        return make_error(status::invalid, "opts->project must name a project");
    return {};
}

forge::result<forge::discovery::discovery_result> discover(forge_context *ctx, const forge_release_options *o) {
    forge::discovery::discovery_request req;
    req.source.repository = o->repository;
    req.source.revision = text(o->commit);
    req.run.branch = text(o->branch);
    req.run.tag = text(o->tag);
    if (o->manual != 0) req.run.event = forge::discovery::run_event::manual;
    if (o->cache_dir != nullptr && *o->cache_dir != '\0') {
        req.cache_dir = o->cache_dir;
    } else if (auto state = ctx->impl.config().get("state_dir"); state && !state->empty()) {
        req.cache_dir = std::filesystem::path(*state) / "discovery-cache";
    }
    if (!req.cache_dir.empty())
        req.cache = &ctx->discovery.for_dir(forge::discovery::evaluation_cache_dir(req.cache_dir));
    FORGE_TRY_ASSIGN(auto res, forge::discovery::discover_repository(req));
    if (!res.problems.empty()) {
        std::string msg = "configuration problems in " + res.repository_url + ":";
        for (const auto &p : res.problems) msg += "\n" + forge::discovery::format_problem(p);
        return make_error(status::invalid, msg);
    }
    return res;
}

forge::release::release_options options_from(forge_context *ctx, const forge_release_options *o) {
    forge::release::release_options r;
    r.registry = o->registry != nullptr ? std::string(o->registry) : ctx->impl.config().get_or("registry", "");
    r.state_dir = ctx->impl.config().get_or("state_dir", "");
    r.work_dir = o->work_dir != nullptr ? std::filesystem::path(o->work_dir) : std::filesystem::path(o->repository);
    r.run_id = text(o->run_id);
    r.projects = {o->project};
    r.force = o->manual != 0;
    return r;
}

forge::result<std::unique_ptr<forge::release::image_store>> store_for(forge_context *ctx, const char *registry) {
    std::string where = registry != nullptr ? std::string(registry) : ctx->impl.config().get_or("registry", "");
    if (where.empty())
        return make_error(status::invalid,
                          "no registry: pass one (oci:DIR or host[:port][/prefix]) or set the "
                          "context's registry key");
    FORGE_TRY_ASSIGN(auto access, forge::release::registry_access::from_context(ctx->impl));
    return forge::release::open_image_store(where, access);
}

}  // namespace

extern "C" {

FORGE_API int forge_release_create(char **out_json, forge_context *ctx, const forge_release_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(opts, "opts"));
        FORGE_TRY(check_options(opts));
        FORGE_TRY_ASSIGN(auto d, discover(ctx, opts));
        FORGE_TRY_ASSIGN(auto created, forge::release::release_projects(ctx->impl, d, options_from(ctx, opts)));
        if (created.empty()) return make_error(status::internal, "no release was created");
        return give_string(out_json, boost::json::serialize(created.front().to_json()));
    });
}

FORGE_API int forge_release_render(char **out_yaml, forge_context *ctx, const forge_release_options *opts) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_yaml, "out_yaml"));
        *out_yaml = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(opts, "opts"));
        FORGE_TRY(check_options(opts));
        FORGE_TRY_ASSIGN(auto d, discover(ctx, opts));
        FORGE_TRY_ASSIGN(auto files, forge::release::render_project(d, opts->project, options_from(ctx, opts)));
        return give_string(out_yaml, forge::release::resources_stream(files));
    });
}

FORGE_API int forge_release_show(char **out_json, forge_context *ctx, const char *registry, const char *release_ref,
                                 int with_resources) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(release_ref, "release_ref"));
        std::string_view ref(release_ref);
        auto last = ref.rfind('/');
        if (last == std::string_view::npos)
            return make_error(status::invalid,
                              "release \"" + std::string(ref) + "\" must be <repo>/<project>/<sha|number|alias>");
        FORGE_TRY_ASSIGN(auto project, forge::gitops::parse_project_ref(ref.substr(0, last)));
        FORGE_TRY_ASSIGN(auto store, store_for(ctx, registry));
        FORGE_TRY_ASSIGN(auto r,
                         forge::release::show_release(*store, project.repo, project.project, ref.substr(last + 1)));
        return give_string(out_json, boost::json::serialize(r.to_json(with_resources != 0)));
    });
}

FORGE_API int forge_release_list(char **out_json, forge_context *ctx, const char *registry, const char *project_ref) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(project_ref, "project_ref"));
        FORGE_TRY_ASSIGN(auto project, forge::gitops::parse_project_ref(project_ref));
        FORGE_TRY_ASSIGN(auto store, store_for(ctx, registry));
        FORGE_TRY_ASSIGN(auto list, forge::release::list_releases(*store, project.repo, project.project));
        return give_string(out_json, boost::json::serialize(list));
    });
}

}  // extern "C"
