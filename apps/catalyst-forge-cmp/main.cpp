// catalyst-forge-cmp: the Catalyst Forge Config Management Plugin for Argo CD. `generate` runs in the
// application folder <env>/apps/<repo>/<project> and prints the release's Kubernetes objects and the
// project's env.yaml as one YAML stream. Nothing reaches stdout unless the whole render succeeded;
// any failure is one line on stderr (pointer, image, cause) and exit status 1.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "common/app.hpp"
#include "forge/cmp.h"

extern char **environ;

namespace {

std::string env_or(const char *name, const std::string &fallback = {}) {
    const char *v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// The cache: FORGE_CMP_CACHE, else $XDG_CACHE_HOME/catalyst-forge-cmp, else $HOME/.cache/..., else /tmp.
std::string cache_dir() {
    if (auto c = env_or("FORGE_CMP_CACHE"); !c.empty()) return c;
    if (auto x = env_or("XDG_CACHE_HOME"); !x.empty()) return x + "/catalyst-forge-cmp";
    if (auto h = env_or("HOME"); !h.empty() && h != "/") return h + "/.cache/catalyst-forge-cmp";
    return "/tmp/catalyst-forge-cmp";
}

// The mounted docker config.json with registry credentials: $DOCKER_CONFIG/config.json, else
// $HOME/.docker/config.json (Argo CD mounts a secret at either).
std::string docker_config() {
    if (auto d = env_or("DOCKER_CONFIG"); !d.empty()) return d + "/config.json";
    if (auto h = env_or("HOME"); !h.empty()) return h + "/.docker/config.json";
    return {};
}

int generate(const forge_app::common_options &opts) {
    auto ctx = forge_app::make_context(opts);
    if (auto dc = docker_config(); !dc.empty()) ctx.set("registry.docker_config", dc);
    if (auto ca = env_or("FORGE_REGISTRY_CA_FILE"); !ca.empty()) ctx.set("registry.ca_file", ca);
    // Argo CD passes the application's name and namespace and its plugin parameters (ARGOCD_ENV_*).
    std::vector<std::string> pairs;
    for (char **e = environ; *e != nullptr; ++e) {
        std::string kv(*e);
        if (kv.starts_with("ARGOCD_APP_") || kv.starts_with("ARGOCD_ENV_")) pairs.push_back(kv);
    }
    std::vector<const char *> env;
    for (const auto &p : pairs) env.push_back(p.c_str());
    const std::string registry = env_or("FORGE_REGISTRY", env_or("ARGOCD_ENV_FORGE_REGISTRY"));
    const std::string cache = cache_dir();
    forge_cmp_options o = FORGE_CMP_OPTIONS_INIT;
    o.registry = registry.c_str();
    o.cache_dir = cache.c_str();
    std::error_code ec;
    const std::string cwd = std::filesystem::current_path(ec).string();
    char *yaml = nullptr;
    if (forge_cmp_generate(&yaml, ctx, cwd.c_str(), env.data(), env.size(), &o) < 0) {
        std::cerr << "catalyst-forge-cmp: " << forge_last_error() << "\n";
        return forge_app::failure;
    }
    std::string text = forge::api::take_string(yaml);
    std::cout.write(text.data(), std::streamsize(text.size()));
    std::cout.flush();
    return std::cout.good() ? forge_app::ok : forge_app::failure;
}

}  // namespace

int main(int argc, char **argv) {
    CLI::App app{
        "Catalyst Forge Config Management Plugin for Argo CD: renders a ReleasePointer into Kubernetes manifests",
        "catalyst-forge-cmp"};
    forge_app::common_options opts;
    forge_app::add_common_flags(app, opts, "catalyst-forge-cmp");
    app.require_subcommand(1);
    auto *gen = app.add_subcommand(
        "generate", "Print the manifests of the ReleasePointer in the current folder (<env>/apps/<repo>/<project>)");
    if (int rc = forge_app::parse(app, argc, argv); rc != 0) return rc < 0 ? 0 : rc;
    if (gen->parsed()) return forge_app::run_guarded("catalyst-forge-cmp", [&] { return generate(opts); });
    return forge_app::usage;
}
