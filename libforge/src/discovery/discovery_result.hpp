// The outcome of discovering a repository for one run: its projects, the pipeline DAG, release
// decisions, and every problem found in its configuration.
#pragma once

#include <string>
#include <vector>

#include "discovery/config_model.hpp"
#include "discovery/problem.hpp"
#include "discovery/triggers.hpp"
#include "pipeline/dag.hpp"

namespace forge::discovery {

struct discovered_project {
    std::string name;         // unique within the repository
    std::string id;           // "<repository>/<name>"
    std::string dir;          // "services/api"; "" at the repository root
    std::string config_path;  // "services/api/.forge/project.cue"
    project_config config;
    release_decision release;
};

struct discovery_stats {
    std::size_t projects = 0;
    std::size_t evaluated = 0;  // evaluated in this call
    std::size_t cached = 0;     // taken from the evaluation cache
};

struct discovery_result {
    std::string repository;      // short name
    std::string repository_url;  // URL or path as given
    std::string commit;          // 40 hex digits; empty for a work tree
    run_info run;
    repo_config repo;
    std::vector<discovered_project> projects;  // sorted by path
    pipeline::dag dag;
    std::vector<problem> problems;  // empty when the configuration is valid
    discovery_stats stats;
};

}  // namespace forge::discovery
