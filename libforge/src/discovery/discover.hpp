// Discovery (spec.md §2): find every project of a source tree (a commit, or a work tree in local
// mode), evaluate repo.cue and each project.cue against the platform schemas, check them, decide
// which projects release in this run, and build the pipeline DAG.
#pragma once

#include <string>

#include "core/error.hpp"
#include "discovery/discovery_result.hpp"
#include "discovery/evaluation_cache.hpp"
#include "git/repository.hpp"
#include "git/source_tree.hpp"

namespace forge::discovery {

struct discover_options {
    std::string repository_url;  // as the caller named it (URL or path), for the output
    // The short name when repo.cue sets none: from the origin remote or the directory.
    std::string fallback_name;
    std::string commit;  // 40 hex digits, or empty for a work tree
    run_info run;
    evaluation_cache *cache = nullptr;  // null: evaluate everything
    // For a commit source: the repository and commit, so that with a cache the project walk
    // skips directory trees it has seen before (project_finder.hpp).
    const git::repository *repository = nullptr;
    std::optional<git::object_id> commit_id;
    unsigned threads = 0;  // 0: up to 4, bounded by the hardware
};

// Fails only when the source cannot be read (status::io / not_found from the git layer). Problems
// with the configuration are in the result's `problems`, all of them, each with file:line:column.
result<discovery_result> discover(const git::source_tree &source, const discover_options &opts);

// The configuration path discovery reads the repository's settings from.
inline constexpr std::string_view repo_config_path = ".forge/repo.cue";

}  // namespace forge::discovery
