#include "oci/layout.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <boost/json.hpp>
#include <system_error>

#include "oci/canonical_json.hpp"
#include "oci/files.hpp"
#include "oci/media_types.hpp"

namespace forge::oci {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view layout_file = "oci-layout";
constexpr std::string_view index_file = "index.json";
constexpr std::string_view lock_file = "index.json.lock";
constexpr std::string_view layout_version = "1.0.0";

std::string ref_name_of(const descriptor &d) {
    auto it = d.annotations.find(std::string(annotation::ref_name));
    return it == d.annotations.end() ? std::string() : it->second;
}

status_result make_directory(const fs::path &dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(status::io, "creating directory " + dir.string() + ": " + ec.message());
    return {};
}
}  // namespace

std::string layout_reference::ref() const {
    if (digest) return digest->str();
    if (tag) return *tag;
    return {};
}

std::string layout_reference::str() const {
    if (digest) return "oci:" + dir.string() + "@" + digest->str();
    if (tag) return "oci:" + dir.string() + ":" + *tag;
    return "oci:" + dir.string();
}

bool is_valid_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 128) return false;
    auto word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    if (!word(tag[0])) return false;
    return std::all_of(tag.begin() + 1, tag.end(), [&](char c) { return word(c) || c == '.' || c == '-'; });
}

result<layout_reference> parse_layout_reference(std::string_view text) {
    constexpr std::string_view prefix = "oci:";
    if (text.substr(0, prefix.size()) != prefix)
        return make_error(status::invalid, "layout reference \"" + std::string(text) + "\" must start with oci:");
    const std::string_view rest = text.substr(prefix.size());
    layout_reference ref;
    std::string_view dir;
    const auto at = rest.rfind('@');
    if (at != std::string_view::npos && rest.find(':', at) != std::string_view::npos) {
        // "@algorithm:hex" after the directory: a digest reference.
        dir = rest.substr(0, at);
        auto d = digest::parse(rest.substr(at + 1));
        if (!d) return std::move(d).err().wrap("layout reference \"" + std::string(text) + "\"");
        ref.digest = std::move(d).value();
    } else if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
        dir = rest.substr(0, colon);
        const std::string_view tag = rest.substr(colon + 1);
        if (!is_valid_tag(tag))
            return make_error(status::invalid, "layout reference \"" + std::string(text) + "\": \"" + std::string(tag) +
                                                   "\" is not a valid tag");
        ref.tag = std::string(tag);
    } else {
        dir = rest;
    }
    if (dir.empty())
        return make_error(status::invalid, "layout reference \"" + std::string(text) + "\" has no directory");
    ref.dir = fs::path(std::string(dir));
    return ref;
}

result<image_layout> image_layout::open(fs::path dir, layout_limits limits) {
    auto text = files::read_bounded(dir / layout_file, 64 * 1024);
    if (!text) return std::move(text).err().wrap("not an OCI image layout");
    FORGE_TRY_ASSIGN(boost::json::value v, parse_json(*text, (dir / layout_file).string()));
    const auto *o = v.if_object();
    const boost::json::value *version = o ? o->if_contains("imageLayoutVersion") : nullptr;
    if (!version || !version->is_string())
        return make_error(status::invalid, (dir / layout_file).string() + ": field imageLayoutVersion is required");
    if (version->get_string() != layout_version)
        return make_error(status::unsupported, (dir / layout_file).string() + ": imageLayoutVersion \"" +
                                                   std::string(version->get_string()) + "\" is not supported");
    image_layout layout(std::move(dir), limits);
    FORGE_TRY(layout.read_index_unlocked());
    return layout;
}

result<image_layout> image_layout::create(fs::path dir, layout_limits limits) {
    FORGE_TRY(make_directory(dir / "blobs" / "sha256"));
    {
        FORGE_TRY_ASSIGN(auto lock, files::exclusive_lock::acquire(dir / lock_file));
        std::error_code ec;
        if (!fs::exists(dir / layout_file, ec))
            FORGE_TRY(files::write_atomically(dir / layout_file, R"({"imageLayoutVersion":"1.0.0"})"));
        if (!fs::exists(dir / index_file, ec)) {
            image_layout fresh(dir, limits);
            FORGE_TRY(fresh.write_index_unlocked(image_index{}));
        }
    }
    return open(std::move(dir), limits);
}

fs::path image_layout::blob_path(const digest &d) const {
    return dir_ / "blobs" / std::string(d.algorithm()) / std::string(d.hex());
}

