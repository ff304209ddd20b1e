// The OCI image-spec documents libforge reads and writes: descriptors, image manifests, image
// indexes and (minimal) image configs, with JSON in both directions.
//
// Reading validates and names the offending field ("manifest: layers[1].digest: ..."); unknown
// fields are ignored as the spec requires. Writing produces canonical JSON (canonical_json.hpp),
// so equal documents always have equal digests.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "oci/digest.hpp"

namespace forge::oci {

using annotations_map = std::map<std::string, std::string>;

struct platform {
    std::string architecture;
    std::string os;
    std::optional<std::string> os_version;
    std::vector<std::string> os_features;
    std::optional<std::string> variant;
};

struct descriptor {
    std::string media_type;
    oci::digest digest;
    std::int64_t size = 0;
    std::vector<std::string> urls;
    annotations_map annotations;
    std::optional<std::string> artifact_type;
    std::optional<oci::platform> platform;
    std::optional<std::string> data;  // base64 of the content, when embedded

    // The descriptor of the given bytes.
    static descriptor of(std::string_view media_type, std::string_view bytes);
};

struct image_manifest {
    std::string media_type{"application/vnd.oci.image.manifest.v1+json"};
    std::optional<std::string> artifact_type;
    descriptor config;
    std::vector<descriptor> layers;
    std::optional<descriptor> subject;
    annotations_map annotations;
};

struct image_index {
    std::string media_type{"application/vnd.oci.image.index.v1+json"};
    std::optional<std::string> artifact_type;
    std::vector<descriptor> manifests;
    std::optional<descriptor> subject;
    annotations_map annotations;
};

// The part of application/vnd.oci.image.config.v1+json that libforge uses.
struct image_config {
    std::string architecture;
    std::string os;
    std::optional<std::string> created;
    std::map<std::string, std::string> labels;  // config.Labels
    std::vector<oci::digest> diff_ids;          // rootfs.diff_ids (rootfs.type is "layers")
};

// RFC 6838 type/subtype (with the restricted name characters), no parameters.
bool is_valid_media_type(std::string_view value);

// ---- JSON: reading (validating) ----
result<descriptor> descriptor_from_json(const boost::json::value &v, const std::string &field);
result<image_manifest> image_manifest_from_json(const boost::json::value &v);
result<image_index> image_index_from_json(const boost::json::value &v);
result<image_config> image_config_from_json(const boost::json::value &v);

// From raw bytes (the document as stored or served).
result<image_manifest> parse_image_manifest(std::string_view bytes);
result<image_index> parse_image_index(std::string_view bytes);
result<image_config> parse_image_config(std::string_view bytes);

// ---- JSON: writing ----
boost::json::value to_json(const descriptor &d);
boost::json::value to_json(const image_manifest &m);
boost::json::value to_json(const image_index &i);
boost::json::value to_json(const image_config &c);

// Canonical bytes; writing validates first (status::invalid naming the field).
result<std::string> encode(const image_manifest &m);
result<std::string> encode(const image_index &i);
result<std::string> encode(const image_config &c);

// Checks the rules of the spec that the types alone do not enforce.
status_result validate(const descriptor &d, const std::string &field);
status_result validate(const image_manifest &m);
status_result validate(const image_index &i);

}  // namespace forge::oci
