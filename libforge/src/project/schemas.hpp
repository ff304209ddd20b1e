// The platform schemas (CUE, package schema) embedded in libforge: #Repo, #Project, the XR kinds,
// #ReleasePointer and #EnvironmentConfig. Discovery unifies configuration with them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace forge::project {

// Every schema file as (file name, CUE text), e.g. ("repo.cue", "package schema ...").
const std::vector<std::pair<std::string_view, std::string_view>> &embedded_schema_files();

// One schema file by name, with or without ".cue" ("repo", "xr.cue"); not_found lists the names.
result<std::string_view> schema_file(std::string_view name);

// All schema files concatenated in one package text, for a quick `forge schema print`.
std::string all_schemas();

}  // namespace forge::project
