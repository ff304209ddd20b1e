#include "delivery/run_stages.hpp"

#include <boost/json.hpp>
#include <memory>

#include "core/ids.hpp"
#include "git/init_bare.hpp"
#include "gitops/auto_deploy.hpp"
#include "gitops/policy.hpp"
#include "release/release_projects.hpp"

namespace forge::delivery {

namespace json = boost::json;

namespace {

void emit(const delivery_options &o, context &ctx, const pipeline::local_run_outcome &run, std::string_view event,
          json::object fields) {
    if (!o.on_event) return;
    json::object e{
        {"event", event}, {"run_id", run.record.id}, {"timestamp", format_timestamp(std::chrono::system_clock::now())}};
    for (auto &kv : fields) e[kv.key()] = std::move(kv.value());
    o.on_event(ctx.logger().secrets().mask(json::serialize(e)));
}

gitops::pointer_aliases pointer_aliases_of(const oci::release_aliases &a) {
    gitops::pointer_aliases p;
    p.numeric = a.numeric;
    p.tag = a.tag;
    p.branch = a.branch;
    return p;
}

bool has_resources(const discovery::discovery_result &d, const std::string &project) {
    for (const auto &p : d.projects)
        if (p.name == project) return !p.config.resources.empty();
    return false;
}

using release_list = std::vector<release::created_release>;

pipeline::post_run_stage release_stage(const delivery_options &o, std::shared_ptr<release_list> made) {
    return {"release", [o, made](context &ctx, const pipeline::local_run_outcome &run) -> status_result {
                if (run.discovery.commit.empty()) {
                    // A work-tree run has no commit to name a release after: nothing triggers.
                    emit(o, ctx, run, "release.skipped",
                         {{"reason", "the work tree ran, not a commit: releases need --commit or --branch"}});
                    return {};
                }
                release::release_options ro;
                ro.registry = o.registry;
                ro.state_dir = o.state_dir;
                ro.work_dir = run.workdir;
                ro.run_id = run.record.id;
                auto released = release::release_projects(ctx, run.discovery, ro);
                if (!released && released.err().code == status::conflict) {
                    // A re-run of a released commit: releases are immutable, and what they deployed
                    // is already in the GitOps repository.
                    emit(o, ctx, run, "release.skipped", {{"reason", "already released: " + released.err().message}});
                    return {};
                }
                FORGE_TRY_ASSIGN(*made, std::move(released));
                for (const auto &r : *made)
                    emit(o, ctx, run, "release.created",
                         {{"project", r.project},
                          {"repository", r.repository},
                          {"number", r.number},
                          {"image", r.image},
                          {"digest", r.manifest.digest.str()}});
                return {};
            }};
}

pipeline::post_run_stage deploy_stage(const delivery_options &o, std::shared_ptr<const release_list> made) {
    return {"deploy", [o, made](context &ctx, const pipeline::local_run_outcome &run) -> status_result {
                if (made->empty()) return {};
                gitops::gitops_target target;
                if (o.gitops.empty()) {
                    FORGE_TRY_ASSIGN(target.url, default_gitops_repository(o.state_dir, o.gitops_branch));
                } else {
                    target.url = o.gitops;
                }
                target.cache_dir = o.state_dir / "gitops";
                target.branch = o.gitops_branch;
                gitops::deploy_policy policy;
                if (!run.discovery.repo.environments.empty()) {
                    FORGE_TRY_ASSIGN(
                        policy, gitops::deploy_policy::from_json(json::serialize(run.discovery.repo.environments)));
                }
                for (const auto &r : *made) {
                    // A release without deploy resources (a library, docs) has nothing for Argo CD
                    // to render, and the plugin refuses empty output: such releases are not deployed.
                    if (!has_resources(run.discovery, r.project)) continue;
                    gitops::release_deployment_request req;
                    req.repo = r.repository;
                    req.project = r.project;
                    req.sha = r.commit;
                    req.number = r.number;
                    req.aliases = pointer_aliases_of(r.aliases);
                    req.policy = policy;
                    FORGE_TRY_ASSIGN(auto done, gitops::deploy_after_release(target, req));
                    for (const auto &d : done.deployed)
                        emit(o, ctx, run, "deploy.finished",
                             {{"project", r.project},
                              {"env", d.env},
                              {"path", d.path},
                              {"number", r.number},
                              {"gitops", target.url},
                              {"commit", d.write.commit},
                              {"unchanged", d.write.unchanged}});
                }
                return {};
            }};
}

}  // namespace

result<std::string> default_gitops_repository(const std::filesystem::path &state_dir, const std::string &branch) {
    std::string path = (state_dir / "gitops.git").string();
    FORGE_TRY_ASSIGN(bool created, git::init_bare_repository(path, branch));
    (void)created;
    return path;
}

std::vector<pipeline::post_run_stage> delivery_stages(const delivery_options &options) {
    auto made = std::make_shared<release_list>();
    std::vector<pipeline::post_run_stage> stages{release_stage(options, made)};
    if (options.deploy) stages.push_back(deploy_stage(options, made));
    return stages;
}

}  // namespace forge::delivery
