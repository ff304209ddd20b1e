// The files of a commit written into a directory, so that a run at a commit executes exactly what
// was discovered (never the work tree's uncommitted changes).
#pragma once

#include <filesystem>

#include "core/error.hpp"
#include "git/repository.hpp"

namespace forge::pipeline {

// Writes every file of `commit` under `dir` (created; must not exist or be empty): regular and
// executable files with their mode, symbolic links as links, submodules as empty directories.
status_result check_out(const git::repository &repo, const git::object_id &commit, const std::filesystem::path &dir);

}  // namespace forge::pipeline
