// Deployment policy per environment (repo.cue `environments`, schemas/repo.cue #EnvironmentPolicy):
// autoDeploy (dev by default) and requiresApproval (production by default).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace forge::gitops {

struct environment_policy {
    bool auto_deploy = false;
    bool requires_approval = false;
};

class deploy_policy {
  public:
    // The defaults of repo.cue: dev auto-deploys; production requires an approver.
    deploy_policy() = default;
    // From JSON: either the `environments` object ({"dev": {"autoDeploy": true, ...}, ...}) or a
    // whole exported repo.cue that has one. Fields left out take the repo.cue defaults.
    static result<deploy_policy> from_json(std::string_view json);

    environment_policy for_environment(std::string_view env) const;
    // The environments a fresh release goes to on its own: those with autoDeploy (by default
    // only dev), in name order.
    std::vector<std::string> auto_deploy_environments() const;
    // status::permission with a clear message when `env` requires an approver and none is given.
    status_result check_approval(std::string_view env, const std::optional<std::string> &approved_by) const;

  private:
    std::map<std::string, environment_policy, std::less<>> explicit_;
};

}  // namespace forge::gitops
