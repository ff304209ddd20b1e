#include "release/releases.hpp"

#include <boost/json.hpp>

#include "gitops/names.hpp"
#include "oci/layout.hpp"
#include "oci/media_types.hpp"
#include "oci/tar_reader.hpp"

namespace forge::release {

namespace json = boost::json;

namespace {

json::object aliases_json(const oci::release_aliases &a) {
    json::object o;
    if (a.numeric) o["numeric"] = *a.numeric;
    if (a.tag) o["tag"] = *a.tag;
    if (a.branch) o["branch"] = *a.branch;
    return o;
}

const oci::blob *layer_of(const oci::image &img, std::string_view media_type) {
    for (const auto &l : img.manifest.layers)
        if (l.media_type == media_type) return img.find_blob(l.digest);
    return nullptr;
}

}  // namespace

result<oci::descriptor> write_artifact_image(image_store &store, std::string_view path, const oci::image &preferred,
                                             const oci::image &fallback, const std::vector<std::string> &tags) {
    auto desc = store.write(path, preferred, tags);
    // A registry that refuses the OCI 1.1 empty config answers 400 (MANIFEST_INVALID or
    // similar): the image-config spelling is accepted everywhere (docs/oci.md, "Config").
    if (!desc && desc.err().code == status::invalid) return store.write(path, fallback, tags);
    return desc;
}

std::string release_path(std::string_view repository, std::string_view project) {
    return std::string(repository) + "/" + std::string(project);
}

std::string branch_alias(std::string_view branch, std::int64_t number) {
    std::string out;
    for (char c : branch) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                  c == '-';
        out += ok ? c : '-';
    }
    if (out.empty() || out.front() == '.' || out.front() == '-') out.insert(0, "b");
    std::string suffix = "-" + std::to_string(number);
    if (out.size() + suffix.size() > 128) out.resize(128 - suffix.size());
    return out + suffix;
}

boost::json::object created_release::to_json() const {
    json::array tag_list, arts;
    for (const auto &t : tags) tag_list.emplace_back(t);
    for (const auto &a : artifacts)
        arts.push_back(
            json::object{{"name", a.name}, {"image", a.tracking_image}, {"digest", a.tracking_digest.str()}});
    return json::object{{"repository", repository},
                        {"project", project},
                        {"commit", commit},
                        {"number", number},
                        {"aliases", aliases_json(aliases)},
                        {"image", image},
                        {"digest", manifest.digest.str()},
                        {"tags", std::move(tag_list)},
                        {"artifacts", std::move(arts)}};
}

status_result check_not_released(image_store &store, std::string_view repository, std::string_view project,
                                 std::string_view commit) {
    const std::string path = release_path(repository, project);
    FORGE_TRY_ASSIGN(auto existing, store.find(path, commit));
    if (existing)
        return make_error(status::conflict, "release " + std::string(repository) + "/" + std::string(project) +
                                                " of commit " + std::string(commit) + " already exists (" +
                                                store.reference(path, commit) + ", " + existing->digest.str() +
                                                "): releases are immutable");
    return {};
}

