#include "context/config.hpp"

namespace forge {

const std::vector<config_key> &known_config_keys() {
    static const std::vector<config_key> keys = {
        {"state_dir", "", "directory for run state, reports, logs and the embedded OCI layout"},
        {"objstore.adapter", "fs", "object store adapter: fs, s3, or a registered name"},
        {"objstore.fs.root", "", "root directory of the fs object store (default: <state_dir>/objects)"},
        {"objstore.s3.endpoint", "", "S3 endpoint, scheme://host[:port] (default: https://s3.<region>.amazonaws.com)"},
        {"objstore.s3.bucket", "", "S3 bucket holding the objects"},
        {"objstore.s3.region", "us-east-1", "S3 region the requests are signed for"},
        {"objstore.s3.prefix", "", "prefix prepended to every object key, e.g. forge/"},
        {"objstore.s3.path_style", "false", "true: http://host/bucket/key; false: https://bucket.host/key"},
        {"objstore.s3.access_key", "", "secret reference (JSON) to the S3 access key id"},
        {"objstore.s3.secret_key", "", "secret reference (JSON) to the S3 secret access key"},
        {"objstore.s3.session_token", "", "secret reference (JSON) to an S3 session token (optional)"},
        {"objstore.s3.multipart_threshold", "8388608", "objects larger than this many bytes are uploaded in parts"},
        {"objstore.s3.part_size", "8388608", "bytes per part of a multipart upload (at least 5 MiB)"},
        {"mq.adapter", "nats", "message queue adapter: nats, or a registered name"},
        {"mq.nats.url", "", "NATS server URL, e.g. nats://127.0.0.1:4222"},
        {"registry", "", "OCI registry: host[:port][/prefix], or oci:DIR for an image-layout directory"},
        {"registry.plain_http", "auto", "http:// instead of https://: auto (loopback hosts only), true or false"},
        {"registry.ca_file", "", "CA bundle for registries served over https with a private CA"},
        {"registry.insecure_tls", "false", "true: skip TLS certificate verification (test registries only)"},
        {"registry.docker_config", "", "docker config.json with registry credentials (auths)"},
        {"registry.username", "", "registry user name (basic auth or token endpoint)"},
        {"registry.password", "", "secret reference (JSON) to the registry password or token"},
    };
    return keys;
}

namespace {
const config_key *find_key(std::string_view name) {
    for (const auto &k : known_config_keys())
        if (k.name == name) return &k;
    return nullptr;
}
}  // namespace

status_result config::set(std::string_view key, std::string_view value) {
    if (find_key(key) == nullptr)
        return make_error(status::invalid,
                          "unknown configuration key \"" + std::string(key) + "\" (see docs/configuration.md)");
    std::lock_guard lock(mu_);
    values_[std::string(key)] = std::string(value);
    return {};
}

std::optional<std::string> config::get(std::string_view key) const {
    {
        std::lock_guard lock(mu_);
        if (auto it = values_.find(key); it != values_.end()) return it->second;
    }
    if (const auto *k = find_key(key); k != nullptr && !k->default_value.empty()) return std::string(k->default_value);
    return std::nullopt;
}

std::string config::get_or(std::string_view key, std::string_view fallback) const {
    auto v = get(key);
    return v ? *v : std::string(fallback);
}

}  // namespace forge
