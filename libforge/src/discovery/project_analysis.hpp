// What evaluating one project yields, independent of the run: its evaluated configuration and
// the problems found in it. This is what the evaluation cache keeps, keyed by the git tree id of
// the project's .forge directory, its path and the repo.cue content.
#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "discovery/config_file.hpp"
#include "discovery/config_model.hpp"
#include "discovery/problem.hpp"

namespace forge::discovery {

struct project_analysis {
    std::string dir;          // "services/api"; "" for a project at the repository root
    std::string config_path;  // "services/api/.forge/project.cue"
    boost::json::value config;  // the evaluated project (the file alone when the schema rejected it)
    std::vector<problem> problems;
    text_position name_position;  // where `name:` is written; invalid when it is not
};

// Parses and evaluates one project.cue against #Project and runs the project checks. `repo` may be
// null when repo.cue is broken.
project_analysis analyse_project(std::string dir, std::string config_path, std::string text, const repo_config *repo);

boost::json::value to_json(const project_analysis &a);
// nullopt when `v` is not a cache entry of this format.
std::optional<project_analysis> analysis_from_json(const boost::json::value &v);

}  // namespace forge::discovery
