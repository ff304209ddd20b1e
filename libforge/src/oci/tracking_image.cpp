#include "oci/tracking_image.hpp"

#include <boost/json.hpp>

#include "oci/canonical_json.hpp"
#include "oci/media_types.hpp"

namespace forge::oci {

namespace json = boost::json;

result<std::string> artifact_metadata_json(const artifact_metadata &m) {
    const std::pair<const char *, const std::string *> required[] = {
        {"name", &m.name},        {"type", &m.type},     {"repository", &m.repository},
        {"project", &m.project},  {"commit", &m.commit}, {"pipeline_run", &m.pipeline_run},
        {"producer", &m.producer}};
    for (const auto &[field, value] : required)
        if (value->empty())
            return make_error(status::invalid, std::string("artifact metadata: field ") + field + " is required");
    if (m.type != "container" && m.type != "binary" && m.type != "archive")
        return make_error(status::invalid,
                          "artifact metadata: field type must be container, binary or archive, got \"" + m.type + "\"");
    json::array locations;
    for (const auto &l : m.locations) locations.emplace_back(l);
    json::object timestamps;
    if (m.started_at) timestamps["started"] = *m.started_at;
    if (m.finished_at) timestamps["finished"] = *m.finished_at;
    json::object doc{
        {"apiVersion", "forge.projectcatalyst.io/v1alpha1"},
        {"kind", "ArtifactMetadata"},
        {"name", m.name},
        {"type", m.type},
        {"repository", m.repository},
        {"project", m.project},
        {"commit", m.commit},
        {"locations", std::move(locations)},
        {"pipelineRun", m.pipeline_run},
        {"producer", m.producer},
        {"timestamps", std::move(timestamps)},
    };
    return canonical_json(doc);
}

result<image> build_tracking_image(const artifact_metadata &metadata, const sbom_document &sbom,
                                   const provenance &attestation, const tracking_image_options &options) {
    FORGE_TRY_ASSIGN(std::string meta, artifact_metadata_json(metadata));
    FORGE_TRY_ASSIGN(std::string sbom_bytes, syft_sbom_json(sbom));
    FORGE_TRY_ASSIGN(std::string statement, in_toto_statement_json(attestation));
    FORGE_TRY_ASSIGN(blob config, artifact_config(options.config_style, media_type::artifact_tracking));
    const std::string type_key(annotation::layer_type);
    const std::string title_key(annotation::title);
    std::vector<blob> layers;
    layers.push_back(make_layer(media_type::artifact_metadata, std::move(meta),
                                {{type_key, "metadata"}, {title_key, "metadata.json"}}));
    layers.push_back(
        make_layer(media_type::syft_sbom, std::move(sbom_bytes), {{type_key, "sbom"}, {title_key, "sbom.syft.json"}}));
    layers.push_back(make_layer(media_type::in_toto, std::move(statement),
                                {{type_key, "provenance"}, {title_key, "provenance.intoto.json"}}));
    annotations_map annotations{{std::string(annotation::revision), metadata.commit}};
    return assemble_image(media_type::artifact_tracking, std::move(config), std::move(layers), std::move(annotations));
}

}  // namespace forge::oci
