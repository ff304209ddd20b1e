// Producing and publishing a project's artifacts at release time, and their tracking images
// (spec.md §7, docs/releases.md):
//  - producers read what the producer step left at producer.path (relative to the project's
//    folder): a container as an OCI image layout directory, a binary as a file, an archive as a
//    file;
//  - publishers: `docker` pushes a container image to <images>/<repo>/<project>/<artifact>:<commit>;
//    `s3` puts a binary or archive into the context's object store under
//    [<prefix>/]<repo>/<project>/<artifact>/<commit>/<file name>. Both are idempotent (the same
//    content again changes nothing). github, pypi, crate and npm are refused as not supported yet;
//  - the tracking image <tracking>/<repo>/<project>/<artifact>:sha-<commit> (metadata, SBOM,
//    in-toto provenance) is pushed last.
#pragma once

#include <boost/json/object.hpp>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "context/context.hpp"
#include "core/error.hpp"
#include "discovery/config_model.hpp"
#include "oci/release_image.hpp"
#include "release/image_store.hpp"

namespace forge::release {

struct artifact_job {
    std::string repository;  // short name
    std::string project;
    std::string commit;
    std::string run_id;
    std::string source_url;
    std::optional<std::string> source_ref;
    std::filesystem::path project_dir;                              // the producer's path is relative to this folder
    std::map<std::string, std::string> publisher_types;             // repo.cue publishers: name -> type
    std::map<std::string, boost::json::object> publisher_settings;  // name -> block
};

struct published_artifact {
    std::string name;
    std::string type;
    std::vector<std::string> locations;  // where publishers put it (image@digest, s3://...)
    oci::digest content_digest;          // of the container manifest or the file
    std::string tracking_image;          // reference with tag sha-<commit>
    oci::descriptor tracking_manifest;

    // The fields @artifact("name").<field> resolves to.
    std::map<std::string, std::string> fields() const;
    oci::release_artifact_ref ref() const;
};

// The image repository path of an artifact: <repo>/<project>/<artifact>.
std::string artifact_path(const artifact_job &job, const std::string &artifact);

// Produces, publishes and tracks one artifact. images: where `docker` publishers push; tracking:
// where the tracking image goes.
result<published_artifact> publish_artifact(context &ctx, const artifact_job &job, const discovery::artifact_def &def,
                                            image_store &images, image_store &tracking);

}  // namespace forge::release
