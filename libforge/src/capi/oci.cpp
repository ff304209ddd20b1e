// C API: OCI images between registries and layouts (forge/oci.h).
#include "forge/oci.h"

#include <boost/json.hpp>

#include "capi/handles.hpp"
#include "capi/shim.hpp"
#include "oci/layout.hpp"
#include "registry/images.hpp"
#include "registry/reference.hpp"
#include "release/image_store.hpp"

using forge::capi::give_string;
using forge::capi::guard;
using forge::capi::require;

namespace {

using forge::make_error;
using forge::status;
namespace json = boost::json;

forge::status_result copy(char **out_json, forge_context *ctx, const char *from, const char *to, int want_from_layout,
                          int want_to_layout) {
    FORGE_TRY(require(out_json, "out_json"));
    *out_json = nullptr;
    FORGE_TRY(require(ctx, "ctx"));
    FORGE_TRY(require(from, "from"));
    FORGE_TRY(require(to, "to"));
    FORGE_TRY_ASSIGN(auto src, forge::registry::parse_location(from));
    FORGE_TRY_ASSIGN(auto dst, forge::registry::parse_location(to));
    auto is_layout = [](const forge::registry::location &l) {
        return std::holds_alternative<forge::oci::layout_reference>(l);
    };
    if (want_from_layout >= 0 && is_layout(src) != (want_from_layout == 1))
        return make_error(status::invalid,
                          std::string("source \"") + from + "\" must be " +
                              (want_from_layout ? "an image layout (oci:DIR:tag)" : "a registry reference"));
    if (want_to_layout >= 0 && is_layout(dst) != (want_to_layout == 1))
        return make_error(status::invalid,
                          std::string("destination \"") + to + "\" must be " +
                              (want_to_layout ? "an image layout (oci:DIR:tag)" : "a registry reference"));
    FORGE_TRY_ASSIGN(auto access, forge::release::registry_access::from_context(ctx->impl));
    auto desc = forge::registry::copy_image(src, dst, access.factory());
    if (!desc) return std::move(desc).err().wrap(std::string("copy ") + from + " to " + to);
    json::object o{{"from", forge::registry::to_string(src)},
                   {"to", forge::registry::to_string(dst)},
                   {"digest", desc->digest.str()},
                   {"mediaType", desc->media_type},
                   {"size", desc->size}};
    return give_string(out_json, json::serialize(o));
}

struct fetched_manifest {
    std::string reference;
    forge::oci::descriptor desc;
    std::string bytes;
};

forge::result<fetched_manifest> fetch_manifest(forge_context *ctx, const std::string &text) {
    FORGE_TRY_ASSIGN(auto loc, forge::registry::parse_location(text));
    fetched_manifest f;
    f.reference = forge::registry::to_string(loc);
    if (const auto *r = std::get_if<forge::registry::reference>(&loc)) {
        FORGE_TRY_ASSIGN(auto access, forge::release::registry_access::from_context(ctx->impl));
        FORGE_TRY_ASSIGN(auto client, access.factory()(r->registry));
        FORGE_TRY_ASSIGN(auto m, client->get_manifest(r->repository, r->ref()));
        f.desc = std::move(m.desc);
        f.bytes = std::move(m.bytes);
        return f;
    }
    const auto &l = std::get<forge::oci::layout_reference>(loc);
    FORGE_TRY_ASSIGN(auto layout, forge::oci::image_layout::open(l.dir));
    FORGE_TRY_ASSIGN(f.desc, layout.resolve(l.ref()));
    FORGE_TRY_ASSIGN(f.bytes, layout.read_blob(f.desc));
    return f;
}

}  // namespace

extern "C" {

FORGE_API int forge_oci_copy(char **out_json, forge_context *ctx, const char *from, const char *to) {
    return guard([&]() -> forge::status_result { return copy(out_json, ctx, from, to, -1, -1); });
}

FORGE_API int forge_oci_push(char **out_json, forge_context *ctx, const char *layout_ref, const char *registry_ref) {
    return guard([&]() -> forge::status_result { return copy(out_json, ctx, layout_ref, registry_ref, 1, 0); });
}

FORGE_API int forge_oci_pull(char **out_json, forge_context *ctx, const char *registry_ref, const char *layout_ref) {
    return guard([&]() -> forge::status_result { return copy(out_json, ctx, registry_ref, layout_ref, 0, 1); });
}

FORGE_API int forge_oci_inspect(char **out_json, forge_context *ctx, const char *ref) {
    return guard([&]() -> forge::status_result {
        FORGE_TRY(require(out_json, "out_json"));
        *out_json = nullptr;
        FORGE_TRY(require(ctx, "ctx"));
        FORGE_TRY(require(ref, "ref"));
        auto f = fetch_manifest(ctx, ref);
        if (!f) return std::move(f).err().wrap(std::string("inspect ") + ref);
        boost::system::error_code ec;
        json::value manifest = json::parse(f->bytes, ec);
        if (ec || !manifest.is_object())
            return make_error(status::invalid, std::string("inspect ") + ref + ": the manifest is not a JSON object");
        json::object o{{"reference", f->reference},
                       {"digest", f->desc.digest.str()},
                       {"mediaType", f->desc.media_type},
                       {"size", f->desc.size}};
        const auto &mo = manifest.as_object();
        if (const auto *at = mo.if_contains("artifactType")) o["artifactType"] = *at;
        if (const auto *layers = mo.if_contains("layers")) o["layers"] = *layers;
        o["manifest"] = manifest;
        return give_string(out_json, json::serialize(o));
    });
}

}  // extern "C"
