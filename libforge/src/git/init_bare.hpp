// Creating an empty bare repository (the embedded default GitOps repository under the state dir).
#pragma once

#include <filesystem>
#include <string_view>

#include "core/error.hpp"

namespace forge::git {

// Creates an empty bare repository at `dir` whose HEAD names refs/heads/<branch>. Nothing is done
// (and created is false) when `dir` already holds a repository; status::invalid when `dir` exists
// and is something else.
result<bool> init_bare_repository(const std::filesystem::path &dir, std::string_view branch);

}  // namespace forge::git
