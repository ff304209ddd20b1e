#include "release/docker_archive.hpp"

#include <boost/json.hpp>
#include <map>

#include "oci/media_types.hpp"
#include "oci/tar_reader.hpp"

namespace forge::release {

namespace json = boost::json;

result<oci::image> image_from_docker_archive(std::string_view tarball) {
    oci::tar_read_limits limits;
    limits.max_total_bytes = std::uint64_t(4) << 30;
    limits.max_entry_bytes = std::uint64_t(4) << 30;
    limits.allow_directories = true;
    limits.path.max_components = 64;
    auto entries = oci::read_untrusted_tar(tarball, limits);
    if (!entries) return std::move(entries).err().wrap("docker archive");
    std::map<std::string, const std::string *> files;
    for (const auto &e : *entries) files[e.path] = &e.content;
    auto file = [&](const std::string &path) -> result<const std::string *> {
        auto it = files.find(path);
        if (it == files.end()) return make_error(status::invalid, "docker archive: " + path + " is missing");
        return it->second;
    };
    FORGE_TRY_ASSIGN(const std::string *manifest_text, file("manifest.json"));
    boost::system::error_code ec;
    json::value manifest = json::parse(*manifest_text, ec);
    if (ec || !manifest.is_array() || manifest.as_array().empty())
        return make_error(status::invalid, "docker archive: manifest.json is not a non-empty JSON array");
    if (manifest.as_array().size() > 1)
        return make_error(status::unsupported, "docker archive: it holds several images; save one image per artifact");
    const auto *entry = manifest.as_array()[0].if_object();
    const json::value *config_path = entry != nullptr ? entry->if_contains("Config") : nullptr;
    const json::value *layers = entry != nullptr ? entry->if_contains("Layers") : nullptr;
    if (config_path == nullptr || !config_path->is_string() || layers == nullptr || !layers->is_array())
        return make_error(status::invalid, "docker archive: manifest.json[0] needs Config (string) and Layers (array)");

    FORGE_TRY_ASSIGN(const std::string *config_bytes, file(std::string(config_path->as_string())));
    oci::image img;
    oci::blob config{oci::descriptor::of(oci::media_type::image_config, *config_bytes), *config_bytes};
    img.manifest.config = config.desc;
    img.blobs.push_back(std::move(config));
    for (std::size_t i = 0; i < layers->as_array().size(); ++i) {
        const auto &l = layers->as_array()[i];
        if (!l.is_string())
            return make_error(status::invalid,
                              "docker archive: manifest.json[0].Layers[" + std::to_string(i) + "] is not a string");
        FORGE_TRY_ASSIGN(const std::string *bytes, file(std::string(l.as_string())));
        oci::blob layer = oci::make_layer(oci::media_type::layer_tar, *bytes);
        img.manifest.layers.push_back(layer.desc);
        img.blobs.push_back(std::move(layer));
    }
    FORGE_TRY_ASSIGN(img.manifest_bytes, oci::encode(img.manifest));
    img.manifest_descriptor = oci::descriptor::of(oci::media_type::image_manifest, img.manifest_bytes);
    FORGE_TRY(oci::verify_image(img));
    return img;
}

}  // namespace forge::release