result<std::int64_t> next_number(image_store &store, std::string_view path) {
    auto exists = [&](std::int64_t n) -> result<bool> {
        FORGE_TRY_ASSIGN(auto d, store.find(path, std::to_string(n)));
        return d.has_value();
    };
    // Exponential probe for an upper bound, then binary search for the first missing number.
    std::int64_t lo = 0, hi = 1;  // lo exists (0 counts as existing), hi unknown
    for (;;) {
        FORGE_TRY_ASSIGN(bool e, exists(hi));
        if (!e) break;
        lo = hi;
        if (hi > (std::int64_t(1) << 40)) return make_error(status::limit, "release numbers exhausted");
        hi *= 2;
    }
    while (hi - lo > 1) {
        std::int64_t mid = lo + (hi - lo) / 2;
        FORGE_TRY_ASSIGN(bool e, exists(mid));
        if (e)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

result<created_release> create_release(image_store &store, const release_request &req) {
    FORGE_TRY(gitops::check_name(req.repository, "repository"));
    FORGE_TRY(gitops::check_name(req.project, "project"));
    if (!gitops::is_commit_sha(req.commit))
        return make_error(status::invalid, "release commit \"" + req.commit + "\" is not a full lowercase commit SHA");
    if (req.tag_alias && !oci::is_valid_tag(*req.tag_alias))
        return make_error(status::invalid, "release tag alias \"" + *req.tag_alias + "\" is not a valid image tag");
    const std::string path = release_path(req.repository, req.project);
    const std::string what = "release " + path + " of " + req.commit;

    FORGE_TRY_ASSIGN(auto held, store.lock(path));
    FORGE_TRY(check_not_released(store, req.repository, req.project, req.commit));
    auto number = next_number(store, path);
    if (!number) return std::move(number).err().wrap(what);

    oci::release_metadata meta;
    meta.repository = req.repository;
    meta.project = req.project;
    meta.number = *number;
    meta.aliases.numeric = *number;
    meta.aliases.tag = req.tag_alias;
    if (req.branch && !req.branch->empty()) meta.aliases.branch = branch_alias(*req.branch, *number);
    meta.trigger = req.trigger;
    meta.trigger_ref = req.trigger_ref;
    meta.source_url = req.source_url;
    meta.commit = req.commit;
    meta.artifacts = req.artifacts;
    meta.created = req.created;

    auto img = oci::build_release_image(meta, req.files);
    if (!img) return std::move(img).err().wrap(what);
    oci::release_image_options fallback_style;
    fallback_style.config_style = oci::config_style::image_config;
    auto fallback = oci::build_release_image(meta, req.files, fallback_style);
    if (!fallback) return std::move(fallback).err().wrap(what);

    created_release out;
    out.repository = req.repository;
    out.project = req.project;
    out.commit = req.commit;
    out.number = *number;
    out.aliases = meta.aliases;
    out.artifacts = req.artifacts;
    out.tags = {req.commit, std::to_string(*number)};
    if (meta.aliases.tag) out.tags.push_back(*meta.aliases.tag);
    if (meta.aliases.branch) out.tags.push_back(*meta.aliases.branch);
    auto desc = write_artifact_image(store, path, *img, *fallback, out.tags);
    if (!desc) return std::move(desc).err().wrap(what);
    out.manifest = *desc;
    out.image = store.reference(path, req.commit);
    return out;
}

boost::json::object stored_release::to_json(bool with_resources) const {
    json::array names;
    for (const auto &f : files) names.emplace_back(f);
    json::object o = metadata;
    o.erase("apiVersion");
    o.erase("kind");
    o["image"] = image;
    o["digest"] = manifest.digest.str();
    o["files"] = std::move(names);
    if (with_resources) {
        json::object res;
        for (const auto &[n, y] : resources) res[n] = y;
        o["resources"] = std::move(res);
    }
    return o;
}

result<stored_release> show_release(image_store &store, std::string_view repository, std::string_view project,
                                    std::string_view ref) {
    FORGE_TRY(gitops::check_name(repository, "repository"));
    FORGE_TRY(gitops::check_name(project, "project"));
    if (!oci::is_valid_tag(ref))
        return make_error(status::invalid, "release reference \"" + std::string(ref) +
                                               "\" is not a commit SHA, a release number or an alias");
    const std::string path = release_path(repository, project);
    const std::string image = store.reference(path, ref);
    auto fail = [&](error e) { return e.wrap("release " + image); };
    auto found = store.find(path, ref);
    if (!found) return fail(std::move(found).err());
    if (!*found) return fail(make_error(status::not_found, "no such release"));
    auto img = store.read(path, (*found)->digest.str());
    if (!img) return fail(std::move(img).err());
    const oci::blob *meta = layer_of(*img, oci::media_type::release_metadata);
    const oci::blob *res = layer_of(*img, oci::media_type::release_resources);
    if (meta == nullptr || res == nullptr)
        return fail(
            make_error(status::invalid, "the image is not a release image (metadata or resources layer missing)"));
    boost::system::error_code ec;
    json::value mv = json::parse(meta->bytes, ec);
    if (ec || !mv.is_object())
        return fail(make_error(status::invalid, "the release metadata layer is not a JSON object"));
    stored_release out;
    out.metadata = std::move(mv.as_object());
    out.manifest = img->manifest_descriptor;
    const json::value *src = out.metadata.if_contains("source");
    const json::value *commit = src != nullptr && src->is_object() ? src->as_object().if_contains("commit") : nullptr;
    std::string sha = commit != nullptr && commit->is_string() ? std::string(commit->as_string()) : std::string();
    if (!gitops::is_commit_sha(sha))
        return fail(make_error(status::invalid, "release metadata: source.commit is not a commit SHA"));
    if (gitops::is_commit_sha(ref)) {
        if (sha != ref) return fail(make_error(status::integrity, "the image's metadata names commit " + sha));
    } else {
        auto by_sha = store.find(path, sha);
        if (!by_sha) return fail(std::move(by_sha).err());
        if (!*by_sha || (*by_sha)->digest != out.manifest.digest)
            return fail(make_error(status::integrity,
                                   "tag " + std::string(ref) + " and commit tag " + sha + " name different images"));
    }
    oci::tar_read_limits limits;
    limits.require_yaml_names = true;
    auto entries = oci::read_untrusted_tar(res->bytes, limits);
    if (!entries) return fail(std::move(entries).err().wrap("resources layer"));
    for (auto &e : *entries) {
        out.files.push_back(e.path);
        out.resources.emplace_back(e.path, std::move(e.content));
    }
    out.image = store.reference(path, sha);
    return out;
}

result<json::array> list_releases(image_store &store, std::string_view repository, std::string_view project) {
    FORGE_TRY(gitops::check_name(repository, "repository"));
    FORGE_TRY(gitops::check_name(project, "project"));
    const std::string path = release_path(repository, project);
    FORGE_TRY_ASSIGN(auto next, next_number(store, path));
    json::array out;
    for (std::int64_t n = 1; n < next; ++n) {
        FORGE_TRY_ASSIGN(auto r, show_release(store, repository, project, std::to_string(n)));
        json::object o{{"number", n}, {"image", r.image}, {"digest", r.manifest.digest.str()}};
        for (const char *k : {"commit"})
            if (const auto *src = r.metadata.if_contains("source"); src && src->is_object())
                if (const auto *c = src->as_object().if_contains(k)) o[k] = *c;
        for (const char *k : {"aliases", "trigger", "created"})
            if (const auto *v = r.metadata.if_contains(k)) o[k] = *v;
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace forge::release
