// Builds the pipeline DAG from the repository's phases and its projects: phase groups in ascending
// order (phases of a group in repo.cue's order), one task per project that lists steps in a phase
// (projects by path), steps in order with their timeout resolved (step, else phase, else 30m).
#pragma once

#include <vector>

#include "discovery/discovery_result.hpp"
#include "pipeline/dag.hpp"

namespace forge::discovery {

pipeline::dag build_dag(const repo_config &repo, const std::vector<discovered_project> &projects);

}  // namespace forge::discovery
