#include "context/config.hpp"

namespace forge {

const std::vector<config_key> &known_config_keys() {
    static const std::vector<config_key> keys = {
        {"state_dir", "", "directory for run state, reports, logs and the embedded OCI layout"},
        {"objstore.adapter", "fs", "object store adapter: fs, s3, or a registered name"},
        {"objstore.fs.root", "", "root directory of the fs object store (default: <state_dir>/objects)"},
        {"mq.adapter", "nats", "message queue adapter: nats, or a registered name"},
        {"mq.nats.url", "", "NATS server URL, e.g. nats://127.0.0.1:4222"},
        {"registry", "", "OCI registry: host[:port][/prefix], or oci:DIR for an image-layout directory"},
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
        return make_error(status::invalid, "unknown configuration key \"" + std::string(key) +
                                               "\" (see docs/configuration.md)");
    std::lock_guard lock(mu_);
    values_[std::string(key)] = std::string(value);
    return {};
}

std::optional<std::string> config::get(std::string_view key) const {
    {
        std::lock_guard lock(mu_);
        if (auto it = values_.find(key); it != values_.end()) return it->second;
    }
    if (const auto *k = find_key(key); k != nullptr && !k->default_value.empty())
        return std::string(k->default_value);
    return std::nullopt;
}

std::string config::get_or(std::string_view key, std::string_view fallback) const {
    auto v = get(key);
    return v ? *v : std::string(fallback);
}

}  // namespace forge
