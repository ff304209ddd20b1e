// The checks of a project that the schema cannot express: phases and publishers must exist in
// repo.cue, branch patterns must be valid RE2, @artifact must name a declared artifact, at most 50
// artifacts, producers must be steps of the project, and an unknown XR kind gets a plain message.
#pragma once

#include <string>
#include <vector>

#include "discovery/config_file.hpp"
#include "discovery/config_model.hpp"
#include "discovery/problem.hpp"

namespace forge::discovery {

inline constexpr std::size_t max_artifacts_per_project = 50;

// `schema_problems` (with their CUE paths) are the engine's; the result holds those that remain
// useful plus discovery's own, sorted by position. `repo` is null when repo.cue itself is broken
// (then the checks against it are skipped).
std::vector<problem> check_project(const config_file &file, const project_config &project, const repo_config *repo,
                                   const std::vector<problem> &schema_problems,
                                   const std::vector<std::string> &schema_paths);

// The XR kinds of forge.projectcatalyst.io/v1alpha1, sorted.
const std::vector<std::string> &xr_kinds();

// `"name"` quoted as a CUE path label.
std::string quoted_label(std::string_view name);

}  // namespace forge::discovery
