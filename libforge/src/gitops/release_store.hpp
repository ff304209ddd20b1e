// Where releases are found: FORGE_REGISTRY / --registry is `oci:DIR` (embedded mode: one OCI image
// layout per image repository, DIR/<repo>/<project>, tagged <commit-sha>, with the numeric and
// alias tags of the release as extra tags) or `[http://|https://]host[:port][/prefix]` for a
// registry (images <prefix>/<repo>/<project>:<tag>). Without a scheme, loopback hosts (localhost,
// 127.x, [::1]) are spoken to over plain HTTP and every other host over HTTPS.
//
// Resolving `<sha|number|alias>` reads the release image's metadata layer (release number,
// aliases, source commit); the SHA tag must exist and name the same manifest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "gitops/pointer.hpp"
#include "gitops/release_source.hpp"
#include "oci/types.hpp"

namespace forge::gitops {

struct registry_location {
    std::optional<std::filesystem::path> layout_root;  // oci:DIR
    std::string registry;                              // host[:port][/prefix], no scheme
    std::string host;                                  // host[:port]
    std::string prefix;                                // path before <repo>/<project>, may be empty
    bool plain_http = false;

    // The image of a release: oci:DIR/<repo>/<project>:<tag> or <registry>/<repo>/<project>:<tag>.
    std::string image(std::string_view repo, std::string_view project, std::string_view tag) const;
    std::filesystem::path layout_dir(std::string_view repo, std::string_view project) const;
    // The registry repository path: [<prefix>/]<repo>/<project>.
    std::string repository(std::string_view repo, std::string_view project) const;
};

result<registry_location> parse_registry(std::string_view text);

struct release_info {
    std::string sha;
    std::optional<std::int64_t> number;
    pointer_aliases aliases;
    oci::descriptor manifest;
};

// Reads the release metadata layer (application/vnd.forge.release.metadata.v1+json).
result<release_info> parse_release_metadata(std::string_view json);

// Resolves a release reference of <repo>/<project>: a full SHA, a release number or an alias tag.
result<release_info> resolve_release(const registry_location &where, std::string_view repo, std::string_view project,
                                     std::string_view ref, const registry_access &access = {});

}  // namespace forge::gitops
