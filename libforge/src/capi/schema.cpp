// C API: the embedded platform schemas (forge/schema.h).
#include <boost/json.hpp>

#include "capi/shim.hpp"
#include "forge/schema.h"
#include "project/schemas.hpp"

extern "C" {

FORGE_API int forge_schema_list(char **out_json) {
    return forge::capi::guard([&]() -> forge::status_result {
        FORGE_TRY(forge::capi::require(out_json, "out_json"));
        boost::json::array names;
        for (const auto &[file, _] : forge::project::embedded_schema_files())
            names.emplace_back(file.substr(0, file.size() - 4));
        return forge::capi::give_string(out_json, boost::json::serialize(names));
    });
}

FORGE_API int forge_schema_get(char **out, const char *name) {
    return forge::capi::guard([&]() -> forge::status_result {
        FORGE_TRY(forge::capi::require(out, "out"));
        *out = nullptr;
        if (name == nullptr) return forge::capi::give_string(out, forge::project::all_schemas());
        FORGE_TRY_ASSIGN(auto text, forge::project::schema_file(name));
        return forge::capi::give_string(out, text);
    });
}

}  // extern "C"
