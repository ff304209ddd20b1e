// The release step of a run (and of `forge release create`): for every project of a discovery
// whose release triggered (or the projects asked for), produce and publish its artifacts, push
// their tracking images, render its deploy resources and push the release image.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "context/context.hpp"
#include "core/error.hpp"
#include "discovery/discovery_result.hpp"
#include "release/image_store.hpp"
#include "release/releases.hpp"
#include "release/render.hpp"

namespace forge::release {

struct release_options {
    // Where releases go: `host[:port][/prefix]` or `oci:DIR` (--registry, FORGE_REGISTRY, the
    // context's `registry` key). Empty: repo.cue `registries` when set, else oci:<state_dir>/oci.
    std::string registry;
    std::filesystem::path state_dir;  // for the embedded default
    // The checkout the pipeline's steps ran in: producer paths are <work_dir>/<project dir>/<path>.
    // Empty: the discovery's repository path.
    std::filesystem::path work_dir;
    std::string run_id;  // recorded in tracking images; empty: "release-<commit>"
    // Only these projects; with `force` they are released even when no trigger fired
    // (`forge release create`). Empty: every project whose release triggered.
    std::vector<std::string> projects;
    bool force = false;
    std::optional<std::string> created;  // RFC 3339 creation time to record (breaks reproducibility)
};

// Where release and tracking images (and docker-published containers) go for a discovery.
struct release_locations {
    std::string release;   // oci:DIR or host[:port][/prefix]
    std::string tracking;  // likewise
};
result<release_locations> choose_locations(const discovery::discovery_result &d, const release_options &options);

// The entry point `forge run` calls after a successful pipeline. Projects are released in
// discovery order; the first failure stops (releases already created stay: they are valid).
// A project already released for this commit fails with status::conflict.
result<std::vector<created_release>> release_projects(context &ctx, const discovery::discovery_result &d,
                                                      const release_options &options);

// What the release of one project would contain, without producing or pushing anything:
// @artifact(...).image/uri resolve to the tracking references the release would use; fields that
// need the built artifact (digest, published) stay placeholders.
result<std::vector<oci::resource_file>> render_project(const discovery::discovery_result &d, std::string_view project,
                                                       const release_options &options);

}  // namespace forge::release
