// The flags the deployment commands share (deploy, promote, rollback, deployments, env init,
// preview, diff) and the context and forge_gitops_options they make.
//
// Defaults (docs/gitops.md "Embedded mode"):
//   --state-dir  $FORGE_STATE_DIR, else ./.forge-state
//   --gitops     $FORGE_GITOPS, else <state-dir>/gitops.git, a local bare repository created on
//                first use (its clone lives in <state-dir>/gitops)
//   --registry   $FORGE_REGISTRY, else oci:<state-dir>/oci (where `forge run` keeps releases)
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "common/app.hpp"

namespace forge_cli {

inline std::string env_or(const char *name, const std::string &fallback = {}) {
    const char *v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

struct gitops_flags {
    std::string gitops, state_dir, registry, branch = "main", policy_file, policy_repo, by, approved_by;
    std::string policy_json;  // read from policy_file

    std::string resolved_state_dir() const {
        const std::string dir = !state_dir.empty() ? state_dir : env_or("FORGE_STATE_DIR", ".forge-state");
        return std::filesystem::absolute(dir).lexically_normal().string();
    }
    std::string deployed_by() const { return !by.empty() ? by : env_or("FORGE_USER", env_or("USER", "forge")); }
};

inline void add_gitops_flags(CLI::App &cmd, gitops_flags &f, bool with_registry = true) {
    cmd.add_option("--gitops", f.gitops,
                   "the GitOps repository: a local path, file:// or https:// URL "
                   "(default: <state-dir>/gitops.git, created on first use)")
        ->envname("FORGE_GITOPS");
    cmd.add_option("--state-dir", f.state_dir, "state directory (default: $FORGE_STATE_DIR, else ./.forge-state)");
    cmd.add_option("--branch", f.branch, "branch of the GitOps repository")->capture_default_str();
    if (with_registry)
        cmd.add_option("--registry", f.registry,
                       "where releases are: host[:port][/prefix] or oci:DIR "
                       "(default: $FORGE_REGISTRY, else oci:<state-dir>/oci)");
}

inline void add_actor_flags(CLI::App &cmd, gitops_flags &f) {
    cmd.add_option("--by", f.by, "who deploys, recorded as deployedBy (default: $FORGE_USER, else $USER)");
    cmd.add_option("--approved-by", f.approved_by,
                   "the approver, required where the environment policy asks (production)");
    cmd.add_option("--policy", f.policy_file,
                   "JSON file with the environment policy: repo.cue's `environments` or the whole exported repo.cue");
    cmd.add_option("--repo", f.policy_repo,
                   "the source repository whose .forge/repo.cue `environments` sets the policy (without --policy)");
}

// repo.cue's `environments` of the repository at `repo`, as JSON; empty when it declares none.
std::string policy_from_repo(forge_context *ctx, const std::string &repo);

// What a command needs to call forge_gitops_*: the context and the options (whose strings live in
// this object, so keep it alive across the call).
struct gitops_session {
    forge::api::context ctx;
    std::string state_dir, url, registry, branch, policy_json;
    forge_gitops_options options = FORGE_GITOPS_OPTIONS_INIT;

    gitops_session(const forge_app::common_options &opts, const gitops_flags &f) : ctx(forge_app::make_context(opts)) {
        state_dir = f.resolved_state_dir();
        ctx.set("state_dir", state_dir);
        if (auto dc = env_or("DOCKER_CONFIG"); !dc.empty())
            ctx.set("registry.docker_config", dc + "/config.json");
        else if (auto home = env_or("HOME"); !home.empty())
            ctx.set("registry.docker_config", home + "/.docker/config.json");
        branch = f.branch;
        url = !f.gitops.empty() ? f.gitops : env_or("FORGE_GITOPS");
        if (url.empty()) {
            url = state_dir + "/gitops.git";
            forge::api::check(forge_gitops_init_repository(nullptr, ctx, url.c_str(), branch.c_str()));
        }
        registry = !f.registry.empty() ? f.registry : env_or("FORGE_REGISTRY", "oci:" + state_dir + "/oci");
        if (f.policy_file.empty() && !f.policy_repo.empty()) policy_json = policy_from_repo(ctx, f.policy_repo);
        if (!f.policy_file.empty()) {
            std::ifstream in(f.policy_file, std::ios::binary);
            if (!in) throw std::runtime_error("cannot read the policy file " + f.policy_file);
            std::ostringstream text;
            text << in.rdbuf();
            policy_json = text.str();
        }
        options.url = url.c_str();
        options.branch = branch.c_str();
        options.registry = registry.c_str();
        options.policy_json = policy_json.empty() ? nullptr : policy_json.c_str();
    }
};

inline const char *or_null(const std::string &s) {
    return s.empty() ? nullptr : s.c_str();
}

// "deployed shop/api 1a2b3c4 (release 7) to dev: commit 9f8e7d6" and friends, from an outcome JSON.
std::string describe_outcome(const std::string &verb, const std::string &outcome_json);

// The pointer history as a table, newest first.
void print_history(std::ostream &out, const std::string &history_json);

}  // namespace forge_cli
