// Finds the projects of a commit like repository::find_projects, but reuses what an earlier walk
// learnt: for every directory tree it entered, the projects below it, keyed by the tree's id. A
// subtree whose id is known is not entered again, so after a commit that changes one project only
// the trees on the path to it are read (git gives a changed directory a new id, and every other
// directory keeps its id).
#pragma once

#include <vector>

#include "core/error.hpp"
#include "discovery/evaluation_cache.hpp"
#include "git/repository.hpp"

namespace forge::discovery {

result<std::vector<git::project_location>> find_projects_incremental(const git::repository &repo,
                                                                     const git::object_id &commit,
                                                                     evaluation_cache &cache);

}  // namespace forge::discovery
