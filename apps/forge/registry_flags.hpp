// Flags shared by `forge release` and `forge oci`: where releases live and how registries are
// reached. Environment: FORGE_REGISTRY, FORGE_STATE_DIR, FORGE_REGISTRY_USER and
// FORGE_REGISTRY_PASSWORD (read by the library through the env secret provider, never printed),
// DOCKER_CONFIG (a folder holding config.json, as docker reads it).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "common/app.hpp"

namespace forge_cli {

struct registry_flags {
    std::string registry;
    std::string state_dir;
    std::string plain_http = "auto";
    std::string ca_file;
    bool insecure_tls = false;
    std::string username;

    // Applies the flags to a context (the password only as a reference to the environment).
    void apply(forge::api::context &ctx) const {
        if (!state_dir.empty()) ctx.set("state_dir", state_dir);
        if (!registry.empty()) ctx.set("registry", registry);
        ctx.set("registry.plain_http", plain_http);
        if (!ca_file.empty()) ctx.set("registry.ca_file", ca_file);
        if (insecure_tls) ctx.set("registry.insecure_tls", "true");
        if (!username.empty()) {
            ctx.set("registry.username", username);
            if (std::getenv("FORGE_REGISTRY_PASSWORD") != nullptr)
                ctx.set("registry.password", R"({"provider":"env","name":"FORGE_REGISTRY_PASSWORD"})");
        }
        std::filesystem::path docker;
        if (const char *d = std::getenv("DOCKER_CONFIG"); d != nullptr && *d != '\0')
            docker = d;
        else if (const char *h = std::getenv("HOME"); h != nullptr && *h != '\0')
            docker = std::filesystem::path(h) / ".docker";
        if (!docker.empty()) ctx.set("registry.docker_config", (docker / "config.json").string());
    }
};

inline std::string default_state_dir() {
    if (const char *x = std::getenv("XDG_STATE_HOME"); x != nullptr && *x != '\0')
        return (std::filesystem::path(x) / "forge").string();
    if (const char *h = std::getenv("HOME"); h != nullptr && *h != '\0')
        return (std::filesystem::path(h) / ".local/state/forge").string();
    return ".forge-state";
}

inline void add_registry_flags(CLI::App &cmd, registry_flags &f, bool with_registry) {
    if (with_registry)
        cmd.add_option("--registry", f.registry,
                       "where releases live: host[:port][/prefix] or oci:DIR (default: <state-dir>/oci)")
            ->envname("FORGE_REGISTRY");
    f.state_dir = default_state_dir();
    cmd.add_option("--state-dir", f.state_dir, "state directory (embedded OCI layout in <state-dir>/oci)")
        ->envname("FORGE_STATE_DIR")
        ->capture_default_str();
    cmd.add_option("--plain-http", f.plain_http, "talk http:// to registries: auto (loopback only), true, false")
        ->check(CLI::IsMember({"auto", "true", "false"}))
        ->capture_default_str();
    cmd.add_option("--ca-file", f.ca_file, "CA bundle for registries with a private CA");
    cmd.add_flag("--insecure-tls", f.insecure_tls, "skip TLS certificate verification (test registries only)");
    cmd.add_option("--username", f.username, "registry user (password from FORGE_REGISTRY_PASSWORD)")
        ->envname("FORGE_REGISTRY_USER");
}

}  // namespace forge_cli
