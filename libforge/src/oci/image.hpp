// An image held in memory: its manifest (parsed and as canonical bytes) and every blob it names.
// Builders (release_image, tracking_image) produce one; image_layout writes and reads them; the
// registry client pushes and pulls them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "oci/types.hpp"

namespace forge::oci {

struct blob {
    descriptor desc;
    std::string bytes;
};

struct image {
    descriptor manifest_descriptor;  // mediaType, digest and size of manifest_bytes
    std::string manifest_bytes;
    image_manifest manifest;
    std::vector<blob> blobs;  // the config first, then the layers in manifest order

    const blob *find_blob(const digest &d) const;
};

// How an artifact image spells its config (docs/oci.md, "Config"):
//  - empty: OCI 1.1 — config is the empty descriptor ({} as application/vnd.oci.empty.v1+json) and
//    the manifest's artifactType names the artifact. The default.
//  - image_config: for registries that refuse the empty media type or an unknown config type — a
//    minimal application/vnd.oci.image.config.v1+json (architecture/os "unknown", no diff_ids) whose
//    config.Labels carry org.catalyst-forge.artifact-type; the manifest keeps artifactType too.
enum class config_style { empty, image_config };

// The empty descriptor of the OCI 1.1 spec: "{}" with sha256:44136fa3...aaff8a, size 2.
descriptor empty_descriptor();
inline constexpr std::string_view empty_json = "{}";

// The config blob for an artifact of the given type in the given style.
result<blob> artifact_config(config_style style, std::string_view artifact_type);

// A layer blob with optional annotations.
blob make_layer(std::string_view media_type, std::string bytes, annotations_map annotations = {});

// Ties config and layers into a manifest with canonical bytes. Deterministic: equal inputs give
// equal manifest digests.
result<image> assemble_image(std::string_view artifact_type, blob config, std::vector<blob> layers,
                             annotations_map manifest_annotations);

// Checks that every blob matches its descriptor (digest and size) and that the manifest names
// exactly those blobs: status::integrity on a mismatch.
status_result verify_image(const image &img);

}  // namespace forge::oci
