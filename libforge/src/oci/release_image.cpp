#include "oci/release_image.hpp"

#include <boost/json.hpp>

#include "oci/canonical_json.hpp"
#include "oci/media_types.hpp"
#include "oci/tar_path.hpp"
#include "oci/tar_writer.hpp"

namespace forge::oci {

namespace json = boost::json;

namespace {
status_result require(const std::string &value, const char *field) {
    if (value.empty())
        return make_error(status::invalid, std::string("release metadata: field ") + field + " is required");
    return {};
}
}  // namespace

result<std::string> release_metadata_json(const release_metadata &m) {
    FORGE_TRY(require(m.repository, "repository"));
    FORGE_TRY(require(m.project, "project"));
    FORGE_TRY(require(m.commit, "commit"));
    FORGE_TRY(require(m.trigger, "trigger"));
    if (m.number < 1) return make_error(status::invalid, "release metadata: field number must be at least 1");

    json::object aliases;
    if (m.aliases.numeric) aliases["numeric"] = *m.aliases.numeric;
    if (m.aliases.tag) aliases["tag"] = *m.aliases.tag;
    if (m.aliases.branch) aliases["branch"] = *m.aliases.branch;
    json::object trigger{{"kind", m.trigger}};
    if (m.trigger_ref) trigger["ref"] = *m.trigger_ref;
    json::array artifacts;
    for (std::size_t i = 0; i < m.artifacts.size(); ++i) {
        const auto &a = m.artifacts[i];
        const std::string field = "release metadata: field artifacts[" + std::to_string(i) + "]";
        if (a.name.empty() || a.tracking_image.empty() || !a.tracking_digest.is_set())
            return make_error(status::invalid, field + " needs name, image and digest");
        artifacts.push_back(
            json::object{{"name", a.name}, {"image", a.tracking_image}, {"digest", a.tracking_digest.str()}});
    }
    json::object doc{
        {"apiVersion", "forge.projectcatalyst.io/v1alpha1"},
        {"kind", "ReleaseMetadata"},
        {"repository", m.repository},
        {"project", m.project},
        {"number", m.number},
        {"aliases", std::move(aliases)},
        {"trigger", std::move(trigger)},
        {"source", json::object{{"repository", m.source_url}, {"commit", m.commit}}},
        {"artifacts", std::move(artifacts)},
    };
    if (m.created) doc["created"] = *m.created;
    return canonical_json(doc);
}

result<blob> release_metadata_layer(const release_metadata &metadata) {
    FORGE_TRY_ASSIGN(std::string bytes, release_metadata_json(metadata));
    return make_layer(
        media_type::release_metadata, std::move(bytes),
        {{std::string(annotation::layer_type), "metadata"}, {std::string(annotation::title), "metadata.json"}});
}

result<blob> release_resources_layer(std::vector<resource_file> files, std::int64_t mtime) {
    std::vector<tar_file> entries;
    entries.reserve(files.size());
    for (auto &f : files) {
        if (!has_yaml_extension(f.name))
            return make_error(status::invalid, "resource file \"" + f.name + "\": name must end in .yaml or .yml");
        entries.push_back(tar_file{std::move(f.name), std::move(f.yaml)});
    }
    FORGE_TRY_ASSIGN(std::string bytes, write_deterministic_tar(std::move(entries), tar_write_options{mtime}));
    return make_layer(
        media_type::release_resources, std::move(bytes),
        {{std::string(annotation::layer_type), "resources"}, {std::string(annotation::title), "resources.tar"}});
}

result<image> build_release_image(const release_metadata &metadata, std::vector<resource_file> files,
                                  const release_image_options &options) {
    FORGE_TRY_ASSIGN(blob meta, release_metadata_layer(metadata));
    FORGE_TRY_ASSIGN(blob resources, release_resources_layer(std::move(files), options.mtime));
    FORGE_TRY_ASSIGN(blob config, artifact_config(options.config_style, media_type::release_artifact));
    annotations_map annotations{{std::string(annotation::revision), metadata.commit}};
    if (!metadata.source_url.empty()) annotations.emplace(std::string(annotation::source), metadata.source_url);
    if (metadata.created) annotations.emplace(std::string(annotation::created), *metadata.created);
    std::vector<blob> layers;
    layers.push_back(std::move(meta));
    layers.push_back(std::move(resources));
    return assemble_image(media_type::release_artifact, std::move(config), std::move(layers), std::move(annotations));
}

}  // namespace forge::oci
