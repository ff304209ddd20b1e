// OCI image-layout directories (image-spec image-layout.md): `oci-layout`, `index.json` and
// `blobs/sha256/<hex>`.
//
// Writes are atomic (files::write_atomically): a blob is visible under its digest only when it is
// complete, and concurrent writers of the same blob are harmless because the content is the same.
// index.json is changed under an exclusive flock on `<dir>/index.json.lock`, so concurrent taggers
// in threads or processes never lose each other's updates. Every blob read is checked against its
// digest and size; a mismatch is status::integrity and returns nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "oci/image.hpp"
#include "oci/types.hpp"

namespace forge::oci {

// "oci:DIR:tag", "oci:DIR@sha256:<hex>" or "oci:DIR" (the layout's only image). As in skopeo,
// DIR ends at the first ':' (so it cannot contain one); "@alg:hex" after the last '@' is a digest.
struct layout_reference {
    std::filesystem::path dir;
    std::optional<std::string> tag;
    std::optional<oci::digest> digest;

    // The part after DIR as image_layout::resolve takes it ("", a tag or a digest).
    std::string ref() const;
    std::string str() const;
};
result<layout_reference> parse_layout_reference(std::string_view text);

// Tags as registries accept them: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool is_valid_tag(std::string_view tag);

struct layout_limits {
    std::uint64_t max_manifest_bytes = 4u << 20;  // as registries limit manifests
    std::uint64_t max_index_bytes = 16u << 20;
    std::uint64_t max_blob_bytes = std::uint64_t(4) << 30;
};

class image_layout {
  public:
    // Opens an existing layout: `oci-layout` must say imageLayoutVersion 1.0.0.
    static result<image_layout> open(std::filesystem::path dir, layout_limits limits = {});
    // Opens the layout at dir, creating the directory, `oci-layout`, `blobs/sha256` and an empty
    // `index.json` as needed.
    static result<image_layout> create(std::filesystem::path dir, layout_limits limits = {});

    const std::filesystem::path &dir() const noexcept { return dir_; }
    std::filesystem::path blob_path(const digest &d) const;

    bool has_blob(const digest &d) const;
    // Stores bytes under their digest (after checking they match the descriptor).
    status_result put_blob(const descriptor &d, std::string_view bytes);
    // The blob's bytes, verified against the descriptor's digest and size.
    result<std::string> read_blob(const descriptor &d) const;
    // The blob's bytes, verified against the digest, at most max_bytes.
    result<std::string> read_blob(const digest &d, std::uint64_t max_bytes) const;

    // index.json as it is now.
    result<image_index> index() const;
    // Points tag at the manifest (which must already be stored), replacing an earlier entry for
    // that tag. Atomic and safe under concurrent writers.
    status_result tag(const descriptor &manifest, std::string_view tag);
    // Removes the tag's entry; status::not_found if absent.
    status_result untag(std::string_view tag);
    // Tags in index.json, sorted.
    result<std::vector<std::string>> tags() const;
    // A tag, a digest ("sha256:..."), or "" for the only manifest of the layout.
    result<descriptor> resolve(std::string_view ref) const;

    // Stores every blob, then the manifest, then tags it (when tag is not empty). Verifies the
    // image first: nothing is written for an inconsistent image.
    result<descriptor> write_image(const image &img, std::string_view tag);
    // The manifest and every blob it names, all verified.
    result<image> read_image(std::string_view ref) const;

  private:
    image_layout(std::filesystem::path dir, layout_limits limits) : dir_(std::move(dir)), limits_(limits) {}
    result<image_index> read_index_unlocked() const;
    status_result write_index_unlocked(const image_index &index);

    std::filesystem::path dir_;
    layout_limits limits_;
};

// Copies the image at ref of one layout to another under tag (verifying every blob on the way).
result<descriptor> copy_image(const image_layout &from, std::string_view ref, image_layout &to, std::string_view tag);

}  // namespace forge::oci
