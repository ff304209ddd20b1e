#include "registry/images.hpp"

#include <atomic>
#include <exception>
#include <filesystem>
#include <optional>
#include <thread>

#include "oci/blob_file.hpp"
#include "oci/media_types.hpp"
#include "oci/staged_blob.hpp"

namespace forge::registry {

namespace {

// Blobs move in parallel, each on its own connection: a small image is a few round trips deep
// instead of one round trip per request, and a large one keeps the registry and us busy at once.
constexpr std::size_t max_parallel_blobs = 4;

// Runs task(i) for every i in [0, n) on up to `width` threads. Once a task fails, tasks not yet
// started are skipped; the error returned is that of the lowest failing index.
status_result for_each_parallel(std::size_t n, std::size_t width,
                                const std::function<status_result(std::size_t)> &task) {
    if (n == 0) return {};
    std::vector<std::optional<error>> errors(n);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    auto worker = [&] {
        for (;;) {
            const std::size_t i = next++;
            if (i >= n || failed) return;
            try {
                auto r = task(i);
                if (!r.ok()) {
                    errors[i] = std::move(r).err();
                    failed = true;
                }
            } catch (const std::exception &e) {  // a bug or out of memory: no exception leaves a thread
                errors[i] = make_error(status::internal, e.what());
                failed = true;
            }
        }
    };
    std::vector<std::thread> threads;
    const std::size_t helpers = std::min(n, width) - 1;
    for (std::size_t k = 0; k < helpers; ++k) threads.emplace_back(worker);
    worker();
    for (auto &t : threads) t.join();
    for (auto &e : errors)
        if (e) return std::move(*e);
    return {};
}

// The blobs a manifest names, each once: the config, then the layers in order.
std::vector<oci::descriptor> distinct_blobs(const oci::image_manifest &m) {
    std::vector<oci::descriptor> out{m.config};
    for (const auto &layer : m.layers) {
        bool seen = false;
        for (const auto &d : out) seen = seen || d.digest == layer.digest;
        if (!seen) out.push_back(layer);
    }
    return out;
}

// What push_image checks before sending anything: the manifest bytes against their descriptor, and
// that every blob the manifest names is in the image with its declared size. The blobs' digests
// are checked while they are sent (client::push_blob) or, for blobs the registry already has,
// just before skipping them: one hash per blob instead of a separate pass.
status_result check_before_push(const oci::image &img) {
    const auto &md = img.manifest_descriptor;
    if (static_cast<std::int64_t>(img.manifest_bytes.size()) != md.size ||
        oci::digest::of(img.manifest_bytes) != md.digest)
        return make_error(status::integrity, "manifest " + md.digest.str() + " does not match its bytes");
    for (const auto &d : distinct_blobs(img.manifest)) {
        const oci::blob *b = img.find_blob(d.digest);
        if (!b) return make_error(status::integrity, "blob " + d.digest.str() + " is missing from the image");
        if (static_cast<std::int64_t>(b->bytes.size()) != d.size)
            return make_error(status::integrity, "blob " + d.digest.str() + ": size is " +
                                                     std::to_string(b->bytes.size()) + " bytes, descriptor says " +
                                                     std::to_string(d.size));
    }
    return {};
}

struct fetched_manifest {
    manifest_data data;
    oci::image_manifest manifest;
};

// GETs and parses an image manifest (digest-verified by the client); indexes are refused.
result<fetched_manifest> fetch_image_manifest(client &c, const std::string &repo, const std::string &ref,
                                              const std::string &what) {
    FORGE_TRY_ASSIGN(auto m, c.get_manifest(repo, ref));
    if (m.desc.media_type == oci::media_type::image_index || m.desc.media_type == oci::media_type::docker_manifest_list)
        return make_error(status::unsupported, what + ": the reference names an image index (" + m.desc.media_type +
                                                   "); only single manifests can be pulled");
    auto parsed = oci::parse_image_manifest(m.bytes);
    if (!parsed.ok()) return std::move(parsed).err().wrap(what);
    return fetched_manifest{std::move(m), std::move(parsed).value()};
}

// A complete blob is already in the layout (content addressing: a file of the right size under the
// digest name was written atomically from verified bytes).
bool layout_has(const oci::image_layout &layout, const oci::descriptor &d) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(layout.blob_path(d.digest), ec);
    return !ec && static_cast<std::int64_t>(size) == d.size;
}

// PUTs the manifest under the first tag (by digest without tags), then under the others.
status_result put_manifest_tags(client &c, const std::string &repo, const oci::descriptor &md, const std::string &bytes,
                                const std::vector<std::string> &tags, push_result &out) {
    // The manifest goes last: once the registry has it, everything it names is there.
    const std::string first = tags.empty() ? md.digest.str() : tags.front();
    FORGE_TRY_ASSIGN(out.manifest, c.put_manifest(repo, first, md.media_type, bytes));
    if (tags.size() > 1)
        FORGE_TRY(for_each_parallel(tags.size() - 1, max_parallel_blobs, [&](std::size_t i) -> status_result {
            FORGE_TRY(c.put_manifest(repo, tags[i + 1], md.media_type, bytes));
            return {};
        }));
    return {};
}

}  // namespace

