// Deploy, promote, roll back and list deployments: each a ReleasePointer commit to the GitOps
// repository through apply_edit (writer.hpp), so all of them retry on a rejected push and never
// make an empty commit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "gitops/pointer.hpp"
#include "gitops/policy.hpp"
#include "gitops/writer.hpp"

namespace forge::gitops {

struct deployment_outcome {
    std::string env, repo, project;
    std::string path;         // <env>/apps/<repo>/<project>/release.yaml
    release_pointer pointer;  // what the file says now
    write_outcome write;
};

struct deploy_request {
    std::string env, repo, project;
    std::string release;                 // full commit SHA
    std::optional<std::int64_t> number;  // release number, for the message and aliases.numeric
    pointer_aliases aliases;
    std::string deployed_by;
    std::optional<std::string> approved_by;
    deploy_policy policy;
};

// Writes the pointer; refuses production without approver (policy). When the file already points
// at the same release with the same aliases (and approver), nothing is committed.
result<deployment_outcome> deploy(const gitops_target &target, const deploy_request &request);

// Writes a prepared pointer as it is (the low-level call behind every other one).
result<deployment_outcome> write_pointer(const gitops_target &target, const std::string &env, const std::string &repo,
                                         const std::string &project, const release_pointer &pointer,
                                         const std::string &message);

struct promote_request {
    std::string repo, project, from, to;
    std::string deployed_by;
    std::optional<std::string> approved_by;
    deploy_policy policy;
};
// Copies the pointer of `from` to `to` (same release and aliases, new deployedAt/By).
result<deployment_outcome> promote(const gitops_target &target, const promote_request &request);

struct rollback_request {
    std::string env, repo, project;
    std::optional<std::string> to;  // SHA (or a prefix of 7+), release number or alias; default: previous
    std::string deployed_by;
    std::optional<std::string> approved_by;
    deploy_policy policy;
};
// Points back at an earlier release found in the history of the pointer file: by default the
// newest earlier version whose release differs from the current one. A new commit; history kept.
result<deployment_outcome> rollback(const gitops_target &target, const rollback_request &request);

struct deployment_record {
    std::string env;
    std::string commit;  // GitOps commit
    std::int64_t time = 0;
    std::string summary;                     // commit message's first line
    std::optional<release_pointer> pointer;  // nullopt: the commit removed the pointer
};
// Newest first; all environments when env is empty.
result<std::vector<deployment_record>> history(const gitops_target &target, const std::string &repo,
                                               const std::string &project, const std::string &env = {},
                                               std::size_t limit = 100);
std::string history_json(const std::vector<deployment_record> &records);
std::string outcome_json(const deployment_outcome &outcome);

// The pointer currently in <env> (nullopt when the project is not deployed there) and, when
// present, the project's env.yaml.
struct current_deployment {
    std::optional<release_pointer> pointer;
    std::optional<std::string> env_yaml;
    std::string commit;
};
result<current_deployment> read_deployment(const gitops_target &target, const std::string &env, const std::string &repo,
                                           const std::string &project);

struct env_init_request {
    std::string env;
    std::string repo_url;  // the GitOps repository URL as Argo CD reaches it (app.yaml repoURL)
    std::string revision = "main";
    std::string plugin = "catalyst-forge-cmp";  // the ConfigManagementPlugin name
};
// Scaffolds <env>/app.yaml (the environment's Config Application and Apps ApplicationSet, seed 003)
// and <env>/env.yaml (its EnvironmentConfig). Existing files are left alone (no commit if both exist).
result<write_outcome> env_init(const gitops_target &target, const env_init_request &request);
std::string environment_app_yaml(const env_init_request &request);
std::string environment_config_yaml(const std::string &env);

}  // namespace forge::gitops
