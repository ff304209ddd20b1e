// C API: resolving secret references (forge/secrets.h).
#include <boost/json.hpp>
#include <cstdlib>
#include <cstring>

#include "capi/handles.hpp"
#include "capi/shim.hpp"
#include "forge/secrets.h"
#include "secrets/secret_ref.hpp"

extern "C" {

FORGE_API int forge_secret_resolve(char **out, size_t *len, forge_context *ctx, const char *ref_json) {
    return forge::capi::guard([&]() -> forge::status_result {
        FORGE_TRY(forge::capi::require(out, "out"));
        *out = nullptr;
        FORGE_TRY(forge::capi::require(ctx, "ctx"));
        FORGE_TRY(forge::capi::require(ref_json, "ref_json"));
        FORGE_TRY_ASSIGN(auto ref, forge::secrets::parse_secret_ref(ref_json));
        FORGE_TRY_ASSIGN(auto value, ctx->impl.resolve_secret(ref));
        FORGE_TRY(forge::capi::give_string(out, value));
        if (len != nullptr) *len = value.size();
        return {};
    });
}

}  // extern "C"