bool image_layout::has_blob(const digest &d) const {
    struct stat st {};
    return ::stat(blob_path(d).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

status_result image_layout::put_blob(const descriptor &d, std::string_view bytes) {
    if (static_cast<std::int64_t>(bytes.size()) != d.size || digest::of(bytes) != d.digest)
        return make_error(status::integrity, "blob " + d.digest.str() + " does not match its content");
    const fs::path path = blob_path(d.digest);
    struct stat st {};
    // Content addressing: a complete blob with this name already holds these bytes (every write is
    // atomic). A wrong size means someone damaged it; replace it.
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == d.size) return {};
    FORGE_TRY(make_directory(path.parent_path()));
    return files::write_atomically(path, bytes);
}

result<std::string> image_layout::read_blob(const descriptor &d) const {
    if (d.size < 0 || static_cast<std::uint64_t>(d.size) > limits_.max_blob_bytes)
        return make_error(status::limit, "blob " + d.digest.str() + " has " + std::to_string(d.size) +
                                             " bytes, more than the limit of " +
                                             std::to_string(limits_.max_blob_bytes));
    // Read one byte more than declared so that a longer file is caught as a size mismatch. The
    // digest is computed piece by piece as the bytes come in, while each piece is in the cache,
    // rather than in a second pass over the whole blob.
    sha256_hasher hasher;
    auto bytes = files::read_bounded(blob_path(d.digest), static_cast<std::uint64_t>(d.size) + 1,
                                     [&](std::string_view piece) { hasher.update(piece); });
    if (!bytes) {
        if (bytes.err().code == status::limit)
            return make_error(status::integrity, "blob " + d.digest.str() + " in " + dir_.string() +
                                                     " is larger than its descriptor's size " + std::to_string(d.size));
        return std::move(bytes).err();
    }
    if (static_cast<std::int64_t>(bytes->size()) != d.size)
        return make_error(status::integrity, "blob " + d.digest.str() + " in " + dir_.string() + " has " +
                                                 std::to_string(bytes->size()) + " bytes, its descriptor says " +
                                                 std::to_string(d.size));
    const digest actual = hasher.finish();
    if (actual != d.digest)
        return make_error(status::integrity, "blob " + d.digest.str() + " in " + dir_.string() +
                                                 " does not match its digest (content is " + actual.str() + ")");
    return bytes;
}

result<std::string> image_layout::read_blob(const digest &d, std::uint64_t max_bytes) const {
    FORGE_TRY_ASSIGN(std::string bytes, files::read_bounded(blob_path(d), std::min(max_bytes, limits_.max_blob_bytes)));
    const digest actual = digest::of(bytes);
    if (actual != d)
        return make_error(status::integrity, "blob " + d.str() + " in " + dir_.string() +
                                                 " does not match its digest (content is " + actual.str() + ")");
    return bytes;
}

result<image_index> image_layout::read_index_unlocked() const {
    const fs::path path = dir_ / index_file;
    FORGE_TRY_ASSIGN(std::string text, files::read_bounded(path, limits_.max_index_bytes));
    auto index = parse_image_index(text);
    if (!index) return std::move(index).err().wrap(path.string());
    return index;
}

status_result image_layout::write_index_unlocked(const image_index &index) {
    FORGE_TRY_ASSIGN(std::string bytes, encode(index));
    return files::write_atomically(dir_ / index_file, bytes);
}

result<image_index> image_layout::index() const {
    return read_index_unlocked();
}

status_result image_layout::tag(const descriptor &manifest, std::string_view tag) {
    if (!is_valid_tag(tag)) return make_error(status::invalid, "\"" + std::string(tag) + "\" is not a valid tag");
    if (!has_blob(manifest.digest))
        return make_error(status::not_found,
                          "manifest " + manifest.digest.str() + " is not stored in " + dir_.string());
    FORGE_TRY_ASSIGN(auto lock, files::exclusive_lock::acquire(dir_ / lock_file));
    FORGE_TRY_ASSIGN(image_index index, read_index_unlocked());
    std::erase_if(index.manifests, [&](const descriptor &d) { return ref_name_of(d) == tag; });
    descriptor entry = manifest;
    entry.annotations[std::string(annotation::ref_name)] = std::string(tag);
    index.manifests.push_back(std::move(entry));
    return write_index_unlocked(index);
}

status_result image_layout::untag(std::string_view tag) {
    FORGE_TRY_ASSIGN(auto lock, files::exclusive_lock::acquire(dir_ / lock_file));
    FORGE_TRY_ASSIGN(image_index index, read_index_unlocked());
    if (std::erase_if(index.manifests, [&](const descriptor &d) { return ref_name_of(d) == tag; }) == 0)
        return make_error(status::not_found, "tag \"" + std::string(tag) + "\" is not in " + dir_.string());
    return write_index_unlocked(index);
}

result<std::vector<std::string>> image_layout::tags() const {
    FORGE_TRY_ASSIGN(image_index index, read_index_unlocked());
    std::vector<std::string> out;
    for (const auto &d : index.manifests)
        if (auto name = ref_name_of(d); !name.empty()) out.push_back(std::move(name));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

result<descriptor> image_layout::resolve(std::string_view ref) const {
    FORGE_TRY_ASSIGN(image_index index, read_index_unlocked());
    if (ref.empty()) {
        if (index.manifests.size() != 1)
            return make_error(status::invalid, dir_.string() + " holds " + std::to_string(index.manifests.size()) +
                                                   " manifests; name one by tag or digest");
        return index.manifests.front();
    }
    if (ref.find(':') != std::string_view::npos) {
        FORGE_TRY_ASSIGN(digest wanted, digest::parse(ref));
        for (const auto &d : index.manifests)
            if (d.digest == wanted) return d;
        // Not in the index but perhaps stored (an untagged manifest): read it to learn its size.
        if (!has_blob(wanted))
            return make_error(status::not_found, "manifest " + wanted.str() + " is not in " + dir_.string());
        FORGE_TRY_ASSIGN(std::string bytes, read_blob(wanted, limits_.max_manifest_bytes));
        FORGE_TRY_ASSIGN(boost::json::value v, parse_json(bytes, "manifest " + wanted.str()));
        std::string media(media_type::image_manifest);
        if (const auto *o = v.if_object())
            if (const auto *m = o->if_contains("mediaType"); m && m->is_string()) media = std::string(m->get_string());
        descriptor d = descriptor::of(media, bytes);
        return d;
    }
    // The last entry wins should a foreign writer have left two entries with one name.
    for (auto it = index.manifests.rbegin(); it != index.manifests.rend(); ++it)
        if (ref_name_of(*it) == ref) return *it;
    return make_error(status::not_found, "tag \"" + std::string(ref) + "\" is not in " + dir_.string());
}

result<descriptor> image_layout::write_image(const image &img, std::string_view tag) {
    if (!tag.empty() && !is_valid_tag(tag))
        return make_error(status::invalid, "\"" + std::string(tag) + "\" is not a valid tag");
    FORGE_TRY(verify_image(img));
    for (const auto &b : img.blobs) FORGE_TRY(put_blob(b.desc, b.bytes));
    // The manifest goes last: once it is visible, everything it names is there.
    FORGE_TRY(put_blob(img.manifest_descriptor, img.manifest_bytes));
    if (!tag.empty()) FORGE_TRY(this->tag(img.manifest_descriptor, tag));
    return img.manifest_descriptor;
}

result<image> image_layout::read_image(std::string_view ref) const {
    FORGE_TRY_ASSIGN(descriptor d, resolve(ref));
    const std::string what = dir_.string() + (ref.empty() ? "" : ":" + std::string(ref));
    if (d.media_type != media_type::image_manifest)
        return make_error(status::unsupported, what + " is a " + d.media_type + ", not an OCI image manifest");
    if (static_cast<std::uint64_t>(d.size) > limits_.max_manifest_bytes)
        return make_error(status::limit, what + ": manifest of " + std::to_string(d.size) + " bytes is over the limit");
    image img;
    FORGE_TRY_ASSIGN(img.manifest_bytes, read_blob(d));
    auto manifest = parse_image_manifest(img.manifest_bytes);
    if (!manifest) return std::move(manifest).err().wrap(what);
    img.manifest = std::move(manifest).value();
    img.manifest_descriptor = std::move(d);
    auto add = [&](const descriptor &desc) -> status_result {
        if (img.find_blob(desc.digest)) return {};  // a blob named twice is read once
        FORGE_TRY_ASSIGN(std::string bytes, read_blob(desc));
        img.blobs.push_back(blob{desc, std::move(bytes)});
        return {};
    };
    FORGE_TRY(add(img.manifest.config));
    for (const auto &layer : img.manifest.layers) FORGE_TRY(add(layer));
    return img;
}

result<descriptor> copy_image(const image_layout &from, std::string_view ref, image_layout &to, std::string_view tag) {
    FORGE_TRY_ASSIGN(image img, from.read_image(ref));
    return to.write_image(img, tag);
}

}  // namespace forge::oci
