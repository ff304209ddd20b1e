#include "gitops/deployments.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "gitops/names.hpp"

namespace forge::gitops {

namespace json = boost::json;

namespace {

status_result check_project(const std::string &env, const std::string &repo, const std::string &project) {
    FORGE_TRY(check_name(env, "environment"));
    FORGE_TRY(check_name(repo, "repository"));
    FORGE_TRY(check_name(project, "project"));
    return {};
}

std::string release_suffix(const release_pointer &p) {
    return p.aliases.numeric ? " (release " + std::to_string(*p.aliases.numeric) + ")" : std::string();
}

// The pointer in the tree at `tip`, if any.
result<std::optional<release_pointer>> pointer_at(const git::repository &repo, const std::optional<git::object_id> &tip,
                                                  const std::string &path) {
    if (!tip) return std::optional<release_pointer>();
    FORGE_TRY_ASSIGN(auto id, repo.entry_id(*tip, path));
    if (!id) return std::optional<release_pointer>();
    FORGE_TRY_ASSIGN(auto text, repo.read_file(*tip, path));
    FORGE_TRY_ASSIGN(auto p, parse_pointer(text, path));
    return std::optional<release_pointer>(std::move(p));
}

// A project folder may hold only release.yaml and env.yaml: a foreign file there is refused
// rather than deployed around (Argo CD's plugin would ignore it and hide the mistake).
status_result check_project_folder(const git::repository &repo, const std::optional<git::object_id> &tip,
                                   const std::string &folder) {
    if (!tip) return {};
    FORGE_TRY_ASSIGN(auto names, list_folder(repo, *tip, folder));
    for (const auto &n : names)
        if (n != "release.yaml" && n != "env.yaml")
            return make_error(status::invalid, "refusing to deploy to " + folder + ": it holds " + n +
                                                   ", but a project folder may hold only release.yaml and env.yaml");
    return {};
}

// The edit behind every pointer write: compares with what the tip holds and plans the commit.
edit_function pointer_edit(const std::string &env, const std::string &repo, const std::string &project,
                           const release_pointer &pointer, const std::string &message, release_pointer *written) {
    return [=](const git::repository &r, const std::optional<git::object_id> &tip) -> result<planned_commit> {
        const std::string path = pointer_path(env, repo, project);
        FORGE_TRY(check_project_folder(r, tip, project_folder(env, repo, project)));
        FORGE_TRY_ASSIGN(auto current, pointer_at(r, tip, path));
        planned_commit plan;
        if (current && current->same_deployment(pointer)) {
            *written = *current;
            plan.nothing_to_do = true;
            return plan;
        }
        *written = pointer;
        plan.changes.push_back({path, pointer_yaml(pointer), false});
        plan.message = message;
        return plan;
    };
}

release_pointer new_pointer(const gitops_target &target, const std::string &project, const std::string &release,
                            const pointer_aliases &aliases, const std::string &deployed_by,
                            const std::optional<std::string> &approved_by) {
    release_pointer p;
    p.name = project;
    p.release = release;
    p.aliases = aliases;
    p.deployed_at = rfc3339_utc(target.now);
    p.deployed_by = deployed_by.empty() ? std::string("forge") : deployed_by;
    if (approved_by && !approved_by->empty()) {
        p.approved_by = approved_by;
        p.approved_at = p.deployed_at;
    }
    return p;
}

json::object pointer_json(const release_pointer &p) {
    json::object o{{"name", p.name}, {"release", p.release}};
    json::object al;
    if (p.aliases.numeric) al["numeric"] = *p.aliases.numeric;
    if (p.aliases.tag) al["tag"] = *p.aliases.tag;
    if (p.aliases.branch) al["branch"] = *p.aliases.branch;
    o["aliases"] = std::move(al);
    o["deployedAt"] = p.deployed_at;
    o["deployedBy"] = p.deployed_by;
    if (p.approved_by) o["approvedBy"] = *p.approved_by;
    if (p.approved_at) o["approvedAt"] = *p.approved_at;
    return o;
}

bool matches_release(const release_pointer &p, const std::string &ref) {
    if (ref.size() >= 7 && ref.size() <= 40 && p.release.starts_with(ref)) return true;
    if (p.aliases.numeric && std::to_string(*p.aliases.numeric) == ref) return true;
    if (p.aliases.tag && *p.aliases.tag == ref) return true;
    return p.aliases.branch && *p.aliases.branch == ref;
}

}  // namespace

result<deployment_outcome> write_pointer(const gitops_target &target, const std::string &env, const std::string &repo,
                                         const std::string &project, const release_pointer &pointer,
                                         const std::string &message) {
    FORGE_TRY(check_project(env, repo, project));
    if (pointer.name != project)
        return make_error(status::invalid,
                          "pointer metadata.name \"" + pointer.name + "\" is not the project \"" + project + "\"");
    if (!is_commit_sha(pointer.release))
        return make_error(status::invalid, "pointer release \"" + pointer.release + "\" is not a full commit SHA");
    // Round-trip through the parser: what we write must be what the plugin accepts.
    FORGE_TRY(parse_pointer(pointer_yaml(pointer), pointer_path(env, repo, project)));
    deployment_outcome out{env, repo, project, pointer_path(env, repo, project), pointer, {}};
    FORGE_TRY_ASSIGN(out.write, apply_edit(target, pointer_edit(env, repo, project, pointer, message, &out.pointer)));
    return out;
}

result<deployment_outcome> deploy(const gitops_target &target, const deploy_request &rq) {
    FORGE_TRY(check_project(rq.env, rq.repo, rq.project));
    if (!is_commit_sha(rq.release))
        return make_error(status::invalid, "release \"" + rq.release + "\" is not a full commit SHA");
    FORGE_TRY(rq.policy.check_approval(rq.env, rq.approved_by));
    pointer_aliases aliases = rq.aliases;
    if (rq.number && !aliases.numeric) aliases.numeric = rq.number;
    auto p = new_pointer(target, rq.project, rq.release, aliases, rq.deployed_by, rq.approved_by);
    const std::string message =
        "deploy " + rq.repo + "/" + rq.project + " " + rq.release + " to " + rq.env + release_suffix(p);
    return write_pointer(target, rq.env, rq.repo, rq.project, p, message);
}

result<deployment_outcome> promote(const gitops_target &target, const promote_request &rq) {
    FORGE_TRY(check_project(rq.from, rq.repo, rq.project));
    FORGE_TRY(check_project(rq.to, rq.repo, rq.project));
    if (rq.from == rq.to) return make_error(status::invalid, "promote: --from and --to are both " + rq.from);
    FORGE_TRY(rq.policy.check_approval(rq.to, rq.approved_by));
    const std::string from_path = pointer_path(rq.from, rq.repo, rq.project);
    deployment_outcome out{rq.to, rq.repo, rq.project, pointer_path(rq.to, rq.repo, rq.project), {}, {}};
    auto edit = [&](const git::repository &r, const std::optional<git::object_id> &tip) -> result<planned_commit> {
        FORGE_TRY_ASSIGN(auto source, pointer_at(r, tip, from_path));
        if (!source)
            return make_error(status::not_found, "promote: " + rq.repo + "/" + rq.project + " is not deployed in " +
                                                     rq.from + " (no " + from_path + ")");
        auto p = new_pointer(target, rq.project, source->release, source->aliases, rq.deployed_by, rq.approved_by);
        const std::string message = "promote " + rq.repo + "/" + rq.project + " " + p.release + " from " + rq.from +
                                    " to " + rq.to + release_suffix(p);
        return pointer_edit(rq.to, rq.repo, rq.project, p, message, &out.pointer)(r, tip);
    };
    FORGE_TRY_ASSIGN(out.write, apply_edit(target, edit));
    return out;
}

result<deployment_outcome> rollback(const gitops_target &target, const rollback_request &rq) {
    FORGE_TRY(check_project(rq.env, rq.repo, rq.project));
    FORGE_TRY(rq.policy.check_approval(rq.env, rq.approved_by));
    const std::string path = pointer_path(rq.env, rq.repo, rq.project);
    deployment_outcome out{rq.env, rq.repo, rq.project, path, {}, {}};
    auto edit = [&](const git::repository &r, const std::optional<git::object_id> &tip) -> result<planned_commit> {
        if (!tip) return make_error(status::not_found, "rollback: the GitOps repository is empty");
        FORGE_TRY_ASSIGN(auto current, pointer_at(r, tip, path));
        if (!current) return make_error(status::not_found, "rollback: nothing is deployed at " + path);
        FORGE_TRY_ASSIGN(auto revisions, r.path_history(tip->hex(), path, 1000));
        std::optional<release_pointer> target_pointer;
        for (const auto &rev : revisions) {
            if (!rev.content) continue;
            auto p = parse_pointer(*rev.content, path + "@" + rev.commit.short_hex());
            if (!p) continue;  // an old hand-edited version that no longer parses is skipped
            bool wanted = rq.to ? matches_release(*p, *rq.to) : p->release != current->release;
            if (wanted) {
                target_pointer = std::move(p).value();
                break;
            }
        }
        if (!target_pointer)
            return make_error(status::not_found, rq.to
                                                     ? "rollback: release " + *rq.to + " was never deployed at " + path
                                                     : "rollback: " + path + " has no earlier release to go back to");
        auto p = new_pointer(target, rq.project, target_pointer->release, target_pointer->aliases, rq.deployed_by,
                             rq.approved_by);
        const std::string message =
            "rollback " + rq.repo + "/" + rq.project + " to " + p.release + " in " + rq.env + release_suffix(p);
        return pointer_edit(rq.env, rq.repo, rq.project, p, message, &out.pointer)(r, tip);
    };
    FORGE_TRY_ASSIGN(out.write, apply_edit(target, edit));
    return out;
}

result<std::vector<deployment_record>> history(const gitops_target &target, const std::string &repo,
                                               const std::string &project, const std::string &env, std::size_t limit) {
    FORGE_TRY(check_name(repo, "repository"));
    FORGE_TRY(check_name(project, "project"));
    if (!env.empty()) FORGE_TRY(check_name(env, "environment"));
    std::vector<deployment_record> records;
    FORGE_TRY(read_repository(
        target, [&](const git::repository &r, const std::optional<git::object_id> &tip) -> status_result {
            if (!tip) return {};
            std::vector<std::string> envs;
            if (!env.empty()) {
                envs.push_back(env);
            } else {
                FORGE_TRY(r.walk(*tip, [&](const git::tree_entry &e) {
                    if (e.is_tree) envs.emplace_back(e.name);
                    return git::walk_action::skip;
                }));
            }
            for (const auto &e : envs) {
                const std::string path = pointer_path(e, repo, project);
                FORGE_TRY_ASSIGN(auto revisions, r.path_history(tip->hex(), path, limit));
                for (auto &rev : revisions) {
                    deployment_record rec{e, rev.commit.hex(), rev.time, rev.summary, std::nullopt};
                    if (rev.content)
                        if (auto p = parse_pointer(*rev.content, path + "@" + rev.commit.short_hex())) rec.pointer = *p;
                    records.push_back(std::move(rec));
                }
            }
            return {};
        }));
    // Newest first across environments; ties (same second) keep the per-file order.
    std::stable_sort(records.begin(), records.end(), [](const auto &a, const auto &b) { return a.time > b.time; });
    if (records.size() > limit) records.resize(limit);
    return records;
}

std::string history_json(const std::vector<deployment_record> &records) {
    json::array arr;
    for (const auto &r : records) {
        json::object o{{"env", r.env}, {"commit", r.commit}, {"time", r.time}, {"summary", r.summary}};
        o["pointer"] = r.pointer ? json::value(pointer_json(*r.pointer)) : json::value(nullptr);
        arr.push_back(std::move(o));
    }
    return json::serialize(arr);
}

std::string outcome_json(const deployment_outcome &o) {
    json::object obj{{"env", o.env},
                     {"repository", o.repo},
                     {"project", o.project},
                     {"path", o.path},
                     {"commit", o.write.commit},
                     {"unchanged", o.write.unchanged},
                     {"attempts", o.write.attempts},
                     {"pointer", pointer_json(o.pointer)}};
    return json::serialize(obj);
}

result<current_deployment> read_deployment(const gitops_target &target, const std::string &env, const std::string &repo,
                                           const std::string &project) {
    FORGE_TRY(check_project(env, repo, project));
    current_deployment cur;
    FORGE_TRY(read_repository(target,
                              [&](const git::repository &r, const std::optional<git::object_id> &tip) -> status_result {
                                  if (!tip) return {};
                                  cur.commit = tip->hex();
                                  FORGE_TRY_ASSIGN(cur.pointer, pointer_at(r, tip, pointer_path(env, repo, project)));
                                  const std::string env_path = project_folder(env, repo, project) + "/env.yaml";
                                  FORGE_TRY_ASSIGN(auto id, r.entry_id(*tip, env_path));
                                  if (id) {
                                      FORGE_TRY_ASSIGN(auto text, r.read_file(*tip, env_path));
                                      cur.env_yaml = std::move(text);
                                  }
                                  return {};
                              }));
    return cur;
}

std::string environment_config_yaml(const std::string &env) {
    return "apiVersion: apiextensions.crossplane.io/v1alpha1\n"
           "kind: EnvironmentConfig\n"
           "metadata:\n"
           "  name: " +
           yaml_quote(env) +
           "\n"
           "data: {}\n";
}

std::string environment_app_yaml(const env_init_request &rq) {
    const std::string e = rq.env, url = yaml_quote(rq.repo_url), rev = yaml_quote(rq.revision);
    return "# " + e +
           ": the environment's Argo CD applications (app-of-apps; the root ApplicationSet\n"
           "# creates " +
           e +
           "-bootstrap from this file).\n"
           "---\n"
           "apiVersion: argoproj.io/v1alpha1\n"
           "kind: Application\n"
           "metadata:\n"
           "  name: " +
           e +
           "-config\n"
           "  namespace: argocd\n"
           "spec:\n"
           "  project: default\n"
           "  source:\n"
           "    repoURL: " +
           url +
           "\n"
           "    targetRevision: " +
           rev +
           "\n"
           "    path: " +
           e +
           "\n"
           "    directory:\n"
           "      include: env.yaml\n"
           "  destination:\n"
           "    server: https://kubernetes.default.svc\n"
           "    namespace: platform\n"
           "  syncPolicy:\n"
           "    automated: {}\n"
           "---\n"
           "apiVersion: argoproj.io/v1alpha1\n"
           "kind: ApplicationSet\n"
           "metadata:\n"
           "  name: " +
           e +
           "-apps\n"
           "  namespace: argocd\n"
           "spec:\n"
           "  generators:\n"
           "    - git:\n"
           "        repoURL: " +
           url +
           "\n"
           "        revision: " +
           rev +
           "\n"
           "        directories:\n"
           "          - path: " +
           e +
           "/apps/*/*\n"
           "  template:\n"
           "    metadata:\n"
           "      name: '" +
           e +
           "-{{path[2]}}-{{path[3]}}'\n"
           "    spec:\n"
           "      project: default\n"
           "      source:\n"
           "        repoURL: " +
           url +
           "\n"
           "        targetRevision: " +
           rev +
           "\n"
           "        path: '{{path}}'\n"
           "        plugin:\n"
           "          name: " +
           rq.plugin +
           "\n"
           "      destination:\n"
           "        server: https://kubernetes.default.svc\n"
           "        namespace: '{{path[2]}}-{{path[3]}}'\n"
           "      syncPolicy:\n"
           "        automated: {}\n"
           "        syncOptions:\n"
           "          - CreateNamespace=true\n";
}

result<write_outcome> env_init(const gitops_target &target, const env_init_request &rq) {
    FORGE_TRY(check_name(rq.env, "environment"));
    if (rq.repo_url.empty())
        return make_error(status::invalid, "env init: the GitOps repository URL for Argo CD is empty");
    if (rq.plugin.empty()) return make_error(status::invalid, "env init: the plugin name is empty");
    auto edit = [&](const git::repository &r, const std::optional<git::object_id> &tip) -> result<planned_commit> {
        planned_commit plan;
        plan.message = "env init " + rq.env;
        for (auto [name, text] : {std::pair{std::string("app.yaml"), environment_app_yaml(rq)},
                                  std::pair{std::string("env.yaml"), environment_config_yaml(rq.env)}}) {
            const std::string path = rq.env + "/" + name;
            bool exists = false;
            if (tip) {
                FORGE_TRY_ASSIGN(auto id, r.entry_id(*tip, path));
                exists = id.has_value();
            }
            if (!exists) plan.changes.push_back({path, text, false});
        }
        plan.nothing_to_do = plan.changes.empty();
        return plan;
    };
    return apply_edit(target, edit);
}

}  // namespace forge::gitops
