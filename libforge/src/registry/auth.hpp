// Registry authentication pieces that need no network: WWW-Authenticate challenges, credentials
// from a docker config.json, and base64.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace forge::registry {

struct credentials {
    std::string username;
    std::string password;
};

// One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1): the scheme (lowercased) and its
// auth-params (names lowercased, quoted values unescaped), e.g. Bearer realm="...",service="...".
struct challenge {
    std::string scheme;
    std::map<std::string, std::string> params;

    std::string param(const std::string &name) const {
        auto it = params.find(name);
        return it == params.end() ? std::string() : it->second;
    }
};

// Parses every challenge in the header value; status::invalid on malformed syntax.
result<std::vector<challenge>> parse_www_authenticate(std::string_view value);

std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding; status::invalid on anything else.
result<std::string> base64_decode(std::string_view text);

// The credentials a docker config.json (`auths`) holds for the registry host (host[:port]):
// `auth` (base64 "user:password") or `username`/`password`. Keys may be bare hosts or URLs
// ("https://host/v1/"). nullopt when nothing matches; status::invalid naming the field when the
// document is malformed. Credential helpers (credsStore, credHelpers) are not run.
result<std::optional<credentials>> credentials_from_docker_config(std::string_view json_text, std::string_view host);
result<std::optional<credentials>> load_docker_config(const std::filesystem::path &file, std::string_view host);

}  // namespace forge::registry