result<push_result> push_image(client &c, const std::string &repo, const oci::image &img,
                               const std::vector<std::string> &tags) {
    for (const auto &t : tags)
        if (!oci::is_valid_tag(t)) return make_error(status::invalid, "invalid tag \"" + t + "\"");
    FORGE_TRY(check_before_push(img));
    const auto blobs = distinct_blobs(img.manifest);
    std::vector<char> uploaded(blobs.size(), 0);
    FORGE_TRY(for_each_parallel(blobs.size(), max_parallel_blobs, [&](std::size_t i) -> status_result {
        const oci::descriptor &d = blobs[i];
        const std::string &bytes = img.find_blob(d.digest)->bytes;
        FORGE_TRY_ASSIGN(bool present, c.blob_exists(repo, d.digest));
        if (present) {
            if (oci::digest::of(bytes) != d.digest)
                return make_error(status::integrity, "blob " + d.digest.str() + ": content does not match its digest");
            return {};
        }
        FORGE_TRY(c.push_blob(repo, d, bytes));
        uploaded[i] = 1;
        return {};
    }));
    push_result out;
    for (char u : uploaded) ++(u ? out.blobs_uploaded : out.blobs_present);
    FORGE_TRY(put_manifest_tags(c, repo, img.manifest_descriptor, img.manifest_bytes, tags, out));
    out.manifest.artifact_type = img.manifest.artifact_type;
    return out;
}

result<push_result> push_layout_image(client &c, const std::string &repo, const oci::image_layout &layout,
                                      std::string_view ref, const std::vector<std::string> &tags) {
    for (const auto &t : tags)
        if (!oci::is_valid_tag(t)) return make_error(status::invalid, "invalid tag \"" + t + "\"");
    const std::string what = layout.dir().string() + (ref.empty() ? "" : ":" + std::string(ref));
    FORGE_TRY_ASSIGN(oci::descriptor md, layout.resolve(ref));
    if (md.media_type != oci::media_type::image_manifest)
        return make_error(status::unsupported, what + " is a " + md.media_type + ", not an OCI image manifest");
    if (md.size < 0 || static_cast<std::uint64_t>(md.size) > c.options().limits.max_manifest_bytes)
        return make_error(status::limit,
                          what + ": manifest of " + std::to_string(md.size) + " bytes is over the limit");
    FORGE_TRY_ASSIGN(std::string manifest_bytes, layout.read_blob(md));  // verified against md
    auto manifest = oci::parse_image_manifest(manifest_bytes);
    if (!manifest) return std::move(manifest).err().wrap(what);
    const auto blobs = distinct_blobs(*manifest);
    std::vector<char> uploaded(blobs.size(), 0);
    FORGE_TRY(for_each_parallel(blobs.size(), max_parallel_blobs, [&](std::size_t i) -> status_result {
        const oci::descriptor &d = blobs[i];
        FORGE_TRY_ASSIGN(bool present, c.blob_exists(repo, d.digest));
        if (present) return {};
        FORGE_TRY_ASSIGN(auto file, oci::blob_file::open(layout, d));
        blob_reader reader;
        reader.read = [&file](char *buf, std::size_t cap) { return file.read(buf, cap); };
        reader.rewind = [&file] { return file.rewind(); };
        FORGE_TRY(c.push_blob(repo, d, reader));
        uploaded[i] = 1;
        return {};
    }));
    push_result out;
    for (char u : uploaded) ++(u ? out.blobs_uploaded : out.blobs_present);
    FORGE_TRY(put_manifest_tags(c, repo, md, manifest_bytes, tags, out));
    out.manifest.artifact_type = manifest->artifact_type;
    return out;
}

