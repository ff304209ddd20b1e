// The artifact tracking image of spec.md §7 as data:
//   <tracking-registry>/<repository>/<project>/<artifact>:sha-<commit-sha>
//   artifactType application/vnd.forge.artifact.v1, config per config_style (image.hpp)
//   layer 0: application/vnd.forge.artifact.metadata.v1+json  (layer.type: metadata)
//   layer 1: application/vnd.syft+json                         (layer.type: sbom)
//   layer 2: application/vnd.in-toto+json                      (layer.type: provenance)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oci/attestation.hpp"
#include "oci/image.hpp"

namespace forge::oci {

struct artifact_metadata {
    std::string name;
    std::string type;  // "container", "binary" or "archive"
    std::string repository;
    std::string project;
    std::string commit;
    std::vector<std::string> locations;  // where the publishers put it
    std::string pipeline_run;
    std::string producer;                    // the producer that built it
    std::optional<std::string> started_at;   // RFC 3339
    std::optional<std::string> finished_at;  // RFC 3339
};

result<std::string> artifact_metadata_json(const artifact_metadata &metadata);

struct tracking_image_options {
    oci::config_style config_style = oci::config_style::empty;
};

result<image> build_tracking_image(const artifact_metadata &metadata, const sbom_document &sbom,
                                   const provenance &attestation, const tracking_image_options &options = {});

}  // namespace forge::oci
