// Where release and tracking images are stored: an OCI image-layout root (`oci:DIR`, one layout
// per image repository at DIR/<path>) or a registry (`host[:port][/prefix]`, repository
// <prefix>/<path>). Both speak the same small interface so that numbering, conflict checks,
// show and list work alike (docs/releases.md).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context/context.hpp"
#include "core/error.hpp"
#include "oci/image.hpp"
#include "registry/client.hpp"
#include "registry/images.hpp"

namespace forge::release {

// How registry clients are made (from the context's registry.* configuration keys).
struct registry_access {
    std::string plain_http = "auto";  // "auto" (loopback hosts only), "true" or "false"
    std::string ca_file;
    bool insecure_tls = false;
    std::string docker_config;  // path of a docker config.json with credentials
    std::optional<registry::credentials> creds;

    // Reads registry.plain_http, registry.ca_file, registry.insecure_tls, registry.docker_config,
    // registry.username and registry.password (a secret reference, resolved now).
    static result<registry_access> from_context(context &ctx);
    registry::client_factory factory() const;
};

// True for localhost, 127.x.y.z and [::1] (with or without a port).
bool is_loopback_host(std::string_view host);

class image_store {
  public:
    virtual ~image_store() = default;
    // How a repository path is shown: oci:DIR/<path> or host/prefix/<path>.
    virtual std::string name(std::string_view path) const = 0;
    // The full reference of a tag: name(path) + ":" + tag.
    std::string reference(std::string_view path, std::string_view tag) const {
        return name(path) + ":" + std::string(tag);
    }
    // The manifest a tag names; nullopt when the tag (or the whole repository) does not exist.
    virtual result<std::optional<oci::descriptor>> find(std::string_view path, std::string_view tag) = 0;
    // The image at ref (tag or digest), every blob verified.
    virtual result<oci::image> read(std::string_view path, std::string_view ref) = 0;
    // Only the manifest and one blob (e.g. a metadata layer), verified.
    virtual result<std::string> read_blob(std::string_view path, const oci::descriptor &desc) = 0;
    // Stores the image under every tag (by digest only when tags is empty).
    virtual result<oci::descriptor> write(std::string_view path, const oci::image &img,
                                          const std::vector<std::string> &tags) = 0;
    // Serialises numbering of one repository path between writers on this machine (a flock on
    // layouts; registries have no locks, so a no-op there: see docs/releases.md).
    virtual result<std::shared_ptr<void>> lock(std::string_view path) = 0;
};

// `oci:DIR` or `host[:port][/prefix]` (as gitops::parse_registry).
result<std::unique_ptr<image_store>> open_image_store(std::string_view location, const registry_access &access);
result<std::unique_ptr<image_store>> open_image_store(std::string_view location, registry::client_factory clients);
std::unique_ptr<image_store> layout_image_store(std::filesystem::path root);

}  // namespace forge::release