result<oci::image> pull_image(client &c, const std::string &repo, const std::string &ref) {
    const std::string what = "pulling " + c.options().host + "/" + repo + ":" + ref;
    FORGE_TRY_ASSIGN(auto m, fetch_image_manifest(c, repo, ref, what));
    const auto blobs = distinct_blobs(m.manifest);
    std::vector<std::string> contents(blobs.size());
    auto fetched = for_each_parallel(blobs.size(), max_parallel_blobs, [&](std::size_t i) -> status_result {
        FORGE_TRY_ASSIGN(contents[i], c.get_blob_bytes(repo, blobs[i]));
        return {};
    });
    if (!fetched.ok()) return std::move(fetched).err().wrap(what);
    // Every blob was checked against its digest and size as it arrived, and the manifest against
    // its digest, so the image needs no second pass (verify_image would hash everything again).
    oci::image img;
    img.manifest_descriptor = m.data.desc;
    img.manifest_bytes = std::move(m.data.bytes);
    img.manifest = std::move(m.manifest);
    std::vector<oci::descriptor> named{img.manifest.config};
    named.insert(named.end(), img.manifest.layers.begin(), img.manifest.layers.end());
    for (const auto &d : named) {
        std::size_t k = 0;
        while (blobs[k].digest != d.digest) ++k;
        // A blob named twice was fetched once; the image holds it once per name, as the manifest says.
        img.blobs.push_back(oci::blob{d, contents[k]});
    }
    return img;
}

result<oci::descriptor> pull_to_layout(client &c, const std::string &repo, const std::string &ref,
                                       oci::image_layout &layout, std::string_view tag) {
    if (!tag.empty() && !oci::is_valid_tag(tag))
        return make_error(status::invalid, "\"" + std::string(tag) + "\" is not a valid tag");
    const std::string what = "pulling " + c.options().host + "/" + repo + ":" + ref;
    FORGE_TRY_ASSIGN(auto m, fetch_image_manifest(c, repo, ref, what));
    std::vector<oci::descriptor> missing;
    for (const auto &d : distinct_blobs(m.manifest))
        if (!layout_has(layout, d)) missing.push_back(d);

    // Each blob streams into a hidden temporary file of the layout, checked on the way; only when
    // every one has arrived intact are they renamed into place. A failure anywhere removes the
    // temporary files (staged_blob's destructor): nothing is written.
    std::vector<std::optional<oci::staged_blob>> staged(missing.size());
    auto fetched = for_each_parallel(missing.size(), max_parallel_blobs, [&](std::size_t i) -> status_result {
        FORGE_TRY_ASSIGN(auto blob, oci::staged_blob::create(layout, missing[i]));
        staged[i].emplace(std::move(blob));
        oci::staged_blob &out = *staged[i];
        return c.get_blob_restarting(
            repo, missing[i], [&](std::string_view chunk) { return out.write(chunk); }, [&] { return out.restart(); });
    });
    if (!fetched.ok()) return std::move(fetched).err().wrap(what);
    FORGE_TRY(for_each_parallel(staged.size(), max_parallel_blobs,
                                [&](std::size_t i) { return staged[i]->commit_verified(); }));
    if (!staged.empty()) FORGE_TRY(oci::sync_blob_directory(layout));
    // The manifest goes last: once it is visible, everything it names is there.
    FORGE_TRY(layout.put_blob(m.data.desc, m.data.bytes));
    if (!tag.empty()) FORGE_TRY(layout.tag(m.data.desc, tag));
    return m.data.desc;
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
    if (const auto *l = std::get_if<oci::layout_reference>(&to); l && l->digest)
        return make_error(status::invalid, "copy destination " + l->str() + " cannot name a digest");
    if (const auto *src = std::get_if<reference>(&from)) {
        if (const auto *l = std::get_if<oci::layout_reference>(&to)) {
            // Registry to layout streams to disk without holding the image in memory.
            FORGE_TRY_ASSIGN(auto source, clients(src->registry));
            FORGE_TRY_ASSIGN(auto layout, oci::image_layout::create(l->dir));
            return pull_to_layout(*source, src->repository, src->ref(), layout, l->tag.value_or(""));
        }
    }
    if (const auto *src = std::get_if<oci::layout_reference>(&from)) {
        if (const auto *r = std::get_if<reference>(&to)) {
            // Layout to registry streams each blob from its file.
            FORGE_TRY_ASSIGN(auto layout, oci::image_layout::open(src->dir));
            FORGE_TRY_ASSIGN(auto target, clients(r->registry));
            std::vector<std::string> tags;
            if (r->tag) tags.push_back(*r->tag);
            FORGE_TRY_ASSIGN(auto pushed, push_layout_image(*target, r->repository, layout, src->ref(), tags));
            return pushed.manifest;
        }
    }
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
    FORGE_TRY_ASSIGN(auto layout, oci::image_layout::create(l.dir));
    return layout.write_image(img, l.tag.value_or(""));
}

}  // namespace forge::registry
