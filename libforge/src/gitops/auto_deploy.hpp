// The last step of `forge run` on a releasing branch: a fresh release is deployed to every
// environment whose policy says autoDeploy (repo.cue `environments`; by default dev only). Staging
// and production are never written here: they take `forge deploy` / `forge promote`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "gitops/deployments.hpp"

namespace forge::gitops {

struct release_deployment_request {
    std::string repo, project;           // the release's repository short name and project
    std::string sha;                     // full commit SHA of the release
    std::optional<std::int64_t> number;  // release number (message and aliases.numeric)
    pointer_aliases aliases;             // as recorded in the release image
    std::string deployed_by = "forge run";
    deploy_policy policy;  // repo.cue `environments` (deploy_policy::from_json), or defaults
};

struct release_deployment_result {
    std::vector<deployment_outcome> deployed;  // one per auto-deploy environment, in name order
};

// Writes the release's pointer to each auto-deploy environment of request.policy. A pointer
// already there is no commit (outcome.write.unchanged). An environment that requires an approval
// is skipped even if marked autoDeploy (an automatic deployment has no approver). Fails on the
// first environment that cannot be written; earlier ones stay deployed.
result<release_deployment_result> deploy_after_release(const gitops_target &target,
                                                       const release_deployment_request &request);

}  // namespace forge::gitops
