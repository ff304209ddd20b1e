// Names and paths of the GitOps repository (spec.md §8): <env>/apps/<repo>/<project>/release.yaml,
// and the rule that a project folder holds only release.yaml and env.yaml.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace forge::gitops {

// The #Name rule of the CUE schemas: [a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?. `what` names the field
// in the error ("environment", "repository", "project").
status_result check_name(std::string_view name, std::string_view what);

// A full lowercase 40-hex commit SHA.
bool is_commit_sha(std::string_view text);

// <env>/apps/<repo>/<project>
std::string project_folder(std::string_view env, std::string_view repo, std::string_view project);
// <env>/apps/<repo>/<project>/release.yaml
std::string pointer_path(std::string_view env, std::string_view repo, std::string_view project);

// A path written into the GitOps repository must not put anything but release.yaml and env.yaml
// in a project folder (nor anything deeper). status::invalid naming the path otherwise.
status_result check_writable_path(std::string_view path);

// "<repo>/<project>" split and checked.
struct project_ref {
    std::string repo;
    std::string project;
    std::string str() const { return repo + "/" + project; }
};
result<project_ref> parse_project_ref(std::string_view text);

}  // namespace forge::gitops
