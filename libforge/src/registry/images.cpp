#include "registry/images.hpp"

#include "oci/media_types.hpp"

namespace forge::registry {

result<push_result> push_image(client &c, const std::string &repo, const oci::image &img,
                               const std::vector<std::string> &tags) {
    FORGE_TRY(oci::verify_image(img));
    for (const auto &t : tags)
        if (!oci::is_valid_tag(t)) return make_error(status::invalid, "invalid tag \"" + t + "\"");
    push_result out;
    for (const auto &b : img.blobs) {
        FORGE_TRY_ASSIGN(bool present, c.blob_exists(repo, b.desc.digest));
        if (present) {
            ++out.blobs_present;
            continue;
        }
        FORGE_TRY(c.push_blob(repo, b.desc, b.bytes));
        ++out.blobs_uploaded;
    }
    const std::string &media_type = img.manifest_descriptor.media_type;
    const std::string first = tags.empty() ? img.manifest_descriptor.digest.str() : tags.front();
    FORGE_TRY_ASSIGN(out.manifest, c.put_manifest(repo, first, media_type, img.manifest_bytes));
    for (std::size_t i = 1; i < tags.size(); ++i) FORGE_TRY(c.put_manifest(repo, tags[i], media_type, img.manifest_bytes));
    out.manifest.artifact_type = img.manifest.artifact_type;
    return out;
}

result<oci::image> pull_image(client &c, const std::string &repo, const std::string &ref) {
    FORGE_TRY_ASSIGN(auto m, c.get_manifest(repo, ref));
    const std::string what = "pulling " + c.options().host + "/" + repo + ":" + ref;
    if (m.desc.media_type == oci::media_type::image_index || m.desc.media_type == oci::media_type::docker_manifest_list)
        return make_error(status::unsupported, what + ": the reference names an image index (" + m.desc.media_type +
                                                   "); only single manifests can be pulled");
    auto parsed = oci::parse_image_manifest(m.bytes);
    if (!parsed.ok()) return std::move(parsed).err().wrap(what);
    oci::image img;
    img.manifest_descriptor = m.desc;
    img.manifest_bytes = std::move(m.bytes);
    img.manifest = std::move(parsed).value();
    std::vector<oci::descriptor> wanted{img.manifest.config};
    wanted.insert(wanted.end(), img.manifest.layers.begin(), img.manifest.layers.end());
    for (const auto &d : wanted) {
        if (img.find_blob(d.digest)) {  // the same blob twice: fetch once
            img.blobs.push_back(*img.find_blob(d.digest));
            img.blobs.back().desc = d;
            continue;
        }
        oci::blob b;
        b.desc = d;
        if (d.data) {
            // Embedded data is still checked against the digest by verify_image below.
        }
        auto bytes = c.get_blob_bytes(repo, d);
        if (!bytes.ok()) return std::move(bytes).err().wrap(what);
        b.bytes = std::move(bytes).value();
        img.blobs.push_back(std::move(b));
    }
    auto verified = oci::verify_image(img);
    if (!verified.ok()) return std::move(verified).err().wrap(what);
    return img;
}

result<oci::descriptor> pull_to_layout(client &c, const std::string &repo, const std::string &ref,
                                       oci::image_layout &layout, std::string_view tag) {
    FORGE_TRY_ASSIGN(auto img, pull_image(c, repo, ref));
    return layout.write_image(img, tag);
}

namespace {
result<oci::image> read_from(const location &from, const client_factory &clients, std::unique_ptr<client> &keep) {
    if (const auto *r = std::get_if<reference>(&from)) {
        FORGE_TRY_ASSIGN(keep, clients(r->registry));
        return pull_image(*keep, r->repository, r->ref());
    }
    const auto &l = std::get<oci::layout_reference>(from);
    FORGE_TRY_ASSIGN(auto layout, oci::image_layout::open(l.dir));
    return layout.read_image(l.ref());
}
}  // namespace

result<oci::descriptor> copy_image(const location &from, const location &to, const client_factory &clients) {
    std::unique_ptr<client> source_client;
    FORGE_TRY_ASSIGN(auto img, read_from(from, clients, source_client));
    if (const auto *r = std::get_if<reference>(&to)) {
        std::unique_ptr<client> target;
        FORGE_TRY_ASSIGN(target, clients(r->registry));
        std::vector<std::string> tags;
        if (r->tag) tags.push_back(*r->tag);
        FORGE_TRY_ASSIGN(auto pushed, push_image(*target, r->repository, img, tags));
        return pushed.manifest;
    }
    const auto &l = std::get<oci::layout_reference>(to);
    if (l.digest) return make_error(status::invalid, "copy destination " + l.str() + " cannot name a digest");
    FORGE_TRY_ASSIGN(auto layout, oci::image_layout::create(l.dir));
    return layout.write_image(img, l.tag.value_or(""));
}

}  // namespace forge::registry
