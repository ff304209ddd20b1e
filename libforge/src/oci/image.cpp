#include "oci/image.hpp"

#include "oci/media_types.hpp"

namespace forge::oci {

const blob *image::find_blob(const digest &d) const {
    for (const auto &b : blobs)
        if (b.desc.digest == d) return &b;
    return nullptr;
}

descriptor empty_descriptor() {
    descriptor d = descriptor::of(media_type::empty, empty_json);
    return d;
}

result<blob> artifact_config(config_style style, std::string_view artifact_type) {
    if (style == config_style::empty) return blob{empty_descriptor(), std::string(empty_json)};
    image_config config;
    config.architecture = "unknown";
    config.os = "unknown";
    config.labels.emplace(std::string(annotation::artifact_type), std::string(artifact_type));
    FORGE_TRY_ASSIGN(std::string bytes, encode(config));
    descriptor d = descriptor::of(media_type::image_config, bytes);
    return blob{std::move(d), std::move(bytes)};
}

blob make_layer(std::string_view media_type, std::string bytes, annotations_map annotations) {
    descriptor d = descriptor::of(media_type, bytes);
    d.annotations = std::move(annotations);
    return blob{std::move(d), std::move(bytes)};
}

result<image> assemble_image(std::string_view artifact_type, blob config, std::vector<blob> layers,
                             annotations_map manifest_annotations) {
    image img;
    img.manifest.artifact_type = std::string(artifact_type);
    img.manifest.config = config.desc;
    for (const auto &layer : layers) img.manifest.layers.push_back(layer.desc);
    img.manifest.annotations = std::move(manifest_annotations);
    FORGE_TRY_ASSIGN(img.manifest_bytes, encode(img.manifest));
    img.manifest_descriptor = descriptor::of(media_type::image_manifest, img.manifest_bytes);
    img.manifest_descriptor.artifact_type = std::string(artifact_type);
    img.blobs.push_back(std::move(config));
    for (auto &layer : layers) img.blobs.push_back(std::move(layer));
    return img;
}

namespace {
status_result check_blob(const descriptor &d, std::string_view bytes, const std::string &what) {
    if (static_cast<std::int64_t>(bytes.size()) != d.size)
        return make_error(status::integrity, what + " " + d.digest.str() + ": size is " + std::to_string(bytes.size()) +
                                                 " bytes, descriptor says " + std::to_string(d.size));
    const digest actual = digest::of(bytes);
    if (actual != d.digest)
        return make_error(status::integrity, what + " " + d.digest.str() + ": content has digest " + actual.str());
    return {};
}
}  // namespace

status_result verify_image(const image &img) {
    FORGE_TRY(check_blob(img.manifest_descriptor, img.manifest_bytes, "manifest"));
    auto check_named = [&](const descriptor &d, const std::string &what) -> status_result {
        const blob *b = img.find_blob(d.digest);
        if (!b) return make_error(status::integrity, what + " " + d.digest.str() + " is missing from the image");
        return check_blob(d, b->bytes, what);
    };
    FORGE_TRY(check_named(img.manifest.config, "config"));
    for (std::size_t i = 0; i < img.manifest.layers.size(); ++i)
        FORGE_TRY(check_named(img.manifest.layers[i], "layers[" + std::to_string(i) + "]"));
    return {};
}

}  // namespace forge::oci
