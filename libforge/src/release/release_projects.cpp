#include "release/release_projects.hpp"

#include <algorithm>

#include "gitops/names.hpp"
#include "gitops/release_store.hpp"
#include "release/artifacts.hpp"

namespace forge::release {

namespace {

const discovery::discovered_project *find_project(const discovery::discovery_result &d, std::string_view name) {
    for (const auto &p : d.projects)
        if (p.name == name) return &p;
    return nullptr;
}

std::string project_list(const discovery::discovery_result &d) {
    std::string s;
    for (const auto &p : d.projects) s += (s.empty() ? "" : ", ") + p.name;
    return s.empty() ? "none" : s;
}

// monorepo: "<project>/v1.2.0" -> "v1.2.0"; tag-all: "v1.2.0" as it is.
std::optional<std::string> tag_alias(const discovery::discovery_result &d) {
    if (d.run.tag.empty()) return std::nullopt;
    std::string t = d.run.tag;
    if (auto slash = t.rfind('/'); slash != std::string::npos) t = t.substr(slash + 1);
    if (!oci::is_valid_tag(t)) return std::nullopt;
    return t;
}

artifact_job job_for(const discovery::discovery_result &d, const discovery::discovered_project &p,
                     const release_options &options) {
    artifact_job job;
    job.repository = d.repository;
    job.project = p.name;
    job.commit = d.commit;
    job.run_id = options.run_id.empty() ? "release-" + d.commit : options.run_id;
    job.source_url = d.repository_url;
    if (!d.run.tag.empty())
        job.source_ref = "refs/tags/" + d.run.tag;
    else if (!d.run.branch.empty())
        job.source_ref = "refs/heads/" + d.run.branch;
    std::filesystem::path work = options.work_dir.empty() ? std::filesystem::path(d.repository_url) : options.work_dir;
    job.project_dir = p.dir.empty() ? work : work / p.dir;
    job.publisher_types = d.repo.publishers;
    job.publisher_settings = d.repo.publisher_settings;
    return job;
}

status_result check_discovery(const discovery::discovery_result &d) {
    if (!d.problems.empty())
        return make_error(status::invalid,
                          "the configuration of " + d.repository_url + " has problems: fix them first");
    if (!gitops::is_commit_sha(d.commit))
        return make_error(status::invalid,
                          "a release needs a commit: discovery of " + d.repository_url + " ran on a work tree");
    return {};
}

result<created_release> release_one(context &ctx, const discovery::discovery_result &d,
                                    const discovery::discovered_project &p, const release_options &options,
                                    image_store &releases, image_store &tracking) {
    const std::string what = "release " + d.repository + "/" + p.name;
    // Immutable: refuse before producing anything.
    FORGE_TRY(check_not_released(releases, d.repository, p.name, d.commit));

    artifact_job job = job_for(d, p, options);
    artifact_fields fields;
    std::vector<oci::release_artifact_ref> refs;
    for (const auto &a : p.config.artifacts) {
        ctx.logger().info("publishing artifact", {{"project", p.name}, {"artifact", a.name}});
        FORGE_TRY_ASSIGN(auto pub, publish_artifact(ctx, job, a, releases, tracking));
        fields[a.name] = pub.fields();
        refs.push_back(pub.ref());
    }
    auto files = render_resources(p.config.resources, fields);
    if (!files) return std::move(files).err().wrap(what + " (" + p.config_path + ")");

    release_request req;
    req.repository = d.repository;
    req.project = p.name;
    req.commit = d.commit;
    req.trigger = d.run.event == discovery::run_event::manual || options.force ? "manual"
                  : !d.run.tag.empty()                                         ? "tag"
                                                                               : "branch";
    req.trigger_ref = job.source_ref;
    req.tag_alias = tag_alias(d);
    if (!d.run.branch.empty()) req.branch = d.run.branch;
    req.source_url = d.repository_url;
    req.files = std::move(files).value();
    req.artifacts = std::move(refs);
    req.created = options.created;
    auto created = create_release(releases, req);
    if (!created) return std::move(created).err();
    ctx.logger().info("release created", {{"project", p.name},
                                          {"number", std::to_string(created->number)},
                                          {"image", created->image},
                                          {"digest", created->manifest.digest.str()}});
    return created;
}

}  // namespace

result<release_locations> choose_locations(const discovery::discovery_result &d, const release_options &options) {
    release_locations loc;
    if (!options.registry.empty()) {
        loc.release = loc.tracking = options.registry;
    } else if (!d.repo.release_registry.empty()) {
        loc.release = d.repo.release_registry;
        loc.tracking = d.repo.tracking_registry.empty() ? loc.release : d.repo.tracking_registry;
    } else if (!options.state_dir.empty()) {
        loc.release = loc.tracking = "oci:" + (options.state_dir / "oci").lexically_normal().string();
    } else {
        return make_error(status::invalid,
                          "no release registry: give --registry (or FORGE_REGISTRY), set repo.cue "
                          "registries, or a state directory for the embedded OCI layout");
    }
    return loc;
}

result<std::vector<created_release>> release_projects(context &ctx, const discovery::discovery_result &d,
                                                      const release_options &options) {
    FORGE_TRY(check_discovery(d));
    std::vector<const discovery::discovered_project *> chosen;
    if (options.projects.empty()) {
        for (const auto &p : d.projects)
            if (p.release.triggered) chosen.push_back(&p);
    } else {
        for (const auto &name : options.projects) {
            const auto *p = find_project(d, name);
            if (p == nullptr)
                return make_error(status::not_found, "repository " + d.repository + " has no project \"" + name +
                                                         "\" (projects: " + project_list(d) + ")");
            if (!p->release.triggered && !options.force)
                return make_error(status::invalid, "project " + name + " does not release in this run (" +
                                                       p->release.reason + "); use a manual release to force it");
            chosen.push_back(p);
        }
    }
    std::vector<created_release> out;
    if (chosen.empty()) return out;

    FORGE_TRY_ASSIGN(auto where, choose_locations(d, options));
    FORGE_TRY_ASSIGN(auto access, registry_access::from_context(ctx));
    FORGE_TRY_ASSIGN(auto releases, open_image_store(where.release, access));
    FORGE_TRY_ASSIGN(auto tracking, open_image_store(where.tracking, access));
    for (const auto *p : chosen) {
        FORGE_TRY_ASSIGN(auto r, release_one(ctx, d, *p, options, *releases, *tracking));
        out.push_back(std::move(r));
    }
    return out;
}

result<std::vector<oci::resource_file>> render_project(const discovery::discovery_result &d, std::string_view project,
                                                       const release_options &options) {
    if (!d.problems.empty())
        return make_error(status::invalid,
                          "the configuration of " + d.repository_url + " has problems: fix them first");
    const auto *p = find_project(d, project);
    if (p == nullptr)
        return make_error(status::not_found, "repository " + d.repository + " has no project \"" +
                                                 std::string(project) + "\" (projects: " + project_list(d) + ")");
    artifact_fields fields;
    auto where = choose_locations(d, options);
    if (where && !d.commit.empty()) {
        // The references the release would record (they do not depend on the artifacts' content).
        registry_access access;
        auto tracking = open_image_store(where->tracking, access);
        if (tracking) {
            artifact_job job = job_for(d, *p, options);
            for (const auto &a : p->config.artifacts) {
                const std::string ref = (*tracking)->reference(artifact_path(job, a.name), "sha-" + d.commit);
                fields[a.name] = {{"image", ref}, {"uri", ref}, {"name", a.name}, {"type", a.type}};
            }
        }
    }
    render_options ro;
    ro.require_all = false;
    auto files = render_resources(p->config.resources, fields, ro);
    if (!files) return std::move(files).err().wrap("project " + p->name + " (" + p->config_path + ")");
    return files;
}

}  // namespace forge::release
