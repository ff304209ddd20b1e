#include "gitops/auto_deploy.hpp"

namespace forge::gitops {

result<release_deployment_result> deploy_after_release(const gitops_target &target,
                                                       const release_deployment_request &request) {
    release_deployment_result out;
    for (const auto &env : request.policy.auto_deploy_environments()) {
        if (request.policy.for_environment(env).requires_approval) continue;
        deploy_request rq;
        rq.env = env;
        rq.repo = request.repo;
        rq.project = request.project;
        rq.release = request.sha;
        rq.number = request.number;
        rq.aliases = request.aliases;
        rq.deployed_by = request.deployed_by;
        rq.policy = request.policy;
        auto done = deploy(target, rq);
        if (!done)
            return std::move(done).err().wrap("deploying release " + request.sha + " of " + request.repo + "/" +
                                              request.project + " to " + env);
        out.deployed.push_back(std::move(done).value());
    }
    return out;
}

}  // namespace forge::gitops
