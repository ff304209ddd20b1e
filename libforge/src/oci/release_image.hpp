// The release image of spec.md §7 as data (pushing is the registry client's job):
//   <release-registry>/<repository>/<project>:<commit-sha>
//   artifactType application/vnd.forge.release.v1, config per config_style (image.hpp)
//   layer 0: application/vnd.forge.release.metadata.v1+json   (org.catalyst-forge.layer.type: metadata)
//   layer 1: application/vnd.forge.release.resources.v1+tar   (org.catalyst-forge.layer.type: resources)
// Everything is canonical JSON or deterministic tar: equal inputs give an equal manifest digest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oci/image.hpp"

namespace forge::oci {

struct release_aliases {
    std::optional<std::int64_t> numeric;
    std::optional<std::string> tag;     // a git tag, e.g. v1.2.3
    std::optional<std::string> branch;  // <branch>-<n>
};

// An artifact the release deploys: its tracking image and that image's manifest digest.
struct release_artifact_ref {
    std::string name;
    std::string tracking_image;  // <tracking-registry>/<repository>/<project>/<artifact>:sha-<commit>
    oci::digest tracking_digest;
};

struct release_metadata {
    std::string repository;  // short name
    std::string project;
    std::int64_t number = 0;  // per (repository, project), from 1, no gaps
    release_aliases aliases;
    std::string trigger;                     // what started it: "branch", "tag" or "manual"
    std::optional<std::string> trigger_ref;  // e.g. refs/heads/main
    std::string source_url;                  // the repository's origin (may be empty)
    std::string commit;                      // full commit sha
    std::vector<release_artifact_ref> artifacts;
    std::optional<std::string> created;  // RFC 3339; only when the caller wants it recorded
};

// A rendered Kubernetes manifest: file name (deterministic, *.yaml or *.yml) and YAML text.
struct resource_file {
    std::string name;
    std::string yaml;
};

struct release_image_options {
    oci::config_style config_style = oci::config_style::empty;
    std::int64_t mtime = 0;  // tar mtime: 0 or SOURCE_DATE_EPOCH
};

result<std::string> release_metadata_json(const release_metadata &metadata);
result<blob> release_metadata_layer(const release_metadata &metadata);
result<blob> release_resources_layer(std::vector<resource_file> files, std::int64_t mtime = 0);
result<image> build_release_image(const release_metadata &metadata, std::vector<resource_file> files,
                                  const release_image_options &options = {});

}  // namespace forge::oci
