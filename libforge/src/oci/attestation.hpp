// The SBOM and provenance documents of an artifact tracking image, with the field names of the
// real formats so that standard tools can read them:
//  - SBOM: syft JSON (application/vnd.syft+json) — artifacts[] (name, version?, type, locations,
//    metadata.digests), files[] (location, digests), source, descriptor, schema.
//  - Provenance: in-toto Statement v1 (application/vnd.in-toto+json) with an SLSA provenance v1
//    predicate — buildDefinition (buildType, externalParameters, resolvedDependencies) and
//    runDetails (builder.id, metadata.invocationId/startedOn/finishedOn). Unsigned for now.
// Both are canonical JSON: equal inputs give equal bytes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oci/digest.hpp"

namespace forge::oci {

// One component of the SBOM: a file of a binary or archive artifact, or a layer of a container.
struct sbom_component {
    std::string name;
    std::optional<std::string> version;
    std::string type;                    // syft package type, e.g. "binary"
    std::vector<std::string> locations;  // paths (or layer digests) where it was found
    oci::digest digest;                  // sha256 of its content
};

struct sbom_document {
    std::string source_name;  // the artifact
    std::optional<std::string> source_version;
    std::string source_type = "file";  // syft source type: "file", "directory" or "image"
    std::vector<sbom_component> components;
};

result<std::string> syft_sbom_json(const sbom_document &doc);

struct provenance_subject {
    std::string name;
    oci::digest digest;
};

struct provenance {
    std::vector<provenance_subject> subjects;
    std::string build_type = "https://forge.projectcatalyst.io/buildtypes/run/v1";
    std::string builder_id;                 // e.g. https://forge.projectcatalyst.io/builders/embedded@v0.1.0
    std::string source_repository;          // the repository URL
    std::string source_commit;              // full sha
    std::optional<std::string> source_ref;  // e.g. refs/heads/main
    std::string run_id;                     // pipeline run: runDetails.metadata.invocationId
    std::map<std::string, std::string> external_parameters;  // e.g. project, artifact
    std::optional<std::string> started_on;                   // RFC 3339
    std::optional<std::string> finished_on;                  // RFC 3339
};

result<std::string> in_toto_statement_json(const provenance &p);

}  // namespace forge::oci
