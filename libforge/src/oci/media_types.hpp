// Media types and annotation keys of the OCI image spec and of Catalyst Forge's own images
// (spec.md §7, docs/oci.md).
#pragma once

#include <string_view>

namespace forge::oci::media_type {

inline constexpr std::string_view image_manifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view image_index = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view image_config = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view empty = "application/vnd.oci.empty.v1+json";
inline constexpr std::string_view layer_tar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view layer_tar_gzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view docker_manifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view docker_manifest_list = "application/vnd.docker.distribution.manifest.list.v2+json";

// Catalyst Forge release image (artifactType and its two layers).
inline constexpr std::string_view release_artifact = "application/vnd.forge.release.v1";
inline constexpr std::string_view release_metadata = "application/vnd.forge.release.metadata.v1+json";
inline constexpr std::string_view release_resources = "application/vnd.forge.release.resources.v1+tar";

// Catalyst Forge artifact tracking image (artifactType and its three layers).
inline constexpr std::string_view artifact_tracking = "application/vnd.forge.artifact.v1";
inline constexpr std::string_view artifact_metadata = "application/vnd.forge.artifact.metadata.v1+json";
inline constexpr std::string_view syft_sbom = "application/vnd.syft+json";
inline constexpr std::string_view in_toto = "application/vnd.in-toto+json";

}  // namespace forge::oci::media_type

namespace forge::oci::annotation {

inline constexpr std::string_view ref_name = "org.opencontainers.image.ref.name";
inline constexpr std::string_view title = "org.opencontainers.image.title";
inline constexpr std::string_view revision = "org.opencontainers.image.revision";
inline constexpr std::string_view source = "org.opencontainers.image.source";
inline constexpr std::string_view created = "org.opencontainers.image.created";
inline constexpr std::string_view layer_type = "org.catalyst-forge.layer.type";
inline constexpr std::string_view artifact_type = "org.catalyst-forge.artifact-type";

}  // namespace forge::oci::annotation
