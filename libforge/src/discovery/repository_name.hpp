// The repository's short name used in project ids, image and GitOps paths: repo.cue's `name`, else
// the last path component of the origin remote without ".git", else the directory's name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace forge::discovery {

// "https://github.com/acme/mono.git" -> "mono"; "git@host:acme/mono" -> "mono"; "/srv/x.git/" -> "x".
std::string name_from_url(std::string_view url);

std::string repository_short_name(const std::optional<std::string> &configured, const std::optional<std::string> &origin_url,
                                  std::string_view directory);

}  // namespace forge::discovery
