#include "adapters/s3/s3_config.hpp"

#include <charconv>
#include <optional>

#include "secrets/secret_ref.hpp"

namespace forge::adapters {

namespace {

result<bool> read_bool(const config &cfg, const char *key) {
    const std::string v = cfg.get_or(key, "false");
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0" || v.empty()) return false;
    return make_error(status::invalid, std::string(key) + ": expected true or false, not \"" + v + "\"");
}

result<std::size_t> read_size(const config &cfg, const char *key, std::size_t fallback) {
    auto v = cfg.get(key);
    if (!v || v->empty()) return fallback;
    std::size_t out = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || end != v->data() + v->size() || out == 0)
        return make_error(status::invalid,
                          std::string(key) + ": expected a positive number of bytes, not \"" + *v + "\"");
    return out;
}

result<std::optional<ports::secret_ref>> read_ref(const config &cfg, const char *key, bool required) {
    auto v = cfg.get(key);
    if (!v || v->empty()) {
        if (required)
            return make_error(
                status::invalid,
                std::string(key) +
                    " must be set to a secret reference, e.g. {\"provider\":\"env\",\"name\":\"AWS_ACCESS_KEY_ID\"}");
        return std::optional<ports::secret_ref>();
    }
    auto ref = secrets::parse_secret_ref(*v);
    if (!ref) return std::move(ref).err().wrap(key);
    return std::optional<ports::secret_ref>(std::move(ref).value());
}

}  // namespace

result<std::shared_ptr<s3_object_store>> s3_object_store_from_config(context &ctx) {
    const config &cfg = ctx.config();
    s3_options options;
    options.endpoint = cfg.get_or("objstore.s3.endpoint", "");
    options.bucket = cfg.get_or("objstore.s3.bucket", "");
    options.region = cfg.get_or("objstore.s3.region", "us-east-1");
    options.prefix = cfg.get_or("objstore.s3.prefix", "");
    FORGE_TRY_ASSIGN(options.path_style, read_bool(cfg, "objstore.s3.path_style"));
    const std::size_t default_threshold = options.multipart_threshold;
    FORGE_TRY_ASSIGN(options.multipart_threshold, read_size(cfg, "objstore.s3.multipart_threshold", default_threshold));
    FORGE_TRY_ASSIGN(options.part_size, read_size(cfg, "objstore.s3.part_size", options.part_size));
    FORGE_TRY_ASSIGN(auto access_key, read_ref(cfg, "objstore.s3.access_key", true));
    FORGE_TRY_ASSIGN(auto secret_key, read_ref(cfg, "objstore.s3.secret_key", true));
    FORGE_TRY_ASSIGN(auto session_token, read_ref(cfg, "objstore.s3.session_token", false));

    context *owner = &ctx;
    auto credentials = [owner, access_key = *access_key, secret_key = *secret_key,
                        session_token]() -> result<sigv4::credentials> {
        sigv4::credentials c;
        FORGE_TRY_ASSIGN(c.access_key_id, owner->resolve_secret(access_key));
        FORGE_TRY_ASSIGN(c.secret_access_key, owner->resolve_secret(secret_key));
        if (session_token) {
            FORGE_TRY_ASSIGN(c.session_token, owner->resolve_secret(*session_token));
        }
        return c;
    };
    return s3_object_store::create(std::move(options), std::move(credentials));
}

}  // namespace forge::adapters
