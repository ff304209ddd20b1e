// Rendering a project's deploy resources for a release: `@artifact("<name>").<field>` placeholders
// (kept by discovery as "@artifact(<name>).<field>") replaced by the artifact's data, each object
// emitted as its own YAML file with a deterministic name: NN-<kind>-<metadata.name>.yaml (NN the
// object's position in deploy.resources, from 00), lowercased, other characters as '-'.
#pragma once

#include <boost/json/array.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "oci/release_image.hpp"

namespace forge::release {

// Per artifact: field -> value ("image", "uri", "digest", "published", ...).
using artifact_fields = std::map<std::string, std::map<std::string, std::string>>;

struct render_options {
    // true: a placeholder naming an unknown artifact or field is an error. false (preview): it is
    // left as it is.
    bool require_all = true;
};

// Errors name the object and field: "deploy.resources[1].spec.image: ...".
result<std::vector<oci::resource_file>> render_resources(const boost::json::array &resources,
                                                         const artifact_fields &artifacts,
                                                         const render_options &options = {});

// The rendered files as one multi-document YAML stream ("# <file>" comment before each).
std::string resources_stream(const std::vector<oci::resource_file> &files);

}  // namespace forge::release
