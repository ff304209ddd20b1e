// Reading release images from where they are kept: an OCI image layout (oci:DIR, embedded mode) or
// a registry (host[:port][/prefix]) through the registry client. Both answer the same two
// questions — which manifest does a tag name, and what are the verified bytes of a blob — so the
// release resolver and the plugin's render share one code path for both.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "oci/layout.hpp"
#include "oci/types.hpp"
#include "registry/auth.hpp"

namespace forge::registry {
class client;
}

namespace forge::gitops {

struct registry_location;

// How to reach a registry (the context's registry.* keys). The library reads no environment: the
// apps find the docker config.json ($DOCKER_CONFIG/config.json or ~/.docker/config.json) and pass
// its path in (registry.docker_config).
struct registry_access {
    std::optional<bool> plain_http;  // nullopt: as the location says (loopback hosts plain)
    std::string ca_file;             // custom CA bundle for https
    bool insecure_tls = false;
    std::filesystem::path docker_config;  // credentials (`auths`) when creds is not given
    std::optional<registry::credentials> creds;
};

struct source_limits {
    std::uint64_t max_manifest_bytes = 4u << 20;
    std::uint64_t max_blob_bytes = 64u << 20;
};

class release_source {
  public:
    // The image repository <repo>/<project> at `where`.
    static result<release_source> open(const registry_location &where, std::string_view repo, std::string_view project,
                                       const registry_access &access = {}, source_limits limits = {});
    release_source(release_source &&) noexcept;
    release_source &operator=(release_source &&) noexcept;
    ~release_source();

    // The manifest descriptor a tag names; status::not_found when there is no such image.
    result<oci::descriptor> resolve(std::string_view tag);
    // A manifest's bytes (a descriptor from resolve), verified against its digest.
    result<std::string> read_manifest(const oci::descriptor &desc);
    // A blob's bytes, verified against the descriptor's digest and size.
    result<std::string> read_blob(const oci::descriptor &desc);

  private:
    release_source() = default;
    std::optional<oci::image_layout> layout_;
    std::unique_ptr<registry::client> client_;
    std::string repository_;  // the registry repository path (prefix/repo/project)
    source_limits limits_;
};

}  // namespace forge::gitops
