// The URL a repository's remote points at (e.g. to name the repository after its origin).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "git/repository.hpp"

namespace forge::git {

// nullopt when there is no such remote. The URL is returned as configured (it may hold
// credentials: callers must not print it unredacted).
result<std::optional<std::string>> remote_url(const repository &repo, std::string_view remote = "origin");

}  // namespace forge::git
