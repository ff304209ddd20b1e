#include "gitops/release_source.hpp"

#include "gitops/release_store.hpp"
#include "registry/auth.hpp"
#include "registry/client.hpp"

namespace forge::gitops {

release_source::release_source(release_source &&) noexcept = default;
release_source &release_source::operator=(release_source &&) noexcept = default;
release_source::~release_source() = default;

result<release_source> release_source::open(const registry_location &where, std::string_view repo,
                                            std::string_view project, const registry_access &access,
                                            source_limits limits) {
    release_source s;
    s.limits_ = limits;
    if (where.layout_root) {
        oci::layout_limits ll;
        ll.max_manifest_bytes = limits.max_manifest_bytes;
        ll.max_blob_bytes = limits.max_blob_bytes;
        const auto dir = where.layout_dir(repo, project);
        std::error_code ec;
        if (!std::filesystem::exists(dir / "oci-layout", ec))
            return make_error(status::not_found, "image not found (no layout at " + dir.string() + ")");
        FORGE_TRY_ASSIGN(auto layout, oci::image_layout::open(dir, ll));
        s.layout_.emplace(std::move(layout));
        return s;
    }
    registry::client_options o;
    o.host = where.host;
    o.plain_http = access.plain_http.value_or(where.plain_http);
    o.ca_file = access.ca_file;
    o.insecure_tls = access.insecure_tls;
    // A plain-HTTP registry never negotiates TLS itself; loading the system trust store (the bulk
    // of a warm render's time) would only serve an https redirect of a blob download, whose bytes
    // are verified against their digest anyway.
    if (o.plain_http && o.ca_file.empty()) o.insecure_tls = true;
    o.creds = access.creds;
    o.limits.max_manifest_bytes = limits.max_manifest_bytes;
    o.limits.max_blob_bytes = limits.max_blob_bytes;
    // Argo CD gives the plugin 60 s: fail a dead registry well inside that.
    o.timeout = std::chrono::milliseconds(15000);
    o.retry.max_attempts = 3;
    o.retry.initial_backoff = std::chrono::milliseconds(100);
    o.retry.max_backoff = std::chrono::milliseconds(1000);
    if (!o.creds && !access.docker_config.empty()) {
        std::error_code ec;
        if (std::filesystem::exists(access.docker_config, ec)) {
            auto creds = registry::load_docker_config(access.docker_config, where.host);
            if (!creds) return std::move(creds).err().wrap("docker config " + access.docker_config.string());
            o.creds = std::move(creds).value();
        }
    }
    FORGE_TRY_ASSIGN(s.client_, registry::client::create(std::move(o)));
    s.repository_ = where.repository(repo, project);
    return s;
}

result<oci::descriptor> release_source::resolve(std::string_view tag) {
    if (layout_) return layout_->resolve(tag);
    FORGE_TRY_ASSIGN(auto desc, client_->head_manifest(repository_, std::string(tag)));
    if (!desc)
        return make_error(status::not_found,
                          "image not found (registry has no " + repository_ + ":" + std::string(tag) + ")");
    return std::move(*desc);
}

result<std::string> release_source::read_manifest(const oci::descriptor &desc) {
    if (layout_) return layout_->read_blob(desc);
    if (desc.size < 0 || std::uint64_t(desc.size) > limits_.max_manifest_bytes)
        return make_error(status::limit, "manifest " + desc.digest.str() + " is over the size limit");
    // Asked for by digest: the client verifies the bytes against it.
    FORGE_TRY_ASSIGN(auto m, client_->get_manifest(repository_, desc.digest.str()));
    if (desc.size != 0 && m.bytes.size() != std::uint64_t(desc.size))
        return make_error(status::integrity, "manifest " + desc.digest.str() + " has the wrong size");
    return std::move(m.bytes);
}

result<std::string> release_source::read_blob(const oci::descriptor &desc) {
    if (layout_) return layout_->read_blob(desc);
    return client_->get_blob_bytes(repository_, desc);
}

}  // namespace forge::gitops
