#include "gitops/policy.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace forge::gitops {

namespace {
environment_policy default_for(std::string_view env) {
    return {env == "dev", env == "production"};
}

result<bool> bool_member(const boost::json::object &o, std::string_view key, bool fallback, const std::string &where) {
    auto it = o.find(key);
    if (it == o.end()) return fallback;
    if (!it->value().is_bool())
        return make_error(status::invalid,
                          "environment policy: field " + where + "." + std::string(key) + " must be a boolean");
    return it->value().as_bool();
}
}  // namespace

result<deploy_policy> deploy_policy::from_json(std::string_view json) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(json, ec);
    if (ec) return make_error(status::invalid, "environment policy: invalid JSON: " + ec.message());
    if (!v.is_object()) return make_error(status::invalid, "environment policy: must be a JSON object");
    const boost::json::object *envs = &v.as_object();
    if (auto it = envs->find("environments"); it != envs->end()) {
        if (!it->value().is_object())
            return make_error(status::invalid, "environment policy: field environments must be an object");
        envs = &it->value().as_object();
    }
    deploy_policy p;
    for (const auto &[name, body] : *envs) {
        const std::string env(name);
        if (!body.is_object())
            return make_error(status::invalid, "environment policy: field environments." + env + " must be an object");
        auto d = default_for(env);
        environment_policy ep;
        FORGE_TRY_ASSIGN(ep.auto_deploy,
                         bool_member(body.as_object(), "autoDeploy", d.auto_deploy, "environments." + env));
        FORGE_TRY_ASSIGN(ep.requires_approval,
                         bool_member(body.as_object(), "requiresApproval", d.requires_approval, "environments." + env));
        p.explicit_[env] = ep;
    }
    return p;
}

environment_policy deploy_policy::for_environment(std::string_view env) const {
    if (auto it = explicit_.find(env); it != explicit_.end()) return it->second;
    return default_for(env);
}

std::vector<std::string> deploy_policy::auto_deploy_environments() const {
    std::vector<std::string> out;
    if (!explicit_.count(std::string_view("dev")) && default_for("dev").auto_deploy) out.push_back("dev");
    for (const auto &[env, p] : explicit_)
        if (p.auto_deploy) out.push_back(env);
    std::sort(out.begin(), out.end());
    return out;
}

status_result deploy_policy::check_approval(std::string_view env, const std::optional<std::string> &approved_by) const {
    if (!for_environment(env).requires_approval) return {};
    if (approved_by && !approved_by->empty()) return {};
    return make_error(status::permission, "deploying to " + std::string(env) +
                                              " requires an approval: name the approver (--approved-by NAME)");
}

}  // namespace forge::gitops
