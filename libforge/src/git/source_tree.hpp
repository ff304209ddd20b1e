// What discovery reads a repository through: files by path and the locations of projects. Two
// implementations: a commit's tree (read straight from the object database, no checkout) and a
// work tree (the files on disk, uncommitted and untracked-but-not-ignored ones included).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "git/object_id.hpp"

namespace forge::git {

// Where a project lives: `<dir>/.forge/project.cue`.
struct project_location {
    std::string dir;          // "services/api"; "" for a project at the repository root
    std::string config_path;  // "services/api/.forge/project.cue"
    // Changes exactly when something under <dir>/.forge changes, so discovery can key cached
    // evaluations by it. For a commit it is the git tree id of <dir>/.forge; for a work tree it is
    // a fingerprint of the paths and contents under it (the tree id git would compute for the same
    // files is not promised).
    object_id forge_tree;
};

class source_tree {
  public:
    virtual ~source_tree() = default;

    // Contents of the file at `path` (relative, '/'-separated). not_found names the path and source.
    virtual result<std::string> read(std::string_view path) const = 0;
    // Every `.forge/project.cue`, sorted by path.
    virtual result<std::vector<project_location>> find_projects() const = 0;
    // "commit 1a2b3c4d5e6f of /path/repo" or "work tree /path/repo": for messages.
    virtual std::string describe() const = 0;
};

}  // namespace forge::git
