#include "release/image_store.hpp"

#include "gitops/release_store.hpp"
#include "oci/files.hpp"
#include "oci/layout.hpp"
#include "registry/auth.hpp"
#include "secrets/secret_ref.hpp"

namespace forge::release {

namespace {

status_result check_path(std::string_view path) {
    if (!registry::is_valid_repository(path))
        return make_error(status::invalid, "image repository \"" + std::string(path) +
                                               "\" is not a valid repository name (lowercase letters and digits, "
                                               "separated by '.', '_', '-' or '/')");
    // In a layout root, repositories nest as directories: a component named like a layout's own
    // entries would mix two layouts.
    std::size_t start = 0;
    for (;;) {
        auto slash = path.find('/', start);
        auto part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (start > 0 && part == "blobs")
            return make_error(status::invalid, "image repository \"" + std::string(path) +
                                                   "\": a nested component cannot be named \"blobs\"");
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return {};
}

class layout_store final : public image_store {
  public:
    explicit layout_store(std::filesystem::path root) : root_(std::move(root)) {}

    std::string name(std::string_view path) const override { return "oci:" + dir(path).string(); }

    result<std::optional<oci::descriptor>> find(std::string_view path, std::string_view tag) override {
        FORGE_TRY(check_path(path));
        if (!std::filesystem::exists(dir(path) / "index.json")) return std::optional<oci::descriptor>();
        FORGE_TRY_ASSIGN(auto layout, oci::image_layout::open(dir(path)));
        auto d = layout.resolve(tag);
        if (!d) {
            if (d.err().code == status::not_found) return std::optional<oci::descriptor>();
            return std::move(d).err();
        }
        return std::optional<oci::descriptor>(*d);
    }

    result<oci::image> read(std::string_view path, std::string_view ref) override {
        FORGE_TRY(check_path(path));
        FORGE_TRY_ASSIGN(auto layout, oci::image_layout::open(dir(path)));
        return layout.read_image(ref);
    }

    result<std::string> read_blob(std::string_view path, const oci::descriptor &desc) override {
        FORGE_TRY(check_path(path));
        FORGE_TRY_ASSIGN(auto layout, oci::image_layout::open(dir(path)));
        return layout.read_blob(desc);
    }

    result<oci::descriptor> write(std::string_view path, const oci::image &img,
                                  const std::vector<std::string> &tags) override {
        FORGE_TRY(check_path(path));
        FORGE_TRY_ASSIGN(auto layout, oci::image_layout::create(dir(path)));
        FORGE_TRY_ASSIGN(auto desc, layout.write_image(img, tags.empty() ? std::string_view() : tags.front()));
        for (std::size_t i = 1; i < tags.size(); ++i) FORGE_TRY(layout.tag(desc, tags[i]));
        return desc;
    }

    result<std::shared_ptr<void>> lock(std::string_view path) override {
        FORGE_TRY(check_path(path));
        std::error_code ec;
        std::filesystem::create_directories(dir(path), ec);
        if (ec) return make_error(status::io, "cannot create " + dir(path).string() + ": " + ec.message());
        FORGE_TRY_ASSIGN(auto l, oci::files::exclusive_lock::acquire(dir(path) / "release.lock"));
        return std::shared_ptr<void>(std::make_shared<oci::files::exclusive_lock>(std::move(l)));
    }

  private:
    std::filesystem::path dir(std::string_view path) const { return root_ / std::string(path); }
    std::filesystem::path root_;
};

class registry_store final : public image_store {
  public:
    registry_store(std::string host, std::string prefix, registry::client_factory factory)
        : host_(std::move(host)), prefix_(std::move(prefix)), factory_(std::move(factory)) {}

    std::string name(std::string_view path) const override { return host_ + "/" + repo(path); }

    result<std::optional<oci::descriptor>> find(std::string_view path, std::string_view tag) override {
        FORGE_TRY(check_path(repo(path)));
        FORGE_TRY_ASSIGN(auto *c, client());
        return c->head_manifest(repo(path), std::string(tag));
    }

    result<oci::image> read(std::string_view path, std::string_view ref) override {
        FORGE_TRY(check_path(repo(path)));
        FORGE_TRY_ASSIGN(auto *c, client());
        return registry::pull_image(*c, repo(path), std::string(ref));
    }

    result<std::string> read_blob(std::string_view path, const oci::descriptor &desc) override {
        FORGE_TRY_ASSIGN(auto *c, client());
        return c->get_blob_bytes(repo(path), desc);
    }

    result<oci::descriptor> write(std::string_view path, const oci::image &img,
                                  const std::vector<std::string> &tags) override {
        FORGE_TRY(check_path(repo(path)));
        FORGE_TRY_ASSIGN(auto *c, client());
        FORGE_TRY_ASSIGN(auto pushed, registry::push_image(*c, repo(path), img, tags));
        return pushed.manifest;
    }

    result<std::shared_ptr<void>> lock(std::string_view) override { return std::shared_ptr<void>(); }

  private:
    std::string repo(std::string_view path) const {
        return prefix_.empty() ? std::string(path) : prefix_ + "/" + std::string(path);
    }
    result<registry::client *> client() {
        if (!client_) {
            FORGE_TRY_ASSIGN(client_, factory_(host_));
        }
        return client_.get();
    }

    std::string host_, prefix_;
    registry::client_factory factory_;
    std::unique_ptr<registry::client> client_;
};

}  // namespace

bool is_loopback_host(std::string_view host) {
    std::string_view h = host;
    if (h.starts_with("[")) {
        auto end = h.find(']');
        return end != std::string_view::npos && h.substr(1, end - 1) == "::1";
    }
    if (auto colon = h.find(':'); colon != std::string_view::npos) h = h.substr(0, colon);
    return h == "localhost" || h.starts_with("127.");
}

result<registry_access> registry_access::from_context(context &ctx) {
    registry_access a;
    auto &cfg = ctx.config();
    a.plain_http = cfg.get_or("registry.plain_http", "auto");
    if (a.plain_http != "auto" && a.plain_http != "true" && a.plain_http != "false")
        return make_error(status::invalid, "configuration registry.plain_http must be auto, true or false, got \"" +
                                               a.plain_http + "\"");
    a.ca_file = cfg.get_or("registry.ca_file", "");
    a.insecure_tls = cfg.get_or("registry.insecure_tls", "false") == "true";
    a.docker_config = cfg.get_or("registry.docker_config", "");
    auto user = cfg.get_or("registry.username", "");
    auto password_ref = cfg.get_or("registry.password", "");
    if (!user.empty()) {
        registry::credentials c{user, {}};
        if (!password_ref.empty()) {
            FORGE_TRY_ASSIGN(auto ref, secrets::parse_secret_ref(password_ref));
            auto secret = ctx.resolve_secret(ref);
            if (!secret) return std::move(secret).err().wrap("configuration registry.password");
            c.password = std::move(secret).value();
        }
        a.creds = std::move(c);
    }
    return a;
}

registry::client_factory registry_access::factory() const {
    registry_access copy = *this;
    return [copy](const std::string &host) -> result<std::unique_ptr<registry::client>> {
        registry::client_options o;
        o.host = host;
        o.plain_http = copy.plain_http == "true" || (copy.plain_http == "auto" && is_loopback_host(host));
        o.ca_file = copy.ca_file;
        o.insecure_tls = copy.insecure_tls;
        if (copy.creds) {
            o.creds = copy.creds;
        } else if (!copy.docker_config.empty() && std::filesystem::exists(copy.docker_config)) {
            auto creds = registry::load_docker_config(copy.docker_config, host);
            if (!creds) return std::move(creds).err().wrap("docker config " + copy.docker_config);
            o.creds = *creds;
        }
        return registry::client::create(std::move(o));
    };
}

std::unique_ptr<image_store> layout_image_store(std::filesystem::path root) {
    return std::make_unique<layout_store>(std::move(root));
}

result<std::unique_ptr<image_store>> open_image_store(std::string_view location, const registry_access &access) {
    return open_image_store(location, access.factory());
}

result<std::unique_ptr<image_store>> open_image_store(std::string_view location, registry::client_factory clients) {
    FORGE_TRY_ASSIGN(auto where, gitops::parse_registry(location));
    if (where.layout_root) return layout_image_store(*where.layout_root);
    std::string host = where.registry, prefix;
    if (auto slash = host.find('/'); slash != std::string::npos) {
        prefix = host.substr(slash + 1);
        host.resize(slash);
    }
    if (!prefix.empty() && !registry::is_valid_repository(prefix))
        return make_error(status::invalid, "registry \"" + std::string(location) + "\": prefix \"" + prefix +
                                               "\" is not a valid repository path");
    return std::unique_ptr<image_store>(std::make_unique<registry_store>(host, prefix, std::move(clients)));
}

}  // namespace forge::release
