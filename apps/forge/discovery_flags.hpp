// The flags `forge discover` and `forge dag` share, and the options struct they fill.
#pragma once

#include <memory>
#include <string>

#include "common/app.hpp"

namespace forge_cli {

struct discovery_flags {
    std::string repo = ".";
    std::string commit;
    std::string branch, tag, event = "push";
    std::string cache_dir;
    bool local = false;

    forge_discover_options options() const {
        forge_discover_options o = FORGE_DISCOVER_OPTIONS_INIT;
        o.repository = repo.c_str();
        o.revision = commit.empty() ? nullptr : commit.c_str();
        o.branch = branch.empty() ? nullptr : branch.c_str();
        o.tag = tag.empty() ? nullptr : tag.c_str();
        o.event = event.c_str();
        o.cache_dir = cache_dir.empty() ? nullptr : cache_dir.c_str();
        o.local = local ? 1 : 0;
        return o;
    }
};

inline void add_discovery_flags(CLI::App &cmd, discovery_flags &f) {
    cmd.add_option("--repo", f.repo, "repository: a local path or a URL (file://, https://)")->capture_default_str();
    cmd.add_option("--commit", f.commit, "commit, branch, tag or revision to discover (default: HEAD)");
    cmd.add_option("--branch", f.branch, "the run's branch, for release triggers");
    cmd.add_option("--tag", f.tag, "the run's tag, for release triggers");
    cmd.add_option("--event", f.event, "push, pull_request or manual")
        ->check(CLI::IsMember({"push", "pull_request", "manual"}))
        ->capture_default_str();
    cmd.add_option("--cache-dir", f.cache_dir, "clones and cached evaluations (default: <state_dir>/discovery-cache)")
        ->envname("FORGE_DISCOVERY_CACHE");
    cmd.add_flag("--local", f.local, "discover the work tree (uncommitted files included) instead of a commit");
}

}  // namespace forge_cli
