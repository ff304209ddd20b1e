// The registry.* keys of a context as gitops::registry_access (shared by the gitops and cmp shims).
#pragma once

#include "capi/handles.hpp"
#include "gitops/release_source.hpp"
#include "secrets/secret_ref.hpp"

namespace forge::capi {

inline result<gitops::registry_access> registry_access_of(forge_context *ctx) {
    const auto &cfg = ctx->impl.config();
    gitops::registry_access a;
    const std::string plain = cfg.get_or("registry.plain_http", "auto");
    if (plain == "true")
        a.plain_http = true;
    else if (plain == "false")
        a.plain_http = false;
    else if (plain != "auto" && !plain.empty())
        return make_error(status::invalid, "registry.plain_http must be auto, true or false, not \"" + plain + "\"");
    a.ca_file = cfg.get_or("registry.ca_file", "");
    a.insecure_tls = cfg.get_or("registry.insecure_tls", "false") == "true";
    a.docker_config = cfg.get_or("registry.docker_config", "");
    if (auto user = cfg.get_or("registry.username", ""); !user.empty()) {
        registry::credentials creds;
        creds.username = user;
        if (auto ref_json = cfg.get_or("registry.password", ""); !ref_json.empty()) {
            FORGE_TRY_ASSIGN(auto ref, secrets::parse_secret_ref(ref_json));
            FORGE_TRY_ASSIGN(creds.password, ctx->impl.resolve_secret(ref));
        }
        a.creds = std::move(creds);
    }
    return a;
}

}  // namespace forge::capi
