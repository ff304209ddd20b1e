#include "gitops/release_store.hpp"

#include <boost/json.hpp>

#include "gitops/names.hpp"
#include "oci/layout.hpp"
#include "oci/media_types.hpp"

namespace forge::gitops {

namespace json = boost::json;

std::string registry_location::image(std::string_view repo, std::string_view project, std::string_view tag) const {
    if (layout_root) return "oci:" + layout_dir(repo, project).string() + ":" + std::string(tag);
    return registry + "/" + std::string(repo) + "/" + std::string(project) + ":" + std::string(tag);
}

std::string registry_location::repository(std::string_view repo, std::string_view project) const {
    return (prefix.empty() ? std::string() : prefix + "/") + std::string(repo) + "/" + std::string(project);
}

std::filesystem::path registry_location::layout_dir(std::string_view repo, std::string_view project) const {
    return *layout_root / std::string(repo) / std::string(project);
}

result<registry_location> parse_registry(std::string_view text) {
    registry_location loc;
    if (text.empty())
        return make_error(status::invalid,
                          "no release registry given (FORGE_REGISTRY or --registry: oci:DIR or "
                          "host[:port][/prefix])");
    if (text.starts_with("oci:")) {
        auto dir = text.substr(4);
        if (dir.empty()) return make_error(status::invalid, "registry \"oci:\" names no directory");
        if (dir.find(':') != std::string_view::npos)
            return make_error(status::invalid, "registry \"" + std::string(text) +
                                                   "\": a layout directory cannot contain ':' (oci:DIR)");
        std::error_code ec;
        auto abs = std::filesystem::absolute(std::filesystem::path(dir), ec);
        loc.layout_root = ec ? std::filesystem::path(dir) : abs.lexically_normal();
        return loc;
    }
    std::string_view rest = text;
    std::optional<bool> plain;
    if (rest.starts_with("http://")) {
        plain = true;
        rest.remove_prefix(7);
    } else if (rest.starts_with("https://")) {
        plain = false;
        rest.remove_prefix(8);
    }
    for (char c : rest)
        if (c <= ' ' || c == '@' || c == '\\' || c == '"' || c == '?' || c == '#')
            return make_error(status::invalid, "registry \"" + std::string(text) + "\" is not host[:port][/prefix]");
    loc.registry = std::string(rest);
    while (!loc.registry.empty() && loc.registry.back() == '/') loc.registry.pop_back();
    const auto slash = loc.registry.find('/');
    loc.host = loc.registry.substr(0, slash);
    if (slash != std::string::npos) loc.prefix = loc.registry.substr(slash + 1);
    if (loc.host.empty()) return make_error(status::invalid, "registry \"" + std::string(text) + "\" names no host");
    if (loc.prefix.starts_with("/") || loc.prefix.find("//") != std::string::npos)
        return make_error(status::invalid, "registry \"" + std::string(text) + "\" has an empty path component");
    std::string bare = loc.host;
    if (bare.starts_with("["))
        bare = bare.substr(0, bare.find(']') + 1);
    else if (auto colon = bare.rfind(':'); colon != std::string::npos)
        bare = bare.substr(0, colon);
    const bool loopback = bare == "localhost" || bare.starts_with("127.") || bare == "[::1]";
    loc.plain_http = plain.value_or(loopback);
    return loc;
}

result<release_info> parse_release_metadata(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return make_error(status::invalid, "release metadata is not a JSON object");
    const auto &o = v.as_object();
    release_info info;
    if (auto *src = o.if_contains("source"); src && src->is_object())
        if (auto *c = src->as_object().if_contains("commit"); c && c->is_string())
            info.sha = std::string(c->as_string());
    if (!is_commit_sha(info.sha))
        return make_error(status::invalid, "release metadata: field source.commit is not a full commit SHA");
    if (auto *n = o.if_contains("number"); n && n->is_int64()) info.number = n->as_int64();
    if (auto *a = o.if_contains("aliases"); a && a->is_object()) {
        const auto &al = a->as_object();
        if (auto *n = al.if_contains("numeric"); n && n->is_int64()) info.aliases.numeric = n->as_int64();
        if (auto *t = al.if_contains("tag"); t && t->is_string()) info.aliases.tag = std::string(t->as_string());
        if (auto *b = al.if_contains("branch"); b && b->is_string()) info.aliases.branch = std::string(b->as_string());
    }
    return info;
}

result<release_info> resolve_release(const registry_location &where, std::string_view repo, std::string_view project,
                                     std::string_view ref, const registry_access &access) {
    FORGE_TRY(check_name(repo, "repository"));
    FORGE_TRY(check_name(project, "project"));
    if (!oci::is_valid_tag(ref))
        return make_error(status::invalid, "release reference \"" + std::string(ref) +
                                               "\" is not a commit SHA, a release number or an alias");
    const std::string image = where.image(repo, project, ref);
    auto fail = [&](error e) { return e.wrap("release " + image); };
    auto source = release_source::open(where, repo, project, access);
    if (!source) return fail(std::move(source).err());
    auto desc = source->resolve(ref);
    if (!desc) return fail(std::move(desc).err());
    auto manifest_bytes = source->read_manifest(*desc);
    if (!manifest_bytes) return fail(std::move(manifest_bytes).err());
    auto manifest = oci::parse_image_manifest(*manifest_bytes);
    if (!manifest) return fail(std::move(manifest).err());
    const oci::descriptor *meta = nullptr;
    for (const auto &l : manifest->layers)
        if (l.media_type == oci::media_type::release_metadata) meta = &l;
    if (!meta) return fail(make_error(status::invalid, "the image has no release metadata layer"));
    if (meta->size > (1 << 20)) return fail(make_error(status::limit, "the release metadata layer is over 1 MiB"));
    auto meta_bytes = source->read_blob(*meta);
    if (!meta_bytes) return fail(std::move(meta_bytes).err());
    auto info = parse_release_metadata(*meta_bytes);
    if (!info) return fail(std::move(info).err());
    info->manifest = *desc;
    if (!is_commit_sha(ref)) {
        // A number or alias: the release's SHA tag must name the same image.
        auto by_sha = source->resolve(info->sha);
        if (!by_sha) return fail(std::move(by_sha).err().wrap("its commit tag " + info->sha));
        if (by_sha->digest != desc->digest)
            return fail(make_error(status::integrity, "tag " + std::string(ref) + " and commit tag " + info->sha +
                                                          " name different images"));
    } else if (info->sha != ref) {
        return fail(make_error(status::integrity, "the image's metadata names commit " + info->sha));
    }
    return std::move(info).value();
}

}  // namespace forge::gitops
