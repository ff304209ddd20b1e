// The Config Management Plugin's `generate` (spec.md §8, seed 003): ReleasePointer → release
// image → resources layer (untrusted, read in memory) → Kubernetes objects, then the project's
// env.yaml, as one multi-document YAML stream. The whole stream is built before anything is
// returned, so a caller that prints only on success never emits a partial render (Argo CD would
// apply it). The library reads no environment variables: the app passes them in.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "gitops/pointer.hpp"
#include "gitops/release_source.hpp"

namespace forge::cmp {

struct render_limits {
    std::uint64_t max_pointer_bytes = 64u << 10;
    std::uint64_t max_env_bytes = 1u << 20;
    std::uint64_t max_manifest_bytes = 4u << 20;
    std::uint64_t max_layer_bytes = 16u << 20;  // compressed resources layer
    std::uint64_t max_tar_bytes = 32u << 20;    // everything decompression produces
    std::uint64_t max_entry_bytes = 8u << 20;   // one YAML file
    std::size_t max_entries = 5000;
};

struct generate_request {
    std::filesystem::path app_dir;           // the application folder <...>/<env>/apps/<repo>/<project> (Argo CD's cwd)
    std::map<std::string, std::string> env;  // ARGOCD_APP_NAME, ARGOCD_APP_NAMESPACE, ARGOCD_ENV_* (informational)
    std::string registry;             // FORGE_REGISTRY / ARGOCD_ENV_FORGE_REGISTRY: oci:DIR or host[:port][/prefix]
    std::filesystem::path cache_dir;  // the blob cache (empty: no cache; nothing is written)
    gitops::registry_access access;   // docker config.json and CA for a registry
    render_limits limits;
};

// The stream, or one error whose single-line message names the pointer, the image and the cause.
result<std::string> generate(const generate_request &request);

// The same render for a pointer that is not on disk (forge preview and forge diff): release
// `sha` of <repo>/<project>, then env_yaml when given. `pointer_name` names the pointer in errors.
result<std::string> render_release(const std::string &registry, const std::filesystem::path &cache_dir,
                                   const std::string &repo, const std::string &project, const std::string &sha,
                                   const std::optional<std::string> &env_yaml, const std::string &pointer_name,
                                   const render_limits &limits = {}, const gitops::registry_access &access = {});

}  // namespace forge::cmp
