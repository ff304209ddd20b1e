// What follows a successful pipeline in `forge run`, the rest of the main job: release every
// project whose release triggered (artifacts, tracking images, release image), then deploy each
// fresh release to the environments whose policy deploys automatically (by default dev) by
// committing its ReleasePointer to the GitOps repository.
//
// Embedded defaults, all under the state directory: releases in the OCI layout oci:<state>/oci,
// the GitOps repository <state>/gitops.git (a bare repository created on first use) and its
// clone in <state>/gitops.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/local_run.hpp"

namespace forge::delivery {

struct delivery_options {
    std::filesystem::path state_dir;  // required
    std::string registry;             // host[:port][/prefix] or oci:DIR; empty: repo.cue, else oci:<state>/oci
    std::string gitops;               // path or URL; empty: <state>/gitops.git
    std::string gitops_branch = "main";
    bool deploy = true;  // false: release only
    // Receives "release.created" and "deploy.finished" events (JSON objects, serialised).
    std::function<void(const std::string &event_json)> on_event;
};

// The release stage and, with options.deploy, the deploy stage, for local_run_options::post_run.
std::vector<pipeline::post_run_stage> delivery_stages(const delivery_options &options);

// <state>/gitops.git, created (bare, with `branch`) when missing.
result<std::string> default_gitops_repository(const std::filesystem::path &state_dir, const std::string &branch);

}  // namespace forge::delivery
